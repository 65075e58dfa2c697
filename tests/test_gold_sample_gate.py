"""The project's own gold set on the sample corpus: a regression gate with recorded floors."""

from __future__ import annotations

import json

import pytest

from assistant.assistant import Assistant
from eval.gold import load_gold
from eval.runner import evaluate, summarise
from tests.conftest import ROOT

FLOORS = json.loads((ROOT / "eval" / "floors.json").read_text())

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def overall(assistant: Assistant) -> dict:
    return summarise(evaluate(assistant, load_gold(ROOT / "eval" / "gold-sample.jsonl")))["overall"]


@pytest.mark.parametrize(("metric", "floor"), sorted(FLOORS["min"].items()))
def test_metric_stays_above_its_floor(overall: dict, metric: str, floor: float) -> None:
    assert overall[metric] >= floor, f"{metric} {overall[metric]} fell below its floor {floor}"


@pytest.mark.parametrize(("metric", "ceiling"), sorted(FLOORS["max"].items()))
def test_metric_stays_below_its_ceiling(overall: dict, metric: str, ceiling: float) -> None:
    assert overall[metric] <= ceiling, f"{metric} {overall[metric]} rose above {ceiling}"
