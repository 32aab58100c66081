import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from veturi.organisations.models import CoreTeamMember, NaceActivity, Organisation, Person

pytestmark = pytest.mark.django_db


def test_business_id_is_normalised_and_checked():
    organisation = Organisation(name="Nokia Oyj", business_id="0112038-9")
    organisation.full_clean()
    assert organisation.business_id == "0112038-9"
    with pytest.raises(ValidationError) as error:
        Organisation(name="Typo Oy", business_id="0112038-8").full_clean()
    assert "business_id" in error.value.message_dict


def test_business_id_is_unique_when_given_but_may_be_blank_many_times():
    Organisation.objects.create(name="A", business_id="0112038-9")
    Organisation.objects.create(name="B")
    Organisation.objects.create(name="C")
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(name="D", business_id="0112038-9")


def test_country_must_be_two_letters():
    with pytest.raises(ValidationError) as error:
        Organisation(name="X", country="Finland").full_clean()
    assert "country" in error.value.message_dict


def test_a_foreign_vat_number_is_checked_against_the_country():
    organisation = Organisation(name="Stena Recycling AB", country="se", foreign_id="SE556200775201")
    organisation.full_clean()
    assert organisation.country == "SE"
    with pytest.raises(ValidationError) as error:
        Organisation(name="Bad", country="SE", foreign_id="DE!!").full_clean()
    assert "foreign_id" in error.value.message_dict


def test_dropping_needs_a_reason():
    with pytest.raises(ValidationError) as error:
        Organisation(name="X", engagement_stage="dropped").full_clean()
    assert "dropped_reason" in error.value.message_dict
    Organisation(name="X", engagement_stage="dropped", dropped_reason="Chose Sweden").full_clean()


def test_nace_codes_are_validated_against_the_official_list():
    organisation = Organisation.objects.create(name="X")
    activity = NaceActivity(organisation=organisation, code="3821")
    activity.full_clean()
    assert activity.code == "38.21"
    assert "waste" in activity.title.lower()
    with pytest.raises(ValidationError) as error:
        NaceActivity(organisation=organisation, code="38.29.9").full_clean()
    assert "code" in error.value.message_dict


def test_core_team_member_has_an_expert_role():
    person = Person.objects.create(name="Planner (demo)")
    member = CoreTeamMember.objects.create(person=person, expert_role="urban_planning")
    assert str(member) == "Planner (demo) (Urban planning)"
    with pytest.raises(ValidationError):
        CoreTeamMember(person=Person.objects.create(name="Y"), expert_role="astrology").full_clean()
