"""Security headers the whole site sends: a Content Security Policy without inline scripts."""

from urllib.parse import urlsplit

from django.conf import settings


def content_security_policy() -> str:
    image_sources = ["'self'", "data:"]
    tiles = getattr(settings, "MAP_TILES_URL", "")
    if tiles:
        # "{s}" in a tile URL stands for a subdomain: allow them all.
        parts = urlsplit(tiles.replace("{s}", "*"))
        image_sources.append(f"{parts.scheme}://{parts.netloc}")
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": image_sources,
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


class ContentSecurityPolicyMiddleware:
    """Adds the policy to every HTML response that has none yet."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = content_security_policy()

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        response.headers.setdefault("Permissions-Policy", "geolocation=(), camera=(), microphone=()")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response
