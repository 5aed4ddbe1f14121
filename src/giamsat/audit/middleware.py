from giamsat.audit.context import acting_as


class AuditActorMiddleware:
    """Attributes every write during a request to the logged-in user (API tokens override it later)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        source = "admin" if request.path.startswith("/admin/") else "api" if request.path.startswith("/api/") else "web"
        with acting_as(getattr(request, "user", None), source):
            return self.get_response(request)
