"""A small Sphinx extension: documentation generated from the installed package.

``.. microneedle-care-catalogue:: KIND`` lists every item of one kind of content from
:func:`microneedle_care.load`, so the catalogue can never drift from the data, and
records the packaged data file as a dependency so a content change rebuilds the page.
``.. microneedle-care-cli::`` shows the help of the command and each subcommand.
"""

from __future__ import annotations

import os
from importlib import resources
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

import microneedle_care as mc

KINDS = {
    "causes": "causes",
    "risk-factors": "risk_factors",
    "aftercare-steps": "aftercare_steps",
    "warning-signs": "warning_signs",
    "myths": "myths",
    "references": "references",
}
TITLE_FIELDS = ("name", "claim", "sign", "action", "title")


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


class CatalogueDirective(SphinxDirective):
    """List every item of one kind, with every field, from the installed package."""

    required_arguments = 1
    option_spec = {"heading-level": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        kind = self.arguments[0]
        if kind not in KINDS:
            raise self.error(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
        data = resources.files("microneedle_care").joinpath("data", "content.json")
        self.env.note_dependency(os.fspath(data))  # type: ignore[arg-type]
        catalog = mc.load()
        out: list[nodes.Node] = []
        import attrs

        for item in getattr(catalog, KINDS[kind]):
            title = next(getattr(item, f) for f in TITLE_FIELDS if hasattr(item, f))
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


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("microneedle-care-catalogue", CatalogueDirective)
    app.add_directive("microneedle-care-cli", CliDirective)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
