"""Writing the audit log: changes from model signals, bulk writes, and confidential reads.

A change's entry is written by the ``post_save``/``post_delete`` signal on the same database
connection, so it is inside the change's transaction: a rolled-back change leaves no entry.
The request (user, IP, path) comes from :class:`veturi.audit.middleware.AuditMiddleware`
through a context variable; outside a request (the CLI, a migration) the user is unknown.

Confidential reads gathered during a request are written in one ``bulk_create`` at its end.
"""

from __future__ import annotations

import contextvars
import datetime
import decimal
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone

from veturi.audit.models import Action, AuditEntry

# Fields never copied into the log: secrets and bookkeeping.
SKIPPED_FIELDS = {"password", "last_login", "updated_at", "created_at", "key"}
# Rows derived by a run (matching, ranking) rather than entered by someone; their runs are logged.
SKIPPED_MODELS = {
    "audit.auditentry",
    "synergies.attractsuggestion",
    "synergies.chain",
    "sessions.session",
    "admin.logentry",
    "contenttypes.contenttype",
    "authtoken.token",
}


@dataclass
class RequestContext:
    fixed_user: object = None
    request: object = None  # read lazily: the API authenticates a token inside the view
    ip: str | None = None
    path: str = ""
    method: str = ""
    reads: dict = field(default_factory=dict)  # (model, pk) -> entry, one per object and request

    @property
    def user(self):
        if self.request is not None:
            return getattr(self.request, "user", None)
        return self.fixed_user


_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar("veturi_audit_request", default=None)


@contextmanager
def request_context(user=None, ip=None, path="", method="", request=None):
    """Who is acting, for every entry written inside (the middleware opens one per request)."""
    context = RequestContext(fixed_user=user, request=request, ip=ip, path=path[:300], method=method[:8])
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)


_audited: dict = {}


def is_audited(model) -> bool:
    """Models of Veturi's apps (users included), but not the log itself nor rows derived by a run."""
    known = _audited.get(model)
    if known is None:
        meta = model._meta
        app = meta.app_config
        # Historical models in migrations have no app config: a migration is not a user's change.
        known = bool(app is not None and app.name.startswith("veturi.") and meta.label_lower not in SKIPPED_MODELS and not meta.auto_created)
        _audited[model] = known
    return known


def _json(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json(v) for k, v in value.items()}
    return str(value)


def _fields(model, only=None) -> list:
    names = set(only) if only else None
    return [
        f for f in model._meta.concrete_fields
        if f.attname not in SKIPPED_FIELDS and not f.primary_key and (names is None or f.name in names or f.attname in names)
    ]


def _values(instance, fields) -> dict:
    return {f.attname: _json(getattr(instance, f.attname)) for f in fields}


def _organisation_id(instance) -> int | None:
    """Whose data the record is, for the office's filter (organisation, or through site or stream)."""
    label = instance._meta.label_lower
    if label == "organisations.organisation":
        return instance.pk
    for path in ("organisation_id", "site.organisation_id", "output.site.organisation_id"):
        obj = instance
        try:
            for part in path.split("."):
                obj = getattr(obj, part)
        except Exception:  # noqa: BLE001 (a missing relation means we do not know)
            obj = None
        if isinstance(obj, int):
            return obj
    return None


def _entry(action, instance=None, *, model_label="", object_id="", changes=None, context=None, organisation_id=None) -> AuditEntry:
    context = context if context is not None else _current.get()
    user = getattr(context, "user", None)
    authenticated = bool(user is not None and getattr(user, "is_authenticated", False))
    if instance is not None:
        model_label = instance._meta.label_lower
        object_id = str(instance.pk)
        try:
            text = str(instance)
        except Exception:  # noqa: BLE001 (a broken __str__ must not stop the change)
            text = ""
        organisation_id = _organisation_id(instance)
    else:
        text = ""
    return AuditEntry(
        at=timezone.now(),
        user_id=user.pk if authenticated else None,
        username=user.get_username() if authenticated else "",
        action=action,
        model=model_label,
        object_id=object_id,
        object_repr=text[:200],
        organisation_id=organisation_id,
        changes=changes or {},
        ip=getattr(context, "ip", None),
        path=getattr(context, "path", ""),
        method=getattr(context, "method", ""),
    )


# -- changes, through signals ------------------------------------------------------------------
def _before_save(sender, instance, raw=False, using=None, update_fields=None, **kwargs):
    if raw or not is_audited(sender) or instance._state.adding or instance.pk is None:
        return
    fields = _fields(sender, update_fields)
    if not fields:  # e.g. a login saving only last_login: nothing the log keeps
        return
    row = sender._base_manager.using(using).filter(pk=instance.pk).values(*[f.attname for f in fields]).first()
    instance._audit_before = {k: _json(v) for k, v in row.items()} if row is not None else None


def _after_save(sender, instance, created, raw=False, using=None, update_fields=None, **kwargs):
    if raw or not is_audited(sender):
        return
    fields = _fields(sender, update_fields)
    if not fields and not created:
        return
    after = _values(instance, fields)
    before = instance.__dict__.pop("_audit_before", None)
    if created or before is None:
        changes = {name: [None, value] for name, value in after.items() if value not in (None, "", [], {})}
        action = Action.CREATE
    else:
        changes = {name: [before.get(name), value] for name, value in after.items() if before.get(name) != value}
        if not changes:
            return
        action = Action.UPDATE
    _entry(action, instance, changes=changes).save(using=using)


def _after_delete(sender, instance, using=None, **kwargs):
    if not is_audited(sender):
        return
    before = {name: [value, None] for name, value in _values(instance, _fields(sender)).items() if value not in (None, "", [], {})}
    _entry(Action.DELETE, instance, changes=before).save(using=using)


def connect_signals() -> None:
    """Listen to the audited models only: a model nobody listens to keeps Django's fast bulk delete."""
    for model in apps.get_models():
        if is_audited(model):
            label = model._meta.label_lower
            pre_save.connect(_before_save, sender=model, dispatch_uid=f"veturi_audit_before_save_{label}")
            post_save.connect(_after_save, sender=model, dispatch_uid=f"veturi_audit_after_save_{label}")
            post_delete.connect(_after_delete, sender=model, dispatch_uid=f"veturi_audit_after_delete_{label}")


# -- bulk writes (imports), which send no signals ---------------------------------------------------
@contextmanager
def bulk_audit(model, created: list, changed: list, *, batch_size: int = 1000):
    """Log the rows a bulk write creates and changes: one entry per row, inside the same transaction.

    Wrap the ``bulk_create``/bulk update in it; the changed rows' stored values are read before.
    """
    if not is_audited(model):
        yield
        return
    fields = _fields(model)
    names = [f.attname for f in fields]
    before = {}
    ids = [instance.pk for instance in changed]
    for start in range(0, len(ids), batch_size):
        for row in model._base_manager.filter(pk__in=ids[start:start + batch_size]).values("pk", *names):
            before[row.pop("pk")] = {k: _json(v) for k, v in row.items()}
    yield
    entries = []
    for instance in created:
        after = _values(instance, fields)
        entries.append(_entry(Action.CREATE, instance, changes={n: [None, v] for n, v in after.items() if v not in (None, "", [], {})}))
    for instance in changed:
        old = before.get(instance.pk, {})
        after = _values(instance, fields)
        changes = {n: [old.get(n), v] for n, v in after.items() if old.get(n) != v}
        if changes:
            entries.append(_entry(Action.UPDATE, instance, changes=changes))
    AuditEntry.objects.bulk_create(entries, batch_size=batch_size)


# -- confidential reads ---------------------------------------------------------------------------
def record_reads(user, reads) -> None:
    """Log that ``user`` was shown confidential fields: ``reads`` is [(instance, [field group, ...])].

    Inside a request the reads wait for its end (one entry per object and request); outside
    one they are written at once.
    """
    if not reads or not getattr(user, "is_authenticated", False):
        return
    context = _current.get()
    if context is not None and context.user is not None and getattr(context.user, "pk", None) == user.pk:
        for instance, groups in reads:
            key = (instance._meta.label_lower, instance.pk)
            entry = context.reads.get(key)
            if entry is None:
                context.reads[key] = _entry(Action.READ, instance, changes={"fields": sorted(groups)}, context=context)
            else:
                entry.changes["fields"] = sorted(set(entry.changes["fields"]) | set(groups))
        return
    outside = RequestContext(fixed_user=user)
    AuditEntry.objects.bulk_create([_entry(Action.READ, instance, changes={"fields": sorted(groups)}, context=outside) for instance, groups in reads])


def flush_reads(context: RequestContext) -> None:
    if context.reads:
        AuditEntry.objects.bulk_create(list(context.reads.values()))
        context.reads.clear()


def model_labels() -> list[str]:
    """Every audited kind of record, for the office's filter."""
    return sorted(model._meta.label_lower for model in apps.get_models() if is_audited(model))


__all__ = ["bulk_audit", "record_reads", "request_context", "flush_reads", "model_labels", "is_audited", "models"]
