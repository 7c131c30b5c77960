"""Hypothesis strategies for the content model and for whole content packs."""

from __future__ import annotations

import copy
import datetime
import json
from collections import Counter, defaultdict
from importlib import resources
from typing import Any

from hypothesis import strategies as st

from microneedle_care import (
    AftercareStep,
    Cause,
    CauseCategory,
    ContentPack,
    Deprecation,
    EvidenceLevel,
    Likelihood,
    Modifiability,
    Myth,
    Reference,
    RiskFactor,
    SourceType,
    StepKind,
    StepScope,
    TimeWindow,
    Urgency,
    WarningSign,
)

PACK_EXAMPLES = 30
"""Examples for a test whose every example draws a whole random pack (:func:`packs`).

Drawing one pack takes Hypothesis about 0.1 s under coverage, while the property checked
on it takes a few milliseconds; 30 packs hold hundreds of random ids, texts and relations.
The profile's 100 examples made six such tests nearly a fifth of the suite's CPU time.
"""

FUZZ_COUNTS: defaultdict[str, Counter[str]] = defaultdict(Counter)
"""Outcomes of the fuzz tests by pack kind, printed in the terminal summary."""

ids = st.from_regex(r"[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)
# One line of text: content text may hold no control character, line separator, invisible
# format character (Cf: bidi controls, zero-width characters, soft hyphen) or noncharacter.
_line_chars = st.characters(exclude_categories=("Cc", "Cf", "Cs", "Zl", "Zp")).filter(
    lambda c: not (0xFDD0 <= ord(c) <= 0xFDEF or (ord(c) & 0xFFFE) == 0xFFFE)
)
text = st.text(_line_chars, min_size=1, max_size=40).filter(lambda s: s.strip() != "")
any_text = st.text(_line_chars, max_size=40)


@st.composite
def windows(draw: st.DrawFn) -> TimeWindow:
    start = draw(st.integers(0, 24 * 60))
    end = draw(st.none() | st.integers(start + 1, start + 24 * 60))
    return TimeWindow(start, end)


def _subset(draw: st.DrawFn, pool: list[str], min_size: int = 0) -> tuple[str, ...]:
    if not pool:
        return ()
    return tuple(draw(st.lists(st.sampled_from(pool), min_size=min_size, max_size=3, unique=True)))


@st.composite
def packs(draw: st.DrawFn) -> ContentPack:
    """A valid pack: unique ids across kinds, and every relation resolves."""
    sizes = [draw(st.integers(1, 3)), draw(st.integers(1, 4))]
    sizes += [draw(st.integers(0, 3)) for _ in range(4)]
    all_ids = iter(draw(st.lists(ids, min_size=sum(sizes), max_size=sum(sizes), unique=True)))
    ref_ids, cause_ids, step_ids, rf_ids, sign_ids, myth_ids = (
        [next(all_ids) for _ in range(size)] for size in sizes
    )

    def refs() -> tuple[str, ...]:
        return _subset(draw, ref_ids, min_size=1)

    def level() -> EvidenceLevel:
        return draw(st.sampled_from(EvidenceLevel))

    references = tuple(
        Reference(
            id=i,
            authors=tuple(draw(st.lists(text, max_size=3))),
            title=draw(text),
            publisher=draw(text),
            year=draw(st.none() | st.integers(1900, 2100)),
            source_type=draw(st.sampled_from(SourceType)),
            verified=draw(st.booleans()),
            doi=draw(st.none() | text),
            pmid=draw(st.none() | st.from_regex(r"[0-9]{6,8}", fullmatch=True)),
            url=draw(st.none() | text),
            note=draw(any_text),
        )
        for i in ref_ids
    )
    causes = tuple(
        Cause(
            id=i,
            name=draw(text),
            category=draw(st.sampled_from(CauseCategory)),
            summary=draw(text),
            how_to_tell=draw(text),
            mechanism=draw(any_text),
            evidence_notes=draw(any_text),
            onset=draw(st.none() | windows()),
            duration=draw(st.none() | windows()),
            likelihood=draw(st.sampled_from(Likelihood)),
            evidence=level(),
            references=refs(),
        )
        for i in cause_ids
    )
    steps = tuple(
        AftercareStep(
            id=i,
            action=draw(text),
            reason=draw(text),
            kind=draw(st.sampled_from(StepKind)),
            window=draw(windows()),
            scope=draw(st.sampled_from(StepScope)),
            addresses=_subset(draw, cause_ids),
            clinician_notes=draw(any_text),
            evidence=level(),
            references=refs(),
        )
        for i in step_ids
    )
    risk_factors = tuple(
        RiskFactor(
            id=i,
            name=draw(text),
            description=draw(text),
            question=draw(text),
            modifiable=draw(st.sampled_from(Modifiability)),
            raises=_subset(draw, cause_ids, min_size=1),
            mitigated_by=_subset(draw, step_ids),
            clinician_notes=draw(any_text),
            evidence=level(),
            references=refs(),
        )
        for i in rf_ids
    )
    signs = tuple(
        WarningSign(
            id=i,
            sign=draw(text),
            action=draw(text),
            urgency=draw(st.sampled_from(Urgency)),
            points_to=_subset(draw, cause_ids, min_size=1),
            clinician_notes=draw(any_text),
            evidence=level(),
            references=refs(),
        )
        for i in sign_ids
    )
    myths = tuple(
        Myth(
            id=i,
            claim=draw(text),
            correction=draw(text),
            distorts=_subset(draw, cause_ids),
            evidence_notes=draw(any_text),
            evidence=level(),
            references=refs(),
        )
        for i in myth_ids
    )
    return ContentPack(
        content_version=draw(
            st.from_regex(r"(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]?)\.(0|[1-9][0-9]?)", fullmatch=True)
        ),
        reviewed=draw(st.dates(datetime.date(2000, 1, 1), datetime.date(2100, 1, 1))),
        disclaimer=draw(text),
        causes=causes,
        risk_factors=risk_factors,
        aftercare_steps=steps,
        warning_signs=signs,
        myths=myths,
        references=references,
        deprecated=tuple(
            Deprecation(
                id=f"x-retired-{n}",  # cannot collide: later id segments are at most 6 characters
                replaced_by=_subset(draw, cause_ids),
                since="1.0.0",
                reason=draw(any_text),
            )
            for n in range(draw(st.integers(0, 2)))
        ),
    )


# JSON values of every type, for replacing a field with one of the wrong type.
json_scalars: st.SearchStrategy[Any] = (
    st.none() | st.booleans() | st.integers() | st.text(max_size=5)
)
json_values: st.SearchStrategy[Any] = (
    json_scalars
    | st.lists(json_scalars, max_size=2)
    | st.dictionaries(st.text(max_size=3), json_scalars, max_size=2)
)


_PACKAGED: dict[str, Any] = json.loads(
    resources.files("microneedle_care").joinpath("data", "content.json").read_bytes()
)


def packaged_data() -> dict[str, Any]:
    """Return a fresh deep copy of the packaged content as decoded JSON, free to modify."""
    return copy.deepcopy(_PACKAGED)
