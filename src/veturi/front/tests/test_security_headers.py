import pytest
from django.urls import reverse

from veturi.web.security import content_security_policy

pytestmark = pytest.mark.django_db


def test_pages_forbid_inline_scripts_and_framing(login):
    response = login("office").get(reverse("dashboard"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_templates_carry_no_inline_script(login, park):
    client = login("office")
    for name, args in [("dashboard", []), ("map", []), ("organisation-list", []), ("organisation-detail", [park["alpha"].pk])]:
        html = client.get(reverse(name, args=args)).content.decode()
        for chunk in html.split("<script")[1:]:
            assert chunk.lstrip().startswith("src="), f"inline script on {name}"


def test_the_map_tile_host_is_allowed_for_images(settings):
    settings.MAP_TILES_URL = "https://{s}.tiles.example.org/{z}/{x}/{y}.png"
    assert "img-src 'self' data: https://*.tiles.example.org" in content_security_policy()
