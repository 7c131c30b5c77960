"""The obvious alternative, for comparison: json.load of the data plus a Jinja2 template.

It does what clinic software would write by hand without this library: read the JSON,
pick the steps with dict lookups, and fill an HTML template with autoescaping. It lists
the same steps as the library's sheet (the breakout steps included) but does no
validation, so it is a lower bound on the work, not a full equivalent.
"""

from __future__ import annotations

import datetime
import json
from importlib import resources
from typing import Any

import jinja2

SECTIONS = [
    ("First 24 hours", 0, 24),
    ("Days 2 to 3", 24, 72),
    ("Days 4 to 7", 72, 168),
    ("Week 2 and after", 168, None),
]
BREAKOUT = "If you get a breakout"
URGENCY = {
    "emergency": "Call 911 now if you have any of these",
    "same-day": "Call your clinic the same day if you have any of these",
    "within-days": "Contact your clinic within a day or two if you have any of these",
    "next-visit": "Tell your clinic at your next visit if you have any of these",
}

TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Your aftercare checklist</title><style>body{font-family:sans-serif}</style></head>
<body><main><header><h1>Your aftercare checklist</h1>
<dl>{% if date %}<dt>Treatment date</dt><dd>{{ date }}</dd>{% endif %}
{% if clinic %}<dt>Clinic</dt><dd class="clinic">{{ clinic.name }}, phone {{ clinic.phone }}</dd>{% endif %}
</dl></header>
{% for title, dates, items in sections %}{% if items %}<section><h2>{{ title }} <span>{{ dates }}</span></h2>
<ul class="checklist">{% for step, why in items %}<li><input type="checkbox" id="step-{{ step.id }}">
<label for="step-{{ step.id }}">{{ step.action }}</label><p>Why: {{ step.reason }}</p>
{% if why %}<p>For you: {{ why }}</p>{% endif %}</li>{% endfor %}</ul></section>{% endif %}{% endfor %}
<section><h2>When to get help</h2>{% for heading, signs in warnings %}<h3>{{ heading }}</h3><ul>
{% for s in signs %}<li><strong>{{ s.sign }}</strong> {{ s.action }}</li>{% endfor %}</ul>{% endfor %}
</section><footer><p>{{ disclaimer }}</p><p>Content {{ version }}</p></footer></main></body></html>
"""


def load() -> dict[str, Any]:
    """Read the packaged JSON with json.load, as hand-written code would."""
    with resources.files("microneedle_care").joinpath("data", "content.json").open("rb") as f:
        data: dict[str, Any] = json.load(f)
    return data


def compile_template() -> jinja2.Template:
    """Compile the template once, with autoescaping on."""
    return jinja2.Environment(autoescape=True).from_string(TEMPLATE)


def render(
    data: dict[str, Any],
    template: jinja2.Template,
    treatment_date: datetime.date | None,
    risk_ids: list[str],
    clinic: dict[str, str] | None,
) -> str:
    """Pick the steps for one patient and fill the template."""
    risks = [rf for rf in data["risk_factors"] if rf["id"] in risk_ids]
    # Steps a treatment adds are not on the default (pen) sheet, as in the library.
    added = {i for t in data["treatments"] for i in t.get("add", {}).get("aftercare_steps", ())}
    sections = []
    for title, start, end in SECTIONS:
        items = []
        for step in data["aftercare_steps"]:
            s = step["window"]["start_hours"]
            if step["scope"] == "breakout" or not (start <= s and (end is None or s < end)):
                continue
            if step["id"] in added:
                continue
            helps = [rf["name"] for rf in risks if step["id"] in rf["mitigated_by"]]
            if step["scope"] == "risk-factor" and not helps:
                continue
            items.append((step, "; ".join(helps)))
        dates = ""
        if treatment_date is not None:
            dates = (treatment_date + datetime.timedelta(days=start // 24)).isoformat()
        sections.append((title, dates, items))
    # What to do if a breakout comes: the library's sheet lists these steps too.
    breakout = [
        (step, "")
        for step in data["aftercare_steps"]
        if step["scope"] == "breakout" and step["id"] not in added
    ]
    sections.append((BREAKOUT, "", breakout))
    warnings = [
        (heading, [w for w in data["warning_signs"] if w["urgency"] == key])
        for key, heading in URGENCY.items()
    ]
    return template.render(
        date=treatment_date.isoformat() if treatment_date else None,
        clinic=clinic,
        sections=sections,
        warnings=warnings,
        disclaimer=data["disclaimer"],
        version=data["content_version"],
    )
