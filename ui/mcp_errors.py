"""Tool arguments that do not fit a tool's schema, said on one line (``ui/mcp_server.py``).

The SDK checks a tool call's arguments against the tool's pydantic model before the tool runs and
answers a mismatch with pydantic's own report: several lines, the model's name, a link to pydantic's
documentation. ``one_line`` says the same as ``search: 'limit' should be greater than or equal to 1
(got 0)``: the tool, each argument's path joined with dots, pydantic's reason and the value given,
shortened; several mistakes are joined with "; ".
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

SHOWN = 60  # characters of a given value the message quotes
MOST = 5  # mistakes named one by one; past them, how many more


def one_line(tool: str, error: ValidationError) -> str:
    """``error`` (the tool's arguments against its schema) as one line that names ``tool``."""
    mistakes = error.errors(include_url=False)
    said = [_mistake(m) for m in mistakes[:MOST]]
    if len(mistakes) > MOST:
        said.append(f"and {len(mistakes) - MOST} more")
    return f"{tool}: " + "; ".join(said)


def _mistake(mistake: Any) -> str:
    path = ".".join(str(part) for part in mistake.get("loc", ()))
    kind, msg = mistake.get("type", ""), _flat(str(mistake.get("msg", "")))
    if not path:  # the arguments as a whole
        return f"the arguments: {msg} (got {_shown(mistake.get('input'))})"
    if kind == "missing":
        return f"the argument '{path}' is required"
    if kind == "extra_forbidden":
        parent, _, last = path.rpartition(".")
        return f"'{parent}' has no field '{last}'" if parent else f"there is no argument '{last}'"
    if kind in ("model_type", "dict_type"):  # "a valid dictionary or instance of Filters": JSON says object
        msg = "Input should be an object"
    msg = msg.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    rest = msg.partition(" ")[2]  # "Input should be ...", "String should have ...": say which argument
    reason = f"'{path}' {rest}" if rest.startswith("should ") else f"'{path}': {msg}"
    return f"{reason} (got {_shown(mistake.get('input'))})"


def _shown(value: Any) -> str:
    """``value`` as Python writes it (quotes, escapes: one line), cut to about ``SHOWN`` characters."""
    written = repr(value)
    return written if len(written) <= SHOWN else written[: SHOWN - 3] + "..."


def _flat(text: str) -> str:
    return " ".join(text.split())
