from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veturi.engagement.models import Attachment, FollowUpAction, Interaction, Stakeholder
from veturi.engagement.pipeline import PIPELINE, allowed_moves
from veturi.organisations.models import EngagementStage, Organisation, Person


class StageMoveForm(forms.Form):
    to_stage = forms.ChoiceField(label=_("Move to"), choices=EngagementStage.choices)
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=300, help_text=_("Required when dropping; useful for every move.")
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(EngagementStage.choices)
        moves = allowed_moves(organisation.engagement_stage)
        self.fields["to_stage"].choices = [(stage, labels[stage]) for stage in moves]
        # The usual move is one stage forward: offer it first.
        forward = [stage for stage in moves if stage in PIPELINE and organisation.engagement_stage in PIPELINE
                   and PIPELINE.index(stage) > PIPELINE.index(organisation.engagement_stage)]
        if forward:
            self.fields["to_stage"].initial = forward[0]


class InteractionForm(forms.ModelForm):
    attachment = forms.FileField(
        label=_("Attachment"), required=False, help_text=_("PDF, image or office document, at most 20 MB.")
    )

    class Meta:
        model = Interaction
        fields = ["organisation", "date", "kind", "participants", "summary"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "summary": forms.Textarea(attrs={"rows": 5}),
            "participants": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = Person.objects.select_related("organisation").order_by("organisation__name", "name")
        self.fields["participants"].label_from_instance = lambda person: f"{person.name} ({person.organisation or '–'})"
        self.fields["participants"].help_text = _("Hold Ctrl or Shift to choose several.")
        if not self.instance.pk and not self.is_bound:
            self.initial.setdefault("date", timezone.localdate())

    def clean_attachment(self):
        from veturi.engagement.models import validate_attachment

        upload = self.cleaned_data.get("attachment")
        if upload:
            validate_attachment(upload)
        return upload


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = FollowUpAction
        fields = ["action", "owner", "due", "done"]
        widgets = {"due": forms.DateInput(attrs={"type": "date"})}


FollowUpFormSet = forms.inlineformset_factory(Interaction, FollowUpAction, form=FollowUpForm, extra=2, can_delete=False)


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ["file", "description"]


class StakeholderForm(forms.ModelForm):
    class Meta:
        model = Stakeholder
        fields = ["influence", "interest", "notes"]
        widgets = {
            "influence": forms.NumberInput(attrs={"min": 1, "max": 5}),
            "interest": forms.NumberInput(attrs={"min": 1, "max": 5}),
        }
