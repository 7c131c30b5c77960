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

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import attrs

from .errors import InvalidTypeError, InvalidValueError, UnansweredQuestionError, UnknownIdError
from .model import Approval, Urgency, WarningSign

if TYPE_CHECKING:
    from .catalog import Catalog
    from .checklist import ClinicContact

__all__ = ["EXPECTED_HEALING", "CheckIn", "check_in", "questions"]

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
            After a "yes" to a sign that is not urgent (the only kind it follows), it
            starts with the message catalogue's ``cli.normal_after_sign`` ("Apart from the
            sign above, this is what is normal:"), so that it does not read as covering
            that sign.

            .. versionchanged:: 0.6.0 Starts so after a "yes".
        days_since_treatment: The day of the check-in, if given (0 is the treatment day).
        locale: The language of the text.
        unanswered: Questions left unanswered because an emergency sign was answered
            "yes" (the patient must call 911 first); empty otherwise.
        not_asked: Questions that were not needed: they cannot apply on
            *days_since_treatment* (not yet, see the ``asked_from_day`` of
            :class:`~microneedle_care.model.WarningSign`, or no more, as every cause they
            point to can only begin earlier), or they are not signs of the treatments given.

            .. versionadded:: 0.6.0
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
    not_asked: tuple[str, ...] = ()
    approval: Approval | None = None

    @property
    def approval_notice(self) -> str:
        """Who at the clinic approved this check-in and when, or that no clinician has yet.

        Show it with every check-in result.
        """
        from .rendering._labels import labels_for_locale

        labels = labels_for_locale(self.locale)
        return labels.approval_line(self.approval, self.clinic, what="check-in")


def _signs(
    catalog: Catalog, treatments: Iterable[str]
) -> tuple[tuple[WarningSign, ...], tuple[str, ...]]:
    """Return the warning signs that apply to the treatments, and the ones they ask first."""
    from .treatments import plan_for

    plan = plan_for(catalog, treatments)
    wanted = plan.items["warning_signs"]
    return tuple(s for s in catalog.warning_signs if s.id in wanted), plan.checkin_questions


def _stop_questions(signs: Iterable[WarningSign]) -> tuple[str, ...]:
    """Return the ids of the questions whose "yes" ends the check-in, in *signs*' order.

    They are the emergency ("call 911") signs: after a "yes" to one, the patient must call
    first, so no other question needs an answer. :func:`check_in` stops there, and the
    FHIR Questionnaire (:func:`microneedle_care.fhir.check_in_questionnaire`) asks the
    other questions only while every one of these is answered "no".
    """
    return tuple(sign.id for sign in signs if sign.urgency is Urgency.EMERGENCY)


def questions(
    catalog: Catalog,
    days_since_treatment: int | None = None,
    *,
    treatments: Iterable[str] = (),
) -> tuple[WarningSign, ...]:
    """Return the warning signs to ask about, in the order to ask them.

    The emergency ("call 911") questions come first, then same-day, and so on; within one
    urgency, content order. On a given day, only the signs that can apply then are asked:
    a sign about redness still there after 2 weeks is not asked on day 3, and a sign whose
    causes can no longer begin (a severe allergy starts in the first 24 hours) is not
    asked on day 42. Ask in this order and stop at the first "yes" to an emergency
    question: :func:`check_in` needs no more answers after it.

    With *treatments*, only the signs that apply to them are asked. Each treatment's own
    questions (``Treatment.checkin_questions``) and the
    questions of a late check-in on that day come first *within their urgency*, so they
    never push an emergency or same-day question down; a late check-in's questions are
    always asked on its day.

    Args:
        catalog: The content the questions come from.
        days_since_treatment: Days since the treatment (0 on the day); ``None`` asks every
            question.
        treatments: Ids of the treatments given; by default the pen
            (:data:`~microneedle_care.model.DEFAULT_TREATMENT`).

    >>> import microneedle_care as mc
    >>> catalog = mc.load()
    >>> asked = questions(catalog, days_since_treatment=1)
    >>> asked[0].urgency
    <Urgency.EMERGENCY: 'emergency'>
    >>> "redness-past-two-weeks" in {sign.id for sign in asked}
    False

    .. versionadded:: 0.6.0
    .. versionchanged:: 0.6.0 Added *treatments*; urgency first, then a treatment's own
       questions; signs whose causes can no longer begin are not asked.
    """
    _check_days(days_since_treatment)
    from .treatments import plan_for

    plan = plan_for(catalog, treatments)
    wanted = plan.items["warning_signs"]
    signs = [sign for sign in catalog.warning_signs if sign.id in wanted]
    first = list(plan.checkin_questions)
    if days_since_treatment is not None:
        # A late touchpoint on schedule day d + 1 (or d) asks its own questions: never cut.
        late = [
            sign_id
            for point in plan.late_touchpoints
            if point.day in (days_since_treatment, days_since_treatment + 1)
            for sign_id in point.asks
        ]
        first += [sign_id for sign_id in late if sign_id not in first]
        causes = plan.items["causes"]
        signs = [
            sign
            for sign in signs
            if sign.id in late
            or (
                sign.asked_from_day <= days_since_treatment
                and _may_still_start(catalog, causes, sign, days_since_treatment)
            )
        ]
    order = {sign.id: index for index, sign in enumerate(catalog.warning_signs)}
    own = {sign_id: index for index, sign_id in enumerate(first)}

    def key(sign: WarningSign) -> tuple[int, int, int, int]:
        # Urgency tier first (T3): a treatment's own questions lead only within their tier.
        if sign.id in own:
            return (sign.urgency.rank, 0, own[sign.id], order[sign.id])
        return (sign.urgency.rank, 1, 0, order[sign.id])

    return tuple(sorted(signs, key=key))


def _may_still_start(
    catalog: Catalog, causes: frozenset[str], sign: WarningSign, days: int
) -> bool:
    """Whether a cause the sign points to (among the treatments' causes) can start on *days*.

    The check-in form of ``schedule._may_start`` with an open end: a sign whose every
    cause can only begin earlier (a severe allergy in the first 24 hours) is not asked on
    day 42. A sign none of whose causes is known is asked (never dropped by accident).
    """
    start = days * 24
    known = False
    for cause_id in sign.points_to:
        if cause_id not in causes or cause_id not in catalog:
            continue
        known = True
        onset = catalog.cause(cause_id).onset
        if onset is None or onset.end_hours is None or onset.end_hours > start:
            return True
    return not known


def _check_days(days: int | None) -> None:
    if days is not None and (isinstance(days, bool) or not isinstance(days, int) or days < 0):
        raise InvalidValueError(f"days_since_treatment must be an integer, 0 or more, got {days!r}")


def check_in(
    catalog: Catalog,
    answers: Mapping[str, bool],
    *,
    days_since_treatment: int | None = None,
    clinic: ClinicContact | None = None,
    treatments: Iterable[str] = (),
) -> CheckIn:
    """Triage a patient's yes/no answers to every warning sign's question.

    Args:
        catalog: The content the questions come from.
        answers: ``True`` (yes) or ``False`` (no) for every question :func:`questions`
            asks on *days_since_treatment* (every warning sign in *catalog* if it is
            ``None``). A "yes" to a question not asked that day still counts.
        days_since_treatment: Days since the treatment (0 on the day); picks the reassurance.
        clinic: How to reach the clinic, passed through for the renderers.
        treatments: Ids of the treatments given: only the signs that apply to them need
            an answer (see :func:`questions`).

    .. versionchanged:: 0.6.0 Added *treatments*.

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
    _check_days(days_since_treatment)
    asked = {sign.id for sign in questions(catalog, days_since_treatment, treatments=treatments)}
    applies = {sign.id for sign in _signs(catalog, treatments)[0]}
    from .treatments import plan_for

    # No "this is normal" for a treatment whose items leave normal healing out, nor after
    # a home roller only (it carries expected-healing so its signs can be told from normal
    # healing, but the package does not say what is normal after needling at home).
    plan = plan_for(catalog, treatments)
    reassure = EXPECTED_HEALING in plan.items["causes"] and not plan.stop_and_report_only
    # A "yes" to an emergency question ends the check-in (the questionnaire stops
    # asking there): the other questions may then stay unanswered, and say so.
    emergency = any(answers.get(id) is True for id in _stop_questions(catalog.warning_signs))
    matches = []
    unanswered = []
    not_asked = []
    for sign in catalog.warning_signs:
        if sign.id not in answers:
            if sign.id not in applies or sign.id not in asked:
                # Not a sign of these treatments, or it cannot apply that day: not needed.
                not_asked.append(sign.id)
                continue
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
            if (matches and matches[0].urgency.rank <= Urgency.SAME_DAY.rank) or not reassure
            else _reassurance(catalog, days_since_treatment, len(matches))
        ),
        days_since_treatment=days_since_treatment,
        locale=catalog.locale,
        unanswered=tuple(unanswered),
        not_asked=tuple(not_asked),
        approval=catalog.approval,
    )


def _reassurance(catalog: Catalog, days: int | None, signs: int = 0) -> str:
    if EXPECTED_HEALING not in catalog:
        return ""
    cause = catalog.cause(EXPECTED_HEALING)
    end = cause.duration.end_hours if cause.duration is not None else None
    if days is not None and end is not None and days * 24 >= end:
        return ""
    if not signs:
        return cause.summary
    # After a "yes" (a within-days sign), the note must not read as covering that sign
    # too (independent review round 2, AA3): it says it is about everything else.
    from ._i18n import messages

    words = messages(catalog.locale).cli
    lead = words["normal_after_sign" if signs == 1 else "normal_after_signs"]
    # The lead-in already says "this is what is normal": the summary's own "This is
    # normal." would repeat it (independent review round 3b, CC14).
    summary = cause.summary.replace(words["normal_repeat"], words["normal_repeat_with"], 1)
    if words["lead_case"] == "lower" and summary and not summary[1:2].isupper():
        # French and Spanish go on in lower case after the lead-in's colon; English keeps
        # its capital (independent review round 4, DD15). The message file says which,
        # and an initialism ("RF", "PRP") keeps its capitals (round 5, EE7).
        summary = summary[0].lower() + summary[1:]
    return f"{lead} {summary}"


def _suggest(id: str, known: set[str]) -> tuple[str, ...]:
    import difflib

    return tuple(difflib.get_close_matches(id, sorted(known), n=1))
