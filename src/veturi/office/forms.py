import re

from django import forms

from veturi.office.models import ActionItem, AgendaItem, Decision, Meeting, Milestone, Task
from veturi.organisations.models import Person
from veturi.web.fields import ModelMultipleChoiceField as SafeModelMultipleChoiceField


def _people():
    return Person.objects.select_related("organisation", "core_team_membership").order_by("name")


class MeetingForm(forms.ModelForm):
    class Meta:
        field_classes = {"attendees": SafeModelMultipleChoiceField}  # too large an id is a form error, not a 500
        model = Meeting
        fields = ["title", "date", "location", "attendees", "notes"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "attendees": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Attendance is ticked from the core team and the people the office meets most.
        self.fields["attendees"].queryset = _people().filter(core_team_membership__isnull=False) | _people().filter(
            office_meetings=self.instance.pk or 0
        )
        self.fields["attendees"].queryset = self.fields["attendees"].queryset.distinct()


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["position", "title", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2}), "position": forms.NumberInput(attrs={"size": 3, "min": 0})}


class ActionItemForm(forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = ["action", "owner", "due", "status"]
        widgets = {"due": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _people()


class ActionItemStatusForm(forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = ["status"]


AgendaFormSet = forms.inlineformset_factory(Meeting, AgendaItem, form=AgendaItemForm, extra=3, can_delete=True)
DecisionFormSet = forms.inlineformset_factory(Meeting, Decision, fields=["text"], extra=2, can_delete=True)
ActionFormSet = forms.inlineformset_factory(Meeting, ActionItem, form=ActionItemForm, extra=3, can_delete=True)


class TaskForm(forms.ModelForm):
    class Meta:
        model = Task
        fields = ["workstream", "name", "owner", "start", "due", "status"]
        widgets = {"start": forms.DateInput(attrs={"type": "date"}), "due": forms.DateInput(attrs={"type": "date"})}


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["phase", "name", "owner", "due", "status"]
        widgets = {"due": forms.DateInput(attrs={"type": "date"})}


MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(text: str) -> tuple[int, int]:
    """'2026-11' → (2026, 11); a clear ValueError otherwise."""
    match = MONTH_PATTERN.match((text or "").strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"month {text!r}: use the form YYYY-MM, e.g. 2026-11")
    return int(match.group(1)), int(match.group(2))
