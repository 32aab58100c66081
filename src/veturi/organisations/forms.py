from django import forms
from django.utils.translation import gettext_lazy as _

from veturi.organisations.models import CleantechCategory, EngagementStage, Organisation, OrganisationKind


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds"))] + OrganisationKind.choices)
    nace = forms.CharField(label=_("NACE"), required=False, help_text=_("A code or its beginning, e.g. 38 or 38.2"))
    stage = forms.ChoiceField(
        label=_("Stage"), required=False, choices=[("", _("All stages"))] + EngagementStage.choices
    )
    cleantech = forms.ChoiceField(
        label=_("Cleantech"), required=False, choices=[("", _("All"))] + CleantechCategory.choices[1:]
    )


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")
    nace_codes = forms.CharField(
        label=_("NACE Rev.2 classes"),
        required=False,
        help_text=_("Comma-separated, primary first, e.g. 38.21, 35.11"),
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "business_id",
            "foreign_id",
            "country",
            "employees",
            "turnover_band",
            "cleantech_category",
            "website",
            "notes",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["nace_codes"] = ", ".join(self.instance.nace_codes)

    def clean_nace_codes(self) -> list[str]:
        from veturi.engine import reference

        codes, errors = [], []
        for raw in self.cleaned_data["nace_codes"].replace(";", ",").split(","):
            if not raw.strip():
                continue
            try:
                code = reference.normalise_nace_code(raw.strip())
            except ValueError as exc:
                errors.append(str(exc))
                continue
            if code not in codes:
                codes.append(code)
        if errors:
            raise forms.ValidationError(errors)
        return codes

    def save(self, commit=True, *, by=None):
        """Save; `by` is the user making the change (the office form records it with a stage move)."""
        return super().save(commit=commit)


class OfficeOrganisationForm(OrganisationForm):
    """The office also moves an organisation along the engagement pipeline.

    A changed stage is not written by the form: it goes through the pipeline's one service
    function, which checks the move and records it in the organisation's history.
    """

    class Meta(OrganisationForm.Meta):
        fields = OrganisationForm.Meta.fields + ["engagement_stage", "dropped_reason", "external_id"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stage_before = self.instance.engagement_stage
        self.reason_before = self.instance.dropped_reason

    def clean(self):
        from veturi.engagement.pipeline import move_problem

        cleaned = super().clean()
        stage, reason = cleaned.get("engagement_stage"), cleaned.get("dropped_reason") or ""
        if stage and stage != self.stage_before:
            problem = move_problem(self.stage_before, stage, reason)
            if problem:
                self.add_error("dropped_reason" if stage == "dropped" and not reason.strip() else "engagement_stage", problem)
        return cleaned

    def save(self, commit=True, *, by=None):
        from veturi.engagement.pipeline import move_stage

        stage, reason = self.instance.engagement_stage, self.instance.dropped_reason
        self.instance.engagement_stage, self.instance.dropped_reason = self.stage_before, self.reason_before
        organisation = super().save(commit=commit)
        if commit and stage != self.stage_before:
            move_stage(organisation, stage, by=by, reason=reason)
        return organisation
