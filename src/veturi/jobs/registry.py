"""The job kinds: a name -> the function that does the work, ``run(parameters, progress, user=...)``.

The functions live in :mod:`veturi.jobs.kinds`, in the adapters layer: they turn the parameters
into adapter calls and answer with a :class:`Outcome`. ``progress(fraction, message="")`` reports
how far the work is (0 to 1); the worker stores it where the job page polls it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Protocol


class Progress(Protocol):
    def __call__(self, fraction: float, message: str = "") -> None: ...


@dataclass(frozen=True)
class Outcome:
    """What a finished job produced: a short summary (JSON) and the page that shows it."""

    summary: dict = field(default_factory=dict)
    url: str = ""


class JobInputError(ValueError):
    """The job cannot run on these parameters or this data; the message says why (shown on the job page)."""


@dataclass(frozen=True)
class JobKind:
    name: str
    label: str
    run: Callable[..., Outcome]


KINDS: dict[str, JobKind] = {}


def register(name: str, label: str):
    """Register ``run(parameters, progress, *, user)`` as the job kind ``name``."""

    def decorator(run):
        if name in KINDS and KINDS[name].run is not run:
            raise ValueError(f"job kind {name!r} is registered twice")
        KINDS[name] = JobKind(name=name, label=label, run=run)
        return run

    return decorator


def get_kind(name: str) -> JobKind:
    try:
        return KINDS[name]
    except KeyError:
        raise JobInputError(f"unknown job kind {name!r}; known: {', '.join(sorted(KINDS))}") from None


def label_of(name: str) -> str:
    kind = KINDS.get(name)
    return str(kind.label) if kind else name
