"""Advice read against the steps' time windows: "wait 48 hours before vitamin C".

Private: :func:`microneedle_care.check.check_text` uses it. A step such as
``avoid-harsh-products`` forbids something (strong actives) for a time (its window, to
``end_hours``). A sentence goes against it when it names that thing and

- says a time that comes before the window's end ("wait 48 hours", "after 2 days", "from day
  3", "24-72 hours": the longest time said counts): negated or not, "avoid retinol for 48
  hours" allows it after 48 hours;
- or says "straight away" ("immediately", "the same evening"), not negated and not a warning;
- or allows it with no time after the treatment ("you can exercise after microneedling"),
  not negated and not a warning.

The things each step forbids, the time words and the permission words are data, in
``data/checker.json`` (``windows`` and ``activities``).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable

import attrs

from ._patterns import _cue_pattern, _Groups, _Sentence, fold, matcher
from .errors import InvalidValueError

__all__: list[str] = []

_Hit = tuple[int, int]
_WORD = re.compile(r"\w+")


@attrs.frozen
class _Windows:
    """One language's time words: numbers, units, fixed phrases, permission and context."""

    duration: re.Pattern[str]
    glued: re.Pattern[str]
    numbers: dict[str, int]
    units: dict[str, int]
    fixed: tuple[tuple[re.Pattern[str], int], ...]
    day_number: re.Pattern[str] | None
    permissions: re.Pattern[str] | None
    context: re.Pattern[str] | None
    frequency: frozenset[str]
    before: re.Pattern[str] | None
    imperatives: re.Pattern[str] | None
    approved: re.Pattern[str] | None
    joins: frozenset[str]
    anything: re.Pattern[str]
    vague: frozenset[str] = frozenset()
    subject_verbs: frozenset[str] = frozenset()


@attrs.frozen
class _Said:
    """What a sentence says about one step: the words, and the hour it allows the thing."""

    step_id: str
    hits: tuple[_Hit, ...]
    allowed_from_hours: int | None


def _alternatives(words: dict[str, int]) -> str:
    return "|".join(re.escape(fold(w)) for w in sorted(words, key=len, reverse=True))


_Parsed = tuple[dict[str, _Windows], dict[str, tuple[tuple[str, _Groups], ...]]]


def _parse(raw: object) -> _Parsed:
    """Check and compile ``windows`` and ``activities`` of the checker's data.

    Raises:
        InvalidValueError: If a part is missing or of the wrong kind.
    """
    if not isinstance(raw, dict):
        raise InvalidValueError("checker.json: expected an object")
    try:
        return _parse_parts(raw)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InvalidValueError(f"checker.json: windows or activities: {exc!r}") from None


def _parse_parts(raw: dict[str, object]) -> _Parsed:
    windows: dict[str, _Windows] = {}
    for locale, entry in dict(raw.get("windows", {})).items():  # type: ignore[call-overload]
        numbers = {fold(k): int(v) for k, v in dict(entry["numbers"]).items()}
        units = {fold(k): int(v) for k, v in dict(entry["units"]).items()}
        number = rf"\d+|{_alternatives(numbers)}"
        joins = "|".join(re.escape(fold(w)) for w in entry.get("range_words", []))
        # A number and its unit written together: "48h", "72hrs".
        glued = re.compile(rf"\b(\d+)({_alternatives(units)})\b")
        duration = re.compile(
            rf"\b({number})(?: (?:{joins}) | )?(?:({number}) )?({_alternatives(units)})\b"
            if joins
            else rf"\b({number}) (?:({number}) )?({_alternatives(units)})\b"
        )
        fixed = tuple(
            (compile_one(str(item["pattern"])), int(item["hours"])) for item in entry["fixed"]
        )
        day = entry.get("day_number")
        said = [duration.pattern, glued.pattern, *(p.pattern for p, _ in fixed)]
        for key in ("permissions", "imperatives"):
            if (cue := _cue_pattern(entry.get(key, []))) is not None:
                said.append(cue.pattern)
        if day:
            said.append(rf"\b(?:{_alternatives(dict.fromkeys(day, 0))}) \d")
        windows[locale] = _Windows(
            duration=duration,
            glued=glued,
            numbers=numbers,
            units=units,
            fixed=fixed,
            day_number=re.compile(rf"\b(?:{_alternatives(dict.fromkeys(day, 0))}) (\d+)\b")
            if day
            else None,
            permissions=_cue_pattern(entry.get("permissions", [])),
            context=_cue_pattern(entry.get("after_treatment", [])),
            frequency=frozenset(fold(w) for w in entry.get("frequency_words", [])),
            before=_cue_pattern(entry.get("before_treatment", [])),
            imperatives=_cue_pattern(entry.get("imperatives", [])),
            approved=_cue_pattern(entry.get("approved", [])),
            joins=frozenset(fold(w) for w in entry.get("imperative_joins", [])),
            anything=re.compile("|".join(said)),
            vague=frozenset(fold(w) for w in entry.get("vague_numbers", [])),
            subject_verbs=frozenset(fold(w) for w in entry.get("subject_verbs", [])),
        )
    activities: dict[str, list[tuple[str, _Groups]]] = {}
    for item in raw.get("activities", []):  # type: ignore[attr-defined]
        activities.setdefault(str(item["locale"]), []).append(
            (str(item["id"]), matcher(str(item["pattern"])))
        )
    return windows, {k: tuple(v) for k, v in activities.items()}


def compile_one(pattern: str) -> re.Pattern[str]:
    """Return the one-group pattern *pattern* compiled (see :func:`_patterns.compile_pattern`)."""
    return matcher(pattern).groups[0]


@functools.cache
def _data() -> _Parsed:
    from ._i18n import read_data

    return _parse(json.loads(read_data("checker.json")))


def approved(folded: str, locale: str) -> bool:
    """Whether *folded* speaks of the clinic's own product ("the serum we gave you")."""
    language = _data()[0].get(locale)
    return language is not None and bool(language.approved and language.approved.search(folded))


def says_when(plain: str, locale: str) -> bool:
    """Whether *plain* (a folded sentence) says a time, allows, or tells: worth reading."""
    language = _data()[0].get(locale)
    return language is not None and language.anything.search(plain) is not None


def activities(locale: str) -> tuple[tuple[str, _Groups], ...]:
    """Return the things each step forbids, as (step id, pattern), in *locale*."""
    return _data()[1].get(locale, ())


def _hours(windows: _Windows, match: re.Match[str]) -> int:
    def value(word: str | None) -> int:
        if word is None:
            return 0
        return int(word) if word.isdigit() else windows.numbers[word]

    return max(value(match.group(1)), value(match.group(2))) * windows.units[match.group(3)]


def _times(windows: _Windows, folded: str) -> list[tuple[_Hit, int | None]]:
    """Every time the sentence says, with the hours after the treatment it stands for.

    A vague one ("a few days", "several days", "quelques jours") stands for no number of
    hours (``None``): it says a time, but not one that comes before a window's end.
    """
    said: list[tuple[_Hit, int | None]] = [
        (
            (m.start(), m.end()),
            None if windows.vague & {m.group(1), m.group(2)} else _hours(windows, m),
        )
        for m in windows.duration.finditer(folded)
        if not windows.frequency & set(folded[max(m.start() - 12, 0) : m.start()].split()[-1:])
    ]
    said += [
        ((m.start(), m.end()), int(m.group(1)) * windows.units[m.group(2)])
        for m in windows.glued.finditer(folded)
    ]
    if windows.day_number is not None:
        said += [
            ((m.start(), m.end()), max(int(m.group(1)) - 1, 0) * 24)
            for m in windows.day_number.finditer(folded)
        ]
    for pattern, hours in windows.fixed:
        said += [((m.start(), m.end()), hours) for m in pattern.finditer(folded)]
    return said


def read_windows(
    read: _Sentence,
    locale: str,
    ends: dict[str, int | None],
    negations: frozenset[str],
    *,
    warned: bool,
    warns: Callable[[_Hit], bool] | None = None,
) -> list[_Said]:
    """Return what *read* says against each step whose window ends are in *ends*.

    Args:
        read: The sentence, folded.
        locale: Its language (a key of ``windows`` in the checker's data).
        ends: For each step id to read against, the hour its thing is fine from: the
            window's end, or the start of a step that only begins later (``None``: never).
        negations: The language's negation words.
        warned: Whether the sentence speaks of the clinic's own product (:func:`approved`)
            or warns as a whole: then only a time counts.
        warns: Whether a warning ("can irritate") is said of the words at a span: then
            only a time counts for the thing there.

    A time said before the thing belongs to an earlier verb when another step's thing comes
    before the time and a negation stands between the time and this thing: in "do not wash
    for 48 hours, and avoid the pool" the 48 hours are the wash's, not the pool's.
    """
    windows, activities = _data()
    language = windows.get(locale)
    if language is None:
        return []
    found: list[tuple[str, int, re.Match[str]]] = []
    for step_id, pattern in activities.get(locale, ()):
        end = ends.get(step_id)
        if end is None or any(map(read.prefixes.isdisjoint, pattern.anchors)):
            continue
        what = pattern.groups[0].search(read.folded)
        if what is not None:
            found.append((step_id, end, what))
    if not found:
        return []
    if language.before is not None and language.before.search(read.folded):
        return []  # "skip retinol a few days prior": before the treatment
    times = _times(language, read.folded)
    out: list[_Said] = []
    for step_id, end, what in found:
        thing = (what.start(), what.end())
        own = [
            (hit, hours)
            for hit, hours in times
            if not _belongs_elsewhere(read, hit, what, step_id, found, negations)
        ]
        free = (
            not warned
            and not read.negated(what, negations)
            and not (warns is not None and warns(thing))
        )
        waits = [(hit, hours) for hit, hours in own if hours is not None and hours > 0]
        if waits:
            hit, hours = max(waits, key=lambda t: t[1])
            if hours < end:
                out.append(_Said(step_id, (thing, hit), hours))
            continue
        if any(hours is None for _, hours in own):
            continue  # "for a few days": a time, but none that says when
        if own and free:  # "immediately", "the same evening"
            out.append(_Said(step_id, (thing, own[0][0]), 0))
            continue
        if free and language.permissions is not None and language.context is not None:
            allowed = language.permissions.search(read.folded)
            after = language.context.search(read.folded)
            if allowed is not None and after is not None:
                hits = sorted(
                    [thing, (allowed.start(), allowed.end()), (after.start(), after.end())]
                )
                out.append(_Said(step_id, tuple(hits), None))
                continue
        if free and language.imperatives is not None:  # "Apply a serum"
            told = _order(read, language, what)
            if told is not None:
                out.append(_Said(step_id, (told, thing), None))
    return out


def _belongs_elsewhere(
    read: _Sentence,
    hit: _Hit,
    what: re.Match[str],
    step_id: str,
    found: list[tuple[str, int, re.Match[str]]],
    negations: frozenset[str],
) -> bool:
    """Whether the time at *hit* is said of another step's thing than *what*."""
    if hit[0] >= what.start():
        return False
    between = read.folded[hit[1] : what.start()].split()
    if not any(word in negations for word in between):
        return False
    return any(other != step_id and m.end() <= hit[0] for other, _, m in found)


def _order(read: _Sentence, language: _Windows, what: re.Match[str]) -> _Hit | None:
    """Return the order ("Apply", "Appliquez") that tells the reader to use *what*, if any.

    An order opens a clause, or follows "and": "Drink water and use a serum". An infinitive
    followed by its own verb is the subject, not an order: "Appliquer le minoxidil peut
    favoriser la repousse" says what applying does.
    """
    if language.imperatives is None:
        return None
    opens = list(read.clauses)
    opens += [m.end() + 1 for m in _WORD.finditer(read.folded) if m.group() in language.joins]
    for clause in opens:
        told = language.imperatives.match(read.folded, clause)
        if told is None or told.end() > what.start():
            continue
        _, clause_end = read.clause_span(what.start())
        rest = read.folded[what.end() : clause_end].split()
        if language.subject_verbs & set(rest):
            return None
        return (told.start(), told.end())
    return None
