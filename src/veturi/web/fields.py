"""Form fields shared by the apps."""

from django import forms
from django.core.exceptions import ValidationError


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, refusing an id too large for the database as an invalid choice instead of a 500.

    (An `__in` lookup with such an id raises OverflowError on SQLite; found by tests/test_bad_input_forms.py.)
    """

    MAX_ID = 2**63 - 1

    def _check_values(self, value):
        for pk in value:
            try:
                too_large = abs(int(str(pk).strip())) > self.MAX_ID
            except ValueError:
                continue  # not a number: Django's own check says so
            if too_large:
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk})
        return super()._check_values(value)
