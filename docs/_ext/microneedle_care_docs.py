"""A small Sphinx extension: documentation generated from the installed package.

``.. microneedle-care-catalogue:: KIND`` lists every item of one kind of content from
:func:`microneedle_care.load`, so the catalogue can never drift from the data, and
records the packaged data file as a dependency so a content change rebuilds the page.
``.. microneedle-care-cli::`` shows the help of the command and each subcommand.
``.. microneedle-care-review::`` shows the content's review record and every reference
with where and when it was verified, and the items that cite it.
``.. microneedle-care-evidence:: KIND`` lists every item of one kind with its evidence level
and the references it cites (for the evidence page; the catalogue has every field).
"""

from __future__ import annotations

import os
from importlib import resources
from typing import Any

import attrs
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

import microneedle_care as mc

KINDS = {kind.attribute.replace("_", "-"): kind.attribute for kind in mc.model.KINDS}
TITLE_FIELDS = {kind.attribute: kind.title_field for kind in mc.model.KINDS}


def _anchor(item_id: str) -> str:
    return f"item-{item_id}"


def _link(item_id: str) -> nodes.Node:
    ref = nodes.reference("", "", internal=True, refid=_anchor(item_id))
    ref += nodes.literal(item_id, item_id)
    return ref


def _value(catalog: mc.Catalog, name: str, value: Any) -> nodes.Node:
    paragraph = nodes.paragraph()
    if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
        if not value:
            paragraph += nodes.Text("none")
        for i, item_id in enumerate(value):
            if i:
                paragraph += nodes.Text(", ")
            paragraph += _link(item_id) if item_id in catalog else nodes.Text(item_id)
    elif isinstance(value, mc.TimeWindow):
        paragraph += nodes.Text(f"{value.describe()} (hours {value.start_hours} to "
                                f"{'open' if value.end_hours is None else value.end_hours})")
    elif hasattr(value, "value"):
        paragraph += nodes.Text(str(value.value))
    elif attrs.has(type(value)) or (
        isinstance(value, tuple) and value and attrs.has(type(value[0]))
    ):
        # A treatment's parts: item sets, window changes, late touchpoints.
        records = value if isinstance(value, tuple) else (value,)
        paragraph += nodes.Text("; ".join(_record(r) for r in records) or "none")
    elif isinstance(value, tuple) and not value:
        paragraph += nodes.Text("none")
    elif value is None:
        paragraph += nodes.Text("not known")
    elif name == "doi":
        paragraph += nodes.reference(value, value, refuri=f"https://doi.org/{value}")
    elif name == "pmid":
        paragraph += nodes.reference(value, value, refuri=f"https://pubmed.ncbi.nlm.nih.gov/{value}/")
    elif name == "url":
        paragraph += nodes.reference(value, value, refuri=value)
    else:
        paragraph += nodes.Text(str(value))
    return paragraph


def _record(record: Any) -> str:
    parts = []
    for field in attrs.fields(type(record)):
        part = getattr(record, field.name)
        if isinstance(part, mc.TimeWindow):
            part = part.describe()
        elif isinstance(part, tuple):
            if not part:
                continue
            part = ", ".join(str(p) for p in part)
        elif hasattr(part, "value"):
            part = part.value
        parts.append(f"{field.name.replace('_', ' ')}: {part}")
    return ", ".join(parts)


def _kind_and_catalog(directive: SphinxDirective) -> tuple[str, mc.Catalog]:
    """The directive's kind argument, checked, and the packaged catalog (a page dependency)."""
    kind = directive.arguments[0]
    if kind not in KINDS:
        raise directive.error(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    data = resources.files("microneedle_care").joinpath("data", "content.json")
    directive.env.note_dependency(os.fspath(data))  # type: ignore[arg-type]
    return kind, mc.load()


class CatalogueDirective(SphinxDirective):
    """List every item of one kind, with every field, from the installed package."""

    required_arguments = 1
    option_spec = {"heading-level": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        kind, catalog = _kind_and_catalog(self)
        out: list[nodes.Node] = []
        import attrs

        for item in getattr(catalog, KINDS[kind]):
            title = getattr(item, TITLE_FIELDS[KINDS[kind]])
            rubric = nodes.rubric("", "", ids=[_anchor(item.id)])
            rubric += nodes.Text(f"{title} ")
            rubric += nodes.literal(item.id, item.id)
            out.append(rubric)
            fields = nodes.field_list()
            for field in attrs.fields(type(item))[1:]:
                value = getattr(item, field.name)
                if value in ("", ()) and field.name in ("note", "authors"):
                    continue
                audience = field.metadata.get(mc.model.AUDIENCE)
                label = field.name.replace("_", " ")
                if audience:
                    label += f" ({audience})"
                row = nodes.field()
                row += nodes.field_name(label, label)
                body = nodes.field_body()
                body += _value(catalog, field.name, value)
                row += body
                fields += row
            out.append(fields)
        return out


class EvidenceDirective(SphinxDirective):
    """One line per item of a kind: its title and id, its evidence level, what it cites."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        kind, catalog = _kind_and_catalog(self)
        listing = nodes.bullet_list()
        for item in getattr(catalog, KINDS[kind]):
            title = getattr(item, TITLE_FIELDS[KINDS[kind]])
            line = _paragraph(nodes.strong(title, title), " (", nodes.literal(item.id, item.id), ")")
            evidence = getattr(item, "evidence", None)
            if evidence is not None:
                line += nodes.Text(f": evidence {evidence.value}")
            cited = getattr(item, "references", ())
            if cited:
                line += nodes.Text("; cites ")
                for i, ref in enumerate(cited):
                    if i:
                        line += nodes.Text(", ")
                    line += nodes.literal(ref, ref)
            missing = getattr(item, "not_yet_covered", "")
            if missing:
                line += nodes.Text(f". Not yet covered: {missing}")
            entry = nodes.list_item()
            entry += line
            listing += entry
        return [listing]


def _paragraph(*parts: nodes.Node | str) -> nodes.paragraph:
    paragraph = nodes.paragraph()
    for part in parts:
        paragraph += nodes.Text(part) if isinstance(part, str) else part
    return paragraph


def _field(label: str, body: nodes.Node) -> nodes.field:
    row = nodes.field()
    row += nodes.field_name(label, label)
    cell = nodes.field_body()
    cell += body
    row += cell
    return row


def _url(value: str) -> nodes.reference:
    return nodes.reference(value, value, refuri=value)


class ReviewDirective(SphinxDirective):
    """The review record (``record``) or every reference with its verification
    (``references``), from the data."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        data = resources.files("microneedle_care").joinpath("data", "content.json")
        self.env.note_dependency(os.fspath(data))  # type: ignore[arg-type]
        catalog = mc.load()
        if self.arguments[0] == "record":
            return self._record(catalog)
        if self.arguments[0] == "references":
            return self._references(catalog)
        raise self.error("expected 'record' or 'references'")

    def _record(self, catalog: mc.Catalog) -> list[nodes.Node]:
        out: list[nodes.Node] = []
        review = catalog.review
        record = nodes.field_list()
        record += _field("content version", _paragraph(catalog.content_version))
        record += _field("sources checked on", _paragraph(catalog.reviewed.isoformat()))
        if review is not None:
            record += _field("next review due", _paragraph(review.next_review.isoformat()))
            record += _field("reviewed by", _paragraph(review.reviewers))
            clinician = "yes" if review.clinician_reviewed else "no"
            record += _field("reviewed by a licensed clinician", _paragraph(clinician))
            against = nodes.bullet_list()
            for entry in review.reviewed_against:
                item = nodes.list_item()
                item += _paragraph(entry)
                against += item
            record += _field("reviewed against", against)
            record += _field("funding", _paragraph(review.funding))
            record += _field("conflicts of interest", _paragraph(review.conflicts_of_interest))
            record += _field("translations", self._translations(review))
        out.append(record)
        return out

    def _translations(self, english: mc.Review) -> nodes.Node:
        """How each translation was made and checked: what its review record adds."""
        from microneedle_care._i18n import LOCALES

        listed = nodes.bullet_list()
        for locale in LOCALES[1:]:
            review = mc.load(locale=locale).review
            known = len(english.reviewed_against)
            added = () if review is None else review.reviewed_against[known:]
            item = nodes.list_item()
            if not added:
                item += _paragraph(f"{locale}: no record of how it was translated and checked yet.")
            for line in added:
                item += _paragraph(line)
            listed += item
        return listed

    def _references(self, catalog: mc.Catalog) -> list[nodes.Node]:
        out: list[nodes.Node] = []

        cited_by: dict[str, list[str]] = {}
        for item in catalog:
            for ref_id in getattr(item, "references", ()):
                cited_by.setdefault(ref_id, []).append(item.id)
        verified = sum(1 for r in catalog.references if r.verified)
        out.append(
            _paragraph(
                f"{len(catalog.references)} references; {verified} verified against a"
                " bibliographic record, each at the address given."
            )
        )
        for ref in catalog.references:
            rubric = nodes.rubric("", "", ids=[f"review-{ref.id}"])
            rubric += nodes.Text(f"{ref.title} ")
            rubric += nodes.literal(ref.id, ref.id)
            out.append(rubric)
            fields = nodes.field_list()
            who = ", ".join(ref.authors) or ref.publisher
            year = "n.d." if ref.year is None else str(ref.year)
            fields += _field("citation", _paragraph(f"{who}. {ref.publisher}, {year}."))
            if ref.doi:
                fields += _field("DOI", _paragraph(_url(f"https://doi.org/{ref.doi}")))
            if ref.pmid:
                link = _url(f"https://pubmed.ncbi.nlm.nih.gov/{ref.pmid}/")
                fields += _field("PMID", _paragraph(f"{ref.pmid} (", link, ")"))
            if ref.url:
                fields += _field("address", _paragraph(_url(ref.url)))
            status = "yes" if ref.verified else "NO: not checked against a record"
            fields += _field("verified", _paragraph(status))
            if ref.verified_at:
                fields += _field("verified at", _paragraph(_url(ref.verified_at)))
            if ref.verified_on:
                fields += _field("verified on", _paragraph(ref.verified_on.isoformat()))
            users = cited_by.get(ref.id, [])
            body = _paragraph()
            for i, item_id in enumerate(users):
                if i:
                    body += nodes.Text(", ")
                link = nodes.reference("", "", internal=True, refuri=f"catalogue.html#item-{item_id}")
                link += nodes.literal(item_id, item_id)
                body += link
            if not users:
                body += nodes.Text("no item")
            fields += _field("cited by", body)
            if ref.note:
                fields += _field("note", _paragraph(ref.note))
            out.append(fields)
        return out


class CliDirective(SphinxDirective):
    """Show ``--help`` of the command and of each subcommand."""

    def run(self) -> list[nodes.Node]:
        import argparse

        from microneedle_care import cli

        os.environ["COLUMNS"] = "88"
        parser = cli._parser()
        out: list[nodes.Node] = []
        blocks = [("microneedle-care --help", parser.format_help())]
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    blocks.append((f"microneedle-care {name} --help", sub.format_help()))
        for title, text in blocks:
            # A literal inside the rubric: as plain text, smart quotes would turn the
            # "--" of "--help" into an en dash that cannot be copied into a shell.
            rubric = nodes.rubric("", "", nodes.literal(title, title), ids=[nodes.make_id(title)])
            out += [rubric, nodes.literal_block(text, text, language="text")]
        return out


def _accessible_html(app: Sphinx, exception: Exception | None) -> None:
    """Mend two axe-core findings in the theme's HTML, after the build.

    The sidebar captions are ``role="heading"`` without the ``aria-level`` that role
    needs, and scrollable code blocks cannot get keyboard focus. tests/test_docs.py runs
    axe-core over the built pages.
    """
    if exception is not None or app.builder.format != "html":
        return
    from pathlib import Path

    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        mended = text.replace(
            '<p class="caption" role="heading">', '<p class="caption" role="heading" aria-level="2">'
        ).replace('<div class="highlight"><pre>', '<div class="highlight"><pre tabindex="0">')
        if mended != text:
            page.write_text(mended, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("build-finished", _accessible_html)
    app.add_directive("microneedle-care-catalogue", CatalogueDirective)
    app.add_directive("microneedle-care-cli", CliDirective)
    app.add_directive("microneedle-care-review", ReviewDirective)
    app.add_directive("microneedle-care-evidence", EvidenceDirective)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
