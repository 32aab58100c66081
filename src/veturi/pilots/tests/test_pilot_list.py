from django.urls import reverse


def test_staff_see_every_pilot(login, pilots):
    body = login("office").get(reverse("pilot-list")).content.decode()
    assert "Ash carbonation pilot" in body and "Beta secret kiln pilot" in body


def test_a_company_sees_its_own_and_the_public_ones(login, pilots):
    body = login("company").get(reverse("pilot-list")).content.decode()
    assert "Ash carbonation pilot" in body and "Beta secret kiln pilot" not in body
    body = login("outsider").get(reverse("pilot-list")).content.decode()
    assert "Beta secret kiln pilot" in body


def test_viewers_see_only_public_pilots(login, pilots):
    body = login("viewer").get(reverse("pilot-list")).content.decode()
    assert "Ash carbonation pilot" in body and "Beta secret kiln pilot" not in body
    assert "Record a pilot" not in body
