from django.urls import reverse


def test_it_changes_the_limits(login, roadmap):
    resource = roadmap.resources.get()
    response = login("expert").post(reverse("roadmap-resource-edit", args=[resource.pk]),
                                    {"name": resource.name, "category": "staff", "usage": "while_active", "yearly_limits": "6 6"})
    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.yearly_limits == [6.0, 6.0]


def test_a_negative_limit_is_refused_and_the_old_ones_kept(login, roadmap):
    resource = roadmap.resources.get()
    response = login("office").post(reverse("roadmap-resource-edit", args=[resource.pk]),
                                    {"name": resource.name, "category": "staff", "usage": "while_active", "yearly_limits": "6 -1"})
    assert response.status_code == 400 and "Year 2: the limit must be at least 0" in response.content.decode()
    resource.refresh_from_db()
    assert resource.yearly_limits == [12.0, 12.0]


def test_companies_cannot_edit(login, roadmap):
    resource = roadmap.resources.get()
    assert login("company").get(reverse("roadmap-resource-edit", args=[resource.pk])).status_code == 403
