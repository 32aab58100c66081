"""Roadmap objects on the tiny test park: a two-year roadmap with a network's steps, a resource, a plan and a monitoring entry."""

import datetime

from veturi.roadmap.models import (
    ActivityDemand,
    ActivityKind,
    MonitoringEntry,
    Roadmap,
    RoadmapActivity,
    RoadmapResource,
)


def make_roadmap(**extra) -> Roadmap:
    values = {"name": "Test roadmap", "first_year": 2026, "years": 2, "objective": "max_impact", "time_limit_s": 5}
    values.update(extra)
    roadmap = Roadmap.objects.create(**values)
    staff = RoadmapResource.objects.create(roadmap=roadmap, name="Office staff time", category="staff", usage="while_active",
                                           unit="person-months", yearly_limits=[12.0] * roadmap.years)
    heat = RoadmapActivity.objects.create(roadmap=roadmap, name="Build the heat branch", kind=ActivityKind.INFRASTRUCTURE,
                                          infrastructure_kind="heat_network", duration_months=6)
    settle = RoadmapActivity.objects.create(roadmap=roadmap, name="Alpha settles", kind=ActivityKind.LOCOMOTIVE_SETTLES,
                                            duration_months=4, jobs=10)
    start = RoadmapActivity.objects.create(roadmap=roadmap, name="Ash exchanges start", kind=ActivityKind.EXCHANGE_STARTS,
                                           duration_months=3, co2_t_per_year=1200, value_eur_per_year=50_000)
    start.predecessors.set([heat, settle])
    for activity, amount in ((heat, 1.0), (settle, 0.5), (start, 0.5)):
        ActivityDemand.objects.create(activity=activity, resource=staff, amount=amount)
    return roadmap


def roadmap_objects(park) -> dict:
    """The roadmap (solved once), an activity, a resource and a monitoring entry of Alpha's consented exchange to Beta."""
    from veturi.roadmap.adapters import solve_and_store
    from veturi.synergies.models import Proposal
    from veturi.valuenets.tests.factories import valuenet_objects

    network = valuenet_objects(park)["network"]
    roadmap = Roadmap.objects.filter(name="Test roadmap").first()
    if roadmap is None:
        roadmap = make_roadmap()
        roadmap.activities.filter(kind=ActivityKind.EXCHANGE_STARTS).update(network=network)
        solve_and_store(roadmap, time_limit_s=5)
    proposal = Proposal.objects.get(pk=network.exchanges[0])
    if proposal.supplier_answer != "yes" or proposal.receiver_answer != "yes":
        proposal.supplier_answer = proposal.receiver_answer = "yes"
        proposal.save(update_fields=["supplier_answer", "receiver_answer"])
    entry = MonitoringEntry.objects.filter(proposal=proposal).first()
    if entry is None:
        entry = MonitoringEntry(proposal=proposal, period_kind="quarter", period_start=datetime.date(2026, 4, 1), quantity=300)
        entry.fill_from_proposal()
        entry.save()
    return {"roadmap": roadmap, "activity": roadmap.activities.order_by("pk").first(), "resource": roadmap.resources.first(),
            "entry": entry}
