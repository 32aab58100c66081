"""Value-network objects on the tiny test park: a network over Alpha and Beta and a hypothesis about it."""

from veturi.valuenets.models import Hypothesis, ValueNetwork


def make_network(park, proposal=None, **extra) -> ValueNetwork:
    alpha, beta = park["alpha"], park["beta"]
    edges = [[alpha.pk, beta.pk, proposal.pk, "ash_slag", "proposed"]] if proposal else []
    values = {
        "key": f"community:test-{alpha.pk}", "name": "Ash network around Alpha Ash Oy", "engine_name": "Ash network around Alpha Ash Oy",
        "method": "community", "members": [alpha.pk, beta.pk], "locomotives": [alpha.pk], "exchanges": [proposal.pk] if proposal else [],
        "edges": edges, "value_eur_per_year": 50000, "co2_t_per_year": 7407, "jobs": 0, "maturity": {"proposed": len(edges), "validated": 0, "realised": 0},
        "explanation": "2 members linked by 1 link inside.",
        "gaps": [{"kind": "output", "subject": "stream-x", "stream": None, "organisation": alpha.pk, "nace": [["23.51", "Manufacture of cement"]],
                  "quantity": 12345.0, "unit": "t/a", "value_lost_eur_per_year": 9999.0, "co2_lost_t_per_year": 1.0, "rule": "", "detail": "Alpha secret fly ash has no taker"}],
    }
    values.update(extra)
    return ValueNetwork.objects.create(**values)


def valuenet_objects(park) -> dict:
    from veturi.synergies.tests.factories import synergy_objects

    network = ValueNetwork.objects.filter(key=f"community:test-{park['alpha'].pk}").first()
    if network is None:
        network = make_network(park, synergy_objects(park)["proposal"])
    hypothesis = Hypothesis.objects.filter(network=network).first() or Hypothesis.objects.create(
        statement="Beta can take 10 000 t/a of fly ash", network=network, confidence=0.4,
    )
    return {"network": network, "hypothesis": hypothesis}
