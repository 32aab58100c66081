import json

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from veturi.organisations.models import Organisation
from veturi.plots.models import Plot, UtilityKind
from veturi.plugplay.models import AllocationRun, Contract, ContractStage, DocumentTemplate, PlotRequirement


class RunForm(forms.Form):
    time_limit_s = forms.FloatField(label=_("Time limit (s)"), min_value=0.1, max_value=120, initial=5)
    seed = forms.IntegerField(label=_("Seed"), min_value=0, initial=0)
    min_score = forms.FloatField(
        label=_("Flows from proposals scoring at least"), required=False, min_value=0, max_value=1,
        help_text=_("Empty: only accepted, validated and realised proposals."),
    )


class WhatIfForm(forms.Form):
    kind = forms.ChoiceField(label=_("What if"), choices=[c for c in AllocationRun.Kind.choices if c[0] != AllocationRun.Kind.BASE])
    organisation = forms.ModelChoiceField(label=_("Company"), queryset=Organisation.objects.filter(plot_requirement__isnull=False), required=False)
    plot = forms.ModelChoiceField(label=_("Plot"), queryset=Plot.objects.select_related("zone"), required=False)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind in (AllocationRun.Kind.PIN, AllocationRun.Kind.ADD) and not data.get("organisation"):
            self.add_error("organisation", _("Pick the company."))
        if kind in (AllocationRun.Kind.PIN, AllocationRun.Kind.CLOSE) and not data.get("plot"):
            self.add_error("plot", _("Pick the plot."))
        return data


class RequirementForm(forms.ModelForm):
    class Meta:
        model = PlotRequirement
        fields = ["area_m2", "zoning_classes", "hazard_separation_m", "planned"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        needs = self.instance.needs or {}
        for kind, label in UtilityKind.choices:
            self.fields[f"need_{kind}"] = forms.FloatField(label=label, required=False, min_value=0, initial=needs.get(kind))

    def clean(self):
        data = super().clean()
        self.instance.needs = {kind: data[f"need_{kind}"] for kind in UtilityKind.values if data.get(f"need_{kind}")}
        return data


class ContractForm(forms.ModelForm):
    class Meta:
        model = Contract
        fields = ["organisation", "plot", "offered_on", "yearly_lease_eur", "price_eur", "notes"]
        widgets = {"offered_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each plot's label names its zone: read with the plots, not one query per choice.
        self.fields["plot"].queryset = self.fields["plot"].queryset.select_related("zone")


class MoveForm(forms.Form):
    stage = forms.ChoiceField(label=_("Move to"), choices=ContractStage.choices)
    on = forms.DateField(label=_("On"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    reserved_until = forms.DateField(label=_("Reserved until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class DocumentTemplateForm(forms.ModelForm):
    class Meta:
        model = DocumentTemplate
        fields = ["name", "stage", "language", "body"]


class EnquiryForm(forms.Form):
    company = forms.CharField(label=_("Company"), max_length=200)
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"))
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    area_m2 = forms.FloatField(label=_("Area needed (m²)"), required=False, min_value=0, max_value=10_000_000)
    message = forms.CharField(label=_("What are you planning?"), widget=forms.Textarea(attrs={"rows": 4}), max_length=3000)
    # A field people never see (hidden by the stylesheet); a bot fills it in.
    website = forms.CharField(label=_("Leave this empty"), required=False)

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise ValidationError(_("This field must stay empty."))
        return ""
