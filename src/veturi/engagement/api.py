"""The engagement API: interactions, follow-ups, stakeholder scores and pipeline moves (office and experts)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import BasePermission

from veturi.api.router import router
from veturi.api.serializers import CleanModelSerializer
from veturi.engagement.models import FollowUpAction, Interaction, StageChange, Stakeholder
from veturi.engagement.pipeline import move_stage
from veturi.organisations.models import EngagementStage, Organisation

NO_DELETE = ["get", "post", "put", "patch", "head", "options"]


class StaffOnly(BasePermission):
    """The office's working notes: the office and experts read and write; nobody else sees them."""

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.is_staff_member)


class InteractionSerializer(CleanModelSerializer):
    class Meta:
        model = Interaction
        fields = ["id", "organisation", "date", "kind", "participants", "summary", "created_by", "external_id"]
        read_only_fields = ["created_by"]


class InteractionViewSet(viewsets.ModelViewSet):
    """Meetings, calls, e-mails, visits and events with organisations."""

    serializer_class = InteractionSerializer
    permission_classes = [StaffOnly]
    http_method_names = NO_DELETE
    queryset = Interaction.objects.prefetch_related("participants").order_by("-date", "-id")

    def perform_create(self, serializer):
        serializer.save(created_by=self.request.user)


class FollowUpActionSerializer(CleanModelSerializer):
    overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = FollowUpAction
        fields = ["id", "interaction", "action", "owner", "due", "done", "overdue"]


class FollowUpActionViewSet(viewsets.ModelViewSet):
    """Follow-up actions of interactions; `overdue` is open and past its due date."""

    serializer_class = FollowUpActionSerializer
    permission_classes = [StaffOnly]
    http_method_names = NO_DELETE
    queryset = FollowUpAction.objects.order_by("done", "due", "id")


class StakeholderSerializer(CleanModelSerializer):
    class Meta:
        model = Stakeholder
        fields = ["id", "organisation", "influence", "interest", "notes"]


class StakeholderViewSet(viewsets.ModelViewSet):
    """Influence and interest (1–5) of each actor: the stakeholder map's data."""

    serializer_class = StakeholderSerializer
    permission_classes = [StaffOnly]
    http_method_names = NO_DELETE
    queryset = Stakeholder.objects.order_by("organisation__name")


class StageChangeSerializer(serializers.ModelSerializer):
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    to_stage = serializers.ChoiceField(choices=EngagementStage.choices)

    class Meta:
        model = StageChange
        fields = ["id", "organisation", "from_stage", "to_stage", "changed_at", "changed_by", "reason"]
        read_only_fields = ["from_stage", "changed_at", "changed_by"]

    def create(self, validated_data):
        try:
            return move_stage(
                validated_data["organisation"], validated_data["to_stage"], by=self.context["request"].user, reason=validated_data.get("reason", "")
            )
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from exc


class StageChangeViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The pipeline's history; POST moves an organisation (the same rules as the board) and records it."""

    serializer_class = StageChangeSerializer
    permission_classes = [StaffOnly]
    queryset = StageChange.objects.order_by("-changed_at", "-id")


router.register("interactions", InteractionViewSet, basename="interaction")
router.register("follow-ups", FollowUpActionViewSet, basename="follow-up")
router.register("stakeholders", StakeholderViewSet, basename="stakeholder")
router.register("stage-changes", StageChangeViewSet, basename="stage-change")
