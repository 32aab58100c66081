"""The company representative's proposals: double opt-in (see synergies/consent.py)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from veturi.streams import visibility
from veturi.synergies import consent


#: Proposals per page: a company of the demo park has ~190, and each card costs ~1.5 ms of CPU to build and show.
PAGE_SIZE = 50


def _page_context(request, page_number) -> dict:
    page = Paginator(consent.company_proposals(request.user), PAGE_SIZE).get_page(page_number)
    viewer = visibility.Viewer.of(request.user)
    views = [consent.company_view(proposal, request.user, viewer) for proposal in page]
    return {"proposals": views, "page": page, "organisation": request.user.organisation}


@login_required
def my_proposals(request):
    """Proposals that involve the user's organisation, the other party anonymous until both said yes."""
    return render(request, "synergies/consent_list.html", _page_context(request, request.GET.get("page")))


@login_required
@require_POST
def my_proposal_answer(request, pk: int):
    """Yes, no or withdraw for the user's side of one proposal."""
    proposal = consent.get_company_proposal(request.user, pk)
    try:
        consent.answer(proposal, request.user, request.POST.get("answer", ""))
    except ValidationError as exc:
        context = {**_page_context(request, request.POST.get("page")), "error": " ".join(exc.messages), "error_pk": proposal.pk}
        return render(request, "synergies/consent_list.html", context, status=400)
    page = request.POST.get("page", "")
    return redirect(reverse("consent-proposals") + (f"?page={page}" if page.isdigit() else "") + f"#proposal-{proposal.pk}")
