"""The text checker's small linear model (issue 22): features and scoring. NOT wired in.

``tools/train_checker.py`` trains it; five-fold cross-validation by page found no threshold at
which the patterns OR the model gain recall at precision 0.90 (see the script), so
:func:`microneedle_care.check.check_text` does not use it. This module is what the checker
would import if it did: it needs only the standard library.

Issue 22: hand-written patterns catch the wordings they were written from and miss new ones.
The model reads a sentence as a bag of its words (folded as the patterns fold them, see
:func:`~microneedle_care._patterns._plain`), their pairs (bigrams) and a crude stem of each
word, and gives each myth a score: the myth's bias plus the weights of the features the
sentence has. A sentence whose score passes the threshold states the myth, unless the
patterns already said so. The weights are data, written by ``tools/train_checker.py`` from
the development pages only; the threshold is the one the script chose by five-fold
cross-validation by page (``null``: none gained recall, the model flags nothing).

Only a sentence with one of the model's cue words (a word whose own features weigh enough
for some myth) is scored, so that most sentences cost one set test.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Model", "features", "parse_model", "stem"]

# Endings cut off a word for its stem feature, longest first: "purging", "purges" and
# "purge" share "purg"; "immediately" and "immediate" share "immediat".
_ENDINGS = (
    "ations",
    "ation",
    "ement",
    "ments",
    "ment",
    "ings",
    "ing",
    "ely",
    "ies",
    "ly",
    "ed",
    "es",
    "er",
    "s",
    "e",
)


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Return *word* without its longest common ending, keeping at least four letters."""
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def features(words: Sequence[str]) -> list[tuple[str, int, int]]:
    """Return the features of a sentence's folded *words*, each with the words it spans.

    A feature is a word (``"purging"``), its stem (``"~purg"``) or two words in a row
    (``"a sign"``); the span is the index of its first word and of the word after its last.
    """
    out = [(w, i, i + 1) for i, w in enumerate(words)]
    out += [("~" + stem(w), i, i + 1) for i, w in enumerate(words)]
    out += [(f"{a} {b}", i, i + 2) for i, (a, b) in enumerate(itertools.pairwise(words))]
    return out


@dataclass(frozen=True)
class Model:
    """The weights the script writes, ready to score sentences.

    Attributes:
        myths: The ids of the myths scored, in the order of each weight vector.
        bias: Each myth's bias.
        weights: Each feature's weight for each myth.
        threshold: The score a sentence must pass to state a myth.
        cues: The words one of which a sentence must have to be scored at all.
    """

    myths: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]
    threshold: float
    cues: frozenset[str]

    def raw(self, words: Sequence[str]) -> list[float] | None:
        """Return each myth's score, or ``None`` for a sentence with no cue word."""
        if self.cues.isdisjoint(words):
            return None
        hits = [w for f, _, _ in features(words) if (w := self.weights.get(f)) is not None]
        return [self.bias[k] + sum(w[k] for w in hits) for k in range(len(self.myths))]

    def scores(self, words: Sequence[str]) -> list[tuple[str, float, list[tuple[float, int, int]]]]:
        """Return (myth, score, evidence) for each myth whose score passes the threshold.

        The evidence is the features with a positive weight for that myth, as (weight, first
        word, word after the last), largest first. A sentence with no cue word scores
        nothing.
        """
        if self.cues.isdisjoint(words):
            return []
        found = [(self.weights.get(f), b, e) for f, b, e in features(words)]
        hits = [(w, b, e) for w, b, e in found if w is not None]
        out = []
        for k, myth in enumerate(self.myths):
            score = self.bias[k] + sum(w[k] for w, _, _ in hits)
            if score > self.threshold:
                evidence = sorted(((w[k], b, e) for w, b, e in hits if w[k] > 0), reverse=True)
                out.append((myth, score, evidence))
        return out


def parse_model(raw: object) -> Model:
    """Check and read the model's data.

    Raises:
        ValueError: If a part is missing or of the wrong kind.
    """
    if not isinstance(raw, dict) or raw.get("version") != 1:
        raise ValueError("checker_model.json: expected an object with version 1")
    myths, bias, weights = raw.get("myths"), raw.get("bias"), raw.get("weights")
    threshold, cues = raw.get("threshold"), raw.get("cues")
    if not isinstance(myths, list) or not all(isinstance(m, str) for m in myths):
        raise ValueError("checker_model.json: myths must be a list of ids")
    n = len(myths)

    def vector(value: object) -> bool:
        return (
            isinstance(value, list)
            and len(value) == n
            and all(isinstance(x, (int, float)) for x in value)
        )

    if not vector(bias):
        raise ValueError("checker_model.json: bias must give a number for each myth")
    if not isinstance(weights, dict) or not all(vector(v) for v in weights.values()):
        raise ValueError("checker_model.json: weights must give a number for each myth")
    if threshold is not None and not isinstance(threshold, (int, float)):
        raise ValueError("checker_model.json: threshold must be a number or null")
    if not isinstance(cues, list) or not all(isinstance(c, str) for c in cues):
        raise ValueError("checker_model.json: cues must be a list of words")
    assert isinstance(bias, list)
    return Model(
        myths=tuple(myths),
        bias=tuple(float(b) for b in bias),
        weights={str(f): tuple(float(x) for x in v) for f, v in weights.items()},
        threshold=math.inf if threshold is None else float(threshold),
        cues=frozenset(cues),
    )
