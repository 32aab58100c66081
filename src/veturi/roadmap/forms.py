from django import forms
from django.db.models import Q
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from veturi.engine.ranking import METHODS
from veturi.roadmap.models import ActivityDemand, MonitoringEntry, exchange_label, Roadmap, RoadmapActivity, RoadmapResource


class RoadmapForm(forms.ModelForm):
    class Meta:
        model = Roadmap
        fields = ["name", "description", "first_year", "years", "objective", "weight_co2_per_t", "weight_jobs",
                  "weight_value_per_eur", "discount_rate", "time_limit_s"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        data = super().clean()
        roadmap = self.instance
        years = data.get("years")
        if roadmap.pk and years and years != roadmap.years:
            # Limits are given per year: changing the horizon would leave them one short or one too many.
            self.resized_resources = list(roadmap.resources.all())
            for resource in self.resized_resources:
                limits = list(resource.yearly_limits)
                resource.yearly_limits = (limits + [limits[-1] if limits else 0.0] * years)[:years]
            late = [a.name for a in roadmap.activities.all() if a.earliest_start_month + a.duration_months > 12 * years]
            if late:
                self.add_error("years", _t("These activities would end after the new horizon: %(names)s.") % {"names": ", ".join(late)})
        return data


class ActivityForm(forms.ModelForm):
    """An activity with its predecessors and one demand field per resource of the roadmap."""

    class Meta:
        model = RoadmapActivity
        fields = ["name", "kind", "infrastructure_kind", "network", "organisation", "asset", "duration_months",
                  "earliest_start_month", "predecessors", "required", "weight", "co2_t_per_year", "jobs",
                  "value_eur_per_year", "virgin_material_t_per_year", "waste_diverted_t_per_year",
                  "energy_recirculated_mwh_per_year", "water_recirculated_m3_per_year", "investment_eur", "land_ha", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3}), "predecessors": forms.SelectMultiple(attrs={"size": 8})}

    def __init__(self, *args, roadmap: Roadmap, **kwargs):
        super().__init__(*args, **kwargs)
        self.roadmap = roadmap
        self.instance.roadmap = roadmap
        others = roadmap.activities.all()
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        self.fields["predecessors"].queryset = others
        # Current networks, and the one the activity is linked to even if a later run no longer finds it.
        self.fields["network"].queryset = self.fields["network"].queryset.filter(
            Q(current=True) | Q(pk=self.instance.network_id or 0))
        self.resources = list(roadmap.resources.all())
        current = {d.resource_id: d.amount for d in self.instance.demands.all()} if self.instance.pk else {}
        for resource in self.resources:
            per = _("per month while it runs") if resource.usage == "while_active" else _("in total")
            self.fields[f"demand_{resource.pk}"] = forms.FloatField(
                label=f"{resource.name} ({resource.unit}, {per})" if resource.unit else f"{resource.name} ({per})",
                required=False, min_value=0, initial=current.get(resource.pk, 0),
            )

    def demand_fields(self):
        return [self[f"demand_{r.pk}"] for r in self.resources]

    def clean_name(self):
        name = (self.cleaned_data.get("name") or "").strip()
        clash = self.roadmap.activities.filter(name=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_t("The roadmap already has an activity called %(name)s.") % {"name": name})
        return name

    def clean_predecessors(self):
        predecessors = self.cleaned_data.get("predecessors")
        if self.instance.pk and predecessors:
            # A predecessor that (indirectly) follows this activity would close a cycle.
            downstream, frontier = set(), [self.instance.pk]
            while frontier:
                following = RoadmapActivity.objects.filter(predecessors__in=frontier).values_list("pk", flat=True)
                frontier = [pk for pk in following if pk not in downstream]
                downstream.update(frontier)
            looped = [p.name for p in predecessors if p.pk in downstream]
            if looped:
                raise forms.ValidationError(
                    _t("%(names)s already come(s) after this activity: making it a predecessor would close a loop.") % {"names": ", ".join(looped)})
        return predecessors

    def save_demands(self, activity: RoadmapActivity) -> None:
        for resource in self.resources:
            amount = self.cleaned_data.get(f"demand_{resource.pk}") or 0
            if amount:
                ActivityDemand.objects.update_or_create(activity=activity, resource=resource, defaults={"amount": amount})
            else:
                ActivityDemand.objects.filter(activity=activity, resource=resource).delete()


class ResourceForm(forms.ModelForm):
    """A resource with its yearly limits typed as numbers separated by spaces, commas or semicolons."""

    yearly_limits = forms.CharField(
        label=_("Yearly limits"), help_text=_("One number per year, first year first, e.g. 8 8 10 10 12."),
        widget=forms.TextInput(attrs={"size": 60}),
    )

    class Meta:
        model = RoadmapResource
        fields = ["name", "category", "usage", "unit", "yearly_limits"]

    def __init__(self, *args, roadmap: Roadmap, **kwargs):
        super().__init__(*args, **kwargs)
        self.roadmap = roadmap
        self.instance.roadmap = roadmap
        if self.instance.pk:
            self.initial["yearly_limits"] = " ".join(f"{v:g}" for v in self.instance.yearly_limits)

    def clean_name(self):
        name = (self.cleaned_data.get("name") or "").strip()
        clash = self.roadmap.resources.filter(name=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_t("The roadmap already has a resource called %(name)s.") % {"name": name})
        return name

    def clean_yearly_limits(self):
        text = self.cleaned_data["yearly_limits"].replace(";", " ").replace(",", " ")
        values = []
        for position, part in enumerate(text.split(), start=1):
            try:
                value = float(part)
            except ValueError:
                raise forms.ValidationError(_t("Year %(year)s: %(value)s is not a number.") % {"year": position, "value": part}) from None
            if not value >= 0 or value == float("inf"):
                raise forms.ValidationError(_t("Year %(year)s: the limit must be at least 0, got %(value)s.") % {"year": position, "value": part})
            values.append(value)
        if len(values) != self.roadmap.years:
            raise forms.ValidationError(_t("Give %(years)s limits, one per year of the roadmap; got %(count)s.") % {
                "years": self.roadmap.years, "count": len(values)})
        return values


class PrioritisationForm(forms.Form):
    """Weights of the network criteria and the method."""

    method = forms.ChoiceField(label=_("Method"), choices=[(m, m.replace("_", " ").upper()) for m in METHODS], initial="topsis")

    def __init__(self, *args, criteria=(), initial_weights=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"w_{criterion.id}"] = forms.FloatField(
                label=criterion.name, min_value=0, max_value=100, initial=round((initial_weights or {}).get(criterion.id, 0.1), 4),
                widget=forms.NumberInput(attrs={"step": "0.01"}),
            )

    def clean(self):
        data = super().clean()
        weights = {c.id: data.get(f"w_{c.id}") for c in self.criteria}
        if any(w is None for w in weights.values()):
            return data
        if sum(weights.values()) <= 0:
            raise forms.ValidationError(_("At least one weight must be above zero."))
        data["weights"] = weights
        return data


class BuildForm(forms.Form):
    top = forms.IntegerField(label=_("Networks to plan (best first)"), min_value=1, max_value=50, initial=5)


class MonitoringEntryForm(forms.ModelForm):
    class Meta:
        model = MonitoringEntry
        fields = ["proposal", "period_kind", "period_start", "quantity", "unit", "value_eur", "co2_t", "note"]
        widgets = {"period_start": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, proposals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposal"].queryset = proposals
        self.fields["proposal"].required = True
        self.fields["proposal"].label_from_instance = exchange_label

    def clean(self):
        data = super().clean()
        proposal, kind, start = data.get("proposal"), data.get("period_kind"), data.get("period_start")
        if proposal and kind and start:
            clash = MonitoringEntry.objects.filter(proposal=proposal, period_kind=kind, period_start=start)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                raise forms.ValidationError(_t("This exchange already has an entry for that period: correct it instead (entry #%(pk)s).") % {
                    "pk": clash.first().pk})
        return data
