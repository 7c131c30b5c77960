"""The obvious alternative to a batch run, written by hand: csv + json.load + icalendar.

It reads the packaged content with ``json.load``, picks the days where an everyone-step
starts or ends, and writes one ``.ics`` (an event and an alarm per day) and one ``.json``
per patient. It does no validation, no risk factors and no translation, so it is a lower
bound on the work, not a full equivalent.
"""

from __future__ import annotations

import csv
import datetime
import json
import zoneinfo
from importlib import resources
from pathlib import Path
from typing import Any

import icalendar


def load() -> dict[str, Any]:
    text = resources.files("microneedle_care").joinpath("data/content.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _days(data: dict[str, Any]) -> dict[int, list[str]]:
    days: dict[int, list[str]] = {}
    for step in data["aftercare_steps"]:
        if step["scope"] != "everyone":
            continue
        window = step["window"]
        days.setdefault(window["start_hours"] // 24 + 1, []).append(step["action"])
        if window["end_hours"] is not None:
            days.setdefault(-(-window["end_hours"] // 24) + 1, [])
    return dict(sorted(days.items()))


def run(data: dict[str, Any], csv_path: Path, out: Path, tz: str) -> int:
    zone = zoneinfo.ZoneInfo(tz)
    days = _days(data)
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    with open(csv_path, encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            date = datetime.date.fromisoformat(row["treatment_date"])
            cal = icalendar.Calendar()
            cal.add("prodid", "-//hand-written//EN")
            cal.add("version", "2.0")
            rows = []
            for day, actions in days.items():
                when = datetime.datetime.combine(
                    date + datetime.timedelta(days=day - 1), datetime.time(18), tzinfo=zone
                )
                text = f"Day {day}. " + " ".join(actions)
                event = icalendar.Event()
                event.add("uid", f"{row['patient_id']}-{day}@example")
                event.add("dtstamp", datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc))
                event.add("dtstart", when)
                event.add("summary", f"Aftercare day {day}")
                event.add("description", text)
                alarm = icalendar.Alarm()
                alarm.add("action", "DISPLAY")
                alarm.add("trigger", datetime.timedelta(0))
                alarm.add("description", f"Aftercare day {day}")
                event.add_component(alarm)
                cal.add_component(event)
                rows.append({"day": day, "send_at": when.isoformat(), "text": text})
            cal.add_missing_timezones()
            (out / f"{row['patient_id']}.ics").write_bytes(cal.to_ical())
            (out / f"{row['patient_id']}.json").write_text(json.dumps(rows), encoding="utf-8")
            written += 1
    return written
