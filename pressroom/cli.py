"""The ``pressroom`` command: ui's commands and eval's joined, the settings checked before any of them runs."""

from __future__ import annotations

import os
from typing import Any

import typer
from typer.core import TyperGroup

from assistant.console import settings
from eval.cli import app as eval_commands
from ui.cli import app as ui_commands
from ui.settings import ENVIRONMENT


class _Checked(TyperGroup):
    """Every command starts here: a bad ``PRESSROOM_*`` value stops it with one line naming the
    variable and its valid values, before anything is loaded (asking for a command's --help works)."""

    def invoke(self, ctx: Any) -> Any:  # a click Context, of the click typer carries inside
        if "--help" not in ctx.args:
            settings()
        return super().invoke(ctx)


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
