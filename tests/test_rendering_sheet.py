"""The worded sheet: one model (rendering/_sheet.py) that every patient format serialises."""

from __future__ import annotations

import ast
import datetime
import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

import microneedle_care as mc
from microneedle_care import ClinicContact, build_checklist
from microneedle_care.rendering import _sheet

RENDERING = Path(mc.rendering.__file__).parent
SERIALISERS = ("text.py", "markdown.py", "html.py", "pdf.py")
CLINIC = ClinicContact(
    name="Lakeview Skin Clinic",
    phone="905-555-0134",
    email="care@lakeview.example",
    after_hours="905-555-0199",
)
DAY = datetime.date(2026, 11, 25)
RISKS = ["cold-sore-history", "darker-skin-or-dark-marks"]

CHECKLISTS = {
    "en-default": {"locale": "en"},
    "fr-default": {"locale": "fr"},
    "en-full": {"locale": "en", "clinic": CLINIC, "treatment_date": DAY, "risk_factors": RISKS},
    "fr-full": {"locale": "fr", "clinic": CLINIC, "treatment_date": DAY, "risk_factors": RISKS},
}


def _checklist(name: str, **extra: Any) -> mc.Checklist:
    return build_checklist(**{**CHECKLISTS[name], **extra})


# -- One model -------------------------------------------------------------------------


def _text_headings(text: str, wanted: tuple[str, ...]) -> list[str]:
    """The lines of *text* that start a section: a heading in capitals, alone on its line."""
    starts = {h.upper() for h in wanted}
    found = []
    for line in text.splitlines():
        head = re.sub(r" \(.*$", "", line)
        if head in starts:
            found.append(head)
    return found


def _markdown_headings(text: str) -> list[str]:
    tokens = MarkdownIt("commonmark").parse(text)
    return [
        re.sub(r" \(.*$", "", tokens[i + 1].content)
        for i, tok in enumerate(tokens)
        if tok.type == "heading_open" and tok.tag == "h2"
    ]


def _html_headings(page: str) -> list[str]:
    found = re.findall(r"<h2 [^>]*>(.*?)(?: <span class=\"dates\">.*?)?</h2>", page)
    return [html.unescape(h) for h in found]


@pytest.mark.parametrize("name", sorted(CHECKLISTS))
def test_every_format_shows_the_sheets_headings_in_its_order(name: str) -> None:
    """Text, Markdown and HTML show the same section headings, in the Sheet's order."""
    checklist = _checklist(name)
    headings = _sheet.build_sheet(checklist).headings()
    assert len(headings) >= 5
    text = _text_headings(mc.render_text(checklist), headings)
    assert text == [h.upper() for h in headings]
    assert _markdown_headings(mc.render_markdown(checklist)) == list(headings)
    assert _html_headings(mc.render_html(checklist)) == list(headings)


def test_the_sheet_is_in_patient_order() -> None:
    """Urgent box, timeline, just for you, the days, then every warning sign."""
    sheet = _sheet.build_sheet(_checklist("en-full"))
    titles = sheet.headings()
    assert titles[:3] == ("Call now or today", "Your healing at a glance", "Just for you")
    assert titles[-1] == "When to get help"
    assert [day.title for day in sheet.days] == list(titles[3:-1])


def test_the_sheet_is_frozen() -> None:
    sheet = _sheet.build_sheet(_checklist("en-default"))
    with pytest.raises(AttributeError):
        sheet.urgent = sheet.urgent  # type: ignore[misc]


def test_compact_sheet_has_no_why() -> None:
    sheet = _sheet.build_sheet(_checklist("en-full"), compact=True)
    assert all(item.why is None for day in sheet.days for item in day.items)
    full = _sheet.build_sheet(_checklist("en-full"))
    assert all(item.why is not None for day in full.days for item in day.items)


def test_build_sheet_takes_a_locales_words() -> None:
    """The words can be given: an English checklist worded in French has French headings."""
    from microneedle_care._i18n import messages

    sheet = _sheet.build_sheet(_checklist("en-default"), messages("fr-CA"))
    assert sheet.header.lang == "fr-CA"
    assert sheet.urgent.title == "Appelez maintenant ou aujourd'hui"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            found.add("." * node.level + (node.module or ""))
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize("module", SERIALISERS)
def test_serialisers_look_up_no_words(module: str) -> None:
    """A serialiser imports no message catalogue or labels and looks up no word itself."""
    path = RENDERING / module
    imports = _imports(path)
    assert not {name for name in imports if "_i18n" in name or "_labels" in name}, imports
    assert not {name for name in imports if "_layout" in name or "_message_words" in name}
    source = path.read_text(encoding="utf-8")
    for lookup in ("labels_for", "labels.", "messages(", ".colon", "urgency_heading"):
        assert lookup not in source, f"{module} looks up words: {lookup!r}"


@pytest.mark.parametrize(
    "module", [*SERIALISERS, "_sheet.py", "_labels.py", "_layout.py", "_css.py"]
)
def test_rendering_modules_are_short(module: str) -> None:
    """No rendering module is over about 500 lines; the three serialisers are short."""
    lines = len((RENDERING / module).read_text(encoding="utf-8").splitlines())
    assert lines <= 540
    if module in ("text.py", "markdown.py"):
        assert lines <= 150


# -- Mends -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["fr-default", "fr-full"])
def test_french_text_puts_a_no_break_space_before_every_colon(name: str) -> None:
    """French text writes "signes\u00a0:" and "(votre clinique\u00a0: ...)\u00a0:" (review §2.4).

    The goldens had recorded "signes:" and "(votre clinique : 905-555-0134):".
    """
    checklist = _checklist(name)
    sheet = _sheet.build_sheet(checklist)
    text = _flat(mc.render_text(checklist))
    groups = [*sheet.urgent.groups, *sheet.warnings.groups]
    assert len(groups) == 4
    for group in groups:
        assert group.lead.endswith(("signes\u00a0:", ")\u00a0:"))
        assert group.lead in text
    assert "signes:" not in text
    assert "):" not in text
    if checklist.clinic is not None:
        assert f"(votre clinique\u00a0: {CLINIC.phone})\u00a0:" in text
    for words in (sheet.header.treatment, sheet.warnings.clinic):
        if isinstance(words, _sheet.Labelled):
            assert words.lead.endswith("\u00a0:")


def test_english_text_colons_are_unchanged() -> None:
    text = _flat(mc.render_text(_checklist("en-full")))
    assert "(your clinic: 905-555-0134):" in text
    assert "if you have any of these:" in text


@pytest.mark.parametrize(("locale", "two_days"), [("en", "Days 2 to 3"), ("fr", "Jours 2 et 3")])
def test_a_two_day_run_has_one_phrasing(locale: str, two_days: str) -> None:
    """The timeline names days 2 and 3 as the section heading does ("Jours 2 et 3")."""
    checklist = build_checklist(locale=locale, treatment_date=DAY)
    sheet = _sheet.build_sheet(checklist)
    band = next(b for b in sheet.timeline.bands if b.name.endswith(" 3"))
    section = next(d for d in sheet.days if d.id == "days-2-to-3")
    assert band.name == section.title == two_days
    for output in (mc.render_text(checklist), mc.render_html(checklist)):
        assert "Jours 2 à 3" not in output


def test_a_long_run_of_days_keeps_its_phrasing() -> None:
    labels = mc.rendering._labels.labels_for_locale("fr-CA")
    assert labels.band(4, 7) == "Jours 4 à 7"
    assert labels.band(1, 1) == "Jour 1"
    assert labels.band(8, None) == "À partir du jour 8"
    assert labels.band(2, 3) == "Jours 2 et 3"  # a step's "when" names the days so too


@pytest.mark.parametrize(("paper", "size"), [("letter", "Letter"), ("a4", "A4")])
def test_the_paper_size_is_a_parameter_of_the_page_rules(paper: str, size: str) -> None:
    """The @page rules are written for the paper, not patched into the CSS by str.replace."""
    from microneedle_care.rendering import _css

    style = _css._style(paper, 'Pa"ge<')
    assert f"@page {{ size: {size}; margin:" in style
    assert style.count(" size: ") == 1
    assert '"Page " counter(page)' in style
    page = mc.render_html(_checklist("fr-full"), paper=paper)
    assert f"size: {size};" in page


STEP = {
    "id": "no-tanning-bed",
    "reason": "A tanning bed burns fresh skin.",
    "kind": "avoid",
    "scope": "everyone",
    "addresses": ["pore-clogging"],
    "clinician_notes": "Clinic practice.",
    "evidence": "very-low",
    "references": ["aeterna-aesthetics-microneedling-care"],
}


def _pack(tmp_path: Path, action: str, end: int | None, short: str = "") -> mc.Catalog:
    step = {**STEP, "action": action, "window": {"start_hours": 0, "end_hours": end}}
    if short:
        step["short"] = short
    data = {
        "pack": {"name": "Lakeview Skin Clinic", "version": "2026.11"},
        "aftercare_steps": [step],
    }
    path = tmp_path / "pack.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return mc.load(packs=[str(path)])


def _flat(text: str) -> str:
    """*text* on one line: ASCII white space folded, a no-break space kept."""
    return re.sub(r"[ \t\n\r\f\v]+", " ", text).strip()


def test_a_pack_avoid_step_without_a_name_glances_as_its_first_sentence(tmp_path: Path) -> None:
    """A pack step with no ``short`` name: its first sentence, not "avoid Do not ...."."""
    action = "Do not use a tanning bed on the first day. It burns fresh skin."
    checklist = build_checklist(catalog=_pack(tmp_path, action, 24))
    band = _sheet.build_sheet(checklist).timeline.bands[0]
    assert band.line.endswith(". Do not use a tanning bed on the first day.")
    assert band.line.startswith("Day 1: avoid ")
    assert band.note.endswith(". Do not use a tanning bed on the first day.")
    for format in ("text", "markdown", "html"):
        output = _flat(mc.render(checklist, format))
        assert "avoid Do not" not in output
        assert "day.." not in output
        assert "Do not use a tanning bed on the first day." in output


def test_a_standing_pack_rule_without_a_name(tmp_path: Path) -> None:
    checklist = build_checklist(
        catalog=_pack(tmp_path, "Never use a tanning bed while healing", None)
    )
    standing = _sheet.build_sheet(checklist).timeline.standing
    assert standing is not None
    assert standing.endswith(". Never use a tanning bed while healing.")
    assert ".." not in standing


def test_a_band_of_only_unnamed_steps() -> None:
    labels = mc.rendering._labels.labels_for_locale("en")
    step = mc.load()["no-makeup-first-day"]
    import attrs

    unnamed = attrs.evolve(step, short="")
    assert _sheet.glance_words(labels, (unnamed,)) == (
        "Do not wear makeup for the first 24 hours.",
        "Do not wear makeup for the first 24 hours.",
    )
    assert _sheet.glance_words(labels, (step,)) == ("makeup", "avoid makeup.")


def test_a_named_pack_step_is_listed_by_its_name(tmp_path: Path) -> None:
    checklist = build_checklist(
        catalog=_pack(tmp_path, "Do not use a tanning bed.", 24, "tanning beds")
    )
    band = _sheet.build_sheet(checklist).timeline.bands[0]
    assert band.line.endswith(", tanning beds.")


# -- Hostile strings, every format ---------------------------------------------------

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</label></li></ul><h1>x</h1>",
    "# Heading",
    "- [ ] fake item",
    "**bold** _it_ `code` [link](http://x)",
    "&amp; <!-- ]]> \\",
]
hostile = st.sampled_from(HOSTILE)


_HOSTILE_PACKS: dict[str, mc.Catalog] = {}


@pytest.fixture(scope="module", autouse=True)
def _hostile_packs(tmp_path_factory: pytest.TempPathFactory) -> None:
    """One catalog per hostile wording: a pack step whose action and short name are it.

    Kept in a module dict, not passed to the test: Hypothesis would print the catalogs.
    """
    for index, words in enumerate([*HOSTILE, "tanning beds"]):
        folder = tmp_path_factory.mktemp(f"pack{index}")
        _HOSTILE_PACKS[words] = _pack(folder, f"Do not {words} today.", 24, short=words)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, sorted(name for name, _ in attrs)))

    def handle_endtag(self, tag: str) -> None:
        self.tags.append(("/" + tag, []))

    def handle_comment(self, data: str) -> None:
        self.tags.append(("!--", []))


def _structure(checklist: mc.Checklist) -> tuple[Any, ...]:
    parser = _Tags()
    parser.feed(mc.render_html(checklist))
    parser.close()
    tags = parser.tags
    tokens = MarkdownIt("commonmark").parse(mc.render_markdown(checklist))
    kinds = [t.type for t in tokens]
    return tags, kinds


@settings(max_examples=25, deadline=None)
@given(clinic=hostile, prepared_for=hostile, pack=hostile)
def test_hostile_strings_come_out_as_text_in_every_format(
    clinic: str, prepared_for: str, pack: str
) -> None:
    """Clinic name, prepared-for and pack wording stay text in every format."""
    catalog = _HOSTILE_PACKS[pack]
    contact = ClinicContact(name=clinic, phone="905-555-0134")
    baseline = build_checklist(
        catalog=_HOSTILE_PACKS["tanning beds"],
        clinic=ClinicContact(name="Clinic", phone="905-555-0134"),
        prepared_for="Alex",
    )
    checklist = build_checklist(catalog=catalog, clinic=contact, prepared_for=prepared_for)
    tags, kinds = _structure(checklist)
    base_tags, base_kinds = _structure(baseline)
    assert tags == base_tags
    assert kinds == base_kinds
    action = html.escape(f"Do not {pack} today.")
    assert action in mc.render_html(checklist)
    assert action in MarkdownIt("commonmark").render(mc.render_markdown(checklist))
    assert html.escape(prepared_for) in mc.render_html(checklist)
    text = mc.render_text(checklist)
    assert clinic.split()[0] in text
    for format in ("json", "fhir"):
        json.loads(mc.render(checklist, format))
    assert mc.rendering.json.parse_checklist_json(mc.render(checklist, "json")) == checklist


def test_only_long_compact_sheets_print_at_8pt() -> None:
    """A compact sheet over DENSE_CHARACTERS gets the 8 pt print rule; a shorter one, a full
    sheet and the screen never do (issue 19: a long compact sheet keeps to two pages)."""
    import datetime
    import warnings

    from microneedle_care.rendering import _css, html

    rule = "body { font-size: 8pt; line-height: 1.03; }"
    clinic = mc.ClinicContact(
        name="Lakeview Skin Clinic",
        phone="416-555-0134",
        email="c@l.example",
        after_hours="416-555-0199",
    )
    short = mc.build_checklist()
    long = mc.build_checklist(
        locale="fr",
        treatment_date=datetime.date(2026, 11, 25),
        risk_factors=["active-acne", "darker-skin-or-dark-marks", "home-or-unsterile-needling"],
        clinic=clinic,
    )
    for checklist, dense in ((short, False), (long, True)):
        sheet = html.sheet_for(checklist, compact=True)
        assert (html._characters(sheet) > _css.DENSE_CHARACTERS) is dense
        assert (rule in mc.render_html(checklist, compact=True)) is dense
        assert rule not in mc.render_html(checklist)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the RF sheet warns what it does not cover
        rf = mc.build_checklist(treatments=["rf-microneedling"], risk_factors=["active-acne"])
    assert html._characters(html.sheet_for(rf, compact=True)) > html._characters(
        html.sheet_for(short, compact=True)
    )
    style = mc.render_html(long, compact=True).split("<style>")[1]
    screen = style.split("@media print")[0]
    assert "8pt" not in screen
