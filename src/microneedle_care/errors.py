"""Every error (and warning) this package raises, and nothing else.

All of them derive from :class:`MicroneedleCareError`, and each also derives from the
built-in exception a caller would naturally catch, so ``except ValueError`` or
``except KeyError`` keeps working.

.. deprecated:: 0.6.0
   ``MIN_YEAR``, ``MAX_YEAR`` and ``MAX_WINDOW_HOURS`` moved to
   :mod:`microneedle_care.model`; importing them from here still works, with a
   :exc:`DeprecationWarning`, until 0.7.0.
"""

from __future__ import annotations

import warnings
from typing import Any

import attrs

__all__ = [
    "ApprovalError",
    "BatchInputError",
    "BatchOutputError",
    "ContentDueForReviewWarning",
    "ContentError",
    "IncompleteTreatmentWarning",
    "InvalidTypeError",
    "InvalidValueError",
    "MicroneedleCareError",
    "MissingDependencyError",
    "OutOfRangeError",
    "PolicyError",
    "Problem",
    "RetiredIdWarning",
    "SafetyOverrideError",
    "ScheduleError",
    "UnansweredQuestionError",
    "UnknownFormatError",
    "UnknownIdError",
    "UnknownLocaleError",
]


class MicroneedleCareError(Exception):
    """Base class for every error this package raises."""


def shown(text: str) -> str:
    r"""Return *text* with every character that is not printable backslash-escaped.

    For file names, JSON keys and cells echoed in messages: an ESC, BEL, bidi override or
    NUL in them must not reach a terminal raw (attack report M18, L1).

    >>> shown("a\x1b[31m.csv")
    'a\\x1b[31m.csv'
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


@attrs.frozen
class Problem:
    """One thing wrong with a content pack.

    Attributes:
        path: Where it is, as a JSON path such as ``$.causes[2].likelihood``.
        message: What is wrong, in one line.
        source: The file the path is in, when an error spans several files (clinic
            packs merged onto the packaged content); ``None`` otherwise.
    """

    path: str
    message: str
    source: str | None = None

    def __str__(self) -> str:
        where = f"{self.source} {self.path}" if self.source else self.path
        return shown(f"{where}: {self.message}")


class ContentError(MicroneedleCareError, ValueError):
    """A content pack was refused: it is unreadable, malformed or breaks a content rule.

    Nothing is loaded when this is raised. The message lists every problem found,
    one per line.

    Attributes:
        source: The file (or other origin) of the content.
        problems: Every problem found, in document order.
    """

    def __init__(self, source: str, problems: tuple[Problem, ...]) -> None:
        super().__init__(source, problems)
        self.source = source
        self.problems = problems

    def __str__(self) -> str:
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [f"{shown(self.source)}: {count} {noun}"]
        lines += [f"  {problem}" for problem in self.problems]
        return "\n".join(lines)


class SafetyOverrideError(ContentError):
    """A clinic pack weakens a safety item without saying so, and was refused.

    A clinic pack that hides or rewords an emergency or same-day warning sign, lowers
    its urgency, or replaces the medical disclaimer must acknowledge each such change in
    ``pack.safety_overrides`` with the item's id (``"disclaimer"`` for the disclaimer) and
    a non-empty reason. Each problem names the pack file, the item id and what was
    weakened. It is a :exc:`ContentError` (and so a :exc:`ValueError`); the other
    problems found in the same packs are listed with it.

    .. versionadded:: 0.6.0
    """


class ApprovalError(ContentError):
    """The content was refused because no valid clinic approval covers exactly it.

    Raised by ``load(..., require_approval=True)`` and
    :func:`~microneedle_care.approval.check_approval` when no clinic pack carries an
    approval, when the record was edited after it was made (its seal does not match),
    when it has no seal (it was written by 0.5.0), when its date is implausible, or when
    the content, the package's fixed wording or the merged packs differ from what was
    approved. Its ``source`` names the pack file that carries the approval and each
    problem says what does not match. It is a :exc:`ContentError` (and so a
    :exc:`ValueError`).

    .. versionadded:: 0.6.0
    """


class UnknownIdError(MicroneedleCareError, KeyError, LookupError):
    """No content item has the id that was asked for.

    Attributes:
        id: The id that was not found.
        kind: The kind of item that was asked for (``"cause"``), or ``"item"`` for any.
        suggestions: The closest known ids, best first; may be empty.
    """

    def __init__(self, id: str, kind: str = "item", suggestions: tuple[str, ...] = ()) -> None:
        super().__init__(id, kind, suggestions)
        self.id = id
        self.kind = kind
        self.suggestions = suggestions

    def __str__(self) -> str:
        message = f"unknown {self.kind} id {self.id!r}"
        if self.suggestions:
            message += "; did you mean " + " or ".join(repr(s) for s in self.suggestions) + "?"
        return message


class InvalidValueError(MicroneedleCareError, ValueError):
    """An argument has the right type but a value this package refuses.

    For example a clinic name that is empty or holds a line break, a FHIR subject that
    is not a ``ResourceType/id`` reference, or a time window that ends before it starts.
    The message names the argument (or field) and what is wrong with it.

    Attributes:
        argument: The name of the argument (or field) refused, such as ``"clinic_name"``,
            or ``None`` where no single argument is to blame.

    .. versionadded:: 0.5.0
    .. versionchanged:: 0.6.0 The ``argument`` attribute.
    """

    def __init__(self, *args: object, argument: str | None = None) -> None:
        super().__init__(*args)
        self.argument = argument


class ContentDueForReviewWarning(UserWarning):
    """The content is past its next review date.

    That date is ``next_review`` in the content's :class:`~microneedle_care.model.Review`;
    :func:`~microneedle_care.loading.load` issues it; the content still loads. A clinic
    that sees it should look for a newer release of the package, whose content has been
    reviewed again.

    .. versionadded:: 0.5.0
    """


class IncompleteTreatmentWarning(UserWarning):
    """A checklist is for a treatment whose own content does not ship yet.

    :func:`~microneedle_care.checklist.build_checklist` issues it, naming the treatment and
    what its sheet does not cover (the treatment's ``not_yet_covered``). The checklist is
    still built, with the items that do ship. RF microneedling is one: its own warning
    signs (burns, blisters, dents, numbness) wait on a source not yet verified, so its sheet
    is the pen sheet. A clinic that offers it should add its own reviewed items in a clinic
    pack and tell patients what to watch for.

    .. versionadded:: 0.6.0
    """


class RetiredIdWarning(DeprecationWarning):
    """An id that the content retired was used; its one replacement was returned.

    A :exc:`DeprecationWarning`, so existing filters keep catching it; filter on this
    class to see (or silence) exactly these. The message names the new id.

    .. versionadded:: 0.6.0
    """


class InvalidTypeError(MicroneedleCareError, TypeError):
    """An argument has the wrong type.

    For example a clinic phone number given as an ``int``, or a
    :class:`datetime.datetime` where a :class:`datetime.date` is expected. The message
    names the argument and the type it got.

    Attributes:
        argument: The name of the argument (or field) of the wrong type, such as
            ``"catalog"``, or ``None`` where no single argument is to blame.

    .. versionadded:: 0.5.0
    .. versionchanged:: 0.6.0 The ``argument`` attribute.
    """

    def __init__(self, *args: object, argument: str | None = None) -> None:
        super().__init__(*args)
        self.argument = argument


class UnknownLocaleError(InvalidValueError):
    """The content is not available in the locale that was asked for.

    Attributes:
        locale: The locale that was asked for, as given.
        available: The locales that exist.

    .. versionadded:: 0.5.0
    """

    def __init__(self, locale: str, available: tuple[str, ...]) -> None:
        super().__init__(locale, available, argument="locale")
        self.locale = locale
        self.available = available

    def __str__(self) -> str:
        return f"no content in locale {self.locale!r}; available: {', '.join(self.available)}"


class UnknownFormatError(InvalidValueError):
    """A checklist was to be rendered in a format that does not exist.

    Attributes:
        format: The format that was asked for.
        available: The formats that exist.

    .. versionadded:: 0.5.0
    """

    def __init__(self, format: str, available: tuple[str, ...]) -> None:
        super().__init__(format, available, argument="format")
        self.format = format
        self.available = available

    def __str__(self) -> str:
        expected = ", ".join(repr(f) for f in self.available)
        return f"unknown format {self.format!r}; expected one of {expected}"


class OutOfRangeError(MicroneedleCareError, ValueError):
    """A date or a time span is outside the range this package accepts.

    Treatment dates and content dates must fall in the years
    :data:`~microneedle_care.model.MIN_YEAR` to :data:`~microneedle_care.model.MAX_YEAR`;
    time windows must end within :data:`~microneedle_care.model.MAX_WINDOW_HOURS` hours
    (ten years) of the treatment. Anything further is a typing mistake, and calendar
    arithmetic on it would fail.

    Attributes:
        what: What was out of range, such as ``"treatment_date"``.
        value: The value given.
    """

    def __init__(self, what: str, value: object, allowed: str) -> None:
        super().__init__(what, value, allowed)
        self.what = what
        self.value = value
        self.allowed = allowed

    def __str__(self) -> str:
        return f"{self.what} {self.value!s} is out of range: {self.allowed}"


class MissingDependencyError(MicroneedleCareError, ImportError):
    """A feature needs an optional dependency that is not installed.

    Attributes:
        package: The distribution to install (``"textstat"``).

    .. versionadded:: 0.5.0
    """

    def __init__(self, package: str, message: str) -> None:
        super().__init__(package, message)  # keeps .args, so it pickles
        self.package = package
        self.message = message

    def __str__(self) -> str:
        return self.message


class UnansweredQuestionError(MicroneedleCareError, KeyError, LookupError):
    """A check-in left a warning sign's question without a yes or no answer.

    A missing answer is never read as "no": the check-in refuses to say "all clear".

    Attributes:
        id: The warning sign whose question has no answer.
        question: The question, as the patient saw it.

    .. versionadded:: 0.5.0
    """

    def __init__(self, id: str, question: str) -> None:
        super().__init__(id, question)
        self.id, self.question = id, question

    def __str__(self) -> str:
        return f"no yes/no answer for {self.id!r}: {self.question!r}"


class ScheduleError(MicroneedleCareError, ValueError):
    """A schedule cannot be built as asked (no treatment date, an unknown time zone, a bad day).

    .. versionadded:: 0.5.0
    """


class PolicyError(ScheduleError):
    """A schedule's texts cannot meet their messaging policy, or a policy is not valid.

    Raised instead of sending a text that breaks a rule (see
    :mod:`microneedle_care.messaging`).

    Attributes:
        rule: The rule that cannot be met, such as ``"per_week"``, ``"max_chars"``,
            ``"needs_sender"`` or ``"send_window"``.
        reason: What is wrong, in one line.

    .. versionadded:: 0.6.0
    """

    def __init__(self, rule: str, reason: str) -> None:
        super().__init__(rule, reason)
        self.rule, self.reason = rule, reason

    def __str__(self) -> str:
        return f"{self.rule}: {self.reason}"


class BatchInputError(ScheduleError):
    """A batch run's CSV was refused as a whole, so nothing was written.

    It is unreadable, not a regular file, not UTF-8, lacks a required column, or holds
    a record the CSV reader cannot take (such as a field longer than 131,072
    characters). Rows that are merely wrong are not refused this way: they are
    reported one by one and the other patients are written.

    Attributes:
        source: The CSV file, as given.
        line: The line the problem is on (the header is line 1), or ``None`` when it
            concerns the whole file.
        reason: What is wrong, in one line.

    .. versionadded:: 0.6.0
    """

    def __init__(self, source: str, line: int | None, reason: str) -> None:
        super().__init__(source, line, reason)
        self.source, self.line, self.reason = source, line, reason

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}: line {self.line}"
        return f"{where}: {self.reason}"


class BatchOutputError(ScheduleError, OSError):
    """A batch run's output folder cannot be created or opened, so nothing was written.

    The message is one line naming the folder. It is also an :exc:`OSError`, which
    :func:`~microneedle_care.batch.run_batch` raised for this before.

    .. versionadded:: 0.6.0
    """


def _expect_type(value: object, kind: type | tuple[type, ...], what: str) -> None:
    """Raise :class:`InvalidTypeError` naming *what* unless *value* is a *kind* (private).

    The argument check the public functions share; :mod:`microneedle_care._validate`
    re-exports it as ``_expect``. It lives here, beside the error it raises, so that
    ``_validate`` imports ``errors`` and never the other way round.
    """
    if not isinstance(value, kind):
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise InvalidTypeError(
            f"{what} must be a {names}, got {type(value).__name__}", argument=what
        )


# Names that moved out in 0.6.0: errors.py holds errors only. Each import warns.
_MOVED = {
    "MIN_YEAR": "model",
    "MAX_YEAR": "model",
    "MAX_WINDOW_HOURS": "model",
    "_expect": "_validate",
}


def __getattr__(name: str) -> Any:
    if name not in _MOVED:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    warnings.warn(
        f"microneedle_care.errors.{name} moved to microneedle_care.{_MOVED[name]}"
        " in 0.6.0; import it from there (this alias goes in 0.7.0)",
        DeprecationWarning,
        stacklevel=2,
    )
    if name == "_expect":
        return _expect_type
    # The limits come from the leaf module the model re-exports them from, so errors
    # never imports the model (or _validate): no import cycle, deferred or not.
    from . import _limits

    return getattr(_limits, name)
