"""The CLI's side of ``ui/local.py``: find a running server on this data folder and run a command there.

This module imports only the standard library: a command sent to a warm server should start as
fast as Python does.
"""

from __future__ import annotations

import base64
import json
import os
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from index.holder import SERVER, alive, read_note

STARTING_WAIT_S = 60.0  # a server still ingesting its --ingest folders before it listens
# Commands a CLI sends to a server on its data folder. The others run where they are typed: serve,
# chat (it reads a terminal), feedback and bench (each opens a data folder of its own).
FORWARDED = frozenset({"ingest", "ask", "search", "docs", "delete", "brief", "quotes", "timeline", "find",
                       "entities", "entity", "screen"})
# Eval's commands go too, unless they ingest into a fresh data folder of their own (--ingest).
EVALUATING = frozenset({"eval", "calibrate", "eval-brief", "fit-reader", "fit-ranker", "reader-cv"})
# Options naming a file or folder, made absolute where the command is typed; and the outputs a
# command writes by default, relative to where it is typed.
_PATH_OPTIONS = ("--out", "--gold", "--hold-out", "--baseline", "--topics", "--export")
_DEFAULT_OUT = {"eval": "runs/latest", "fit-reader": "assistant/reader_model.json",
                "fit-ranker": "assistant/reader_model.json", "reader-cv": "runs/reader-cv"}


def forwarded(argv: list[str]) -> bool:
    """Whether ``pressroom ARGV`` runs in a server on its data folder.

    >>> forwarded(["ask", "x"]), forwarded(["eval", "--gold", "g"]), forwarded(["eval", "--ingest", "d"])
    (True, True, False)
    """
    if not argv:
        return False
    if argv[0] in EVALUATING:
        return not any(a == "--ingest" or a.startswith("--ingest=") for a in argv)
    return argv[0] in FORWARDED


def find_server(home: Path) -> dict | None:
    """The advert of a live ``pressroom serve`` on ``home``, or None."""
    advert = read_note(home, SERVER)
    if not advert or not advert.get("url") or not advert.get("key"):
        return None
    return advert


def _ready(advert: dict) -> bool:
    try:
        with urllib.request.urlopen(_request(advert, "/api/local/ping"), timeout=5) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _request(advert: dict, path: str, body: bytes | None = None) -> urllib.request.Request:
    headers = {"x-pressroom-local": advert["key"], "content-type": "application/json"}
    if advert.get("token"):
        headers["authorization"] = f"Bearer {advert['token']}"
    return urllib.request.Request(advert["url"] + path, data=body, headers=headers, method="POST" if body else "GET")


def run_remote(advert: dict, argv: list[str]) -> int:
    """Run ``pressroom ARGV`` in the server of ``advert``; print what it prints; its exit status."""
    deadline = time.monotonic() + STARTING_WAIT_S
    told = False
    while not _ready(advert):
        if time.monotonic() > deadline or not alive(int(advert["pid"])):
            print(
                f"pressroom: error: the index is held by pressroom serve (process {advert['pid']}) at "
                f"{advert['url']}, which does not answer; stop it, or wait until it has started",
                file=sys.stderr,
            )
            return 2
        if not told:
            print(f"waiting for the server at {advert['url']} to start…", file=sys.stderr, flush=True)
            told = True
        time.sleep(0.5)
    env = {k: v for k, v in os.environ.items() if k.startswith("PRESSROOM_")}
    body = json.dumps({"argv": _absolute(argv), "env": env, "tty": sys.stdout.isatty()}).encode()
    try:
        with urllib.request.urlopen(_request(advert, "/api/local/run", body), timeout=None) as response:
            for line in response:
                item = json.loads(line)
                if "exit" in item:
                    return int(item["exit"])
                for name, stream in (("out", sys.stdout), ("err", sys.stderr)):
                    if name in item:
                        stream.write(item[name])
                        stream.flush()
                    if name + "_b64" in item:
                        stream.flush()
                        stream.buffer.write(base64.b64decode(item[name + "_b64"]))
                        stream.buffer.flush()
    except BrokenPipeError:  # the reader of our output left (`| head`): stop quietly, as Python advises
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode(errors="replace")[:300]
        print(f"pressroom: error: the server at {advert['url']} refused the command ({exc.code}): {detail}",
              file=sys.stderr)
        return 2
    except (urllib.error.URLError, OSError, ValueError) as exc:
        print(f"pressroom: error: lost the server at {advert['url']}: {exc}", file=sys.stderr)
        return 2
    print(f"pressroom: error: the server at {advert['url']} ended the command without an exit status",
          file=sys.stderr)
    return 2


def _absolute(argv: list[str]) -> list[str]:
    """Paths as the server must read them: relative ones made absolute from this directory
    (``ingest``'s files and folders, ``screen``'s list of names, the files and folders of ``--out``,
    ``--gold``, ``--hold-out``, ``--baseline``, ``--topics`` and ``--export``, and the default output of eval,
    fit-reader, fit-ranker and reader-cv).

    >>> _absolute(["eval", "--gold=/g.jsonl", "--out", "/o"])
    ['eval', '--gold=/g.jsonl', '--out', '/o']
    """
    out = []
    after_path = False
    for i, arg in enumerate(argv):
        positional = argv[0] in ("ingest", "screen") and i > 0 and not arg.startswith("-")
        if after_path or (positional and os.path.exists(arg)):
            arg = os.path.abspath(arg)
        elif arg.startswith(tuple(f"{option}=" for option in _PATH_OPTIONS)):
            option, _, value = arg.partition("=")
            arg = f"{option}={os.path.abspath(value)}"
        after_path = arg in _PATH_OPTIONS
        out.append(arg)
    default = _DEFAULT_OUT.get(argv[0]) if argv else None
    if default and not any(a == "--out" or a.startswith("--out=") for a in argv):
        out += ["--out", os.path.abspath(default)]
    return out
