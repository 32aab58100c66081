"""The office API: meetings and their action items (office and experts), and the project plan (all read)."""

from rest_framework import serializers, viewsets

from veturi.api.permissions import StaffWritesOthersRead
from veturi.api.router import router
from veturi.api.serializers import CleanModelSerializer
from veturi.engagement.api import NO_DELETE, StaffOnly
from veturi.office.models import ActionItem, AgendaItem, Decision, Meeting, Milestone, Phase, Task, Workstream


class AgendaItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgendaItem
        fields = ["position", "title", "notes"]


class MeetingDecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Decision
        fields = ["text"]


class ActionItemSerializer(CleanModelSerializer):
    overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = ActionItem
        fields = ["id", "meeting", "action", "owner", "due", "status", "overdue"]


class MeetingSerializer(CleanModelSerializer):
    agenda_items = AgendaItemSerializer(many=True, read_only=True)
    decisions = MeetingDecisionSerializer(many=True, read_only=True)
    action_items = ActionItemSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", "title", "date", "location", "attendees", "notes", "agenda_items", "decisions", "action_items", "external_id"]


class MeetingViewSet(viewsets.ModelViewSet):
    """The office's meetings with agenda, attendance, decisions and action items (read here; agenda and decisions are edited on the page)."""

    serializer_class = MeetingSerializer
    permission_classes = [StaffOnly]
    http_method_names = NO_DELETE
    queryset = Meeting.objects.prefetch_related("attendees", "agenda_items", "decisions", "action_items").order_by("-date", "-id")


class ActionItemViewSet(viewsets.ModelViewSet):
    """Action items of office meetings: owner, due date, status."""

    serializer_class = ActionItemSerializer
    permission_classes = [StaffOnly]
    http_method_names = NO_DELETE
    queryset = ActionItem.objects.order_by("due", "id")


class TaskSerializer(CleanModelSerializer):
    class Meta:
        model = Task
        fields = ["id", "workstream", "name", "owner", "start", "due", "status", "external_id"]


class MilestoneSerializer(CleanModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "phase", "name", "owner", "due", "status", "external_id"]


class WorkstreamSerializer(serializers.ModelSerializer):
    class Meta:
        model = Workstream
        fields = ["id", "name", "lead"]


class PhaseSerializer(serializers.ModelSerializer):
    progress = serializers.SerializerMethodField(help_text="Share of the phase's tasks and milestones done, 0–1.")
    workstreams = WorkstreamSerializer(many=True, read_only=True)

    class Meta:
        model = Phase
        fields = ["id", "number", "name", "start", "end", "description", "progress", "workstreams"]

    def get_progress(self, phase) -> float:
        return round(phase.progress(), 4)


class PhaseViewSet(viewsets.ReadOnlyModelViewSet):
    """The four phases of the project plan with their progress; everyone signed in reads."""

    serializer_class = PhaseSerializer
    permission_classes = [StaffWritesOthersRead]
    queryset = Phase.objects.prefetch_related("workstreams").order_by("number")


class TaskViewSet(viewsets.ModelViewSet):
    """Tasks of the plan's workstreams; everyone reads, the office and experts write."""

    serializer_class = TaskSerializer
    permission_classes = [StaffWritesOthersRead]
    http_method_names = NO_DELETE
    queryset = Task.objects.order_by("due", "id")


class MilestoneViewSet(viewsets.ModelViewSet):
    """Milestones of the plan's phases; everyone reads, the office and experts write."""

    serializer_class = MilestoneSerializer
    permission_classes = [StaffWritesOthersRead]
    http_method_names = NO_DELETE
    queryset = Milestone.objects.order_by("due", "id")


router.register("meetings", MeetingViewSet, basename="meeting")
router.register("action-items", ActionItemViewSet, basename="action-item")
router.register("plan/phases", PhaseViewSet, basename="phase")
router.register("plan/tasks", TaskViewSet, basename="task")
router.register("plan/milestones", MilestoneViewSet, basename="milestone")
