"""A briefing written to a file or to standard output; a failed write is said in one line, never a
traceback (the path is checked before the work: ``assistant.console.check_out``)."""

from __future__ import annotations

import sys
from pathlib import Path

from assistant.console import fail


def write_briefing(briefing, fmt: str, out: Path | None) -> None:  # noqa: ANN001 - a Briefing
    """The briefing as Markdown, HTML or a Word file, to ``out`` or to standard output."""
    from assistant.briefing import to_html, to_markdown

    try:
        if fmt == "docx":
            _write_docx(briefing, out)
            return
        text = to_markdown(briefing) if fmt == "md" else to_html(briefing)
        if out is None:
            print(text, end="")
            return
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(f"cannot write {str(out)!r}: {exc.strerror or exc}")
    print(f"wrote {out}")


def _write_docx(briefing, out: Path | None) -> None:  # noqa: ANN001 - a Briefing
    """The Word file to ``out``, or to standard output (not a terminal: checked before the work)."""
    import tempfile

    from assistant.briefing import write_docx

    if out is not None:
        write_docx(briefing, out)
        print(f"wrote {out}")
        return
    with tempfile.TemporaryDirectory(prefix="pressroom-brief-") as folder:
        data = write_docx(briefing, Path(folder) / "brief.docx").read_bytes()
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
