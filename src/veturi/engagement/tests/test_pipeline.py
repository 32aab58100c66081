"""The pipeline's rules and its one service function."""

import doctest

import pytest
from django.core.exceptions import ValidationError

from veturi.engagement import pipeline
from veturi.engagement.models import StageChange
from veturi.engagement.pipeline import allowed_moves, move_problem, move_stage
from veturi.organisations.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "from_stage, to_stage",
    [
        ("identified", "contacted"),
        ("identified", "committed"),  # forward by several steps
        ("committed", "engaged"),  # back by one
        ("operating", "contracted"),
        ("engaged", "dropped"),
        ("dropped", "contacted"),  # the actor came back
        ("dropped", "operating"),
    ],
)
def test_allowed_moves_pass(from_stage, to_stage):
    assert move_problem(from_stage, to_stage, reason="checked") is None
    assert to_stage in allowed_moves(from_stage)


@pytest.mark.parametrize(
    "from_stage, to_stage, words",
    [
        ("committed", "contacted", "back one stage"),
        ("operating", "identified", "back one stage"),
        ("engaged", "engaged", "already"),
        ("engaged", "bankrupt", "Unknown"),
    ],
)
def test_refused_moves_say_why(from_stage, to_stage, words):
    assert words in move_problem(from_stage, to_stage, reason="x")
    assert to_stage not in allowed_moves(from_stage)


def test_dropping_needs_a_reason(park):
    beta = park["beta"]
    with pytest.raises(ValidationError) as error:
        move_stage(beta, "dropped", reason="   ")
    assert "reason" in error.value.message_dict
    beta.refresh_from_db()
    assert beta.engagement_stage == "identified" and not StageChange.objects.exists()


def test_every_move_is_recorded_with_who_and_why(park, users):
    beta = park["beta"]
    move_stage(beta, "contacted", by=users["office"], reason="Phone call")
    move_stage(beta, "dropped", by=users["expert"], reason="Moved its plant abroad")
    beta.refresh_from_db()
    assert beta.engagement_stage == "dropped" and beta.dropped_reason == "Moved its plant abroad"
    history = list(StageChange.objects.filter(organisation=beta).order_by("changed_at", "id"))
    assert [(c.from_stage, c.to_stage, c.changed_by.username, c.reason) for c in history] == [
        ("identified", "contacted", "office", "Phone call"),
        ("contacted", "dropped", "expert", "Moved its plant abroad"),
    ]


def test_coming_back_from_dropped_clears_the_reason(park):
    beta = park["beta"]
    move_stage(beta, "dropped", reason="No interest")
    move_stage(beta, "engaged")
    assert Organisation.objects.get(pk=beta.pk).dropped_reason == ""


def test_a_refused_move_changes_nothing(park):
    alpha = park["alpha"]
    move_stage(alpha, "committed")
    with pytest.raises(ValidationError) as error:
        move_stage(alpha, "identified")
    assert "to_stage" in error.value.message_dict
    assert Organisation.objects.get(pk=alpha.pk).engagement_stage == "committed"
    assert StageChange.objects.filter(organisation=alpha).count() == 1


def test_the_examples_in_the_docstrings_hold():
    assert doctest.testmod(pipeline).failed == 0
