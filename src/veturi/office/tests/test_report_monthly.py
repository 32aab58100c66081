from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from veturi.engagement.models import StageChange
from veturi.engagement.pipeline import move_stage
from veturi.office.reports import monthly_report
from veturi.office.tests.factories import assert_staff_only

pytestmark = pytest.mark.django_db
URL = reverse("report-monthly")


def _this_month() -> str:
    return timezone.localdate().strftime("%Y-%m")


def test_the_report_gathers_the_months_moves_interactions_and_actions(office, users):
    move_stage(office["alpha"], "contacted", by=users["office"], reason="First call")
    StageChange.objects.create(
        organisation=office["alpha"], from_stage="identified", to_stage="engaged",
        changed_at=timezone.make_aware(datetime(2020, 5, 5, 12)),
    )
    today = timezone.localdate()
    report = monthly_report(today.year, today.month)
    assert [(c.organisation.name, c.to_stage) for c in report.stage_changes] == [("Alpha Ash Oy", "contacted")]
    assert ("Contacted", 1) in report.moves_into_stage
    assert ("Meeting", 1) in report.interactions_by_kind or office["interaction"].date.month != today.month
    assert [row.action for row in report.overdue_actions] == ["Send ash analysis"]
    assert {row.action for row in report.new_actions} >= {"Book the workshop room"}
    assert set(report.sections) == {"hypotheses", "synergies"}


def test_an_app_section_is_marked_until_its_app_reports(office, monkeypatch):
    from veturi.office import reports

    monkeypatch.setattr(reports, "SECTION_APPS", {"hypotheses": "veturi.hypotheses_not_here", "synergies": "veturi.office.tests.section_app"})
    monkeypatch.setattr(reports, "_installed", lambda app: app != "veturi.hypotheses_not_here")
    report = monthly_report(2026, 11)
    assert report.sections["hypotheses"].installed is False and report.sections["hypotheses"].rows is None
    assert report.sections["synergies"].rows == [("Hypothesis H1: ash replaces 20 % of cement", "validated between 2026-11-01 and 2026-11-30")]


def test_a_past_month_counts_actions_overdue_at_its_end(office):
    report = monthly_report(2020, 1)
    assert report.stage_changes == [] and report.interactions == [] and report.overdue_actions == []


def test_the_page_shows_charts_tables_and_marked_future_sections(login, office, monkeypatch):
    monkeypatch.setattr("veturi.office.reports._installed", lambda app: False)
    body = login("office").get(URL, {"month": _this_month()}).content.decode()
    assert body.count("<svg") == 4
    assert "Send ash analysis" in body
    assert 'data-section="hypotheses"' in body and 'data-section="synergies"' in body
    assert "this section fills in when the hypotheses app exists" in body


def test_a_malformed_month_gets_a_clear_400(login):
    response = login("office").get(URL, {"month": "11/2026"})
    assert response.status_code == 400 and "use the form YYYY-MM" in response.content.decode()


def test_only_the_office_and_experts_see_it(client, users, office):
    assert_staff_only(client, users, URL)
