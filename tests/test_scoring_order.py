"""The reader's lexical features do not depend on the process's hash seed (set order)."""

from __future__ import annotations

import os
import subprocess
import sys

SNIPPET = (
    "from assistant.scoring import coverer, term_weights\n"
    "query = ['alpha', 'beta', 'gamma', 'delta']\n"
    "weights = {'alpha': 0.1, 'beta': 0.2, 'gamma': 0.3, 'delta': 0.7}\n"
    "print(repr(coverer(query, weights)({'alpha', 'beta', 'gamma'})))\n"
    "print(repr(sum(term_weights(query, [{'alpha'}, {'beta', 'gamma'}, {'delta'}]).values())))\n"
)


def test_lexical_coverage_is_the_same_whatever_the_hash_seed() -> None:
    # A sum of floats taken in a set's order changes in its last bits from one process to the next
    # (PYTHONHASHSEED); models refitted on such features answered a dozen dev questions differently.
    outputs = set()
    for seed in range(8):
        env = {**os.environ, "PYTHONHASHSEED": str(seed)}
        done = subprocess.run([sys.executable, "-c", SNIPPET], env=env, capture_output=True, text=True, check=True)
        outputs.add(done.stdout)
    assert len(outputs) == 1, outputs
