from rest_framework.pagination import LimitOffsetPagination


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """Every list is paginated; no client can ask for more than MAX_LIMIT rows at once."""

    default_limit = 100
    max_limit = 1000
