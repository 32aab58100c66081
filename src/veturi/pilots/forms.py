from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from veturi.organisations.models import Organisation
from veturi.pilots.models import Pilot, PilotKpi
from veturi.web.fields import ModelMultipleChoiceField as SafeModelMultipleChoiceField


class PilotForm(forms.ModelForm):
    class Meta:
        field_classes = {"partners": SafeModelMultipleChoiceField, "infrastructure": SafeModelMultipleChoiceField}  # too large an id is a form error, not a 500
        model = Pilot
        fields = ["name", "kind", "status", "technology", "description", "host", "site", "plot", "infrastructure", "partners",
                  "start_date", "end_date", "trl_before", "trl_after", "results", "public_consent", "public_summary", "source"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}), "results": forms.Textarea(attrs={"rows": 4}),
            "source": forms.Textarea(attrs={"rows": 2}), "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
            "partners": forms.SelectMultiple(attrs={"size": 8}), "infrastructure": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The choice labels name each site's organisation and each plot's zone: read with them, not one query per choice.
        self.fields["site"].queryset = self.fields["site"].queryset.select_related("organisation")
        self.fields["plot"].queryset = self.fields["plot"].queryset.select_related("zone")
        if not user.is_staff_member:
            # A company runs pilots as their host only.
            self.fields["host"].queryset = Organisation.objects.filter(pk=user.organisation_id)
            self.fields["host"].initial = user.organisation_id
            self.fields["site"].queryset = self.fields["site"].queryset.filter(organisation_id=user.organisation_id)
        self.fields["host"].help_text = _("The company running the pilot.")


KpiFormSet = inlineformset_factory(Pilot, PilotKpi, fields=["kpi", "change", "note"], extra=2, can_delete=True)
