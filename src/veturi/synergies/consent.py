"""Double opt-in on synergy proposals: what each company sees of the other party, and their answers.

A company representative sees the proposals that involve their organisation with the other
party anonymous (kind of organisation, NACE section, distance band, the resource and a quantity
band) until both sides said yes; then each sees the other's name, contact person and the
partner-visible fields of the other's stream (``streams/visibility.py``). Either side may answer
yes or no, or withdraw a yes (also after both said yes: the other party is hidden again). Every
answer is kept (``ConsentRecord``); disclosure and a withdrawal after disclosure notify the office
(``ConsentNotification`` on the dashboard, and an e-mail once the answer is committed).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veturi.engine import reference
from veturi.streams import visibility
from veturi.synergies.models import ConsentAnswer, ConsentNotification, ConsentRecord, Proposal, Side

logger = logging.getLogger(__name__)

ANSWERS = ("yes", "no", "withdraw")
DISTANCE_BANDS_KM = ((5, gettext_lazy("under 5 km")), (20, gettext_lazy("5–20 km")), (50, gettext_lazy("20–50 km")))
QUANTITY_BANDS = (10, 100, 1_000, 10_000, 100_000)


def distance_band(distance_km: float | None) -> str:
    """``<5 km``, ``5–20 km``, ``20–50 km`` or ``over 50 km``: near enough to judge, too coarse to locate."""
    if distance_km is None:
        return str(gettext_lazy("unknown distance"))
    for limit, label in DISTANCE_BANDS_KM:
        if distance_km < limit:
            return str(label)
    return str(gettext_lazy("over 50 km"))


def quantity_band(quantity: float | None, unit: str) -> str:
    """A power-of-ten band of the quantity exchanged (e.g. ``100–1 000 t/a``)."""
    if quantity is None:
        return str(gettext_lazy("unknown quantity"))
    low = 0
    for high in QUANTITY_BANDS:
        if quantity < high:
            return f"{low:,}–{high:,} {unit}".replace(",", "\u202f")
        low = high
    return f"> {QUANTITY_BANDS[-1]:,} {unit}".replace(",", "\u202f")


def nace_section(organisation) -> str:
    """The NACE Rev. 2 section (letter and title) of the organisation's primary activity."""
    activities = sorted(organisation.activities.all(), key=lambda a: (not a.is_primary, a.code))
    if not activities:
        return ""
    table = reference.nace_codes()
    code = activities[0].code
    while code in table and table[code].parent:
        code = table[code].parent
    entry = table.get(code)
    if entry is None:
        return ""
    title = entry.title.capitalize() if entry.title.isupper() else entry.title  # sections are in capitals in the source
    return f"{code} {title}"


def company_proposals(user):
    """The proposals a company representative may see: their organisation's, not stale, not rejected."""
    if not (user.is_authenticated and user.is_company and user.organisation_id):
        raise PermissionDenied(_("Only a company representative has proposals to answer."))
    return (
        Proposal.objects.involving(user.organisation_id)
        .open_to_companies()
        .select_related("output__site__organisation", "input__site__organisation", "rule")
        .prefetch_related("output__site__organisation__activities", "input__site__organisation__activities")
        .order_by("-score", "pk")
    )


def get_company_proposal(user, pk: int) -> Proposal:
    return get_object_or_404(company_proposals(user), pk=pk)


def _resource(stream) -> dict:
    return {
        "kind": stream.get_kind_display(),
        "direction": stream.get_direction_display(),
        "code": stream.classification_code,
        "label": stream.classification_label,
    }


def _stream_fields(stream) -> dict:
    """A stream's fields as the reader may see them (masked ones are None, listed in ``hidden``)."""
    return {
        "id": stream.pk,
        "name": stream.name,
        "quantity": stream.quantity,
        "unit": stream.unit,
        "quality": stream.quality,
        "months": None if "months" in stream.hidden_fields else stream.months,
        "handling_cost_eur_per_unit": stream.handling_cost_eur_per_unit,
        "current_handling": stream.current_handling,
        "hidden": sorted(stream.hidden_groups),
    }


def company_view(proposal: Proposal, user, viewer: visibility.Viewer | None = None) -> dict:
    """What the company representative sees of one proposal (the one source for page and API).

    Before both said yes the other party is described, never named: no name, id or stream of
    theirs is in this dictionary.
    """
    viewer = viewer or visibility.Viewer.of(user)
    side = proposal.side_of(user.organisation_id)
    own, other = (proposal.output, proposal.input) if side == Side.SUPPLIER else (proposal.input, proposal.output)
    other_organisation = other.site.organisation
    other_side = Side.RECEIVER if side == Side.SUPPLIER else Side.SUPPLIER
    view = {
        "id": proposal.pk,
        "side": side,
        "side_label": str(Side(side).label),
        "own_stream": _stream_fields(visibility.masked(own, viewer)),
        "rule": proposal.rule.name if proposal.rule else proposal.rule_code,
        "score": round(proposal.score, 3),
        "resource": _resource(other),
        "quantity_band": quantity_band(proposal.quantity_exchanged, proposal.quantity_unit),
        "distance_band": distance_band(proposal.distance_km),
        "other_kind": other_organisation.get_kind_display(),
        "other_nace_section": nace_section(other_organisation),
        "your_answer": proposal.answer_of(side),
        "their_answer": proposal.answer_of(other_side),
        "your_answer_label": str(ConsentAnswer(proposal.answer_of(side)).label),
        "their_answer_label": str(ConsentAnswer(proposal.answer_of(other_side)).label),
        "disclosed": proposal.mutual_consent,
        "partner": None,
    }
    if proposal.mutual_consent:
        contact = other_organisation.people.order_by("pk").first()
        shown = visibility.masked_streams([other], user, viewer=viewer)[0]
        view["partner"] = {
            "organisation_id": other_organisation.pk,
            "name": other_organisation.name,
            "website": other_organisation.website,
            "contact": {"name": contact.name, "title": contact.title, "email": contact.email, "phone": contact.phone} if contact else None,
            "stream": _stream_fields(shown),
        }
    return view


def answer(proposal: Proposal, user, reply: str) -> ConsentRecord:
    """Record a company's yes, no or withdrawal for its side of the proposal.

    Disclosure (both yes) and a withdrawal after disclosure notify the office; the e-mail goes
    out only once the answer is committed.
    """
    if reply not in ANSWERS:
        raise ValidationError({"answer": _("Answer yes, no or withdraw; got %(a)r.") % {"a": reply}})
    side = proposal.side_of(user.organisation_id if user.is_company else None)
    if side is None:
        raise PermissionDenied(_("Only the two companies of a proposal answer it."))
    field = f"{side}_answer"
    current = getattr(proposal, field)
    if reply == "withdraw" and current != ConsentAnswer.YES:
        raise ValidationError({"answer": _("There is no yes to withdraw.")})
    new = {"yes": ConsentAnswer.YES, "no": ConsentAnswer.NO, "withdraw": ConsentAnswer.WITHDRAWN}[reply]
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        was_disclosed = proposal.mutual_consent
        setattr(proposal, field, new)
        now = timezone.now()
        if proposal.mutual_consent and not was_disclosed:
            proposal.consented_at = now
        proposal.save(update_fields=[field, "consented_at"])
        record = ConsentRecord.objects.create(
            proposal=proposal, side=side, answer=new, answered_by=user, answered_at=now, disclosed=proposal.mutual_consent
        )
        event = None
        if proposal.mutual_consent and not was_disclosed:
            event = ConsentNotification.Event.CONSENTED
        elif was_disclosed and not proposal.mutual_consent:
            event = ConsentNotification.Event.WITHDRAWN
        if event:
            ConsentNotification.objects.create(proposal=proposal, event=event, created_at=now)
            transaction.on_commit(lambda: _mail_office(proposal, event))
    return record


def office_recipients() -> list[str]:
    from veturi.accounts.models import Role, User

    addresses = list(User.objects.filter(role=Role.OFFICE, is_active=True).exclude(email="").values_list("email", flat=True))
    extra = getattr(settings, "VETURI_OFFICE_EMAIL", "")
    return sorted(set(addresses + ([extra] if extra else [])))


def _mail_office(proposal: Proposal, event: str) -> None:
    recipients = office_recipients()
    if not recipients:
        return
    supplier, receiver = proposal.output.site.organisation.name, proposal.input.site.organisation.name
    if event == ConsentNotification.Event.CONSENTED:
        subject = _("Veturi: %(a)s and %(b)s both said yes to proposal #%(pk)s") % {"a": supplier, "b": receiver, "pk": proposal.pk}
    else:
        subject = _("Veturi: a company withdrew from proposal #%(pk)s (%(a)s → %(b)s)") % {"a": supplier, "b": receiver, "pk": proposal.pk}
    body = f"{subject}\n\n{proposal.output.name} → {proposal.input.name}\n"
    try:
        send_mail(subject, body, None, recipients)
    except Exception:  # the notification record is kept on the dashboard; a mail server hiccup must not lose the answer
        logger.exception("Could not e-mail the office about proposal %s", proposal.pk)
