"""The production HTTP server: gunicorn, several worker processes with a few threads each.

Django renders pages in Python, so one process with threads (waitress) is held to one core by the
GIL; gunicorn's worker processes use every core. Static files are served by WhiteNoise inside the
app (compressed, cached forever by name), so no separate file server is needed behind the proxy.
"""

from __future__ import annotations


def run_gunicorn(application, *, host: str, port: int, workers: int, threads: int, timeout: int = 60) -> None:
    from django.db import connections
    from gunicorn.app.base import BaseApplication

    class VeturiServer(BaseApplication):
        def load_config(self):
            settings = {
                "bind": f"{host}:{port}", "workers": workers, "threads": threads, "worker_class": "gthread",
                "timeout": timeout, "graceful_timeout": 30, "keepalive": 5, "accesslog": None, "errorlog": "-",
                # A worker restarts after this many requests (with jitter), so slow leaks cannot grow.
                "max_requests": 5000, "max_requests_jitter": 500,
            }
            for key, value in settings.items():
                self.cfg.set(key, value)

        def load(self):
            return application

    warm_shared_caches()
    connections.close_all()  # no database connection may be shared across the fork
    VeturiServer().run()


def warm_shared_caches() -> None:
    """Fill the per-process caches in the arbiter, before the fork, so that every worker starts warm.

    The locomotive ranking's inputs take ~1 s to read, and their fingerprint for the default weights
    0.1-0.3 s (veturi.valuenets.adapters); made once here (nothing is stored), each forked worker
    inherits them (copy on write) instead of making its first visitor wait 1-4 s. Only an
    optimisation: a database not ready yet is left for the first request.
    """
    import logging

    import pymcdm  # noqa: F401  (the ranking imports it on first use: once here, for every worker)

    from veturi.valuenets.adapters import ranking_inputs, run_ranking

    try:
        if ranking_inputs().table is not None:
            run_ranking(store=False)
    except Exception:  # noqa: BLE001  the server must start even when the data cannot be read yet
        logging.getLogger(__name__).warning("Could not warm the ranking inputs before the fork", exc_info=True)
