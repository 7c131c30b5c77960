"""The symptom check-in as a Questionnaire: one yes/no question per warning sign."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._common import (
    CHECK_IN_ID,
    DEFAULT_BASE,
    Resource,
    _definitional,
    _locale,
    _words,
    check_in_url,
)

if TYPE_CHECKING:
    from ..catalog import Catalog


def check_in_questionnaire(catalog: Catalog, *, base: str = DEFAULT_BASE) -> Resource:
    """Return the symptom check-in: one yes/no (boolean) question per warning sign.

    Each item's ``linkId`` is the warning sign's id and its text the sign's ``question``.
    The emergency questions come first and are always asked; every other question is
    enabled (``enableWhen``, ``enableBehavior: all``) only while every emergency question
    is answered "no", since a "yes" there means calling 911 before anything else.

    .. versionadded:: 0.5.0

    >>> import microneedle_care as mc
    >>> q = check_in_questionnaire(mc.load())
    >>> [i["linkId"] for i in q["item"]][:2]
    ['severe-allergic-reaction', 'spreading-sores-with-eczema']
    >>> next(i for i in q["item"] if "enableWhen" in i)["enableWhen"][0]
    {'question': 'severe-allergic-reaction', 'operator': '=', 'answerBoolean': False}
    """
    words = _words(_locale(catalog))
    resource = _definitional(
        "Questionnaire", CHECK_IN_ID, check_in_url(base), "CheckIn", words.check_in_title, catalog
    )
    resource["subjectType"] = ["Patient"]
    from ..checkin import _stop_questions  # the one rule of where the check-in stops

    signs = sorted(catalog.warning_signs, key=lambda sign: sign.urgency.rank)
    emergencies = _stop_questions(signs)
    items = []
    for sign in signs:
        item: Resource = {
            "linkId": sign.id,
            "text": sign.question or sign.sign,
            "type": "boolean",
            "required": True,
        }
        if sign.id not in emergencies and emergencies:
            item["enableWhen"] = [
                {"question": e, "operator": "=", "answerBoolean": False} for e in emergencies
            ]
            item["enableBehavior"] = "all"
        items.append(item)
    resource["item"] = items
    return resource
