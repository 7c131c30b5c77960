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
    counts = Counter(hay)
    return in_order(words[:5], hay) and all(counts[w] >= n for w, n in Counter(words).items())
