"""The demo park yields named value networks, each with a locomotive; a second computation changes nothing."""

import pytest

from veturi.demo.loader import load_demo
from veturi.synergies.adapters import run_matching
from veturi.synergies.rules import load_package_rules
from veturi.valuenets.adapters import run_networks
from veturi.valuenets.models import ValueNetwork

pytestmark = pytest.mark.django_db


def test_the_demo_park_yields_named_networks_with_a_locomotive_each():
    load_demo()
    load_package_rules()
    run_matching(top_k=3)
    run, reused = run_networks()
    networks = list(ValueNetwork.objects.filter(current=True))
    methods = {n.method for n in networks}
    assert methods == {"community", "neighbourhood", "template"}
    for network in networks:
        assert network.name.strip() and network.locomotives, network.key
        assert set(network.locomotives) <= set(network.members)
        assert network.value_eur_per_year > 0 and sum(network.maturity.values()) == network.exchange_count
    assert any(n.template == "waste_heat_cascade" for n in networks)
    before = list(ValueNetwork.objects.values())
    again, reused = run_networks()
    assert reused and again.pk == run.pk and list(ValueNetwork.objects.values()) == before
