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

    connections.close_all()  # no database connection may be shared across the fork
    VeturiServer().run()
