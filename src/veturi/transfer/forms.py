from django import forms
from django.utils.translation import gettext_lazy as _

from veturi.transfer.entities import ENTITIES, ENTITY_ORDER
from veturi.transfer.exporter import FORMATS

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
UPLOAD_EXTENSIONS = (".csv", ".xlsx", ".geojson", ".json")


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"), help_text=_("CSV, Excel (.xlsx), GeoJSON (plots) or business register JSON; at most 50 MB.")
    )
    entity = forms.ChoiceField(
        label=_("Records"),
        required=False,
        help_text=_("Leave empty to tell from the sheet names or columns."),
    )

    def __init__(self, *args, entities=ENTITY_ORDER, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entity"].choices = [("", _("Tell from the file"))] + [(e, ENTITIES[e].label) for e in entities]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB; split it."))
        if not upload.name.lower().endswith(UPLOAD_EXTENSIONS):
            raise forms.ValidationError(_("Use a .csv, .xlsx, .geojson or .json file."))
        return upload


class ExportForm(forms.Form):
    format = forms.ChoiceField(choices=[(f, f) for f in FORMATS])


class TemplateForm(forms.Form):
    entity = forms.ChoiceField(choices=[(e, e) for e in ENTITY_ORDER])
    format = forms.ChoiceField(choices=[("xlsx", "xlsx"), ("csv", "csv")])
