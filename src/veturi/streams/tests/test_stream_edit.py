import pytest
from django.urls import reverse

from veturi.streams.models import ResourceStream

pytestmark = pytest.mark.django_db


def _payload(stream, **kwargs):
    payload = {
        "site": stream.site_id,
        "direction": stream.direction,
        "kind": stream.kind,
        "name": stream.name,
        "ewc_code": stream.ewc_code,
        "taxonomy_code": stream.taxonomy_code,
        "quantity": str(stream.quantity),
        "unit": stream.unit,
        "months": [str(m) for m in stream.months],
        "confidentiality": stream.confidentiality,
    }
    payload.update(kwargs)
    return payload


def test_it_works_for_the_owner(login, park):
    stream = park["streams"]["alpha_office"]
    response = login("company").post(
        reverse("stream-edit", args=[stream.pk]),
        _payload(stream, quantity="100", months=["6", "7", "8"], quality_temperature_c="65"),
    )
    assert response.status_code == 302
    stream.refresh_from_db()
    assert stream.quantity == 100 and stream.months == [6, 7, 8]
    assert stream.quality == {"temperature_c": 65.0}


def test_rates_count_only_the_months_available(login, park):
    stream = park["streams"]["beta_partners"]  # 4.5 MW of heat
    login("office").post(reverse("stream-edit", args=[stream.pk]), _payload(stream, months=["1", "2", "3", "4", "5", "6"]))
    stream.refresh_from_db()
    assert stream.canonical_quantity == pytest.approx(4.5 * 8760 / 2, rel=0.01)


def test_it_refuses_a_quality_out_of_range(login, park):
    stream = park["streams"]["alpha_office"]
    response = login("company").post(reverse("stream-edit", args=[stream.pk]), _payload(stream, quality_dry_matter_pct="140"))
    assert "quality_dry_matter_pct" in response.context["form"].errors


@pytest.mark.parametrize("role", ["outsider", "viewer"])
def test_it_refuses_other_roles(login, park, role):
    stream = park["streams"]["alpha_office"]
    response = login(role).post(reverse("stream-edit", args=[stream.pk]), _payload(stream, quantity="1"))
    assert response.status_code == 403
    assert ResourceStream.objects.get(pk=stream.pk).quantity == 12345
