from django.shortcuts import render

from giamsat.core.errors import ApplicationError


class SecurityHeadersMiddleware:
    """A strict Content-Security-Policy: every script and style is served by the project itself."""

    POLICY = (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # The interactive API docs page ships inline bootstrap code; it gets a looser policy of its own.
        if not request.path.startswith("/api/docs"):
            response.headers.setdefault("Content-Security-Policy", self.POLICY)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


ERROR_TEMPLATES = {403: "403.html", 404: "404.html"}  # any other refusal: "400.html" (invalid)


def error_page(request, status: int, message: str = ""):
    """The Vietnamese error page for a refusal: 404 not found, 403 forbidden, anything else invalid."""
    return render(request, ERROR_TEMPLATES.get(status, "400.html"), {"message": message}, status=status)


class ApplicationErrorMiddleware:
    """A page's view lets the domain's refusals (core.errors.ApplicationError) go: this one place turns them
    into the 404, 403 or 400 page with the service's own message, as the API's handlers do in JSON."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, ApplicationError):
            return error_page(request, exception.status, exception.message)
        return None
