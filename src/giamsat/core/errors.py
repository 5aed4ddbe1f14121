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
