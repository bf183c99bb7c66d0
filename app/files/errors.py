"""The files' domain errors (part of the one `DomainError` tree)."""

from typing import Any

from app.core.errors import DomainError, InvalidInput, field_error
from app.core.i18n import N_

ACCEPTED = N_(
    "Accepted: PDF, images (PNG, JPEG, GIF, WebP), Word, Excel and PowerPoint documents, "
    "OpenDocument files, plain text and CSV."
)
FILE_NOT_FOUND = N_("File not found.")


class FileTooLarge(DomainError):
    status_code = 413
    problem_type = "file-too-large"
    title = N_("File too large")

    def __init__(self, *, max_bytes: int, field: str) -> None:
        message = N_("A file may have at most {max_mb} MB.")
        max_mb = round(max_bytes / (1024 * 1024), 1)
        super().__init__(
            message,
            params={"max_mb": max_mb},
            errors=[field_error(("body", field), message, "file_too_large", max_mb=max_mb)],
            extensions={"max_bytes": max_bytes},
        )


class FileRefused(InvalidInput):
    """The content is not of an allowed type (whatever its name says)."""

    problem_type = "file-type-refused"
    title = N_("File type not accepted")

    def __init__(self, message: str, *, field: str, code: str, **params: Any) -> None:
        super().__init__(
            message,
            params=params,
            errors=[field_error(("body", field), message, code, **params)],
        )
