"""Reading QuestionnaireResponses back: the only code here that reads untrusted FHIR input.

Every problem with a response is collected with its JSON path and raised together as one
:class:`~microneedle_care.errors.ContentError`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..errors import ContentError, Problem
from ._common import ANSWER_CODES, DEFAULT_BASE, answers_system, check_in_url, questionnaire_url

if TYPE_CHECKING:
    from ..catalog import Catalog


def _problem(problems: list[Problem], path: str, message: str) -> None:
    problems.append(Problem(path, message))


def _answer_code(
    item: Mapping[str, Any], path: str, system: str, problems: list[Problem]
) -> str | None:
    """Return the code of *item*'s answer, ``None`` if unanswered; note what is wrong."""
    answers = item.get("answer")
    if answers is None or answers == []:
        return None
    if not isinstance(answers, Sequence) or isinstance(answers, str):
        _problem(problems, f"{path}.answer", "expected a list of answers")
        return None
    if len(answers) > 1:
        _problem(problems, f"{path}.answer", f"expected one answer, got {len(answers)}")
        return None
    answer, path = answers[0], f"{path}.answer[0]"
    coding = answer.get("valueCoding") if isinstance(answer, Mapping) else None
    if not isinstance(coding, Mapping):
        _problem(problems, f"{path}.valueCoding", "expected a valueCoding (yes, no or unsure)")
        return None
    if "system" in coding and coding["system"] != system:
        message = f"expected the system {system!r}, got {coding['system']!r}"
        _problem(problems, f"{path}.valueCoding.system", message)
        return None
    code = coding.get("code")
    if code not in ANSWER_CODES:
        expected = ", ".join(repr(c) for c in ANSWER_CODES)
        message = "missing" if code is None else f"expected one of {expected}, got {code!r}"
        _problem(problems, f"{path}.valueCoding.code", message)
        return None
    return str(code)


_RESPONSE_STATUSES = frozenset({"in-progress", "completed", "amended", "stopped"})


def _response_items(
    response: object, expected_url: str, problems: list[Problem], source: str
) -> Sequence[object]:
    """Check a QuestionnaireResponse's header and return its items (empty if malformed).

    Raises:
        ContentError: If *response* is not an object or not a QuestionnaireResponse; other
            problems are added to *problems*.
    """
    if not isinstance(response, Mapping):
        raise ContentError(source, (Problem("$", "expected a JSON object"),))
    kind = response.get("resourceType")
    if kind != "QuestionnaireResponse":
        message = f"expected 'QuestionnaireResponse', got {kind!r}"
        raise ContentError(source, (Problem("$.resourceType", message),))
    status = response.get("status")
    if status == "entered-in-error":
        _problem(problems, "$.status", "the response is marked entered-in-error")
    elif status not in _RESPONSE_STATUSES:
        # FHIR requires a status; only these five codes exist (attack report L13).
        _problem(
            problems,
            "$.status",
            f"expected one of {', '.join(sorted(_RESPONSE_STATUSES))}, got {status!r}",
        )
    questionnaire = response.get("questionnaire")
    if questionnaire is not None and (
        not isinstance(questionnaire, str) or questionnaire.split("|")[0] != expected_url
    ):
        message = f"expected the questionnaire {expected_url!r}, got {questionnaire!r}"
        _problem(problems, "$.questionnaire", message)
    items = response.get("item", [])
    if not isinstance(items, Sequence) or isinstance(items, str):
        _problem(problems, "$.item", "expected a list of items")
        return []
    return items


def risk_factors_from_response(
    response: Mapping[str, object],
    catalog: Catalog,
    *,
    unsure_counts: bool = True,
    base: str = DEFAULT_BASE,
    source: str = "<QuestionnaireResponse>",
) -> tuple[str, ...]:
    """Return the risk factors a QuestionnaireResponse to :func:`risk_questionnaire` reports.

    A risk factor counts if it is answered ``yes``, or ``unsure`` when *unsure_counts*
    (the default), so that a patient who is not sure still gets the precautions. An
    unanswered question does not count. A retired id is read as its replacement, with a
    :class:`DeprecationWarning`, as the catalog's lookups do.

    Args:
        response: The QuestionnaireResponse, as decoded JSON.
        catalog: The content the questions came from.
        unsure_counts: Whether ``unsure`` counts as ``yes``.
        base: The prefix the Questionnaire was exported with; the answers' code system
            and the ``questionnaire`` canonical, where given, must match it.
        source: Where the response came from, named in error messages.

    Returns:
        The ids of the risk factors, in catalog order, ready for
        :func:`~microneedle_care.checklist.build_checklist`.

    Raises:
        ContentError: If *response* is not a QuestionnaireResponse, is marked
            ``entered-in-error``, answers another questionnaire, or an item is
            malformed; every problem is listed with its JSON path, such as
            ``$.item[3].answer[0].valueCoding.code``.
        UnknownIdError: If a ``linkId`` is not a risk factor of *catalog*.

    >>> import microneedle_care as mc
    >>> response = {
    ...     "resourceType": "QuestionnaireResponse",
    ...     "status": "completed",
    ...     "item": [
    ...         {"linkId": "metal-allergy", "answer": [{"valueCoding": {"code": "unsure"}}]},
    ...         {"linkId": "active-acne", "answer": [{"valueCoding": {"code": "yes"}}]},
    ...     ],
    ... }
    >>> risk_factors_from_response(response, mc.load())
    ('active-acne', 'metal-allergy')
    >>> risk_factors_from_response(response, mc.load(), unsure_counts=False)
    ('active-acne',)
    """
    problems: list[Problem] = []
    items = _response_items(response, questionnaire_url(base), problems, source)

    counted = {"yes", "unsure"} if unsure_counts else {"yes"}
    system = answers_system(base)
    chosen: set[str] = set()
    seen: dict[str, str] = {}
    for index, item in enumerate(items):
        path = f"$.item[{index}]"
        if not isinstance(item, Mapping):
            _problem(problems, path, "expected a JSON object")
            continue
        link_id = item.get("linkId")
        if not isinstance(link_id, str):
            _problem(problems, f"{path}.linkId", "expected the id of a risk factor")
            continue
        if "item" in item:
            _problem(problems, f"{path}.item", "expected no nested items")
        rf_id = catalog.risk_factor(link_id).id
        if rf_id in seen:
            _problem(problems, f"{path}.linkId", f"{rf_id!r} is answered twice ({seen[rf_id]})")
            continue
        seen[rf_id] = path
        if _answer_code(item, path, system, problems) in counted:
            chosen.add(rf_id)
    if problems:
        raise ContentError(source, tuple(problems))
    return tuple(rf.id for rf in catalog.risk_factors if rf.id in chosen)


def answers_from_response(
    response: Mapping[str, object],
    catalog: Catalog,
    *,
    base: str = DEFAULT_BASE,
    source: str = "<QuestionnaireResponse>",
) -> dict[str, bool]:
    """Read a QuestionnaireResponse to :func:`check_in_questionnaire` back into answers.

    Unanswered questions are left out, so that
    :func:`~microneedle_care.checkin.check_in` names them; they are never read as "no".

    .. versionadded:: 0.5.0

    Args:
        response: The QuestionnaireResponse, as decoded JSON.
        catalog: The content the questions came from.
        base: The prefix the Questionnaire was exported with.
        source: Where the response came from, named in error messages.

    Returns:
        The answers by warning sign id, ready for
        :func:`~microneedle_care.checkin.check_in`.

    Raises:
        ContentError: If *response* is not a QuestionnaireResponse to the check-in, or an
            item is malformed; every problem is listed with its JSON path.
        UnknownIdError: If a ``linkId`` is not a warning sign of *catalog*.

    >>> import microneedle_care as mc
    >>> response = {
    ...     "resourceType": "QuestionnaireResponse",
    ...     "status": "completed",
    ...     "item": [{"linkId": "cold-sore-flare", "answer": [{"valueBoolean": True}]}],
    ... }
    >>> answers_from_response(response, mc.load())
    {'cold-sore-flare': True}
    """
    problems: list[Problem] = []
    items = _response_items(response, check_in_url(base), problems, source)
    answers: dict[str, bool] = {}
    for index, item in enumerate(items):
        path = f"$.item[{index}]"
        if not isinstance(item, Mapping) or not isinstance(item.get("linkId"), str):
            _problem(problems, f"{path}.linkId", "expected the id of a warning sign")
            continue
        sign_id = catalog.warning_sign(item["linkId"]).id
        if "item" in item:
            # The check-in has no nested questions: an answer hidden in one would be lost.
            _problem(problems, f"{path}.item", "the check-in has no nested items")
            continue
        if sign_id in answers:
            _problem(problems, f"{path}.linkId", f"{sign_id!r} is answered twice")
            continue
        given = item.get("answer")
        if given is None or given == []:
            continue
        if not isinstance(given, Sequence) or isinstance(given, str) or len(given) != 1:
            _problem(problems, f"{path}.answer", "expected exactly one answer")
            continue
        if isinstance(given[0], Mapping) and "item" in given[0]:
            _problem(problems, f"{path}.answer[0].item", "the check-in has no nested items")
            continue
        value = given[0].get("valueBoolean") if isinstance(given[0], Mapping) else None
        if not isinstance(value, bool):
            _problem(problems, f"{path}.answer[0].valueBoolean", "expected true or false")
            continue
        answers[sign_id] = value
    if problems:
        raise ContentError(source, tuple(problems))
    return answers
