"""The office's filters over the audit log, shared by the page, the exports and the API."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from veturi.audit.log import model_labels
from veturi.audit.models import Action, AuditEntry


class AuditFilterForm(forms.Form):
    user = forms.CharField(label=_("user"), required=False, max_length=150)
    action = forms.ChoiceField(label=_("action"), required=False, choices=[("", _("any"))] + Action.choices)
    model = forms.ChoiceField(label=_("kind of record"), required=False)
    object_id = forms.CharField(label=_("record id"), required=False, max_length=64)
    organisation = forms.IntegerField(label=_("organisation id"), required=False, min_value=1)
    since = forms.DateField(label=_("from"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("to"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [("", _("any"))] + [(label, label) for label in model_labels()]

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError({"until": _("The end date is before the start date.")})
        return data

    def filter(self, entries):
        data = self.cleaned_data
        if data.get("user"):
            entries = entries.filter(username=data["user"])
        if data.get("action"):
            entries = entries.filter(action=data["action"])
        if data.get("model"):
            entries = entries.filter(model=data["model"])
        if data.get("object_id"):
            entries = entries.filter(object_id=data["object_id"])
        if data.get("organisation"):
            entries = entries.filter(organisation_id=data["organisation"])
        if data.get("since"):
            entries = entries.filter(at__date__gte=data["since"])
        if data.get("until"):
            entries = entries.filter(at__date__lt=data["until"] + datetime.timedelta(days=1))
        return entries


def filtered_entries(params):
    """(form, entries): entries narrowed by valid filters; invalid filters show every entry and the form's errors."""
    form = AuditFilterForm(params or None)
    entries = AuditEntry.objects.all()
    if form.is_bound and form.is_valid():
        entries = form.filter(entries)
    return form, entries
