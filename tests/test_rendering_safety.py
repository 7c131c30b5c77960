"""Rendering hostile clinic details: long words wrap in linear time, addresses never link."""

from __future__ import annotations

import datetime
import re
import textwrap

import pytest
from hypothesis import given
from hypothesis import strategies as st

import microneedle_care as mc
from microneedle_care.rendering.text import WIDTH, _wrap

_SPACES = re.compile(r"[ \t\n\r\f\v]+")
INDENTS = st.sampled_from([("", ""), ("[ ] ", "    "), ("  - ", "    "), ("", "  ")])


def _textwrap(text: str, first: str, rest: str) -> list[str]:
    """What the text renderer did before, with :mod:`textwrap` (quadratic in a long word)."""
    lines = textwrap.wrap(
        _SPACES.sub(" ", text).strip(" "),
        width=WIDTH,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=True,
        break_on_hyphens=False,
    ) or [first.rstrip()]
    return [line.rstrip(" ") for line in lines]  # textwrap can leave a space after a cut word


words = st.one_of(
    st.text(st.sampled_from("abcé-"), min_size=1, max_size=12),
    st.integers(70, 200).map(lambda n: "x" * n),
)
separators = st.sampled_from([" ", "  ", "\n", "\t"])
texts = st.lists(st.tuples(words, separators), max_size=15).map(
    lambda pairs: "".join(word + sep for word, sep in pairs)
)


@given(texts, INDENTS)
def test_wrap_fills_lines_as_textwrap_did(text: str, indents: tuple[str, str]) -> None:
    """The linear wrapper gives textwrap's lines, long words cut the same way."""
    assert _wrap(text, *indents) == _textwrap(text, *indents)


def test_a_one_megabyte_word_renders_whole() -> None:
    """A 1 MB clinic name is cut into full 80-column lines and nothing is lost."""
    name = "".join(chr(ord("a") + n % 26) for n in range(1_000_000))
    clinic = mc.ClinicContact(name=name, phone="905-555-0134")
    text = mc.render_text(mc.build_checklist(clinic=clinic))
    lines = text.splitlines()
    assert max(len(line) for line in lines) == WIDTH
    start = next(i for i, line in enumerate(lines) if line.startswith("Clinic: "))
    pieces = [lines[start].removeprefix("Clinic: ")]
    for line in lines[start + 1 :]:
        pieces.append(line.removeprefix("  "))
        if len("".join(pieces)) >= len(name):
            break
    assert "".join(pieces).startswith(name)
    assert all(len(line) == WIDTH for line in lines[start : start + 10])


markdown_it = pytest.importorskip("markdown_it")
try:
    import linkify_it  # noqa: F401

    _LINKIFY = True
except ImportError:  # pragma: no cover - linkify-it-py is in the test extra
    _LINKIFY = False

_MD = markdown_it.MarkdownIt("gfm-like", {"linkify": _LINKIFY})

linkish = st.lists(
    st.sampled_from(
        [
            "http", "https", "ftp", "mailto", ":", "://", "//", "www", ".", "com", "ca",
            "example", "xn--p1ai", "@", "care", "[", "]", "(", ")", "\\", "<", ">", " ", "/",
            "-", "_", "1", "é", "&", "#", "Call us", "lakeview.ca", "https://x.com",
            "www.example.com", "care@example.org", "ftp://1.2.3.4", "mailto:a@b.ca",
        ]
    ),
    min_size=1,
    max_size=12,
).map("".join)  # fmt: skip
clinic_strings = linkish | st.text(
    st.characters(exclude_categories=("Cc", "Cf", "Cs", "Zl", "Zp")), min_size=1, max_size=30
)


EMAILS = st.emails().filter(lambda e: len(e) <= 254) | st.sampled_from(
    [
        "care@lakeview.org",
        "a+b@clinique-\u00e9l\u00e9gance.ca",
        "o'neil@lakeview.ca",
        "x*y@a-b.example",
    ]
)


@given(name=clinic_strings, phone=clinic_strings, email=EMAILS, after=clinic_strings)
def test_no_clinic_string_becomes_a_link(name: str, phone: str, email: str, after: str) -> None:
    """Whatever the clinic's details, markdown-it (with linkify) renders no link from them."""
    if not name.strip() or not phone.strip() or len(phone) > 64:
        return  # ClinicContact refuses these
    clinic = mc.ClinicContact(name=name, phone=phone, email=email, after_hours=after)
    markdown = mc.render_markdown(mc.build_checklist(clinic=clinic))
    html = _MD.render(markdown)
    assert "<a " not in html


@pytest.mark.parametrize(
    "address",
    [
        "https://lakeview.ca/care",
        "www.lakeview.com",
        "lakeview.ca",
        "care@lakeview.org",
        "mailto:care@lakeview.ca",
        "\\[Call us\\](https://lakeview.ca)",
        "[Call us](lakeview.ca)",
    ],
)
def test_addresses_in_clinic_fields_are_not_links(address: str) -> None:
    """The examples from the report: a URL even inside escaped link syntax stays text."""
    email = address if "@" in address and ":" not in address else "care@lakeview.org"
    clinic = mc.ClinicContact(name=address, phone="905-555-0134", email=email)
    checklist = mc.build_checklist(treatment_date=datetime.date(2026, 11, 25), clinic=clinic)
    html = _MD.render(mc.render_markdown(checklist))
    assert "<a " not in html
    assert address in html  # shown as written, as text


@pytest.mark.parametrize(
    ("phone", "tel"),
    [
        ("905-555-0134 ext. 22", "9055550134;ext=22"),
        ("905-555-0134 x22", "9055550134;ext=22"),
        ("514 555-0134 poste 3", "5145550134;ext=3"),
        ("1-800-SKIN-CARE", "180075462273"),
        ("905-555-0134 or 905-555-0199", "9055550134"),
        ("+1 (905) 555-0134", "+19055550134"),
        ("\u0669\u0660\u0665-\u0665\u0665\u0665-\u0660\u0661\u0663\u0664", "9055550134"),
        ("\uff19\uff10\uff15-\uff15\uff15\uff15-\uff10\uff11\uff13\uff14", "9055550134"),
    ],
)
def test_the_tel_link_dials_the_number_shown(phone: str, tel: str) -> None:
    """M8: the link kept every ASCII digit (ext. 22 joined on, 1-800-SKIN-CARE -> tel:1800)."""
    clinic = mc.ClinicContact(name="Lakeview", phone=phone)
    page = mc.render_html(mc.build_checklist(clinic=clinic))
    assert f'href="tel:{tel}"' in page


def test_a_phone_that_starts_with_words_gets_no_link() -> None:
    clinic = mc.ClinicContact(name="Lakeview", phone="Call the front desk")
    page = mc.render_html(mc.build_checklist(clinic=clinic))
    assert 'href="tel:' not in page.split('class="contact"', 1)[1].split("</p>", 1)[0]
    assert "Call the front desk" in page
