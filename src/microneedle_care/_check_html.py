"""Reading HTML for the text checker as a browser reads it, and finding source lines.

Private: :func:`microneedle_care.check.strip_html` and the ``check`` command use it.
"""

from __future__ import annotations

import bisect
import importlib
import re
from typing import Any

import attrs

from .errors import MissingDependencyError

_SKIP = frozenset(
    {"script", "style", "head", "title", "template", "noscript", "textarea", "iframe", "xmp"}
)
_BLOCK = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "dd", "details", "dialog", "div",
        "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
        "h4", "h5", "h6", "header", "hr", "html", "li", "main", "nav", "ol", "p", "pre",
        "section", "summary", "table", "td", "th", "tr", "ul", "caption", "option",
    }
)  # fmt: skip
# A start tag of these closes an open <p> first, so the parser looks through every open
# element: a page of 200,000 nested <div> takes minutes. Past this depth they are read as
# <span> (no page nests them so deep; the text stays, only the block break goes).
_P_CLOSING = re.compile(
    r"<(/?)(address|article|aside|blockquote|center|details|dialog|dir|div|dl|fieldset"
    r"|figcaption|figure|footer|header|hgroup|main|menu|nav|ol|section|summary|ul"
    r"|h[1-6]|pre|listing|form|table|search)(?=[\s/>])",
    re.IGNORECASE,
)
_DEPTH = 256
_WORD = re.compile(r"[A-Za-z0-9]+")


def _flatten(markup: str) -> str:
    depth = 0

    def tag(match: re.Match[str]) -> str:
        nonlocal depth
        if match.group(1):
            depth = max(depth - 1, 0)
            return match.group(0)
        depth += 1
        return match.group(0) if depth <= _DEPTH else "<span"

    return _P_CLOSING.sub(tag, markup)


@attrs.frozen
class _Lines:
    """Source line numbers for offsets in a text made from a source.

    *starts* are offsets in the text where a run of source text begins, *lines* the source
    line where each run begins, *newlines* the offsets of every newline in the text that is a
    newline of the source too. A lookup is two binary searches: linear in the findings.
    """

    starts: list[int]
    lines: list[int]
    newlines: list[int]

    @classmethod
    def of_text(cls, text: str) -> _Lines:
        """Return the lines of a plain text: every newline counts."""
        return cls([0], [1], [m.start() for m in re.finditer("\n", text)])

    def line(self, offset: int) -> int:
        """Return the source line of *offset* in the text."""
        run = bisect.bisect_right(self.starts, offset) - 1
        if run < 0:
            return 1
        inside = bisect.bisect_left(self.newlines, offset) - bisect.bisect_left(
            self.newlines, self.starts[run]
        )
        return self.lines[run] + inside


def _lexbor() -> Any:
    try:
        return importlib.import_module("selectolax.lexbor")
    except ImportError:
        raise MissingDependencyError(
            "selectolax", 'checking HTML needs selectolax: pip install "microneedle-care[html]"'
        ) from None


class _Anchor:
    """Finds where each text node of a page begins in its source, moving forward only.

    The parser does not say where a node came from. Each node's longest ASCII word is
    looked up in the source after the previous node's; a node that cannot be found (its
    words all written as character references) keeps the line before. After a few such
    misses the lookups stop, so that a page of them costs one pass, not one per node.
    """

    _MISSES = 16

    def __init__(self, source: str) -> None:
        self._source = source
        self._at = 0
        self._line = 1
        self._misses = 0

    def line(self, data: str) -> int:
        """Return the source line where the text node *data* begins."""
        words = _WORD.findall(data, 0, 200)
        if not words or self._misses >= self._MISSES:
            return self._line
        word = max(words, key=len)
        found = self._source.find(word, self._at)
        if found == -1:
            self._misses += 1
            return self._line
        self._line += self._source.count("\n", self._at, found)
        self._at = found + len(word)
        return max(self._line - data.count("\n", 0, data.find(word)), 1)


def _read_html(markup: str) -> tuple[str, _Lines]:
    """Parse *markup* as a browser would (HTML5) and return its text and its source lines.

    The text is what a reader sees: no scripts, styles, templates or head, a blank line
    between blocks (so a heading or a list item is a sentence of its own), a newline for
    ``<br>``. The parser is lexbor's (selectolax), which follows the WHATWG algorithm: an
    optional end tag left out (``</head>``, ``</p>``) does not lose the text after it, no
    markup makes it fail, and it reads a megabyte in a fraction of a second (attack M14,
    M15, M16).
    """
    lexbor = _lexbor()
    markup = markup.replace("\r\n", "\n").replace("\r", "\n")
    tree = lexbor.LexborHTMLParser(_flatten(markup))
    anchor = _Anchor(markup)
    parts: list[str] = []
    starts: list[int] = []
    lines: list[int] = []
    newlines: list[int] = []
    size = 0
    # For each element: whether its text is hidden, and the block it belongs to.
    marks: dict[int, tuple[bool, int]] = {}
    last_block = -1
    for node in tree.root.traverse(include_text=True):
        parent = node.parent
        skip, block = marks.get(parent.mem_id, (False, 0)) if parent is not None else (False, 0)
        if not node.is_text_node:
            name = node.tag
            if name == "br" and not skip:
                parts.append("\n")
                size += 1
            marks[node.mem_id] = (
                skip or name in _SKIP,
                node.mem_id if name in _BLOCK else block,
            )
            continue
        data = node.text_content or ""
        line = anchor.line(data)
        if skip or not data:
            continue
        if block != last_block:
            last_block = block
            if size:
                parts.append("\n\n")
                size += 2
        starts.append(size)
        lines.append(line)
        at = data.find("\n")
        while at != -1:
            newlines.append(size + at)
            at = data.find("\n", at + 1)
        parts.append(data)
        size += len(data)
    return "".join(parts), _Lines(starts, lines, newlines)
