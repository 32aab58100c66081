from django import forms
from django.utils.translation import gettext_lazy as _

from veturi.streams.models import QUALITY_RANGES, ResourceStream

MONTH_CHOICES = [(m, label) for m, label in enumerate(
    [_("Jan"), _("Feb"), _("Mar"), _("Apr"), _("May"), _("Jun"), _("Jul"), _("Aug"), _("Sep"), _("Oct"), _("Nov"), _("Dec")],
    start=1,
)]

QUALITY_LABELS = {
    "temperature_c": _("Temperature (°C)"),
    "pressure_bar": _("Pressure (bar)"),
    "dry_matter_pct": _("Dry matter (%)"),
    "moisture_pct": _("Moisture (%)"),
    "purity_pct": _("Purity (%)"),
    "heating_value_mj_per_kg": _("Heating value (MJ/kg)"),
}


class ResourceStreamForm(forms.ModelForm):
    months = forms.TypedMultipleChoiceField(
        label=_("Months available"), choices=MONTH_CHOICES, coerce=int, widget=forms.CheckboxSelectMultiple, required=True
    )

    class Meta:
        model = ResourceStream
        fields = [
            "site",
            "direction",
            "kind",
            "name",
            "ewc_code",
            "taxonomy_code",
            "quantity",
            "unit",
            "current_handling",
            "handling_cost_eur_per_unit",
            "confidentiality",
            "name_visibility",
            "quantity_visibility",
            "cost_visibility",
            "quality_visibility",
            "months_visibility",
        ]
        help_texts = {
            "confidentiality": _("Who may see the stream's fields, unless a field group below says otherwise."),
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = organisation.sites.all()
        if not self.instance.pk and len(self.fields["site"].queryset) == 1:
            self.initial.setdefault("site", self.fields["site"].queryset[0].pk)
        for key, label in QUALITY_LABELS.items():
            low, high = QUALITY_RANGES[key]
            self.fields[f"quality_{key}"] = forms.FloatField(label=label, required=False, min_value=low, max_value=high)
            if self.instance.pk and key in (self.instance.quality or {}):
                self.initial[f"quality_{key}"] = self.instance.quality[key]
        self.initial.setdefault("months", self.instance.months if self.instance.pk else list(range(1, 13)))
        for name in ("name_visibility", "quantity_visibility", "cost_visibility", "quality_visibility", "months_visibility"):
            # Blank: the field group follows the stream's confidentiality.
            self.fields[name].choices = [("", _("as the stream"))] + list(self.fields[name].choices)[1:]

    def quality_fields(self):
        return [self[f"quality_{key}"] for key in QUALITY_LABELS]

    def _post_clean(self):
        # Quality and months live outside the model's own fields; set them before model validation.
        quality = dict(self.instance.quality or {})
        for key in QUALITY_LABELS:
            value = self.cleaned_data.get(f"quality_{key}")
            if value is None:
                quality.pop(key, None)
            else:
                quality[key] = value
        self.instance.quality = quality
        if self.cleaned_data.get("months"):
            self.instance.months = self.cleaned_data["months"]
        super()._post_clean()
