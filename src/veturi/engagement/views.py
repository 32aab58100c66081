from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veturi.accounts.access import get_organisation_for_user, visible_organisations
from veturi.engagement.access import (
    get_attachment_for_user,
    get_follow_up_for_user,
    get_interaction_for_user,
    staff_member_required,
    visible_interactions,
)
from veturi.engagement.forms import AttachmentForm, FollowUpForm, FollowUpFormSet, InteractionForm, StageMoveForm, StakeholderForm
from veturi.engagement.models import Attachment, InteractionKind, StageChange, Stakeholder
from veturi.engagement.pipeline import DROPPED, PIPELINE, move_stage
from veturi.office.charts import STAGE_COLOURS, ScatterPoint, scatter_svg
from veturi.organisations.models import EngagementStage


def _pipeline_organisations(user):
    return visible_organisations(user).annotate(last_move=Max("stage_changes__changed_at")).order_by("name")


def _board_context(user) -> dict:
    organisations = list(_pipeline_organisations(user))
    labels = dict(EngagementStage.choices)
    columns = []
    for stage in [*PIPELINE, DROPPED]:
        cards = [org for org in organisations if org.engagement_stage == stage]
        for org in cards:
            org.move_form = StageMoveForm(organisation=org, prefix=f"org{org.pk}")
        columns.append({"stage": stage, "label": labels[stage], "cards": cards, "colour": STAGE_COLOURS[stage]})
    return {"columns": columns}


@login_required
@staff_member_required
def pipeline_board(request):
    return render(request, "engagement/board.html", _board_context(request.user))


@login_required
@staff_member_required
def pipeline_list(request):
    stage = request.GET.get("stage", "")
    organisations = _pipeline_organisations(request.user)
    if stage in dict(EngagementStage.choices):
        organisations = organisations.filter(engagement_stage=stage)
    recent = StageChange.objects.select_related("organisation", "changed_by")[:30]
    context = {"organisations": organisations, "recent": recent, "stage": stage, "stages": EngagementStage.choices}
    return render(request, "engagement/pipeline_list.html", context)


@login_required
@staff_member_required
def organisation_stage(request, pk: int):
    """Move one organisation along the pipeline; from the board (htmx) or its own page."""
    organisation = get_organisation_for_user(request.user, pk)
    prefix = request.POST.get("prefix") or None
    form = StageMoveForm(request.POST or None, organisation=organisation, prefix=prefix)
    if request.method == "POST" and form.is_valid():
        try:
            move_stage(organisation, form.cleaned_data["to_stage"], by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            if request.htmx:
                return render(request, "engagement/_board.html", _board_context(request.user))
            return redirect(request.POST.get("next") or reverse("pipeline-board"))
    status = 400 if request.method == "POST" else 200
    if request.htmx and request.method == "POST":
        context = _board_context(request.user)
        context["error"] = _("%(name)s was not moved: %(problem)s") % {
            "name": organisation.name,
            "problem": " ".join(str(message) for messages in form.errors.values() for message in messages),
        }
        return render(request, "engagement/_board.html", context, status=status)
    history = organisation.stage_changes.select_related("changed_by")
    return render(request, "engagement/stage.html", {"organisation": organisation, "form": form, "history": history}, status=status)


@login_required
@staff_member_required
def interaction_list(request):
    interactions = visible_interactions(request.user).prefetch_related("follow_ups", "attachments")
    kind = request.GET.get("kind", "")
    if kind in InteractionKind.values:
        interactions = interactions.filter(kind=kind)
    if request.GET.get("organisation", "").isdigit():
        interactions = interactions.filter(organisation_id=int(request.GET["organisation"]))
    context = {"interactions": interactions[:200], "kinds": InteractionKind.choices, "kind": kind}
    return render(request, "engagement/interaction_list.html", context)


@login_required
@staff_member_required
def interaction_add(request):
    initial = {"organisation": request.GET.get("organisation")} if request.GET.get("organisation", "").isdigit() else {}
    form = InteractionForm(request.POST or None, request.FILES or None, initial=initial)
    follow_ups = FollowUpFormSet(request.POST or None, prefix="follow")
    if request.method == "POST" and form.is_valid() and follow_ups.is_valid():
        with transaction.atomic():
            interaction = form.save(commit=False)
            interaction.created_by = request.user
            interaction.save()
            form.save_m2m()
            follow_ups.instance = interaction
            follow_ups.save()
            if form.cleaned_data.get("attachment"):
                Attachment.objects.create(interaction=interaction, file=form.cleaned_data["attachment"], uploaded_by=request.user)
        return redirect("interaction-detail", pk=interaction.pk)
    return render(request, "engagement/interaction_add.html", {"form": form, "follow_ups": follow_ups})


@login_required
@staff_member_required
def interaction_edit(request, pk: int):
    interaction = get_interaction_for_user(request.user, pk)
    form = InteractionForm(request.POST or None, request.FILES or None, instance=interaction)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            if form.cleaned_data.get("attachment"):
                Attachment.objects.create(interaction=interaction, file=form.cleaned_data["attachment"], uploaded_by=request.user)
        return redirect("interaction-detail", pk=interaction.pk)
    return render(request, "engagement/interaction_edit.html", {"form": form, "interaction": interaction})


@login_required
@staff_member_required
def interaction_detail(request, pk: int):
    interaction = get_interaction_for_user(request.user, pk)
    context = {
        "interaction": interaction,
        "attachment_form": AttachmentForm(),
        "follow_up_form": FollowUpForm(),
    }
    return render(request, "engagement/interaction_detail.html", context)


@login_required
@staff_member_required
def attachment_add(request, pk: int):
    interaction = get_interaction_for_user(request.user, pk)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            attachment = form.save(commit=False)
            attachment.interaction, attachment.uploaded_by = interaction, request.user
            attachment.save()
        return redirect("interaction-detail", pk=interaction.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "engagement/attachment_add.html", {"interaction": interaction, "form": form}, status=status)


@login_required
@staff_member_required
def attachment_download(request, pk: int):
    attachment = get_attachment_for_user(request.user, pk)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.filename)


@login_required
@staff_member_required
def follow_up_add(request, pk: int):
    interaction = get_interaction_for_user(request.user, pk)
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            follow_up = form.save(commit=False)
            follow_up.interaction = interaction
            follow_up.save()
        return redirect("interaction-detail", pk=interaction.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "engagement/follow_up_add.html", {"interaction": interaction, "form": form}, status=status)


@login_required
@require_POST
@staff_member_required
def follow_up_toggle(request, pk: int):
    """Mark a follow-up action done, or open again; answers htmx with the updated row."""
    follow_up = get_follow_up_for_user(request.user, pk)
    with transaction.atomic():
        follow_up.done = not follow_up.done
        follow_up.save(update_fields=["done"])
    if request.htmx:
        return render(request, "engagement/_follow_up.html", {"follow_up": follow_up})
    return redirect("interaction-detail", pk=follow_up.interaction_id)


@login_required
@staff_member_required
def stakeholder_map(request):
    stakeholders = Stakeholder.objects.select_related("organisation").order_by("-influence", "-interest", "organisation__name")
    labels = dict(EngagementStage.choices)
    points = [
        ScatterPoint(
            x=s.interest,
            y=s.influence,
            label=f"{s.organisation.name} · {labels[s.organisation.engagement_stage]}",
            colour=STAGE_COLOURS[s.organisation.engagement_stage],
            href=reverse("stakeholder-edit", args=[s.organisation_id]),
        )
        for s in stakeholders
    ]
    chart = scatter_svg(points, title=_("Stakeholder map"), x_label=_("Interest"), y_label=_("Influence"))
    unmapped = visible_organisations(request.user).filter(stakeholder__isnull=True).order_by("name")
    legend = [(stage, labels[stage]) for stage in STAGE_COLOURS]
    context = {"stakeholders": stakeholders, "chart": chart, "unmapped": unmapped, "legend": legend}
    return render(request, "engagement/stakeholder_map.html", context)


@login_required
@staff_member_required
def stakeholder_edit(request, pk: int):
    organisation = get_organisation_for_user(request.user, pk)
    stakeholder = Stakeholder.objects.filter(organisation=organisation).first() or Stakeholder(organisation=organisation)
    form = StakeholderForm(request.POST or None, instance=stakeholder, initial=None if stakeholder.pk else {"influence": 3, "interest": 3})
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        return redirect("stakeholder-map")
    return render(request, "engagement/stakeholder_edit.html", {"organisation": organisation, "form": form})
