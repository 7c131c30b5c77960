"""What a patient texts back, read (private: :mod:`microneedle_care.messaging` re-exports it).

Replies are folded with :func:`microneedle_care._patterns.fold`, the one text folding the
package has (case, accents, apostrophes and punctuation do not matter), and matched
against keyword sets and plain-wording patterns in English, French and Spanish.
"""

from __future__ import annotations

import enum
import re
from typing import TYPE_CHECKING

import attrs

from . import _i18n
from ._patterns import fold
from .errors import ScheduleError

if TYPE_CHECKING:
    from .checklist import ClinicContact

__all__ = ["Reply", "ReplyKind", "parse_reply"]


class ReplyKind(enum.Enum):
    """What a patient's reply asks for."""

    OPT_OUT = "opt-out"
    HELP = "help"
    START = "start"
    OTHER = "other"


@attrs.frozen(kw_only=True)
class Reply:
    """A patient's reply, read.

    Attributes:
        kind: What it asks for.
        confirmation: The one text to send back (within minutes), or ``None`` for
            ``ReplyKind.OTHER``: send nothing automatic then.
        needs_review: The reply has an opt-out word but did not read as an opt-out; a
            person at the clinic should read it (and honour it if it is one).
    """

    kind: ReplyKind
    confirmation: str | None
    needs_review: bool = False


_OPT_OUT_WORDS = frozenset(
    {
        "stop",
        "stopall",
        "quit",
        "end",
        "revoke",
        "opt out",
        "optout",
        "cancel",
        "unsubscribe",
        "remove",
        "arret",
        "arreter",
        "arretez",
        "td",
        "desabonner",
        "desabonnement",
        "desinscrire",
        "no mas",
        "alto",
        "parar",
        "pare",
        "cancelar",
        "baja",
        "darme de baja",
        "basta",
        "ya basta",
    }
)
_HELP_WORDS = frozenset({"help", "info", "aide", "aidez moi", "ayuda", "ayudenme", "informacion"})
_START_WORDS = frozenset(
    {"start", "unstop", "resume", "reprendre", "commencer", "empezar", "comenzar", "reanudar"}
)
_POLITE = frozenset(
    {"all", "please", "now", "thanks", "thank you", "svp", "merci", "s il vous plait"}
    | {"por favor", "gracias", "ya", "ahora"}
)
_OPT_OUT_PHRASES = re.compile(
    r"\b(?:"
    r"stop (?:texting|messaging|sending|contacting|txting|the texts|these texts|all texts)"
    r"|(?:do not|dont|never) (?:text|message|contact|send) me"
    r"|no (?:more )?(?:texts|messages|sms)"
    r"|take me off|remove me|unsubscribe me|opt me out|leave me alone"
    r"|(?:arrete|arretez|cessez|cesse) de (?:m |me )(?:ecrire|envoyer|texter|contacter)"
    r"|ne (?:m |me )?(?:ecrivez|texte|textez|envoyez|contactez) plus"
    r"|plus de (?:textos|texto|messages|sms)"
    r"|desabonn|desinscri|retirez moi|enlevez moi"
    r"|(?:no|ya no) (?:me )?(?:mande|manden|envie|envien|escriba|escriban) (?:mas|nada)"
    r"|dej(?:e|en) de (?:mandar|enviar|escribir)(?:me)?"
    r"|no (?:quiero )?(?:mas )?(?:mensajes|textos|sms)"
    r"|quitenme|borrenme|sacenme|darme de baja"
    r")"
)
_OPT_OUT_HINT = re.compile(
    r"\b(?:stop|arret\w*|unsubscribe|cancel\w*|quit|alto|baja|basta|parar)\b"
)


def _keyword(words: str, vocabulary: frozenset[str]) -> bool:
    if words in vocabulary:
        return True
    for keyword in vocabulary:
        if words.startswith(keyword + " ") and words[len(keyword) + 1 :] in _POLITE:
            return True
    return False


def parse_reply(text: str, locale: str, *, clinic: ClinicContact | None = None) -> Reply:
    """Read a patient's reply: call it on every inbound text, before anything else.

    Opt-outs are the keywords STOP, QUIT, END, REVOKE, OPT OUT, CANCEL, UNSUBSCRIBE,
    REMOVE, ARRET (with or without its accent), TD, and in Spanish ALTO, PARE, PARAR,
    CANCELAR, BAJA, BASTA and NO MÁS, alone or with "please" (« por favor »), and
    any plain wording such as "please stop texting me", « arrêtez de m'écrire » or « ya
    no me manden más ». Stop sending to that number at once (the law allows at most 10
    business days) and send its ``confirmation``, once. HELP, INFO, AIDE or AYUDA get the
    clinic's phone; START, UNSTOP or EMPEZAR restart the texts. Case, accents and
    punctuation do not matter.

    Args:
        text: The reply as received.
        locale: The patient's language, for the confirmation text.
        clinic: The clinic, named in the confirmation text.
    """
    if not isinstance(text, str):
        raise ScheduleError(f"a reply must be a string, got {type(text).__name__}")
    words = _i18n.messages(locale).texts
    name = clinic.name if clinic is not None else words["us"]
    said = fold(text[:2000])
    if _keyword(said, _OPT_OUT_WORDS) or _OPT_OUT_PHRASES.search(said):
        return Reply(kind=ReplyKind.OPT_OUT, confirmation=words["confirm_stop"].format(name=name))
    if _keyword(said, _HELP_WORDS):
        parts = [words["help"].format(name=name)]
        if clinic is not None:
            parts.append(words["help_call"].format(phone=clinic.phone))
        parts += [words["emergency"], words["stop"]]
        return Reply(kind=ReplyKind.HELP, confirmation=" ".join(parts))
    if _keyword(said, _START_WORDS):
        return Reply(kind=ReplyKind.START, confirmation=words["confirm_start"].format(name=name))
    return Reply(
        kind=ReplyKind.OTHER, confirmation=None, needs_review=bool(_OPT_OUT_HINT.search(said))
    )
