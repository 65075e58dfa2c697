"""The two encoders' question-sentence cosines side by side, for ``assistant.sentence_spans``' scale.

For the questions of a gold set in one language (English by default), every sentence the reader reads
in that same language: MiniLM's cosine (the one stored at ingest) and the multilingual encoder's. The
means and standard deviations printed are what ``MINILM_SCALE`` and ``MULTILINGUAL_SCALE`` hold::

    PRESSROOM_HOME=<reader corpus> python -m eval.cosine_scale --gold eval/reader/dev.jsonl
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from assistant.config import PressroomSettings
from assistant.facade import open_pressroom
from index.multilingual import shared
from ingest.metadata import question_language


def cosine_pairs(gold: Path, lang: str = "en") -> tuple[np.ndarray, int]:
    """(MiniLM cosine, multilingual cosine) of each same-language sentence read, and the questions read."""
    encoder, pairs, questions = shared(), [], 0
    with open_pressroom(PressroomSettings.from_env()) as room:
        assistant = room.assistant
        for line in gold.read_text(encoding="utf-8").splitlines():
            question = json.loads(line)["question"]
            if question_language(question) != lang:
                continue
            questions += 1
            nodes, reading = assistant.passages(lang).read(question, assistant.reader_model, decide=False)
            texts, minilm = [], []
            for node, row in zip(nodes, reading.sentences, strict=True):
                if node.node.metadata["lang"] == lang:
                    content = node.node.get_content()
                    texts += [content[s.candidate.start : s.candidate.end] for s in row]
                    minilm += [s.candidate.cosine for s in row]
            if texts:
                across = encoder.embed(texts) @ encoder.embed_question(question)
                pairs += list(zip(minilm, across.tolist(), strict=True))
    return np.array(pairs).reshape(-1, 2), questions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gold", type=Path, required=True)
    parser.add_argument("--lang", default="en")
    args = parser.parse_args()
    pairs, questions = cosine_pairs(args.gold, args.lang)
    mean, std = pairs.mean(axis=0), pairs.std(axis=0)
    print(f"{len(pairs)} sentences of {questions} questions; correlation {np.corrcoef(pairs.T)[0, 1]:.2f}")
    print(f"MINILM_SCALE = ({mean[0]:.4f}, {std[0]:.4f})")
    print(f"MULTILINGUAL_SCALE = ({mean[1]:.4f}, {std[1]:.4f})")


if __name__ == "__main__":
    main()
