from django import forms
from django.utils.translation import gettext_lazy as _

from veturi.engine.matching.knowledge_base import RULE_COLUMNS
from veturi.streams.models import StreamKind
from veturi.synergies.models import ProposalStatus


class ProposalFilterForm(forms.Form):
    family = forms.CharField(label=_("Family"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All statuses")), *ProposalStatus.choices])
    min_score = forms.FloatField(label=_("Minimum score"), required=False, min_value=0, max_value=1)
    organisation = forms.IntegerField(label=_("Organisation"), required=False, widget=forms.Select)
    kind = forms.ChoiceField(label=_("Stream kind"), required=False, choices=[("", _("All kinds")), *StreamKind.choices])
    stale = forms.BooleanField(label=_("Include stale"), required=False)

    def __init__(self, *args, organisations=(), families=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].widget.choices = [("", _("All organisations")), *[(o.pk, o.name) for o in organisations]]
        self.fields["family"].widget = forms.Select(choices=[("", _("All families")), *[(f, f) for f in families]])

    def filter(self, proposals):
        data = self.cleaned_data
        if data["family"]:
            proposals = proposals.filter(rule__family=data["family"])
        if data["status"]:
            proposals = proposals.filter(status=data["status"])
        if data["min_score"] is not None:
            proposals = proposals.filter(score__gte=data["min_score"])
        if data["organisation"]:
            from django.db.models import Q

            org = data["organisation"]
            proposals = proposals.filter(Q(output__site__organisation_id=org) | Q(input__site__organisation_id=org))
        if data["kind"]:
            proposals = proposals.filter(output__kind=data["kind"])
        if not data["stale"]:
            proposals = proposals.filter(stale=False)
        return proposals


class DecisionForm(forms.Form):
    status = forms.ChoiceField(label=_("Decision"), choices=ProposalStatus.choices)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000, widget=forms.TextInput)

    def clean(self):
        data = super().clean()
        if data.get("status") == ProposalStatus.REJECTED and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why the proposal is rejected."))
        return data


class RuleForm(forms.Form):
    """Every column of a rule as text, as in a rule file; validated by the engine on save."""

    active = forms.BooleanField(label=_("Active"), required=False)
    reason = forms.CharField(label=_("Why this change"), max_length=2000, widget=forms.TextInput)

    LONG = {"source", "preprocessing", "supplier_terms", "receiver_terms", "conditions"}

    def __init__(self, *args, rule=None, **kwargs):
        super().__init__(*args, **kwargs)
        for column in RULE_COLUMNS:
            if column == "id":
                continue
            widget = forms.Textarea(attrs={"rows": 2}) if column in self.LONG else forms.TextInput
            self.fields[column] = forms.CharField(label=column.replace("_", " "), required=False, widget=widget)
            if rule is not None and not self.is_bound:
                self.initial[column] = rule.fields.get(column, "")
        if rule is not None and not self.is_bound:
            self.initial["active"] = rule.active
        self.order_fields([c for c in RULE_COLUMNS if c != "id"] + ["active", "reason"])

    def changes(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "reason"}


class RunForm(forms.Form):
    top_k = forms.IntegerField(label=_("Proposals per stream"), min_value=1, max_value=50, initial=10)




class NewRuleForm(RuleForm):
    """A rule written by the office: its id and family too."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule_id"] = forms.CharField(label=_("rule id"), max_length=120, help_text=_("family.name: lower-case letters, digits, '_', '-' and '.'"))
        self.fields["family"] = forms.CharField(label=_("family"), max_length=60)
        self.fields["reason"].required = False
        self.initial.setdefault("active", True)
        self.order_fields(["rule_id", "family"] + [c for c in RULE_COLUMNS if c != "id"] + ["reason"])
        del self.fields["active"]

    def columns(self) -> dict:
        data = self.cleaned_data
        return {"id": data["rule_id"], **{c: data[c] for c in RULE_COLUMNS if c != "id"}}
