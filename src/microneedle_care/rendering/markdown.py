"""GitHub-flavoured Markdown: a heading per section and task-list boxes."""

from __future__ import annotations

import re

from ..checklist import Checklist, ChecklistItem, ChecklistSection
from ._labels import Labels, labels_for, regional
from ._layout import (
    bands,
    day_sections,
    glance,
    is_task,
    later,
    personal_items,
    standing_rules,
    urgent,
)

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


def render_markdown(checklist: Checklist, *, compact: bool = False) -> str:
    """Render *checklist* as GitHub-flavoured Markdown with task-list boxes.

    The order is the patient sheet's (see :func:`~microneedle_care.rendering.html.render_html`):
    the urgent signs and the clinic's phone, the days at a glance, the steps added for this
    patient, then the days. Only things done once or daily get a ``- [ ]`` box; standing
    rules are plain bullets. *compact* leaves out the "Why" lines.

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
    if checklist.prepared_for:
        facts.append(f"{e(labels.prepared_for)}{e(labels.colon)} {e(checklist.prepared_for)}")
    if checklist.treatment_date is not None:
        date = labels.date(checklist.treatment_date, year=True)
        facts.append(f"{e(labels.treatment_date)}{e(labels.colon)} {e(date)}")
    else:
        facts.append(e(labels.undated))
    if checklist.risk_factors:
        names = "; ".join(rf.name for rf in checklist.risk_factors)
        facts.append(f"{e(labels.planned_for)}{e(labels.colon)} {e(names)}.")
    lines += [" \\\n".join(facts), ""]
    lines += [f"## {e(labels.urgent_title)}", ""]
    if checklist.clinic is not None:
        lines += [f"**{e(labels.contact(checklist.clinic))}**", ""]
    for group in urgent(checklist):
        lines += [f"### {e(labels.urgency_heading(group.urgency, None))}", ""]
        lines += [f"- {e(sign.sign)} *{e(sign.action)}*" for sign in group.signs]
        lines.append("")
    where = regional(checklist)
    if where is not None:
        lines += [e(" ".join(s for s in (where.same_day, where.service) if s)), ""]
    lines += [e(labels.urgent_more), ""]
    lines += [f"## {e(labels.timeline_title)}", ""]
    for band in bands(checklist):
        lines.append(f"- {e(labels.glance_line(band))}")
    if standing := standing_rules(checklist):
        words = ", ".join(glance(step) for step in standing)
        lines.append(f"- {e(f'{labels.always}{labels.colon} {labels.avoid_lead} {words}.')}")
    lines.append("")
    if personal := personal_items(checklist):
        lines += [f"## {e(labels.for_you_title)}", "", e(labels.for_you_intro), ""]
        lines += [_md_item(item, section, labels, compact, True) for section, item in personal]
        lines.append("")
    for section, items in day_sections(checklist):
        title, dates = labels.section_heading(section)
        lines += [f"## {e(title)}" + (f" ({e(dates)})" if dates else ""), ""]
        lines += [_md_item(item, section, labels, compact, False) for item in items]
        lines.append("")
    lines += [f"## {e(labels.get_help)}", ""]
    for group in later(checklist):
        lines += [f"### {e(labels.urgency_heading(group.urgency, checklist.clinic))}", ""]
        lines += [f"- {e(sign.sign)} {e(sign.action)}" for sign in group.signs]
        lines.append("")
    if checklist.clinic is not None:
        lines += [
            f"{e(labels.clinic)}{e(labels.colon)} {e(labels.contact(checklist.clinic))}",
            "",
        ]
    if where is not None:
        lines += [e(" ".join(where.lines)), ""]
    lines += ["---", "", f"**{e(labels.approval_line(checklist.approval, checklist.clinic))}**", ""]
    lines += [f"*{e(checklist.disclaimer)}*", ""]
    lines.append(e(labels.footer(checklist)))
    return "\n".join(lines) + "\n"


def _md_item(
    item: ChecklistItem, section: ChecklistSection, labels: Labels, compact: bool, show_when: bool
) -> str:
    e = escape_markdown
    parts = [e(item.step.action)]
    if when := labels.item_when(item, section, name_section=show_when):
        parts.append(f"*{e(when)}*")
    if not compact:
        parts.append(f"{e(labels.why)}{e(labels.colon)} {e(item.step.reason)}")
    if personal := labels.personal(item):
        parts.append(f"*{e(personal)}*")
    box = "- [ ] " if is_task(item) else "- "
    return box + " \\\n  ".join(parts)
