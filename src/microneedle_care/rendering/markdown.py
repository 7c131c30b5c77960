"""GitHub-flavoured Markdown: a heading per section and task-list boxes."""

from __future__ import annotations

import re

from ..checklist import Checklist
from ._labels import labels_for

__all__ = ["escape_markdown", "render_markdown"]

# Characters with a meaning anywhere in a line. Others ("#", "-", "+", "=", "1.") only
# mean something at the start of a line, so only a leading one is escaped.
_SPACES = re.compile(r"[ \t\n\r\f\v]+")
_INLINE = re.compile(r"([\\`*_\[\]<>|~&])")
_LEADING = re.compile(r"^(\d*)([#>+=.)-])")
# What an autolinker (GFM's extension, markdown-it's linkify) reads as the start of a
# link: a dot before a top-level domain ("lakeview.ca", "www."), a scheme's colon
# ("https:", "mailto:") and the "@" of an email address. An escaped character ends the
# text run the autolinker scans, so no address in the text becomes a live link.
_LINKISH = re.compile(r"(?<=\w)(\.)(?=[^\W\d_])|(?<=[A-Za-z])(:)(?=\S)|(@)")


def escape_markdown(text: str) -> str:
    r"""Return *text* on one line, escaped so Markdown shows it as plain text.

    Web and email addresses are escaped too, so that no autolinker makes them live links.

    >>> print(escape_markdown("**Dr. K's** [clinic] <b> 905-555-0134"))
    \*\*Dr. K's\*\* \[clinic\] \<b\> 905-555-0134
    >>> print(escape_markdown("# not a heading"), escape_markdown("1. not a list"))
    \# not a heading 1\. not a list
    >>> print(escape_markdown("https://www.lakeview.example or care@lakeview.example"))
    https\://www\.lakeview\.example or care\@lakeview\.example
    """
    text = _INLINE.sub(r"\\\1", _SPACES.sub(" ", text).strip(" "))
    text = _LINKISH.sub(lambda m: "\\" + m.group(), text)
    return _LEADING.sub(r"\1\\\2", text)


def render_markdown(checklist: Checklist) -> str:
    """Render *checklist* as GitHub-flavoured Markdown with task-list boxes.

    >>> from microneedle_care import build_checklist
    >>> markdown = render_markdown(build_checklist())
    >>> markdown.splitlines()[0]
    '# Your aftercare checklist'
    >>> "- [ ] " in markdown
    True
    """
    labels = labels_for(checklist)
    e = escape_markdown
    lines = [f"# {e(labels.title)}", "", e(labels.subtitle), ""]
    facts = []
    if checklist.treatment_date is not None:
        date = labels.date(checklist.treatment_date, year=True)
        facts.append(f"**{e(labels.treatment_date)}{e(labels.colon)}** {e(date)}")
    else:
        facts.append(e(labels.undated))
    if checklist.clinic is not None:
        facts.append(
            f"**{e(labels.clinic)}{e(labels.colon)}** {e(labels.contact(checklist.clinic))}"
        )
    if checklist.risk_factors:
        names = "; ".join(rf.name for rf in checklist.risk_factors)
        facts.append(f"**{e(labels.planned_for)}{e(labels.colon)}** {e(names)}.")
    lines += [" \\\n".join(facts), ""]
    for section in checklist.sections:
        if not section.items:
            continue
        title, dates = labels.section_heading(section)
        lines += [f"## {e(title)}" + (f" ({e(dates)})" if dates else ""), ""]
        for item in section.items:
            parts = [e(item.step.action)]
            if when := labels.when(item, section):
                parts.append(f"*{e(when)}*")
            parts.append(f"{e(labels.why)}{e(labels.colon)} {e(item.step.reason)}")
            if personal := labels.personal(item):
                parts.append(f"**{e(personal)}**")
            lines.append("- [ ] " + " \\\n  ".join(parts))
        lines.append("")
    lines += [f"## {e(labels.get_help)}", ""]
    for group in checklist.warnings:
        lines += [f"### {e(labels.urgency_heading(group.urgency, checklist.clinic))}", ""]
        lines += [f"- **{e(sign.sign)}** {e(sign.action)}" for sign in group.signs]
        lines.append("")
    if checklist.clinic is not None:
        lines += [
            f"**{e(labels.clinic)}{e(labels.colon)}** {e(labels.contact(checklist.clinic))}",
            "",
        ]
    lines += ["---", "", f"*{e(checklist.disclaimer)}*", ""]
    lines.append(e(labels.footer(checklist)))
    return "\n".join(lines) + "\n"
