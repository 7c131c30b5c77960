"""How a schedule's texts are put together under a messaging policy (private).

:func:`microneedle_care.messaging.plan_messages` uses it: :func:`merge` joins touchpoints
until a policy's day and week caps hold, :func:`window_time` moves a send time into its
hours, and :func:`compose` writes the fullest text a policy allows, keeping steps by the
rule the policy-free texts use too (:func:`microneedle_care.rendering.messages.add_steps`).
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import attrs

from ._segments import segments
from .errors import PolicyError
from .model import Urgency
from .rendering.messages import add_steps

if TYPE_CHECKING:
    from .messaging import MessagingPolicy
    from .schedule import Touchpoint

__all__ = ["Group", "check_first_name", "check_link", "compose", "merge", "window_time"]

_LINK = re.compile(r"https://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:/[!-~]*)?")
_LINK_MAX = 200
_NAME_MAX = 40


def check_link(link: object) -> str | None:
    if link is None:
        return None
    if not isinstance(link, str) or len(link) > _LINK_MAX or not _LINK.fullmatch(link):
        raise PolicyError(
            "link", f"the link must be one https:// address of at most {_LINK_MAX} characters"
        )
    return link


def check_first_name(name: object) -> str | None:
    if name is None:
        return None
    if not isinstance(name, str):
        raise PolicyError("first_name", f"first_name must be a string, got {type(name).__name__}")
    name = " ".join(name.split())
    if not name or len(name) > _NAME_MAX or any(not ch.isprintable() for ch in name):
        raise PolicyError("first_name", f"first_name must be 1 to {_NAME_MAX} printable characters")
    return name


def _fits(text: str, pol: MessagingPolicy, locale: str) -> bool:
    if pol.max_chars is not None and len(text) > pol.max_chars:
        return False
    return segments(text).count <= pol.budget(locale)


def _room(
    text: Callable[[str, list[str], list[str]], str],
    extra: list[str],
    pol: MessagingPolicy,
    locale: str,
) -> Callable[[list[str]], bool]:
    """Whether a text with these steps, and *extra*, is still within *pol*."""
    return lambda body: _fits(text("", body, extra), pol, locale)


@functools.lru_cache(maxsize=4096)
def compose(
    pol: MessagingPolicy,
    locale: str,
    sender: str,
    day: str,
    greeting: str,
    steps: tuple[str, ...],
    musts: tuple[tuple[str, ...], ...],
    extras: tuple[str, ...],
    late: tuple[str, ...],
    stops: tuple[str, ...],
    text_order: tuple[int, ...] | None = None,
) -> str | None:
    """Return the fullest text within *pol*, or ``None`` if even the shortest does not fit.

    A text reads: the sender, the greeting, the day, the steps, the must-say lines, the
    extras, the late lines, the opt-out. *musts* and *stops* are forms from the fullest
    to the shortest: the shorter opt-out is tried first, then no day label, then a
    shorter must-say form. The first step, the extras in order (each if it fits), the
    other steps (each if it fits), the late lines and last the greeting get what room
    is left. *text_order*, a permutation of the extras' indexes, is the order they are
    written in when it differs from the order they are kept in.
    """
    rank = {item: (text_order or range(len(extras))).index(i) for i, item in enumerate(extras)}
    forms = [(must, stop, head) for must in musts for head in (day, "") for stop in stops]
    for must, stop, head in forms:

        def text(
            hi: str,
            body: list[str],
            extra: list[str],
            *,
            head: str = head,
            must: tuple[str, ...] = must,
            stop: str = stop,
        ) -> str:
            placed = sorted(extra, key=lambda e: rank.get(e, len(rank)))
            return " ".join(p for p in (sender, hi, head, *body, *must, *placed, stop) if p)

        if not _fits(text("", [], []), pol, locale):
            continue
        # The day's most time-bound step first ("do not wash for the first hours"), then
        # the extras (the approval notice, the nurse line), then the other steps that
        # still fit, and only then the *late* lines (the link): a step the patient must
        # follow is not dropped for a link to the sheet that carries it anyway (review
        # R6-2). A step that does not fit is left for the email and a shorter one may
        # follow (reviews R4-1, R5-1, R5-2).
        body: list[str] = []
        add_steps(body, steps, _room(text, [], pol, locale), first=True)
        extra: list[str] = []
        for item in extras:
            if item and _fits(text("", body, [*extra, item]), pol, locale):
                extra.append(item)
        add_steps(body, steps, _room(text, extra, pol, locale), first=False)
        for item in late:
            if item and _fits(text("", body, [*extra, item]), pol, locale):
                extra.append(item)
        hi = greeting if _fits(text(greeting, body, extra), pol, locale) else ""
        return text(hi, body, extra)
    return None


@attrs.frozen
class Group:
    touchpoints: tuple[Touchpoint, ...]
    send_at: datetime.datetime


def window_time(
    local: datetime.datetime, zone: datetime.tzinfo, pol: MessagingPolicy
) -> datetime.datetime:
    """Move *local* into the policy's hours on the same local day, across DST changes."""
    wall = local.replace(tzinfo=None).time()
    wanted = min(max(wall, pol.send_from), pol.send_until)
    moved = datetime.datetime.combine(local.date(), wanted, tzinfo=zone)
    # A wall time in a DST gap does not exist: step forward to the first one that does.
    while moved.astimezone(datetime.timezone.utc).astimezone(zone).time() != wanted:
        wanted = (
            datetime.datetime.combine(local.date(), wanted) + datetime.timedelta(minutes=15)
        ).time()
        moved = datetime.datetime.combine(local.date(), wanted, tzinfo=zone)
    return moved.astimezone(zone)


def _urgency(group: Group) -> int:
    rank = {Urgency.EMERGENCY: 100, Urgency.SAME_DAY: 10}
    return sum(rank.get(sign.urgency, 1) for t in group.touchpoints for sign in t.watch) + sum(
        len(t.starts) for t in group.touchpoints
    )


def merge(groups: list[Group], pol: MessagingPolicy) -> list[Group]:
    """Merge touchpoints until the day and week caps hold, keeping the most urgent.

    A merged text is sent at its first touchpoint's time: the later days' steps arrive
    early (labelled with their day) and their warning signs are added, so nothing
    urgent comes late. The least urgent group in a window over the cap goes into the
    one before it.
    """

    def merged(a: Group, b: Group) -> Group:
        return Group(a.touchpoints + b.touchpoints, a.send_at)

    changed = True
    while changed:
        changed = False
        if pol.per_day is not None:
            for index in range(1, len(groups)):
                same = [
                    g
                    for g in groups[: index + 1]
                    if g.send_at.date() == groups[index].send_at.date()
                ]
                if len(same) > pol.per_day:
                    groups[index - 1 : index + 1] = [merged(groups[index - 1], groups[index])]
                    changed = True
                    break
        if changed or pol.per_week is None:
            continue
        for start in range(len(groups)):
            first = groups[start].send_at.date()
            window = [
                i for i in range(start, len(groups)) if (groups[i].send_at.date() - first).days < 7
            ]
            if len(window) > pol.per_week:
                # The least urgent of the window (never the first, which has nothing before
                # it inside the window) joins the group before it.
                victim = min(window[1:], key=lambda i: (_urgency(groups[i]), -i))
                groups[victim - 1 : victim + 1] = [merged(groups[victim - 1], groups[victim])]
                changed = True
                break
    return groups
