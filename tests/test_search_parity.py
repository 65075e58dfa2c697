"""One ranking for every search: ``pressroom search --json`` and ``GET /api/search`` list the same
passages in the same order for the same query and filters."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from index.embedding import Embedder
from pressroom.cli import app
from tests.conftest import SAMPLE, start_server

pytestmark = [pytest.mark.slow, pytest.mark.integration]

QUERIES = [
    ("European Ports Alliance", {}),
    ("drug trafficking", {}),
    ("artificial intelligence law enforcement", {}),
    ("press conference", {}),
    ("Schengen", {}),
    ("migration and asylum pact", {}),
    ("instrumentalised migration Finland", {}),
    ("Entry Exit System", {}),
    ("organised crime", {"limit": 3}),
    ("Egmont Palace", {}),
    ("Ukraine temporary protection", {}),
    ("georganiseerde misdaad", {}),
    ("Europol", {"limit": 5}),
    ("Rantanen", {}),
    ("Verlinden", {}),
    ("customs community", {}),
    ("high-level group access to data", {}),
    ("Council recommendation", {"lang": "en"}),
    ("ports", {"date_from": "2024-01-01", "date_to": "2024-02-28"}),
    ("return of migrants", {"limit": 4}),
]


def test_cli_and_api_search_rank_alike(embedder: Embedder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    server = start_server(embedder, home, [SAMPLE])
    try:
        api = [
            [h["source_id"] + "#" + h["passage_id"] for h in httpx.get(
                f"{server.url}/api/search", params={"q": q, **params}, timeout=60).json()]
            for q, params in QUERIES
        ]
    finally:
        server.stop()  # the CLI opens the same index once the server has let go of it
    monkeypatch.setenv("PRESSROOM_HOME", str(home))
    runner = CliRunner()
    for (q, params), expected in zip(QUERIES, api, strict=True):
        flags = {"date_from": "from", "date_to": "to"}
        options = [f"--{flags.get(k, k)}={v}" for k, v in params.items()]
        result = runner.invoke(app, ["search", q, "--json", *options])
        assert result.exit_code == 0, result.output
        found = [h["source_id"] + "#" + h["passage_id"] for h in json.loads(result.stdout)]
        assert found == expected, q
        assert expected, q
