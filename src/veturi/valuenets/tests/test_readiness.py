"""A network's readiness derived from its hypotheses (its own and its locomotives')."""

import pytest
from django.core.exceptions import ValidationError

from veturi.valuenets.models import Hypothesis

pytestmark = pytest.mark.django_db


def _add(network=None, locomotive=None, **extra):
    return Hypothesis.objects.create(statement=extra.pop("statement", "assumption"), network=network, locomotive=locomotive, **extra)


def test_readiness_moves_from_untested_to_ready(valuenet, park):
    network = valuenet["network"]
    valuenet["hypothesis"].delete()
    assert network.readiness()["level"] == "untested"
    open_one = _add(network, blocks_prioritisation=False)
    assert network.readiness()["level"] == "assumed"
    about_locomotive = _add(locomotive=park["alpha"])  # Alpha is the network's locomotive
    readiness = network.readiness()
    assert readiness["level"] == "blocked" and readiness["blocking"] == 1
    for hypothesis in (open_one, about_locomotive):
        hypothesis.status, hypothesis.resolution = "validated", "confirmed"
        hypothesis.save()
    assert network.readiness() | {"counts": None} == {"level": "ready", "label": "Every assumption validated", "counts": None, "blocking": 0, "share": 1.0}
    _add(network, status="refuted", resolution="Beta said no")
    assert network.readiness()["level"] == "refuted"
    assert network.readiness()["share"] == pytest.approx(2 / 3)


def test_a_hypothesis_about_another_company_does_not_count(valuenet, park):
    _add(locomotive=park["city"])
    assert network_levels(valuenet) == ["blocked"]


def network_levels(valuenet):
    return [valuenet["network"].readiness()["level"]]


def test_clean_names_the_field_at_fault(valuenet):
    hypothesis = Hypothesis(statement=" ", status="refuted", confidence=2)
    with pytest.raises(ValidationError) as error:
        hypothesis.full_clean()
    assert {"statement", "network", "confidence", "resolution"} <= set(error.value.message_dict)
