"""Every error this package raises.

All of them derive from :class:`MicroneedleCareError`, and each also derives from the
built-in exception a caller would naturally catch, so ``except ValueError`` or
``except KeyError`` keeps working.
"""

from __future__ import annotations

import attrs

__all__ = [
    "ContentError",
    "MicroneedleCareError",
    "Problem",
    "ScheduleError",
    "UnansweredQuestionError",
    "UnknownIdError",
]


class MicroneedleCareError(Exception):
    """Base class for every error this package raises."""


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
        return f"{where}: {self.message}"


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
        lines = [f"{self.source}: {count} {noun}"]
        lines += [f"  {problem}" for problem in self.problems]
        return "\n".join(lines)


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
