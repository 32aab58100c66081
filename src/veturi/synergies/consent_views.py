"""The company representative's proposals: double opt-in (see synergies/consent.py)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from veturi.streams import visibility
from veturi.synergies import consent


@login_required
def my_proposals(request):
    """Proposals that involve the user's organisation, the other party anonymous until both said yes."""
    proposals = consent.company_proposals(request.user)
    viewer = visibility.Viewer.of(request.user)
    views = [consent.company_view(proposal, request.user, viewer) for proposal in proposals[:200]]
    return render(request, "synergies/consent_list.html", {"proposals": views, "organisation": request.user.organisation})


@login_required
@require_POST
def my_proposal_answer(request, pk: int):
    """Yes, no or withdraw for the user's side of one proposal."""
    proposal = consent.get_company_proposal(request.user, pk)
    try:
        consent.answer(proposal, request.user, request.POST.get("answer", ""))
    except ValidationError as exc:
        proposals = consent.company_proposals(request.user)
        viewer = visibility.Viewer.of(request.user)
        views = [consent.company_view(p, request.user, viewer) for p in proposals[:200]]
        context = {"proposals": views, "organisation": request.user.organisation, "error": " ".join(exc.messages), "error_pk": proposal.pk}
        return render(request, "synergies/consent_list.html", context, status=400)
    return redirect("consent-proposals")
