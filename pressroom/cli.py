"""The ``pressroom`` command: ui's commands and eval's joined, the settings checked before any of them runs."""

from __future__ import annotations

import os
from typing import Any

import typer
from typer.core import TyperGroup

from assistant.console import SERVED, fail, settings
from eval.cli import app as eval_commands
from ingest.cleaning import LONE_SURROGATE
from ui.cli import app as ui_commands
from ui.remote import find_server, forwarded, run_remote
from ui.settings import ENVIRONMENT


class _Checked(TyperGroup):
    """Every command starts here: a bad ``PRESSROOM_*`` value stops it with one line naming the
    variable and its valid values, before anything is loaded (asking for a command's --help works).
    Then, where ``pressroom serve`` holds this data folder's index, the command runs there
    (``ui/remote.py``), warm; otherwise here."""

    def invoke(self, ctx: Any) -> Any:  # a click Context, of the click typer carries inside
        if "--help" not in ctx.args:
            chosen = settings()
            argv = [*getattr(ctx, "_protected_args", []), *ctx.args]
            _check_text(argv)
            if forwarded(argv) and SERVED.get() is None and not chosen.index.qdrant_location:
                advert = find_server(chosen.index.home)
                if advert is not None:
                    raise typer.Exit(run_remote(advert, argv))
        return super().invoke(ctx)


def _check_text(argv: list[str]) -> None:
    """Stop with one line on an argument holding bytes that are not UTF-8 (a question typed in a
    terminal of another encoding), unless it names a file or folder that is there: paths may hold
    any bytes."""
    for arg in argv:
        if LONE_SURROGATE.search(arg) and not os.path.exists(arg):
            shown = os.fsencode(arg).decode("utf-8", "backslashreplace")
            fail(f"'{shown}' is not valid UTF-8 text: check the terminal's encoding")


app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    cls=_Checked,
    help="Pressroom: search and question answering over press releases, with verbatim citations.\n\n"
    + "Environment: "
    + "; ".join(f"{k}: {v}" for k, v in ENVIRONMENT.items()),
)
app.add_typer(ui_commands)
app.add_typer(eval_commands)


def main() -> None:
    """Run the CLI; domain errors print as messages (see ``assistant.console.fail``), not tracebacks."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    app(prog_name="pressroom")


if __name__ == "__main__":
    main()
