"""GitHub-flavoured Markdown: a heading per section and task-list boxes."""

from __future__ import annotations

import re

from ..checklist import Checklist
from ._sheet import Item, Labelled, Sheet, SignGroup, sheet_for

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
    return serialise(sheet_for(checklist, compact=compact))


def _labelled(part: Labelled | str) -> str:
    """Escape a label and its value apart (a leading ``#`` in a value is escaped too)."""
    e = escape_markdown
    return e(part) if isinstance(part, str) else f"{e(part.lead)} {e(part.value)}{part.end}"


def _signs(group: SignGroup, emphasis: str) -> list[str]:
    e = escape_markdown
    lines = [f"### {e(group.heading)}", ""]
    lines += [f"- {e(s.sign)} {emphasis}{e(s.action)}{emphasis}" for s in group.signs]
    return [*lines, ""]


def serialise(sheet: Sheet) -> str:
    """Write *sheet* as GitHub-flavoured Markdown, every string escaped."""
    e = escape_markdown
    head, urgent, timeline = sheet.header, sheet.urgent, sheet.timeline
    lines = [f"# {e(head.title)}", "", e(head.subtitle), ""]
    facts = [head.prepared_for, head.treatment, head.treatments, head.planned_for]
    lines += [" \\\n".join(_labelled(fact) for fact in facts if fact is not None), ""]
    lines += [f"## {e(urgent.title)}", ""]
    if urgent.contact is not None:
        lines += [f"**{e(urgent.contact.line)}**", ""]
    for group in urgent.groups:
        lines += _signs(group, "*")
    if urgent.regional is not None:
        lines += [e(urgent.regional), ""]
    lines += [e(urgent.more), ""]
    lines += [f"## {e(timeline.title)}", ""]
    lines += [f"- {e(band.line)}" for band in timeline.bands]
    if timeline.standing is not None:
        lines.append(f"- {e(timeline.standing)}")
    lines.append("")
    if (for_you := sheet.for_you) is not None:
        lines += [f"## {e(for_you.title)}", "", e(for_you.intro), ""]
        lines += [*map(_md_item, for_you.items), ""]
    for day in sheet.days:
        lines += [f"## {e(day.title)}" + (f" ({e(day.dates)})" if day.dates else ""), ""]
        lines += [*map(_md_item, day.items), ""]
    warnings, footer = sheet.warnings, sheet.footer
    lines += [f"## {e(warnings.title)}", ""]
    for group in warnings.groups:
        lines += _signs(group, "")
    if warnings.clinic is not None:
        lines += [_labelled(warnings.clinic), ""]
    if warnings.regional is not None:
        lines += [e(warnings.regional), ""]
    lines += ["---", "", f"**{e(footer.approval)}**", ""]
    lines += [f"*{e(footer.disclaimer)}*", ""]
    lines.append(e(footer.record))
    return "\n".join(lines) + "\n"


def _md_item(item: Item) -> str:
    e = escape_markdown
    parts = [e(item.text)]
    if item.when:
        parts.append(f"*{e(item.when)}*")
    if item.why is not None:
        parts.append(_labelled(item.why))
    if item.personal:
        parts.append(f"*{e(item.personal)}*")
    box = "- [ ] " if item.box else "- "
    return box + " \\\n  ".join(parts)
