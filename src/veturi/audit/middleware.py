"""Tells the audit log who is acting (user, IP, path) and writes the request's confidential reads."""

from veturi.audit.log import flush_reads, request_context


class AuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        ip = request.META.get("REMOTE_ADDR") or None
        with request_context(ip=ip, path=request.get_full_path(), method=request.method, request=request) as context:
            response = self.get_response(request)
            flush_reads(context)
        return response
