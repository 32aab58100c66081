"""Double opt-in: a company sees its proposals with the other party anonymous until both say yes."""

import pytest
from django.core import mail
from django.urls import reverse

from veturi.organisations.models import Person
from veturi.synergies.models import ConsentNotification, ConsentRecord

pytestmark = pytest.mark.django_db

PAGE = "/synergies/mine/"
API = "/api/my-proposals/"
BETA_SECRETS = ("Beta Cement Oy", "Beta secret gypsum demand", "Bertta Kontakti", "bertta@beta.example", "beta.example")
ID_KEYS = {"id", "organisation_id", "organisation", "supplier", "receiver", "output", "input", "stream", "site"}


@pytest.fixture
def setting(park, users, synergy):
    """Alpha (user `company`) supplies fly ash to Beta (user `outsider`); Beta shares its quantity with partners."""
    Person.objects.create(organisation=park["beta"], name="Bertta Kontakti", email="bertta@beta.example", phone="+358 40 123")
    park["beta"].website = "https://beta.example"
    park["beta"].save()
    beta_stream = park["streams"]["beta_office"]
    beta_stream.quantity_visibility = "partners"
    beta_stream.save()
    users["office"].email = "office@park.example"
    users["office"].save()
    return {"proposal": synergy["proposal"], "beta_stream": beta_stream, "alpha_stream": park["streams"]["alpha_office"]}


def _ids(data, found=None):
    """Every (key, value) pair of an id-like key anywhere in an API answer."""
    found = set() if found is None else found
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ID_KEYS and isinstance(value, int):
                found.add((key, value))
            _ids(value, found)
    elif isinstance(data, list):
        for value in data:
            _ids(value, found)
    return found


def _answer(client, users, role, proposal, answer, *, api=False, capture=None):
    client.force_login(users[role])
    with capture(execute=True):
        if api:
            return client.post(f"{API}{proposal.pk}/answer/", {"answer": answer}, content_type="application/json")
        return client.post(reverse("consent-proposal-answer", args=[proposal.pk]), {"answer": answer})


def _assert_anonymous(client, users, role, setting):
    client.force_login(users[role])
    page = client.get(PAGE).content.decode()
    listing = client.get(API)
    body = listing.content.decode()
    for secret in BETA_SECRETS:
        assert secret not in page and secret not in body
    assert "34567" not in page and "34,567" not in page and "34567" not in body
    (item,) = listing.json()["results"]
    assert item["partner"] is None and item["disclosed"] is False
    assert _ids(item) == {("id", setting["proposal"].pk), ("id", setting["alpha_stream"].pk)}
    return page, item


def test_it_hides_the_other_party_until_both_say_yes(client, users, setting, django_capture_on_commit_callbacks):
    page, item = _assert_anonymous(client, users, "company", setting)
    # What the anonymous description does say: kind, NACE section, distance band, resource, quantity band.
    assert "Company" in page and "C Manufacturing" in page
    assert item["distance_band"] == "under 5 km"
    assert item["quantity_band"] == "10\u202f000–100\u202f000 t/a"
    assert item["resource"]["kind"] == "Material" and item["other_nace_section"].startswith("C ")

    response = _answer(client, users, "company", setting["proposal"], "yes", capture=django_capture_on_commit_callbacks)
    assert response.status_code == 302
    _, item = _assert_anonymous(client, users, "company", setting)  # one yes is not enough
    assert item["your_answer"] == "yes" and item["their_answer"] == "pending"
    assert ConsentNotification.objects.count() == 0 and len(mail.outbox) == 0


def test_it_discloses_both_parties_after_both_say_yes_and_tells_the_office(client, users, setting, django_capture_on_commit_callbacks):
    proposal = setting["proposal"]
    _answer(client, users, "company", proposal, "yes", capture=django_capture_on_commit_callbacks)
    response = _answer(client, users, "outsider", proposal, "yes", api=True, capture=django_capture_on_commit_callbacks)
    assert response.status_code == 200, response.content
    assert response.json()["partner"]["name"] == "Alpha Ash Oy"

    client.force_login(users["company"])
    page = client.get(PAGE).content.decode()
    assert "Beta Cement Oy" in page and "Bertta Kontakti" in page and "bertta@beta.example" in page
    assert "34,567" in page  # Beta shares the quantity with partners ...
    assert "Beta secret gypsum demand" not in page  # ... but not the stream's name
    item = client.get(API).json()["results"][0]
    assert item["partner"]["organisation_id"] == setting["beta_stream"].site.organisation_id
    assert item["partner"]["stream"]["quantity"] == 34567 and item["partner"]["stream"]["name"] is None
    assert "name" in item["partner"]["stream"]["hidden"]

    (notification,) = ConsentNotification.objects.all()
    assert notification.event == "consented" and notification.proposal == proposal
    client.force_login(users["office"])
    dashboard = client.get("/").content.decode()
    assert "Both companies said yes" in dashboard and "Alpha Ash Oy → Beta Cement Oy" in dashboard
    (message,) = mail.outbox
    assert message.to == ["office@park.example"] and "Alpha Ash Oy" in message.subject and "Beta Cement Oy" in message.subject


def test_a_withdrawal_hides_the_other_party_again_and_tells_the_office(client, users, setting, django_capture_on_commit_callbacks):
    proposal = setting["proposal"]
    _answer(client, users, "company", proposal, "yes", capture=django_capture_on_commit_callbacks)
    _answer(client, users, "outsider", proposal, "yes", capture=django_capture_on_commit_callbacks)
    response = _answer(client, users, "outsider", proposal, "withdraw", capture=django_capture_on_commit_callbacks)
    assert response.status_code == 302

    _, item = _assert_anonymous(client, users, "company", setting)
    assert item["their_answer"] == "withdrawn"
    assert [n.event for n in ConsentNotification.objects.order_by("pk")] == ["consented", "withdrawn"]
    assert len(mail.outbox) == 2 and "withdrew" in mail.outbox[1].subject
    client.force_login(users["office"])
    detail = client.get(reverse("synergy-proposal", args=[proposal.pk])).content.decode()
    assert "Withdrawn" in detail and "outsider" in detail and "disclosed" in detail
    history = list(ConsentRecord.objects.order_by("pk").values_list("side", "answer", "answered_by__username", "disclosed"))
    assert history == [
        ("supplier", "yes", "company", False),
        ("receiver", "yes", "outsider", True),
        ("receiver", "withdrawn", "outsider", False),
    ]


def test_the_office_still_sees_both_parties_and_the_answers(client, users, setting, django_capture_on_commit_callbacks):
    _answer(client, users, "company", setting["proposal"], "no", capture=django_capture_on_commit_callbacks)
    client.force_login(users["office"])
    data = client.get(f"/api/synergy-proposals/{setting['proposal'].pk}/").json()
    assert data["supplier_answer"] == "no" and data["receiver_answer"] == "pending"
    assert data["receiver"] == setting["beta_stream"].site.organisation_id


def test_it_refuses_a_withdrawal_without_a_yes_and_unknown_answers(client, users, setting, django_capture_on_commit_callbacks):
    response = _answer(client, users, "company", setting["proposal"], "withdraw", capture=django_capture_on_commit_callbacks)
    assert response.status_code == 400 and "no yes to withdraw" in response.content.decode()
    response = _answer(client, users, "company", setting["proposal"], "maybe", api=True, capture=django_capture_on_commit_callbacks)
    assert response.status_code == 400 and "answer" in response.json()
    assert ConsentRecord.objects.count() == 0


def test_only_the_two_companies_answer(client, users, park, setting, django_capture_on_commit_callbacks):
    from veturi.accounts.models import User
    from veturi.organisations.models import Organisation

    gamma = Organisation.objects.create(name="Gamma Oy", kind="company")
    users["gamma"] = User.objects.create_user(username="gamma", password="x-long-password-1", role="company", organisation=gamma)
    assert _answer(client, users, "gamma", setting["proposal"], "yes", capture=django_capture_on_commit_callbacks).status_code == 404
    assert _answer(client, users, "gamma", setting["proposal"], "yes", api=True, capture=django_capture_on_commit_callbacks).status_code == 404
    client.force_login(users["gamma"])
    assert client.get(API).json()["results"] == []
    for role in ("office", "expert", "viewer"):
        client.force_login(users[role])
        assert client.get(API).status_code == 403, role
        assert client.get(PAGE).status_code == 403, role
    assert ConsentRecord.objects.count() == 0


def test_a_proposal_the_office_rejects_discloses_nothing_any_more(client, users, setting, django_capture_on_commit_callbacks):
    proposal = setting["proposal"]
    _answer(client, users, "company", proposal, "yes", capture=django_capture_on_commit_callbacks)
    _answer(client, users, "outsider", proposal, "yes", capture=django_capture_on_commit_callbacks)
    client.force_login(users["company"])
    assert client.get(f"/api/streams/{setting['beta_stream'].pk}/").json()["quantity"] == 34567
    proposal.refresh_from_db()
    proposal.decide("rejected", "The cement works closes in spring.", users["office"])
    assert client.get(API).json()["results"] == []
    assert client.get(f"/api/streams/{setting['beta_stream'].pk}/").status_code == 404


def test_the_proposals_come_fifty_a_page_and_an_answer_returns_to_its_page(login, setting, park):
    from veturi.streams.models import ResourceStream
    from veturi.synergies.models import Proposal

    first = setting["proposal"]
    beta_site = setting["beta_stream"].site
    for number in range(54):
        demand = ResourceStream.objects.create(site=beta_site, direction="input", kind="material", name=f"Beta demand {number}", quantity=10,
                                               unit="t/a", confidentiality="office")
        first.pk, first.input, first.score = None, demand, 0.5 - number / 1000
        first.save()
    client = login("company")
    assert Proposal.objects.count() == 55
    first_page = client.get(PAGE).content.decode()
    assert first_page.count('class="card proposal"') == 50 and "1 / 2" in first_page
    second_page = client.get(PAGE, {"page": 2}).content.decode()
    assert second_page.count('class="card proposal"') == 5
    last = Proposal.objects.order_by("score", "pk").first()
    response = client.post(reverse("consent-proposal-answer", args=[last.pk]), {"answer": "yes", "page": "2"})
    assert response.status_code == 302 and response["Location"] == f"{PAGE}?page=2#proposal-{last.pk}"
