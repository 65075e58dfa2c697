"""Asked for one figure, the answer gives the figure of one release: the same count in another
year's release is another answer (session 50: the Swiss METAS annual reports, nsb-88750-fr and
its successor, each gave "près d'un million" and "950 000" meters)."""

from __future__ import annotations

from pathlib import Path

from index.embedding import Embedder
from tests.conftest import feed_assistant


def report(year: int, meters: str, instruments: str) -> dict:
    return {
        "id": f"metrology-{year}",
        "lang": "en",
        "date": f"{year + 1}-05-10",
        "title": f"Weighbridges under scrutiny: legal metrology checks in {year}",
        "text": f"Last year, some {instruments} measuring instruments were checked and verified under the "
        f"law on metrology. {meters} electricity meters were subject to statistical checks. "
        "Further information is given in the annual report on the enforcement of the law on metrology.\n"
        "Quantities declared in trade must be correct. Consumers must be able to rely on measurements "
        "made for health, public safety and the environment.",
    }


def test_a_figure_asked_for_is_quoted_from_one_release(embedder: Embedder, tmp_path: Path) -> None:
    releases = [report(2021, "Nearly one million", "155,000"), report(2022, "Some 950,000", "160,000")]
    assistant = feed_assistant(embedder, tmp_path, releases, "one_figure_")
    answer = assistant.ask("How many electricity meters were subject to statistical checks?")
    assert not answer.abstained
    assert "electricity meters were subject to statistical checks" in answer.answer
    assert len({c.source_id for c in answer.citations}) == 1
