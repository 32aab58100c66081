"""Load the demo project office: plan, meetings, stakeholder map and the pipeline's history.

Runs after the demo park (it refers to its organisations and core team by external ID). Like
the park loader it is idempotent and never overwrites: records already there are left as they
are, and a broken file leaves the database untouched (one transaction).
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, datetime, time
from importlib import resources
from typing import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from veturi.demo.loader import DemoDataError
from veturi.engagement.models import StageChange, Stakeholder
from veturi.office.models import ActionItem, AgendaItem, Decision, Meeting, Milestone, Phase, Task, Workstream
from veturi.organisations.models import Organisation, Person

DEMO_OFFICE_PACKAGE = "veturi.data.demo_office"


def _read(name: str):
    return json.loads(resources.files(DEMO_OFFICE_PACKAGE).joinpath(name).read_text(encoding="utf-8"))


def _save(obj, where: str):
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise DemoDataError(f"{where}: {exc.message_dict if hasattr(exc, 'message_dict') else exc.messages}") from exc
    obj.save()
    return obj


class _OfficeLoader:
    def __init__(self):
        self.created: Counter = Counter()
        self.people = {p.external_id: p for p in Person.objects.exclude(external_id="")}
        self.organisations = {o.external_id: o for o in Organisation.objects.exclude(external_id="")}

    def person(self, key: str | None, where: str) -> Person | None:
        if not key:
            return None
        if key not in self.people:
            raise DemoDataError(f"{where}: unknown person {key!r}")
        return self.people[key]

    def organisation(self, key: str, where: str) -> Organisation:
        if key not in self.organisations:
            raise DemoDataError(f"{where}: unknown organisation {key!r}")
        return self.organisations[key]

    def plan(self):
        for phase_record in _read("plan.json")["phases"]:
            where = f"plan.json phase {phase_record['number']}"
            phase = Phase.objects.filter(number=phase_record["number"]).first()
            if phase is None:
                phase = _save(
                    Phase(
                        number=phase_record["number"],
                        name=phase_record["name"],
                        start=date.fromisoformat(phase_record["start"]),
                        end=date.fromisoformat(phase_record["end"]),
                        description=phase_record.get("description", ""),
                    ),
                    where,
                )
                self.created["Phase"] += 1
            for record in phase_record.get("milestones", []):
                if not Milestone.objects.filter(external_id=record["key"]).exists():
                    _save(
                        Milestone(
                            phase=phase, external_id=record["key"], name=record["name"], due=date.fromisoformat(record["due"]),
                            owner=self.person(record.get("owner"), f"{where} milestone {record['key']}"), status=record.get("status", "planned"),
                        ),
                        f"{where} milestone {record['key']}",
                    )
                    self.created["Milestone"] += 1
            for stream_record in phase_record.get("workstreams", []):
                stream_where = f"{where} workstream {stream_record['name']!r}"
                workstream, made = Workstream.objects.get_or_create(
                    phase=phase, name=stream_record["name"], defaults={"lead": self.person(stream_record.get("lead"), stream_where)}
                )
                self.created["Workstream"] += made
                for record in stream_record.get("tasks", []):
                    if Task.objects.filter(external_id=record["key"]).exists():
                        continue
                    _save(
                        Task(
                            workstream=workstream, external_id=record["key"], name=record["name"],
                            owner=self.person(record.get("owner"), f"{stream_where} task {record['key']}"),
                            start=date.fromisoformat(record["start"]) if record.get("start") else None,
                            due=date.fromisoformat(record["due"]) if record.get("due") else None,
                            status=record.get("status", "planned"),
                        ),
                        f"{stream_where} task {record['key']}",
                    )
                    self.created["Task"] += 1

    def meetings(self):
        for record in _read("meetings.json"):
            where = f"meetings.json meeting {record['key']}"
            if Meeting.objects.filter(external_id=record["key"]).exists():
                continue
            meeting = _save(
                Meeting(external_id=record["key"], title=record["title"], date=date.fromisoformat(record["date"]), location=record.get("location", "")),
                where,
            )
            meeting.attendees.set([self.person(key, where) for key in record.get("attendees", [])])
            for position, item in enumerate(record.get("agenda", []), start=1):
                _save(AgendaItem(meeting=meeting, position=position, title=item["title"], notes=item.get("notes", "")), f"{where} agenda {position}")
            for text in record.get("decisions", []):
                _save(Decision(meeting=meeting, text=text), f"{where} decision")
            for item in record.get("actions", []):
                _save(
                    ActionItem(
                        meeting=meeting, action=item["action"], owner=self.person(item.get("owner"), where),
                        due=date.fromisoformat(item["due"]) if item.get("due") else None, status=item.get("status", "open"),
                    ),
                    f"{where} action {item['action']!r}",
                )
            self.created["Meeting"] += 1

    def stakeholders(self):
        for record in _read("stakeholders.json"):
            where = f"stakeholders.json {record['organisation']}"
            organisation = self.organisation(record["organisation"], where)
            if Stakeholder.objects.filter(organisation=organisation).exists():
                continue
            _save(Stakeholder(organisation=organisation, influence=record["influence"], interest=record["interest"], notes=record.get("notes", "")), where)
            self.created["Stakeholder"] += 1

    def stage_history(self):
        for record in _read("stage_history.json"):
            where = f"stage_history.json {record['organisation']}"
            organisation = self.organisation(record["organisation"], where)
            moves = record["moves"]
            # History that does not end where the organisation stands now (the office moved it since) is not written.
            if organisation.stage_changes.exists() or moves[-1][1] != organisation.engagement_stage:
                continue
            for move in moves:
                from_stage, to_stage, day = move[0], move[1], date.fromisoformat(move[2])
                reason = move[3] if len(move) > 3 else ""
                StageChange.objects.create(
                    organisation=organisation, from_stage=from_stage, to_stage=to_stage, reason=reason,
                    changed_at=timezone.make_aware(datetime.combine(day, time(10, 0))),
                )
                self.created["StageChange"] += 1


def load_office_demo(progress: Callable[[str], None] | None = None) -> str:
    """Load the demo office's plan, meetings, stakeholder map and pipeline history; one-line summary."""
    progress = progress or (lambda message: None)
    loader = _OfficeLoader()
    if "office-project-lead" not in loader.people:
        return "the demo park is not loaded: demo office skipped"
    with transaction.atomic():
        progress("project plan")
        loader.plan()
        progress("office meetings")
        loader.meetings()
        progress("stakeholder map")
        loader.stakeholders()
        progress("pipeline history")
        loader.stage_history()
    made = ", ".join(f"{count} {name}" for name, count in sorted(loader.created.items()) if count) or "nothing new"
    return f"demo office loaded: {made}"
