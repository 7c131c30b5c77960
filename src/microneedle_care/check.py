"""Check a clinic's own text: myths, advice the aftercare contradicts, and reading level.

Clinics write their own aftercare sheets, blog posts and clinic-pack wording. :func:`check_text`
reads such a text sentence by sentence and reports, from the content itself:

- each sentence that states a :class:`~microneedle_care.model.Myth` (found with the myth's
  ``phrasings``, see :class:`~microneedle_care.model.Phrasing`), with the correction and
  its references;
- each sentence that gives advice against an aftercare step (the step's
  ``contradicted_by`` phrasings), with the step and when it applies;
- the reading level of the whole text and every sentence above grade 9 (English) or below
  reading ease 50 (French), when the ``readability`` extra is installed.

A sentence that mentions a myth to refute it ("microneedling does not detoxify the skin")
is not reported: a negation just before the matched words, or a word such as "myth" or "no
evidence" anywhere in the sentence, marks it as a refutation.

>>> import microneedle_care as mc
>>> report = check_text("Microneedling pushes toxins out of your skin.", readability=False)
>>> [(f.myth.id, f.sentence) for f in report.myths]
[('detoxifies-skin', 'Microneedling pushes toxins out of your skin.')]
>>> check_text("Microneedling does not detoxify the skin.", readability=False).findings
()

.. versionadded:: 0.5.0
"""

from __future__ import annotations

import bisect
import importlib
import json
import re
from collections.abc import Callable, Iterable
from typing import Any

import attrs

from . import readability as _readability
from ._locale import normalise
from ._patterns import (
    _checker_data,
    _Groups,
    _is_claim,
    _plain,
    _Sentence,
    compile_pattern,
    matcher,
)
from .catalog import Catalog
from .errors import InvalidTypeError, MissingDependencyError, UnknownLocaleError
from .model import AftercareStep, ClinicPack, Myth, Phrasing, Reference

__all__ = [
    "AdviceFinding",
    "HardSentence",
    "MythFinding",
    "PackFinding",
    "TextReport",
    "check_pack",
    "check_text",
    "compile_pattern",
    "strip_html",
]


def _patterns(item_id: str, phrasings: Iterable[Phrasing], locale: str) -> tuple[_Groups, ...]:
    """Return the patterns of *phrasings* in *locale*, and the checker's own for *item_id*."""
    own = tuple(matcher(p.pattern) for p in phrasings if normalise(p.locale) == locale)
    return own + _checker_data().phrasings.get((item_id, locale), ())


@attrs.frozen(kw_only=True)
class MythFinding:
    """A sentence that states a myth.

    Attributes:
        sentence: The sentence, as written.
        start: Its offset in the text.
        myth: The myth it states.
        references: The references behind the myth's correction.
    """

    sentence: str
    start: int
    myth: Myth
    references: tuple[Reference, ...]

    @property
    def correction(self) -> str:
        """The myth's correction, in plain language."""
        return self.myth.correction


@attrs.frozen(kw_only=True)
class AdviceFinding:
    """A sentence that gives advice against an aftercare step.

    Attributes:
        sentence: The sentence, as written.
        start: Its offset in the text.
        step: The step the advice goes against.
        references: The references behind the step.
    """

    sentence: str
    start: int
    step: AftercareStep
    references: tuple[Reference, ...]


@attrs.frozen(kw_only=True)
class HardSentence:
    """A sentence above grade 9 (English) or below reading ease 50 (French).

    Attributes:
        sentence: The sentence, as written.
        start: Its offset in the text.
        score: How hard it is.
    """

    sentence: str
    start: int
    score: _readability.Score


@attrs.frozen(kw_only=True)
class TextReport:
    """What :func:`check_text` found in one text.

    Attributes:
        locale: The language the text was read in.
        myths: Sentences that state a myth, in text order.
        advice: Sentences that give advice against an aftercare step, in text order.
        score: The reading level of the whole text; ``None`` if not measured.
        hard_sentences: Sentences above grade 9 (English) or below ease 50 (French).
    """

    locale: str
    myths: tuple[MythFinding, ...]
    advice: tuple[AdviceFinding, ...]
    score: _readability.Score | None
    hard_sentences: tuple[HardSentence, ...]

    @property
    def findings(self) -> tuple[MythFinding | AdviceFinding | HardSentence, ...]:
        """Every finding, in text order; empty when the text passes."""
        found: list[MythFinding | AdviceFinding | HardSentence] = [
            *self.myths,
            *self.advice,
            *self.hard_sentences,
        ]
        return tuple(sorted(found, key=lambda f: f.start))

    def format(self, source: str = "<text>", *, line: Callable[[int], int] | None = None) -> str:
        """Return the report as plain text: a summary line, then each finding and its sources.

        Control characters in *source* and in the sentences are shown as escapes, so the
        text is safe to print to a terminal.

        Args:
            source: What was checked, such as a file name, named on the first line.
            line: Maps a finding's offset in the text to its line in the source; without
                it, each finding shows its offset.

        >>> report = check_text("Microneedling pushes toxins out of your skin.", readability=False)
        >>> print(report.format("a.txt").splitlines()[0])
        a.txt: 1 myth(s), 0 against the aftercare, 0 hard sentence(s)

        .. versionadded:: 0.6.0
        """
        return _format(self, source, line)

    def to_dict(
        self, source: str = "<text>", *, line: Callable[[int], int] | None = None
    ) -> dict[str, object]:
        """Return the report as JSON-ready data (the shape :meth:`to_json` writes).

        Each finding has its ``kind`` (``"myth"``, ``"advice"`` or ``"hard-sentence"``),
        its ``line`` (``None`` without *line*), ``offset`` and ``sentence``, and what it
        found.

        Args:
            source: What was checked, such as a file name (the ``"file"`` key).
            line: Maps a finding's offset in the text to its line in the source.

        .. versionadded:: 0.6.0
        """
        return _to_dict(self, source, line)

    def to_json(self, source: str = "<text>", *, line: Callable[[int], int] | None = None) -> str:
        """Return :meth:`to_dict` as JSON text (two-space indents, a final newline).

        >>> import json
        >>> report = check_text("Microneedling pushes toxins out of your skin.", readability=False)
        >>> [f["id"] for f in json.loads(report.to_json())["findings"]]
        ['detoxifies-skin']

        .. versionadded:: 0.6.0
        """
        return json.dumps(self.to_dict(source, line=line), ensure_ascii=False, indent=2) + "\n"


def check_text(
    text: str,
    *,
    catalog: Catalog | None = None,
    locale: str | None = None,
    readability: bool = True,
) -> TextReport:
    """Check *text* for myths, advice against the aftercare, and hard sentences.

    Args:
        text: Plain text (see :func:`strip_html` for HTML).
        catalog: The content whose myths and steps to look for;
            :func:`~microneedle_care.loading.load` in *locale* by default.
        locale: The language of *text*: ``"en"`` or ``"fr"``; the catalog's by default.
        readability: Measure the reading level (needs the ``readability`` extra).

    Raises:
        InvalidTypeError: If *text* is not a string.
        UnknownLocaleError: If *locale* is not a locale of the package, or one whose cue
            words (``data/checker.json``) the checker does not have.
        MissingDependencyError: If *readability* is true and textstat is not installed.
    """
    if not isinstance(text, str):
        raise InvalidTypeError(f"text must be a string, got {type(text).__name__}")
    if catalog is None:
        from .loading import load

        catalog = load(locale=locale or "en")
    wanted = normalise(locale) if locale is not None else catalog.locale
    myths: list[MythFinding] = []
    advice: list[AdviceFinding] = []
    hard: list[HardSentence] = []
    data = _checker_data()
    if wanted not in data.cues:  # a locale added without the checker's cue words
        raise UnknownLocaleError(wanted, tuple(data.cues))
    cues = data.cues[wanted]
    myth_patterns = [(m, _patterns(m.id, m.phrasings, wanted)) for m in catalog.myths]
    step_patterns = [
        (s, _patterns(s.id, s.contradicted_by, wanted)) for s in catalog.aftercare_steps
    ]
    vetoes = {m.id: data.vetoes.get((m.id, wanted), ()) for m in catalog.myths}
    # Every pattern needs its first group: a sentence that matches none of them is done.
    firsts = {p.groups[0].pattern for _, ps in [*myth_patterns, *step_patterns] for p in ps}
    anything = re.compile("|".join(sorted(firsts))) if firsts else None
    for start, sentence in _readability.sentences(text):
        if anything is None or anything.search(_plain(sentence)) is None:
            if readability:
                score = _readability.measure(sentence, wanted)
                if score.hard:
                    hard.append(HardSentence(sentence=sentence, start=start, score=score))
            continue
        read = _Sentence.read(sentence, cues)
        claim = _is_claim(sentence)
        for myth, patterns in myth_patterns:
            if (
                claim
                and patterns
                and read.states(patterns, cues.negations)
                and not read.matches(vetoes[myth.id])
            ):
                myths.append(
                    MythFinding(
                        sentence=sentence,
                        start=start,
                        myth=myth,
                        references=catalog.references_for(myth),
                    )
                )
        # A warning ("vitamin C right after can sting") is not advice to do it.
        advises = claim and (cues.warnings is None or cues.warnings.search(read.folded) is None)
        for step, patterns in step_patterns:
            if advises and patterns and read.states(patterns, cues.negations):
                advice.append(
                    AdviceFinding(
                        sentence=sentence,
                        start=start,
                        step=step,
                        references=catalog.references_for(step),
                    )
                )
        if readability:
            score = _readability.measure(sentence, wanted)
            if score.hard:
                hard.append(HardSentence(sentence=sentence, start=start, score=score))
    overall = _readability.measure(text, wanted) if readability and text.strip() else None
    return TextReport(
        locale=wanted,
        myths=tuple(myths),
        advice=tuple(advice),
        score=overall,
        hard_sentences=tuple(hard),
    )


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


def strip_html(markup: str) -> str:
    r"""Return the text of an HTML document, a blank line between blocks, without scripts.

    The page is parsed as a browser would parse it (HTML5, with selectolax: the ``html``
    extra), so that markup a browser accepts does not hide the text after it.

    Raises:
        MissingDependencyError: If selectolax (the ``html`` extra) is not installed.

    >>> strip_html("<p>Microneedling <b>detoxes</b> skin.</p><script>x()</script>")
    'Microneedling detoxes skin.'
    >>> strip_html("<head><title>x</title><meta charset=utf-8><body>It heals.")
    'It heals.'

    .. versionchanged:: 0.6.0
       Parsed as HTML5; blocks are separated by a blank line.
    """
    return _read_html(markup)[0]


# -- reports as text and JSON, and a clinic pack's own wording ----------------------------


def _visible(text: str) -> str:
    """*text* safe for a terminal: a control or other unprintable character as an escape.

    A checked file or its name may hold ESC, OSC or BEL sequences (attack M17, L1).
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)


def _level(score: _readability.Score) -> str:
    return f"grade {score.grade:.1f}" if score.grade is not None else f"ease {score.ease:.1f}"


def _format(report: TextReport, source: str, line: Callable[[int], int] | None) -> str:
    score = report.score
    level = ""
    if score is not None:
        level = f"reading ease {score.ease:.1f}"
        if score.grade is not None:
            level = f"grade {score.grade:.1f}, " + level
    counts = (
        f"{len(report.myths)} myth(s), {len(report.advice)} against the aftercare,"
        f" {len(report.hard_sentences)} hard sentence(s)"
    )
    out = [f"{_visible(source)}: {counts}" + (f"; {level}" if level else "")]
    for finding in report.findings:
        sentence = _visible(" ".join(finding.sentence.split()))
        where = f"offset {finding.start}" if line is None else f"line {line(finding.start)}"
        out.append(f"  {where}: {sentence}")
        if isinstance(finding, MythFinding):
            refs = ", ".join(r.id for r in finding.references)
            out.append(f"    myth {finding.myth.id}: {finding.correction}")
            out.append(f"    sources: {refs}")
        elif isinstance(finding, AdviceFinding):
            refs = ", ".join(r.id for r in finding.references)
            step = finding.step
            out.append(f"    against {step.id} ({step.window.describe()}): {step.action}")
            out.append(f"    sources: {refs}")
        else:
            out.append(f"    hard to read: {_level(finding.score)}")
    return "\n".join(out)


def _to_dict(
    report: TextReport, source: str, line: Callable[[int], int] | None
) -> dict[str, object]:
    findings: list[dict[str, object]] = []
    for finding in report.findings:
        entry: dict[str, object] = {
            "line": None if line is None else line(finding.start),
            "offset": finding.start,
            "sentence": finding.sentence,
        }
        if isinstance(finding, MythFinding):
            entry |= {
                "kind": "myth",
                "id": finding.myth.id,
                "correction": finding.correction,
                "references": [r.id for r in finding.references],
            }
        elif isinstance(finding, AdviceFinding):
            entry |= {
                "kind": "advice",
                "id": finding.step.id,
                "step": finding.step.action,
                "when": finding.step.window.describe(),
                "references": [r.id for r in finding.references],
            }
        else:
            entry |= {
                "kind": "hard-sentence",
                "grade": finding.score.grade,
                "ease": finding.score.ease,
            }
        findings.append(entry)
    score = report.score
    return {
        "file": source,
        "locale": report.locale,
        "grade": None if score is None else score.grade,
        "ease": None if score is None else score.ease,
        "findings": findings,
    }


@attrs.frozen(kw_only=True)
class PackFinding:
    """A finding in a clinic pack's own wording, with the JSON path of the text.

    Attributes:
        path: Where the text is in the pack, such as ``"$.pack.replace[0].action"``.
        finding: What :func:`check_text` found in it.

    .. versionadded:: 0.6.0
    """

    path: str
    finding: MythFinding | AdviceFinding | HardSentence

    @property
    def message(self) -> str:
        """Return the finding in one line, with the path, what is wrong, and the sentence."""
        finding = self.finding
        if isinstance(finding, MythFinding):
            what = f"states the myth {finding.myth.id!r}"
        elif isinstance(finding, AdviceFinding):
            what = f"goes against the step {finding.step.id!r}"
        else:
            what = f"hard to read ({_level(finding.score)})"
        return f"{self.path}: {what}: {finding.sentence}"


def check_pack(
    pack: ClinicPack, catalog: Catalog, *, readability: bool = True
) -> tuple[PackFinding, ...]:
    """Check a clinic pack's own wording: its reworded fields, new items and disclaimer.

    Each text is checked with :func:`check_text` against *catalog* (the content with the
    pack merged, so the pack's own myths and steps count). The pack's own myths are not
    checked: a myth states its claim on purpose.

    Args:
        pack: The clinic pack (see :func:`~microneedle_care.loading.load_pack`).
        catalog: The content to check it against, usually with *pack* merged.
        readability: Also report hard sentences (needs the ``readability`` extra).

    Raises:
        MissingDependencyError: If *readability* is true and textstat is not installed.

    .. versionadded:: 0.6.0
    """
    from .model import KINDS, patient_fields

    texts: list[tuple[str, str]] = []
    for index, change in enumerate(pack.pack.replace):
        texts += [(f"$.pack.replace[{index}].{n}", v) for n, v in change.changes().items()]
    if pack.pack.disclaimer is not None:
        texts.append(("$.pack.disclaimer", pack.pack.disclaimer))
    # A pack's own myths state a claim on purpose; references have no patient wording.
    for kind in (k.attribute for k in KINDS if k.translated and k.attribute != "myths"):
        for index, item in enumerate(getattr(pack, kind)):
            texts += [
                (f"$.{kind}[{index}].{n}", getattr(item, n)) for n in patient_fields(type(item))
            ]
    return tuple(
        PackFinding(path=path, finding=finding)
        for path, text in texts
        for finding in check_text(text, catalog=catalog, readability=readability).findings
    )
