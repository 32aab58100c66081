"""The companies' side of the double opt-in in the API: their proposals, and yes / no / withdraw.

The same source as the page (``consent.company_view``): before both said yes no name or id of the
other party is in a response. Office, experts and viewers get 403 here; the office reads the
answers in ``/api/synergy-proposals/``.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from veturi.streams import visibility
from veturi.synergies import consent
from veturi.synergies.models import Proposal


class CompanyRepresentativesOnly(BasePermission):
    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.is_company and user.organisation_id)


class StreamFieldsSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(allow_null=True)
    quantity = serializers.FloatField(allow_null=True)
    unit = serializers.CharField(allow_null=True)
    quality = serializers.DictField(allow_null=True)
    months = serializers.ListField(child=serializers.IntegerField(), allow_null=True)
    handling_cost_eur_per_unit = serializers.FloatField(allow_null=True)
    current_handling = serializers.CharField(allow_null=True, allow_blank=True)
    hidden = serializers.ListField(child=serializers.CharField(), help_text="Field groups this reader may not see (their fields are null).")


class OtherResourceSerializer(serializers.Serializer):
    kind = serializers.CharField()
    direction = serializers.CharField()
    code = serializers.CharField(allow_blank=True)
    label = serializers.CharField(allow_blank=True)


class ContactSerializer(serializers.Serializer):
    name = serializers.CharField()
    title = serializers.CharField(allow_blank=True)
    email = serializers.CharField(allow_blank=True)
    phone = serializers.CharField(allow_blank=True)


class PartnerSerializer(serializers.Serializer):
    organisation_id = serializers.IntegerField()
    name = serializers.CharField()
    website = serializers.CharField(allow_blank=True)
    contact = ContactSerializer(allow_null=True)
    stream = StreamFieldsSerializer()


class CompanyProposalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    side = serializers.CharField()
    side_label = serializers.CharField()
    own_stream = StreamFieldsSerializer()
    rule = serializers.CharField()
    score = serializers.FloatField()
    resource = OtherResourceSerializer(help_text="The other party's resource: kind and classification, never its name.")
    quantity_band = serializers.CharField()
    distance_band = serializers.CharField()
    other_kind = serializers.CharField()
    other_nace_section = serializers.CharField(allow_blank=True)
    your_answer = serializers.CharField()
    their_answer = serializers.CharField()
    your_answer_label = serializers.CharField()
    their_answer_label = serializers.CharField()
    disclosed = serializers.BooleanField()
    partner = PartnerSerializer(allow_null=True, help_text="Only once both said yes.")


class AnswerSerializer(serializers.Serializer):
    answer = serializers.ChoiceField(choices=[(a, a) for a in consent.ANSWERS])


class CompanyProposalViewSet(viewsets.ReadOnlyModelViewSet):
    """Proposals that involve the representative's organisation; the other party anonymous until both said yes."""

    serializer_class = CompanyProposalSerializer
    permission_classes = [CompanyRepresentativesOnly]
    queryset = Proposal.objects.none()  # for the schema; get_queryset filters per user

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Proposal.objects.none()
        try:
            return consent.company_proposals(self.request.user)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from None

    def _views(self, proposals):
        viewer = visibility.Viewer.of(self.request.user)
        return [consent.company_view(p, self.request.user, viewer) for p in proposals]

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        data = CompanyProposalSerializer(self._views(page), many=True).data
        return self.get_paginated_response(data)

    def retrieve(self, request, *args, **kwargs):
        return Response(CompanyProposalSerializer(self._views([self.get_object()])[0]).data)

    @extend_schema(request=AnswerSerializer, responses=CompanyProposalSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        """Say yes, no, or withdraw a yes, for your organisation's side of the proposal."""
        proposal = self.get_object()
        reply = AnswerSerializer(data=request.data)
        reply.is_valid(raise_exception=True)
        try:
            consent.answer(proposal, request.user, reply.validated_data["answer"])
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from None
        proposal = consent.get_company_proposal(request.user, proposal.pk)
        return Response(CompanyProposalSerializer(self._views([proposal])[0]).data)
