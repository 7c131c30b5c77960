"""The fixed words of texts and emails, per canonical locale (data only).

Keyed by the canonical locale names of :mod:`microneedle_care._locale` (``"en"``,
``"fr-CA"``), so a later step can move them into a per-locale message catalogue file.
Both the schedule's texts and emails (:mod:`microneedle_care.rendering.messages`) and
the texts under a messaging policy (:mod:`microneedle_care.messaging`) read them here.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["STOPS", "WORDS", "for_locale", "stops_for_locale"]

WORDS: Mapping[str, Mapping[str, str]] = {
    "en": {
        # The schedule's texts and emails.
        "day": "Day {day} of your aftercare",
        "day_one": "Treatment day",
        "start": "Start today",
        "end": "You no longer need to follow",
        "watch": "Call {phone} if you notice",
        "watch_911": "Get emergency help now if you notice",
        "watch_no_phone": "Call your clinic if you notice",
        "sms_call": "Worried about your skin? Call {phone}.",
        "subject": "{name}: your aftercare, day {day}",
        "subject_no_clinic": "Your aftercare, day {day}",
        "colon": ":",
        # Texts under a messaging policy, replies and the email footer.
        "days": "Days {first} to {last} of your aftercare.",
        "two_days": "Days {first} and {last} of your aftercare.",
        "from_day": "From day {day}",
        "hi": "Hi {name}.",
        "call_short": "Questions? Call {phone}.",
        "call_min": "Call {phone}.",
        "stop": "Reply STOP to opt out.",
        "visit": "About your visit on {date}{colon} {link}",
        "link": "Full sheet{colon} {link}",
        "emergency": "In an emergency, call 911.",
        # "Emergency? Call 911." reads at grade 9: the full sentence is kept in English.
        "emergency_short": "In an emergency, call 911.",
        "confirm_stop": "You will get no more texts from {name}.",
        "confirm_start": "You will get texts from {name} again. Reply STOP to opt out.",
        "help": "Aftercare texts from {name}.",
        "help_call": "Call {phone} for help.",
        "footer": "Sent by {name}{phone}.",
        "unsubscribe": "To get no more of these emails, reply UNSUBSCRIBE{or_call}.",
        "or_call": " or call {phone}",
        "us": "us",
    },
    "fr-CA": {
        "day": "Jour {day} de vos soins",
        "day_one": "Jour du traitement",
        "start": "À commencer aujourd'hui",
        "end": "Vous n'avez plus à suivre",
        "watch": "Appelez le {phone} si vous remarquez",
        "watch_911": "Obtenez de l'aide d'urgence tout de suite si vous remarquez",
        "watch_no_phone": "Appelez votre clinique si vous remarquez",
        "sms_call": "Votre peau vous inquiète? Appelez le {phone}.",
        "subject": "{name}\u00a0: vos soins, jour {day}",
        "subject_no_clinic": "Vos soins, jour {day}",
        "colon": "\u00a0:",  # French puts a no-break space before a colon
        "days": "Jours {first} à {last} de vos soins.",
        "two_days": "Jours {first} et {last} de vos soins.",
        "from_day": "À partir du jour {day}",
        "hi": "Bonjour {name}.",
        "call_short": "Questions? Appelez le {phone}.",
        "call_min": "Appelez le {phone}.",
        "stop": "Répondez ARRET pour ne plus en recevoir.",
        "visit": "Visite du {date}{colon} {link}",
        "link": "Fiche complète{colon} {link}",
        "emergency": "En cas d'urgence, composez le 911.",
        "emergency_short": "Urgence? Composez le 911.",
        "confirm_stop": "Vous ne recevrez plus de textos de {name}.",
        "confirm_start": (
            "Vous recevrez de nouveau les textos de {name}. Répondez ARRET pour ne plus en"
            " recevoir."
        ),
        "help": "Textos de soins de {name}.",
        "help_call": "Appelez le {phone} pour de l'aide.",
        "footer": "Envoyé par {name}{phone}.",
        "unsubscribe": "Pour ne plus recevoir ces courriels, répondez DÉSABONNER{or_call}.",
        "or_call": " ou appelez le {phone}",
        "us": "nous",
    },
}

#: How a text says to opt out, from the fullest to the shortest form.
STOPS: Mapping[str, tuple[str, ...]] = {
    "en": (WORDS["en"]["stop"],),
    "fr-CA": (WORDS["fr-CA"]["stop"], "ARRET pour ne plus en recevoir."),
}


def for_locale(locale: str) -> Mapping[str, str]:
    """Return the words of *locale*, chosen by its canonical name.

    Raises:
        UnknownLocaleError: If the package has no words in *locale*.
    """
    from .._locale import normalise

    return WORDS[normalise(locale)]


def stops_for_locale(locale: str) -> tuple[str, ...]:
    """Return the opt-out forms of *locale*, from the fullest to the shortest."""
    from .._locale import normalise

    return STOPS[normalise(locale)]
