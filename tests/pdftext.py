"""Reading PDF text in tests: two columns and page breaks interleave lines."""

from __future__ import annotations

import re
from collections import Counter


def words_of(text: str) -> list[str]:
    """Letters and digits only, word by word: PDF text varies in quotes and hyphens."""
    return [w for w in re.split(r"[\W_]+", text.casefold()) if w]


def in_order(needle: list[str], hay: list[str], gap: int = 40) -> bool:
    """Whether *needle*'s words occur in *hay* in order, each within *gap* words of the last.

    Two columns and page breaks interleave lines in PDF text, so a sentence may be cut by
    lines of the other column; its words still come in order, close together.
    """
    for start, word in enumerate(hay):
        if word != needle[0]:
            continue
        at, ok = start, True
        for want in needle[1:]:
            window = hay[at + 1 : at + 1 + gap]
            if want not in window:
                ok = False
                break
            at = at + 1 + window.index(want)
        if ok:
            return True
    return False


def has_text(needle: str, hay: list[str]) -> bool:
    """Whether the PDF words *hay* hold *needle*: its opening words in order, all its words.

    PDF text tools read two columns in varying orders, so a sentence's last line can come
    far from its first; its opening words still come together, and every word is there.
    """
    words = words_of(needle)
    hay = _split_compounds(needle, hay)
    counts = Counter(hay)
    return in_order(words[:5], hay) and all(counts[w] >= n for w, n in Counter(words).items())


def _split_compounds(needle: str, hay: list[str]) -> list[str]:
    """*hay* with *needle*'s hyphenated words split where a line break joined them.

    A compound such as "elles-mêmes" broken after its hyphen at the end of a line comes out
    of ``pdftotext`` as one word, "ellesmêmes".
    """
    joined = {
        "".join(parts): parts
        for compound in re.findall(r"\w+(?:-\w+)+", needle.casefold())
        if len(parts := words_of(compound)) > 1
    }
    if not joined:
        return hay
    return [part for word in hay for part in joined.get(word, [word])]


NEAR_EMPTY_COMPACT = 0.15
"""A compact sheet's last page holds at least this share of its fullest page's words."""
NEAR_EMPTY_FULL = 0.10
"""The same for a full sheet, whose third page is a short run of the last section."""


def assert_last_page_not_near_empty(words_per_page: list[int], share: float) -> None:
    """Fail if a sheet of several pages ends on a page of a few lines (issue 19).

    *words_per_page* counts every page's words, the page footer's too, so an empty page
    still counts a dozen.
    """
    if len(words_per_page) > 1:
        last, fullest = words_per_page[-1], max(words_per_page)
        assert last >= share * fullest, f"last page near-empty: {words_per_page}"
