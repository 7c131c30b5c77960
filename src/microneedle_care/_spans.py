"""Where the words of a folded sentence were written: the offsets of a finding's triggers.

A finding's words are found in the fold of its sentence (:class:`._patterns._Sentence`);
this module maps them back to the sentence as written, folding each written word on its own,
so a soft hyphen, a look-alike letter or a mask still points at the words as written.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from ._patterns import _CLAUSE_MARKS, _INVISIBLE, _Cues, _plain, _Sentence, _Span

# A word as the fold sees one: letters, digits and the marks and invisible characters the
# fold drops inside a word; "n't" is a word of its own (the fold reads it as "not").
_LETTER = r"(?:[^\W_]|[\u0300-\u036f]|" + _INVISIBLE.pattern + ")"
_RAW_WORD = re.compile(rf"n['\u2019]t\b|{_LETTER}+?(?=n['\u2019]t\b)|{_LETTER}+", re.IGNORECASE)


ASCII_WORD = re.compile(r"n't\b|[0-9a-z]+?(?=n't\b)|[0-9a-z]+")
_NOT_WORD = re.compile(r"n['\u2019]t", re.IGNORECASE)


def aligned(sentence: str, cues: _Cues) -> list[tuple[str, int, int]]:
    """Return the words of :attr:`_Sentence.folded` for *sentence*, with where each was written.

    Each written word is folded on its own (one written word may fold to several); a mask
    ("hyaluronic acid" read as "hyaluronic") spans the words it replaced. The caller checks
    that the words join to the sentence's fold (an odd Unicode sequence may not).
    """
    if sentence.isascii():  # the short cut of _plain: lower case, "n't" is "not"
        words = [
            ("not" if m.group(0) == "n't" else m.group(0), m.start(), m.end())
            for m in ASCII_WORD.finditer(sentence.lower())
        ]
        if cues.masks is None or cues.masks.search(" ".join(w for w, _, _ in words)) is None:
            return words
    words = []
    at = 0
    for piece in _CLAUSE_MARKS.split(sentence):
        begin = sentence.find(piece, at) if piece else at
        at = begin + len(piece)
        own: list[tuple[str, int, int]] = []
        for raw in _RAW_WORD.finditer(piece):
            text = raw.group(0)
            folded = "not" if _NOT_WORD.fullmatch(text) else _plain(text)
            own += [(w, begin + raw.start(), begin + raw.end()) for w in folded.split()]
        plain = " ".join(w for w, _, _ in own)
        if cues.masks is not None:
            masked = cues.masks.sub(lambda m: cues.replacements[m.group(0)], plain)
            if masked != plain:
                own = _remask(own, plain, cues)
        words += own
    return words


def _remask(
    words: list[tuple[str, int, int]], plain: str, cues: _Cues
) -> list[tuple[str, int, int]]:
    """Return *words* with each mask's words replaced by its replacement, spanning them."""
    assert cues.masks is not None
    starts, at = [], 0
    for word, _, _ in words:
        starts.append(at)
        at += len(word) + 1
    out: list[tuple[str, int, int]] = []
    done = 0
    for m in cues.masks.finditer(plain):
        first = bisect.bisect_left(starts, m.start())
        last = bisect.bisect_left(starts, m.end()) - 1
        out += words[done:first]
        out += [(w, words[first][1], words[last][2]) for w in cues.replacements[m.group(0)].split()]
        done = last + 1
    return out + words[done:]


def spans(
    read: _Sentence, sentence: str, cues: _Cues, hits: Iterable[tuple[int, int]]
) -> list[_Span]:
    """Map ranges of *read*'s fold back to *sentence*: where each hit was written.

    Each range becomes the offsets, in *sentence*, of the first and last word it covers
    (see :func:`aligned`). Computed only for a finding, so reading stays cheap.
    """
    hits = list(hits)
    if sentence.isascii():  # word for word, unless a mask joined words ("pop up")
        places = [m.span() for m in ASCII_WORD.finditer(sentence.lower())]
        if len(places) == read.folded.count(" ") + 1:
            return [
                (
                    places[read.folded.count(" ", 0, begin)][0],
                    places[read.folded.count(" ", 0, max(end - 1, begin))][1],
                )
                for begin, end in hits
            ]
    words = aligned(sentence, cues)
    if " ".join(w for w, _, _ in words) != read.folded:
        return [(0, len(sentence)) for _ in hits]  # a fold no word maps back to
    starts, at = [], 0
    for word, _, _ in words:
        starts.append(at)
        at += len(word) + 1
    out = []
    for begin, end in hits:
        first = max(bisect.bisect_right(starts, begin) - 1, 0)
        last = max(bisect.bisect_left(starts, end) - 1, first)
        out.append((words[first][1], words[last][2]))
    return out
