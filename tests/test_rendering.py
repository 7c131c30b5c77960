from __future__ import annotations

import datetime
import functools
import html
import importlib.util
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import html5lib
import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

import microneedle_care as mc
from microneedle_care import ClinicContact, ContentError, build_checklist, render
from microneedle_care.loading import schema
from microneedle_care.rendering._layout import is_task

GOLDEN = Path(__file__).parent / "golden"
ROOT = Path(__file__).resolve().parent.parent
EXTENSIONS = {"text": "txt", "markdown": "md", "html": "html", "json": "json", "fhir": "fhir.json"}
FIXTURE_RISK_IDS = ("cold-sore-history", "darker-skin-or-dark-marks", "eczema-or-sensitive-skin")

SCENARIOS = {
    "default": {},
    "french": {
        "locale": "fr",
        "treatment_date": datetime.date(2026, 11, 30),
        "risk_factors": ["cold-sore-history", "eczema-or-sensitive-skin"],
        "clinic": ClinicContact(name="Clinique Lakeview", phone="905-555-0134"),
    },
    "personalised": {
        "treatment_date": datetime.date(2026, 11, 25),
        "risk_factors": ["cold-sore-history", "darker-skin-or-dark-marks", "planned-serums"],
        "clinic": ClinicContact(
            name="Lakeview Skin & Laser Clinic",
            phone="905-555-0134",
            email="care@lakeview.example",
            after_hours="905-555-0199",
        ),
    },
}

# The golden files render the small fixture pack (tests/data/fixture-content*.json), so they
# change when a renderer changes, not when a sentence of the packaged content does.
GOLDEN_SCENARIOS: dict[str, dict[str, Any]] = {
    "default": {"locale": "en"},
    "french": {
        "locale": "fr",
        "treatment_date": datetime.date(2026, 11, 30),
        "risk_factors": ["cold-sore-history", "eczema-or-sensitive-skin"],
        "clinic": ClinicContact(name="Clinique Lakeview", phone="905-555-0134"),
    },
    "personalised": {
        "locale": "en",
        "treatment_date": datetime.date(2026, 11, 25),
        "risk_factors": ["cold-sore-history", "darker-skin-or-dark-marks"],
        "clinic": ClinicContact(
            name="Lakeview Skin & Laser Clinic",
            phone="905-555-0134",
            email="care@lakeview.example",
            after_hours="905-555-0199",
        ),
        "prepared_for": "Alex Sample",
    },
}

# One line of text without control characters: what ClinicContact accepts.
one_line = (
    st.text(
        st.characters(blacklist_categories=("Cc", "Cf", "Zl", "Zp", "Cs")), min_size=1, max_size=30
    )
    .filter(lambda s: s.strip() != "")
    # Unicode noncharacters are not text; ClinicContact refuses them (test_checklist).
    .filter(lambda s: not any(0xFDD0 <= ord(c) <= 0xFDEF or ord(c) & 0xFFFE == 0xFFFE for c in s))
)
hostile = st.sampled_from(
    [
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "</label></li></ul><h1>x</h1>",
        "&amp; &lt;b&gt;",
        "# Heading",
        "- [ ] fake item",
        "**bold** _it_ `code` [link](http://x)",
        "<!-- comment",
        "]]>",
        "\\",
    ]
)
names = hostile | one_line


def _checklist(name: str, phone: str = "905-555-0134") -> mc.Checklist:
    return build_checklist(
        treatment_date=datetime.date(2026, 11, 25), clinic=ClinicContact(name=name, phone=phone)
    )


@pytest.mark.parametrize("scenario", sorted(GOLDEN_SCENARIOS))
@pytest.mark.parametrize("format", mc.FORMATS)
def test_golden(
    scenario: str, format: mc.rendering.Format, fixture_catalogs: dict[str, mc.Catalog]
) -> None:
    """Output of the fixture pack matches the reviewed golden file (UPDATE_GOLDEN=1 rewrites)."""
    path = GOLDEN / f"{scenario}.{EXTENSIONS[format]}"
    options = dict(GOLDEN_SCENARIOS[scenario])
    catalog = fixture_catalogs[options.pop("locale")]
    output = render(build_checklist(catalog=catalog, **options), format)
    # The package version changes with every release; the golden files name it generically.
    output = output.replace(f'"package_version": "{mc.__version__}"', '"package_version": "X.Y.Z"')
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(output, encoding="utf-8", newline="")
    assert output == path.read_text(encoding="utf-8")


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _plain(output: str, format: str) -> str:
    """The words of *output*, one space between each, markup and escapes undone."""
    if format in ("json", "fhir"):
        output = " ".join(_strings(json.loads(output)))
    elif format == "html":
        output = html.unescape(re.sub(r"<[^>]+>", " ", output))
    return " ".join(output.split())


@pytest.mark.parametrize("locale", ["en", "fr", "es"])
@pytest.mark.parametrize("format", mc.FORMATS)
def test_packaged_content_renders(
    format: mc.rendering.Format, locale: str, catalogs: Callable[[str], mc.Catalog]
) -> None:
    """The real packaged content renders in every format, with every step's action in it.

    The golden files use the fixture pack; this keeps the packaged content exercised.
    """
    catalog = catalogs(locale)
    checklist = build_checklist(
        catalog=catalog,
        treatment_date=datetime.date(2026, 11, 25),
        risk_factors=[rf.id for rf in catalog.risk_factors],
        clinic=ClinicContact(name="Lakeview", phone="905-555-0134"),
    )
    text = _plain(render(checklist, format), format)
    actions = [item.step.action for section in checklist.sections for item in section.items]
    assert actions
    missing = [a for a in actions if " ".join(a.split()) not in text]
    assert missing == []


def test_fixture_pack_has_every_kind_and_section(fixture_catalogs: dict[str, mc.Catalog]) -> None:
    """The fixture pack behind the goldens fills every section and has items of every kind."""
    catalog = fixture_catalogs["en"]
    for kind in ("causes", "risk_factors", "aftercare_steps", "warning_signs", "myths"):
        assert len(getattr(catalog, kind)) >= 2, kind
    assert fixture_catalogs["fr"].locale == "fr-CA"
    checklist = build_checklist(catalog=catalog, risk_factors=FIXTURE_RISK_IDS)
    assert {s.kind for s in checklist.sections} == set(mc.SectionKind)


@pytest.mark.parametrize("format", mc.FORMATS)
def test_deterministic(format: mc.rendering.Format) -> None:
    """Equal inputs give byte-identical output, including from separate builds."""
    a = render(build_checklist(**SCENARIOS["personalised"]), format)  # type: ignore[arg-type]
    b = render(build_checklist(**SCENARIOS["personalised"]), format)  # type: ignore[arg-type]
    assert a.encode() == b.encode()


def test_render_dispatch_matches_functions() -> None:
    """render() gives what each per-format function gives."""
    checklist = build_checklist()
    assert render(checklist, "text") == mc.render_text(checklist)
    assert render(checklist, "markdown") == mc.render_markdown(checklist)
    assert render(checklist, "html") == mc.render_html(checklist)
    assert render(checklist, "json") == mc.render_json(checklist)


class TestText:
    def test_width_and_boxes(self) -> None:
        """Lines fit 80 columns; each task has a [ ] box and each standing rule a bullet."""
        checklist = build_checklist(**SCENARIOS["personalised"])  # type: ignore[arg-type]
        text = mc.render_text(checklist)
        assert max(len(line) for line in text.splitlines()) <= 80
        items = [i for s in checklist.sections for i in s.items]
        tasks = sum(1 for i in items if is_task(i))
        assert 0 < tasks < len(items)
        assert sum(line.startswith("[ ] ") for line in text.splitlines()) == tasks
        assert sum(line.startswith(" -  ") for line in text.splitlines()) == len(items) - tasks

    @given(names)
    def test_any_clinic_name_fits(self, name: str) -> None:
        """Any clinic name is shown and keeps lines within 80 columns."""
        text = mc.render_text(_checklist(name))
        assert max(len(line) for line in text.splitlines()) <= 80
        assert " ".join(name.split())[:20].split()[0] in text


def _markdown_structure(text: str) -> tuple[list[tuple[str, str]], int]:
    tokens = MarkdownIt("commonmark").parse(text)
    headings = [
        (tok.tag, tokens[i + 1].content)
        for i, tok in enumerate(tokens)
        if tok.type == "heading_open"
    ]
    items = sum(1 for tok in tokens if tok.type == "list_item_open")
    return headings, items


@functools.cache
def _markdown_baseline() -> tuple[list[tuple[str, str]], int]:
    """The structure of the sheet for the clinic "Clinic", worked out once, not per example."""
    return _markdown_structure(mc.render_markdown(_checklist("Clinic")))


class TestMarkdown:
    def test_task_list_items(self) -> None:
        """Each task is a GitHub task-list item; the urgent box and the timeline come first."""
        checklist = build_checklist(**SCENARIOS["personalised"])  # type: ignore[arg-type]
        text = mc.render_markdown(checklist)
        tasks = len(re.findall(r"^- \[ \] ", text, flags=re.M))
        assert tasks == sum(1 for s in checklist.sections for i in s.items if is_task(i))
        headings, _ = _markdown_structure(text)
        h2 = [h[1] for h in headings if h[0] == "h2"]
        assert h2[:3] == ["Call now or today", "Your healing at a glance", "Just for you"]
        assert "First 24 hours (Wednesday, November 25)" in h2

    @given(names)
    def test_clinic_name_cannot_change_structure(self, name: str) -> None:
        """Any clinic name leaves headings and list items as they are and reads back as text."""
        baseline = _markdown_baseline()
        text = mc.render_markdown(_checklist(name))
        headings, items = _markdown_structure(text)
        assert items == baseline[1]
        assert [h[0] for h in headings] == [h[0] for h in baseline[0]]
        html = MarkdownIt("commonmark").render(text)
        # The name as ClinicContact keeps it: ASCII spaces folded and trimmed, nothing else.
        plain = ClinicContact(name=name, phone="1").name
        assert f"{_html_text(plain)}, phone 905-555-0134" in html


def _html_text(text: str) -> str:
    # How markdown-it escapes text: &, <, > and " only.
    for raw, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;")):
        text = text.replace(raw, entity)
    return text


def _parse_html(page: str) -> Any:
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(page)


@functools.cache
def _html_baseline(phone: str) -> tuple[list[str], list[list[str]]]:
    """The elements and attribute names of the sheet for "Clinic" and *phone*, parsed once."""
    baseline = _parse_html(mc.render_html(_checklist("Clinic", phone)))
    return [e.tag for e in baseline.iter()], [sorted(e.attrib) for e in baseline.iter()]


class TestHtml:
    def test_valid_standalone_page(self) -> None:
        """The page parses cleanly, has lang and print styles, and no script or external asset."""
        page = mc.render_html(build_checklist(**SCENARIOS["personalised"]))  # type: ignore[arg-type]
        doc = _parse_html(page)
        assert doc.get("lang") == "en"
        assert doc.find("head/meta[@charset]") is not None
        assert doc.find(".//meta[@name='viewport']") is not None
        assert "@media print" in doc.find("head/style").text
        assert doc.findall(".//script") == []
        for element in doc.iter():
            assert element.get("src") is None
            href = element.get("href")
            # A tel: link, or a link on the page itself (a sign's full text, the quick list).
            ids = {e.get("id") for e in doc.iter() if e.get("id")}
            in_page = href is not None and href.startswith("#") and href[1:] in ids
            assert href is None or in_page or re.fullmatch(r"tel:\+?\d+", href), href
        assert doc.find(".//h1") is not None

    def test_every_checkbox_has_a_label(self) -> None:
        """Each checkbox has a unique id and a label that points at it."""
        checklist = build_checklist(**SCENARIOS["personalised"])  # type: ignore[arg-type]
        doc = _parse_html(mc.render_html(checklist))
        boxes = doc.findall(".//input[@type='checkbox']")
        assert len(boxes) == sum(1 for s in checklist.sections for i in s.items if is_task(i))
        ids = [b.get("id") for b in boxes]
        assert len(set(ids)) == len(ids)
        labels = {label.get("for") for label in doc.findall(".//label")}
        assert set(ids) == labels

    @given(names, names)
    def test_hostile_strings_stay_text(self, name: str, phone: str) -> None:
        """Any clinic name and phone appear as text, and inject no element or attribute."""
        from microneedle_care.rendering.html import _tel

        contact = ClinicContact(name=name, phone=phone)
        dials = _tel(contact.phone) is not None  # a phone that starts with words: no link
        tags, attributes = _html_baseline("905" if dials else "Ask")
        doc = _parse_html(mc.render_html(_checklist(name, phone)))
        assert [e.tag for e in doc.iter()] == tags
        assert [sorted(e.attrib) for e in doc.iter()] == attributes
        # The clinic's link, in its line (the 911 lead's link comes first: review round 4, DD9).
        link = doc.find(".//p[@class='contact']/a[@class='tel']")
        if dials:
            assert link.text == contact.phone
            assert re.fullmatch(r"tel:\+?\d{3,}(;ext=\d+)?", link.get("href"))
        assert "".join(doc.find(".//p[@class='contact']").itertext()).startswith(contact.name)


# Drawn from the packaged content at the first example, not when the module is imported.
_RISK_IDS = st.deferred(lambda: st.sampled_from([rf.id for rf in mc.load().risk_factors]))


class TestJson:
    VALIDATOR = jsonschema.Draft202012Validator(schema("checklist"))

    def test_schema_is_generated_from_the_model(self) -> None:
        """The shipped checklist schema is what tools/checklist_schema.py generates."""
        spec = importlib.util.spec_from_file_location("schemas", ROOT / "tools" / "schemas.py")
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        assert json.loads(module.text("checklist.schema.json")) == schema("checklist")
        assert json.loads(module.text("pack.schema.json")) == schema("pack")

    @given(
        st.lists(_RISK_IDS, max_size=5),
        st.none() | st.dates(datetime.date(2000, 1, 1), datetime.date(2099, 12, 31)),
        st.none()
        | st.builds(
            ClinicContact,
            name=names,
            phone=names,
            email=st.none() | st.emails().filter(lambda e: len(e) <= 254),
        ),
    )
    def test_round_trip_through_schema(
        self, risk_ids: list[str], date: datetime.date | None, clinic: ClinicContact | None
    ) -> None:
        """Any checklist's JSON validates against the schema and reads back equal."""
        checklist = build_checklist(treatment_date=date, risk_factors=risk_ids, clinic=clinic)
        text = mc.render_json(checklist)
        data = json.loads(text)
        errors = [f"{e.json_path}: {e.message}" for e in self.VALIDATOR.iter_errors(data)]
        assert errors == []
        assert mc.parse_checklist_json(text) == checklist

    @pytest.mark.parametrize(
        ("change", "message"),
        [
            ({"format": "other"}, "$.format: expected 'microneedle-care/checklist'"),
            ({"format_version": 2}, "$.format_version: this release reads version 1, got 2"),
            (
                {"treatment_date": "soon"},
                "$.treatment_date: expected a date as YYYY-MM-DD, got 'soon'",
            ),
        ],
    )
    def test_read_refuses_bad_documents(self, change: dict[str, Any], message: str) -> None:
        """Reading back names what is wrong and where."""
        data = json.loads(mc.render_json(build_checklist()))
        data.update(change)
        with pytest.raises(ContentError) as info:
            mc.parse_checklist_json(json.dumps(data))
        assert message in [str(p) for p in info.value.problems]

    def test_read_refuses_non_json(self) -> None:
        """Text that is not JSON is a ContentError."""
        with pytest.raises(ContentError, match="not valid JSON"):
            mc.parse_checklist_json("{")


def test_unknown_format() -> None:
    """An unknown format is a ValueError listing the formats."""
    with pytest.raises(ValueError, match="unknown format 'docx'"):
        render(build_checklist(), "docx")  # type: ignore[arg-type]


@pytest.mark.parametrize("format", ["text", "markdown", "html"])
def test_disclaimer_and_review_dates_shown(format: mc.rendering.Format) -> None:
    """Every patient format shows the disclaimer, when the sources were checked and when next.

    The words say the sources were checked; they never claim a clinical review.
    """
    checklist = build_checklist()
    output = " ".join(render(checklist, format).split())
    catalog = mc.load()
    assert checklist.reviewed == catalog.reviewed
    assert checklist.next_review == catalog.next_review
    labels = mc.rendering._labels.ENGLISH
    assert f"Sources checked {labels.date(catalog.reviewed, year=True)}" in output
    assert catalog.next_review is not None
    assert f"Next check due {labels.date(catalog.next_review, year=True)}" in output
    assert "does not replace" in output
    assert "last reviewed" not in output
    assert "Approved" not in output  # no clinic approved this content


def test_json_is_a_self_contained_record(tmp_path: Path) -> None:
    """The JSON names the package version, content version and digest, locale and packs."""
    pack = tmp_path / "lakeview.json"
    pack.write_text(
        json.dumps({"pack": {"name": "lakeview", "version": "2", "locale": "fr", "hide": []}}),
        encoding="utf-8",
    )
    catalog = mc.load(locale="fr", packs=[pack])
    checklist = build_checklist(catalog=catalog)
    data = json.loads(render(checklist, "json"))
    assert data["package_version"] == mc.__version__
    assert (data["content_version"], data["content_digest"]) == (
        catalog.content_version,
        catalog.content_digest,
    )
    assert data["locale"] == "fr-CA"
    assert data["packs"] == [["lakeview", "2"]]
    assert mc.parse_checklist_json(json.dumps(data)) == checklist
    data["package_version"] = 5
    with pytest.raises(mc.ContentError, match="package_version"):
        mc.parse_checklist_json(json.dumps(data))


def test_paper_sizes() -> None:
    """The print rules name Letter by default and A4 on request; other papers are refused."""
    checklist = build_checklist()
    assert "size: Letter;" in mc.render_html(checklist)
    assert "size: A4;" in render(checklist, "html", paper="a4")
    with pytest.raises(mc.InvalidValueError, match="paper"):
        mc.render_html(checklist, paper="legal")
    with pytest.raises(mc.InvalidValueError, match="paper"):
        render(checklist, "text", paper="a4")
