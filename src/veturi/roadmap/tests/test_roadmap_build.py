from django.urls import reverse

from veturi.plots.models import InfrastructureAsset
from veturi.roadmap.building import build_from_networks
from veturi.roadmap.models import ActivityKind, Roadmap
from veturi.valuenets.tests.factories import make_network


def _networks(park):
    from veturi.valuenets.tests.factories import valuenet_objects

    first = valuenet_objects(park)["network"]
    second = make_network(park, key="template:test", name="Heat cascade", method="template", template="waste_heat_cascade",
                          members=[park["beta"].pk, park["city"].pk], locomotives=[park["beta"].pk])
    return first, second


def test_a_network_needs_its_locomotive_and_its_infrastructure_first(park):
    first, second = _networks(park)
    InfrastructureAsset.objects.create(name="Heat branch", kind="heat_network", status="planned")
    roadmap = Roadmap.objects.create(name="Built", first_year=2026, years=5)
    report = build_from_networks(roadmap, [first, second])
    followers = roadmap.activities.get(kind=ActivityKind.FOLLOWERS_SETTLE, network=second)
    names = {p.name for p in followers.predecessors.all()}
    assert names == {"Build Heat branch", "Beta Cement Oy commits as locomotive"}  # Beta is already in the zone
    exchanges = roadmap.activities.get(kind=ActivityKind.EXCHANGE_STARTS, network=second)
    assert [p.name for p in exchanges.predecessors.all()] == [followers.name]
    # The first network's exchanges are counted once, by the first network.
    assert roadmap.activities.get(kind=ActivityKind.EXCHANGE_STARTS, network=first).co2_t_per_year > 0
    assert exchanges.co2_t_per_year == 0
    assert len(report.created) == roadmap.activities.count()


def test_a_second_build_keeps_the_office_edits(park):
    first, second = _networks(park)
    roadmap = Roadmap.objects.create(name="Built", first_year=2026, years=5)
    build_from_networks(roadmap, [first, second])
    edited = roadmap.activities.get(kind=ActivityKind.FOLLOWERS_SETTLE, network=first)
    edited.duration_months = 20
    edited.save()
    report = build_from_networks(roadmap, [first, second])
    assert report.created == [] and len(report.kept) == roadmap.activities.count()
    edited.refresh_from_db()
    assert edited.duration_months == 20


def test_the_build_page_adds_the_best_ranked_networks(login, park):
    _networks(park)
    roadmap = Roadmap.objects.create(name="Built", first_year=2026, years=5)
    response = login("office").post(reverse("roadmap-build", args=[roadmap.pk]), {"top": 1})
    assert response.status_code == 302
    assert roadmap.activities.filter(kind=ActivityKind.EXCHANGE_STARTS).count() == 1
    assert roadmap.resources.count() == 4


def test_too_few_networks_and_bad_counts_get_clear_errors(login, park):
    roadmap = Roadmap.objects.create(name="Built", first_year=2026, years=5)
    response = login("office").post(reverse("roadmap-build", args=[roadmap.pk]), {"top": 1})
    assert response.status_code == 400 and "at least 2 value networks" in response.content.decode()
    response = login("office").post(reverse("roadmap-build", args=[roadmap.pk]), {"top": 0})
    assert response.status_code == 400
    assert not roadmap.activities.exists()


def test_competing_proposals_for_one_output_count_its_supply_once(park):
    from veturi.streams.models import ResourceStream
    from veturi.synergies.models import Proposal
    from veturi.synergies.tests.factories import synergy_objects

    objects = synergy_objects(park)
    best = objects["proposal"]  # all 12 345 t of Alpha's fly ash to Beta: 50 000 EUR/a, 7 407 t CO2/a
    city_input = ResourceStream.objects.create(
        site=park["city"].sites.first() or best.input.site, direction="input", kind="material",
        name="City road base demand", quantity=20000, unit="t/a", confidentiality="public",
    )
    Proposal.objects.create(
        output=best.output, input=city_input, rule=best.rule, rule_code=best.rule_code, run=best.run, rank=2,
        rank_for_input=1, score=0.5, confidence=0.9, technical_fit=0.6, distance_km=3.0, transport_mode="truck",
        quantity_exchanged=12345, quantity_unit="t/a", value_eur_per_year=30000, co2_t_per_year=4000,
    )
    network = make_network(park, best, exchanges=list(Proposal.objects.values_list("pk", flat=True)))
    roadmap = Roadmap.objects.create(name="Built", first_year=2026, years=5)
    build_from_networks(roadmap, [network])
    exchanges = roadmap.activities.get(kind=ActivityKind.EXCHANGE_STARTS, network=network)
    # The whole supply goes to the better proposal; the weaker one claims the same tonnes and counts nothing.
    assert exchanges.value_eur_per_year == 50000
    assert exchanges.co2_t_per_year == 7407
    assert exchanges.waste_diverted_t_per_year == 12345
