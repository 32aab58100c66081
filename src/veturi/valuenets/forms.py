from fractions import Fraction

from django import forms
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from veturi.organisations.models import Organisation
from veturi.valuenets.models import Candidate, CustomCriterion, Hypothesis, RankingMethod, ValueNetwork


class NetworkEditForm(forms.ModelForm):
    class Meta:
        model = ValueNetwork
        fields = ["name", "curated", "notes"]


def parse_ahp_matrix(text: str, size: int) -> list[list[float]]:
    """Rows of a pairwise comparison matrix, one line per criterion; ``1/3`` allowed."""
    rows = [line.split() for line in text.strip().splitlines() if line.strip()]
    if len(rows) != size:
        raise forms.ValidationError(_("The matrix needs %(n)d lines, one per criterion; got %(got)d.") % {"n": size, "got": len(rows)})
    matrix = []
    for i, row in enumerate(rows, start=1):
        if len(row) != size:
            raise forms.ValidationError(_("Line %(i)d needs %(n)d numbers, got %(got)d.") % {"i": i, "n": size, "got": len(row)})
        values = []
        for j, cell in enumerate(row, start=1):
            try:
                values.append(float(Fraction(cell)))
            except (ValueError, ZeroDivisionError):
                raise forms.ValidationError(_("Line %(i)d, column %(j)d: %(cell)r is not a number such as 3 or 1/3.") % {"i": i, "j": j, "cell": cell}) from None
        matrix.append(values)
    return matrix


class RankingForm(forms.Form):
    """Weights (direct or AHP pairwise comparisons) and the method of a locomotive ranking."""

    method = forms.ChoiceField(label=_("Method"), choices=RankingMethod.choices, initial=RankingMethod.TOPSIS)
    use_ahp = forms.BooleanField(label=_("Derive the weights from pairwise comparisons (AHP)"), required=False)
    ahp = forms.CharField(
        label=_("Pairwise comparison matrix"), required=False, widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        help_text=_("One line per criterion in the order of the weights; Saaty's 1–9 scale, e.g. 1 3 1/5."),
    )

    def __init__(self, *args, criteria=(), initial_weights=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"w_{criterion['id']}"] = forms.FloatField(
                label=criterion["name"], min_value=0, max_value=100, required=True,
                initial=round((initial_weights or {}).get(criterion["id"], 0.1), 4),
                widget=forms.NumberInput(attrs={"step": "0.01"}),
            )

    def clean(self):
        data = super().clean()
        if data.get("use_ahp"):
            data["ahp_matrix"] = parse_ahp_matrix(data.get("ahp") or "", len(self.criteria))
            data["weights"] = None
        else:
            data["ahp_matrix"] = None
            weights = {c["id"]: data.get(f"w_{c['id']}") for c in self.criteria}
            if any(w is None for w in weights.values()):
                return data
            if sum(weights.values()) <= 0:
                raise forms.ValidationError(_("At least one weight must be above zero."))
            data["weights"] = weights
        return data


class CandidateForm(forms.ModelForm):
    """What the office knows about a candidate beyond its record; saving again replaces it."""

    infrastructure_needs = forms.CharField(
        label=_("Infrastructure needed"), required=False, help_text=_("Comma-separated, e.g. district_heat, rail, electricity."),
    )

    class Meta:
        model = Candidate
        fields = ["organisation", "marked_locomotive", "investment_eur", "plot_need_m2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(kind="company").order_by("name")

    def clean_infrastructure_needs(self):
        return [part.strip() for part in self.cleaned_data["infrastructure_needs"].split(",") if part.strip()]

    def validate_unique(self):
        pass  # the view updates the candidate's existing row


class CriterionForm(forms.ModelForm):
    class Meta:
        model = CustomCriterion
        fields = ["code", "name", "direction", "unit", "weight", "description"]


class ScoreForm(forms.Form):
    """A candidate's score on an office criterion; scoring it again replaces the score."""

    criterion = forms.ModelChoiceField(label=_("Criterion"), queryset=CustomCriterion.objects.all())
    organisation = forms.ModelChoiceField(label=_("Candidate"), queryset=Organisation.objects.filter(kind="company").order_by("name"))
    score = forms.FloatField(label=_("Score"))
    note = forms.CharField(label=_("Why"), max_length=300, required=False)


class HypothesisForm(forms.ModelForm):
    class Meta:
        model = Hypothesis
        fields = ["statement", "network", "locomotive", "status", "confidence", "owner", "due_date", "blocks_prioritisation", "evidence", "resolution"]
        widgets = {"statement": forms.Textarea(attrs={"rows": 2}), "resolution": forms.Textarea(attrs={"rows": 2}),
                   "due_date": forms.DateInput(attrs={"type": "date"}), "confidence": forms.NumberInput(attrs={"step": "0.05", "min": 0, "max": 1})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = ValueNetwork.objects.filter(current=True).order_by("name")
        self.fields["evidence"].queryset = self.fields["evidence"].queryset.select_related("organisation")
        self.fields["evidence"].required = False
        owner = self.fields["owner"]
        owner.queryset = owner.queryset.select_related("core_team_membership", "organisation").order_by(F("core_team_membership").asc(nulls_last=True), "name")
        owner.label_from_instance = _owner_label


def _owner_label(person) -> str:
    if hasattr(person, "core_team_membership"):
        return f"{person.name} ({_('core team')})"
    return f"{person.name} ({person.organisation})" if person.organisation_id else person.name
