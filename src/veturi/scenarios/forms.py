from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from veturi.engine.kpis import metric_labels
from veturi.scenarios.adapters import COMPUTED_METRICS
from veturi.scenarios.models import Assumption, ParkFigure, Scenario


class ScenarioForm(forms.ModelForm):
    class Meta:
        model = Scenario
        fields = ["name", "description", "roadmap", "runs", "seed", "waste_to_incineration_share"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Give the scenario a name."))
        return name


class AssumptionForm(forms.ModelForm):
    class Meta:
        model = Assumption
        fields = [
            "activity", "network", "probability", "delay_distribution", "delay_low", "delay_likely", "delay_high", "delay_sigma",
            "quantity_kpi", "quantity_distribution", "quantity_low", "quantity_likely", "quantity_high", "note",
        ]

    def __init__(self, *args, roadmap=None, **kwargs):
        super().__init__(*args, **kwargs)
        from veturi.valuenets.models import ValueNetwork

        activities = self.fields["activity"].queryset
        self.fields["activity"].queryset = activities.filter(roadmap=roadmap) if roadmap is not None else activities.none()
        self.fields["network"].queryset = ValueNetwork.objects.filter(current=True)


AssumptionFormSet = inlineformset_factory(Scenario, Assumption, form=AssumptionForm, extra=3, can_delete=True)


def _metric_choices():
    labels = metric_labels()
    return [(m, f"{info['label']} ({info['unit']})") for m, info in labels.items() if m not in COMPUTED_METRICS]


class ParkFigureForm(forms.Form):
    """A figure the office enters for the framework table; yes/no figures as 1 or 0, shares as 0..1."""

    metric = forms.ChoiceField(label=_("Figure"), choices=_metric_choices)
    value = forms.FloatField(label=_("Value"), help_text=_("1 for yes, 0 for no; a share as 0 to 1."))
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    note = forms.CharField(label=_("Source or note"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        metric, value = data.get("metric"), data.get("value")
        if metric is None or value is None:
            return data
        unit = metric_labels()[metric]["unit"]
        if value != value or value in (float("inf"), float("-inf")):
            self.add_error("value", _("Give a finite number."))
        elif unit == "yes/no" and value not in (0, 1):
            self.add_error("value", _("A yes/no figure is 1 (yes) or 0 (no)."))
        elif unit == "share" and not 0 <= value <= 1:
            self.add_error("value", _("A share is between 0 and 1."))
        elif value < 0:
            self.add_error("value", _("The figure cannot be negative."))
        return data

    def save(self, user) -> ParkFigure:
        figure, _created = ParkFigure.objects.update_or_create(
            metric=self.cleaned_data["metric"],
            defaults={"value": self.cleaned_data["value"], "year": self.cleaned_data.get("year"),
                      "note": self.cleaned_data.get("note", ""), "entered_by": user},
        )
        return figure
