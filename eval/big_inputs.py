"""Huge and hostile inputs, and the memory a process takes to load them (the benchmark's figure).

``tests/test_bad_input_more.py`` checks what comes of each (refused with a reason, or read);
``pressroom bench`` reports how much memory and time loading each took: measures live there,
not in tests.
"""

from __future__ import annotations

import gzip
import json
import os
import struct
import subprocess
import sys
import textwrap
import zipfile
import zlib
from pathlib import Path

MB = 2**20
ROOT = Path(__file__).resolve().parent.parent


def zip_bomb_docx(path: Path, unpacked_mb: int = 256, forged: str = "") -> None:
    """A real DOCX whose document.xml inflates to ``unpacked_mb`` (150:1 at level 1).

    ``forged`` ("size", "size and checksum") makes its directory entry claim 4 KB, as a bomb
    that lies would, with the checksum of those 4 KB or the true one.
    """
    import docx

    small = path.with_name("small.docx")
    document = docx.Document()
    document.add_paragraph("A paragraph.")
    document.save(str(small))
    paragraph = b"<w:p><w:r><w:t>a</w:t></w:r></w:p>"
    chunk = paragraph * (MB // len(paragraph))
    with zipfile.ZipFile(small) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename != "word/document.xml":
                out.writestr(info.filename, data)
                continue
            head, _, _ = data.partition(b"<w:body>")
            with out.open(info.filename, "w") as part:
                part.write(head + b"<w:body>")
                for _ in range(unpacked_mb):
                    part.write(chunk)
                part.write(b"<w:sectPr/></w:body></w:document>")
    small.unlink()
    if forged:
        forge(path, path, checksum="checksum" in forged)


def forge(bomb: Path, out: Path, checksum: bool) -> None:
    """Write ``bomb`` to ``out`` with its document.xml declared 4 KB long (and that prefix's CRC)."""
    with zipfile.ZipFile(bomb) as archive, archive.open("word/document.xml") as part:
        prefix = part.read(4096)
    data = bytearray(bomb.read_bytes())
    entry = data.rfind(b"word/document.xml") - 46  # its central directory header
    assert data[entry : entry + 4] == b"PK\x01\x02"
    struct.pack_into("<I", data, entry + 24, len(prefix))  # the uncompressed size
    if checksum:
        struct.pack_into("<I", data, entry + 16, zlib.crc32(prefix))
    out.write_bytes(bytes(data))


def text_file(path: Path, megabytes: float, unit: str = "The ministers discussed the budget for fisheries.\n") -> None:
    """A text file of ``megabytes``, written a megabyte at a time."""
    block = (unit * (MB // len(unit) + 1))[:MB]
    with path.open("w") as handle:
        for _ in range(int(megabytes)):
            handle.write(block)
        handle.write(block[: int((megabytes % 1) * MB)])


def docx_file(path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("The ministers met in Brussels.")
    document.save(str(path))


def gzip_bomb_feed(path: Path, unpacked_mb: int = 256) -> None:
    """A gzip feed of one good record, then a line that inflates to ``unpacked_mb`` with no end."""
    with gzip.open(path, "wb", compresslevel=1) as handle:
        handle.write(json.dumps({"id": "gz1", "text": "The Council met on fisheries."}).encode() + b"\n")
        handle.write(b'{"id": "gz2", "text": "')
        block = b"a" * MB
        for _ in range(unpacked_mb):
            handle.write(block)


CHILD = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    from ingest.pipeline import load_paths
    from ingest.records import Document

    def peak_mb():
        status = Path("/proc/self/status").read_text()
        return int(status.split("VmHWM:")[1].split()[0]) / 1024

    folder = Path(sys.argv[1])
    list(load_paths([folder / "warm.txt", folder / "warm.docx"]))  # parsers, spaCy and lingua loaded
    out = {"baseline": peak_mb()}
    for name in sys.argv[2:]:
        start = time.monotonic()
        items = list(load_paths([folder / name]))
        out[name] = {
            "peak": peak_mb(),
            "seconds": round(time.monotonic() - start, 2),
            "items": [[type(i).__name__, getattr(i, "reason", "") or len(i.passages)] for i in items],
        }
    print(json.dumps(out))
    """
)


def write_huge_inputs(folder: Path) -> list[str]:
    """The inputs (and two small warm-up files) under ``folder``; returns their names, warm-ups left out.

    What must be refused unread: a 100 MB text file, a DOCX unpacking to 1 GB (true, and lying
    about its size twice), a gzip feed whose second line unpacks to 512 MB. What must be read: a
    10 MB text of one line, about ten thousand passages.
    """
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "warm.txt").write_text("The ministers met in Brussels. They agreed on the budget.\n")
    docx_file(folder / "warm.docx")
    text_file(folder / "huge.txt", 100)
    zip_bomb_docx(folder / "bomb.docx", unpacked_mb=1024)
    forge(folder / "bomb.docx", folder / "liar.docx", checksum=False)
    forge(folder / "bomb.docx", folder / "forger.docx", checksum=True)
    gzip_bomb_feed(folder / "bomb.jsonl.gz", unpacked_mb=512)
    text_file(folder / "line.txt", 10, unit="ministers discussed the budget and agreed on fisheries quotas ")
    return ["huge.txt", "bomb.docx", "liar.docx", "forger.docx", "bomb.jsonl.gz", "line.txt"]


def load_in_a_child(folder: Path, names: list[str], timeout_s: float = 600) -> dict:
    """Load each input in turn in a fresh process at the default settings.

    Returns ``baseline`` (peak memory, MB, after the parsers are loaded) and for each name its
    items (kind, then the reason or the passage count), the peak (VmHWM, MB) and seconds.
    """
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    env.pop("PRESSROOM_MAX_FILE_MB", None)
    done = subprocess.run([sys.executable, "-c", CHILD, str(folder), *names], capture_output=True, text=True,
                          timeout=timeout_s, env=env, cwd=ROOT, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"loading the huge inputs failed: {done.stderr[-3000:]}")
    return json.loads(done.stdout.splitlines()[-1])


def input_memory(folder: Path) -> dict:
    """The benchmark's figure: memory (MB above the loaded parsers) and seconds each huge input took."""
    out = load_in_a_child(folder, write_huge_inputs(folder))
    base = out.pop("baseline")
    return {name: {"peak_mb_over_baseline": round(row["peak"] - base, 1), "seconds": row["seconds"]}
            for name, row in out.items()} | {"baseline_mb": round(base, 1)}
