"""Serializer base that validates through the model's own clean(), so the API says what a form says."""

import copy

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers


class CleanModelSerializer(serializers.ModelSerializer):
    """A ModelSerializer whose validation runs the model's full_clean() on the would-be instance."""

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        # Validate a copy, so a refused update leaves the stored object untouched.
        instance = copy.copy(self.instance) if self.instance is not None else model()
        many_to_many = {field.name for field in model._meta.many_to_many}
        for name, value in attrs.items():
            if name not in many_to_many:
                setattr(instance, name, value)
        try:
            instance.full_clean()
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages})
        # clean() may normalise values (business IDs, waste codes): keep what it made of them.
        for name in attrs:
            if name not in many_to_many:
                attrs[name] = getattr(instance, name)
        return attrs

