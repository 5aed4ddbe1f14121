class ApplicationError(Exception):
    """A refusal with a message for the user (Vietnamese). Services raise it; views and the API show it."""

    status = 400

    def __init__(self, message: str, *, code: str = "invalid", status: int | None = None, extra: dict | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.extra = extra or {}
        if status is not None:
            self.status = status


class PermissionDeniedError(ApplicationError):
    status = 403

    def __init__(self, message: str = "Bạn không có quyền thực hiện thao tác này.", **kwargs):
        super().__init__(message, code="forbidden", **kwargs)


class NotFoundError(ApplicationError):
    status = 404

    def __init__(self, message: str = "Không tìm thấy hoặc bạn không có quyền xem.", **kwargs):
        super().__init__(message, code="not_found", **kwargs)


# The refusals a page shows as its 404 or 403 page (core.middleware), never as a message in a form: a view
# that shows a service's other refusals on the page lets these through (`except REFUSALS: raise`).
REFUSALS = (NotFoundError, PermissionDeniedError)
