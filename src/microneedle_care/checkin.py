"""A symptom check-in: yes/no answers about the warning signs in, triage out (pure).

>>> import microneedle_care as mc
>>> catalog = mc.load()
>>> answers = {sign.id: False for sign in catalog.warning_signs}
>>> answers["cold-sore-flare"] = answers["severe-allergic-reaction"] = True
>>> result = check_in(catalog, answers, days_since_treatment=2)
>>> [sign.id for sign in result.matches]
['severe-allergic-reaction', 'cold-sore-flare']
>>> result.urgency
<Urgency.EMERGENCY: 'emergency'>
>>> result.first_action.startswith("Call 911")
True
>>> answers["severe-allergic-reaction"] = False
>>> del answers["signs-of-infection"]
>>> check_in(catalog, answers)
Traceback (most recent call last):
...
microneedle_care.errors.UnansweredQuestionError: no yes/no answer for 'signs-of-infection': ...
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import attrs

from .errors import InvalidTypeError, InvalidValueError, UnansweredQuestionError, UnknownIdError
from .model import Approval, Urgency, WarningSign

if TYPE_CHECKING:
    from .catalog import Catalog
    from .checklist import ClinicContact

__all__ = ["EXPECTED_HEALING", "CheckIn", "check_in"]

#: The cause whose summary reassures a patient about normal healing.
EXPECTED_HEALING = "expected-healing"


@attrs.frozen(kw_only=True)
class CheckIn:
    """The result of a symptom check-in, as data.

    Attributes:
        matches: The warning signs answered "yes", most urgent first (emergencies, the
            "call 911" signs, always lead), in content order within one urgency.
        urgency: The most urgent level among the matches; ``None`` if there are none.
        first_action: The single thing to do first: the most urgent match's action;
            ``None`` if nothing matched.
        clinic: How to reach the clinic, if given.
        reassurance: What normal healing looks like at this point, from the content's
            ``expected-healing`` cause; empty if the content has none or the day is past it.
        days_since_treatment: The day of the check-in, if given (0 is the treatment day).
        locale: The language of the text.
        unanswered: Questions left unanswered because an emergency sign was answered
            "yes" (the patient must call 911 first); empty otherwise.
        approval: The clinic's approval of exactly the content the questions came from,
            or ``None``; :attr:`approval_notice` puts it in words.

    .. versionchanged:: 0.6.0 Added *approval* and :attr:`approval_notice`.
    """

    matches: tuple[WarningSign, ...]
    urgency: Urgency | None
    first_action: str | None
    clinic: ClinicContact | None
    reassurance: str
    days_since_treatment: int | None
    locale: str
    unanswered: tuple[str, ...] = ()
    approval: Approval | None = None

    @property
    def approval_notice(self) -> str:
        """Who at the clinic approved this check-in and when, or that no clinician has yet.

        Show it with every check-in result.
        """
        from .rendering._labels import labels_for_locale

        labels = labels_for_locale(self.locale)
        return labels.approval_line(self.approval, self.clinic, what="check-in")


def check_in(
    catalog: Catalog,
    answers: Mapping[str, bool],
    *,
    days_since_treatment: int | None = None,
    clinic: ClinicContact | None = None,
) -> CheckIn:
    """Triage a patient's yes/no answers to every warning sign's question.

    Args:
        catalog: The content the questions come from.
        answers: ``True`` (yes) or ``False`` (no) for every warning sign id in *catalog*.
        days_since_treatment: Days since the treatment (0 on the day); picks the reassurance.
        clinic: How to reach the clinic, passed through for the renderers.

    Returns:
        The matches ordered by urgency, the first action, and the reassurance.

    Raises:
        UnansweredQuestionError: If a warning sign has no answer; it names the question.
            After a "yes" to any emergency question every other question may go
            unanswered (they are listed in ``unanswered``): the check-in ends there.
        UnknownIdError: If an answer names an id that is not a warning sign.
        TypeError: If an answer is not ``True`` or ``False``.
        InvalidValueError: If *days_since_treatment* is negative.
    """
    known = {sign.id for sign in catalog.warning_signs}
    for id in answers:
        if id not in known:
            raise UnknownIdError(id, "warning sign", _suggest(id, known))
    for id, value in answers.items():
        if not isinstance(value, bool):
            raise InvalidTypeError(f"the answer for {id!r} must be True or False, got {value!r}")
    if days_since_treatment is not None and (
        isinstance(days_since_treatment, bool)
        or not isinstance(days_since_treatment, int)
        or days_since_treatment < 0
    ):
        raise InvalidValueError(
            f"days_since_treatment must be an integer, 0 or more, got {days_since_treatment!r}"
        )
    # A "yes" to an emergency question ends the check-in (the questionnaire stops
    # asking there): the other questions may then stay unanswered, and say so.
    emergency = any(
        answers.get(sign.id) is True and sign.urgency is Urgency.EMERGENCY
        for sign in catalog.warning_signs
    )
    matches = []
    unanswered = []
    for sign in catalog.warning_signs:
        if sign.id not in answers:
            if emergency:
                unanswered.append(sign.id)
                continue
            raise UnansweredQuestionError(sign.id, sign.question or sign.sign)
        if answers[sign.id]:
            matches.append(sign)
    order = {sign.id: index for index, sign in enumerate(catalog.warning_signs)}
    matches.sort(key=lambda s: (s.urgency.rank, order[s.id]))
    return CheckIn(
        matches=tuple(matches),
        urgency=matches[0].urgency if matches else None,
        first_action=matches[0].action if matches else None,
        clinic=clinic,
        # No reassurance beside a red flag: it would contradict the action (M9).
        reassurance=(
            ""
            if matches and matches[0].urgency.rank <= Urgency.SAME_DAY.rank
            else _reassurance(catalog, days_since_treatment)
        ),
        days_since_treatment=days_since_treatment,
        locale=catalog.locale,
        unanswered=tuple(unanswered),
        approval=catalog.approval,
    )


def _reassurance(catalog: Catalog, days: int | None) -> str:
    if EXPECTED_HEALING not in catalog:
        return ""
    cause = catalog.cause(EXPECTED_HEALING)
    end = cause.duration.end_hours if cause.duration is not None else None
    if days is not None and end is not None and days * 24 >= end:
        return ""
    return cause.summary


def _suggest(id: str, known: set[str]) -> tuple[str, ...]:
    import difflib

    return tuple(difflib.get_close_matches(id, sorted(known), n=1))
