"""A document as templates/partials/_documents.html shows it (app/documents/schemas.py)."""

from app.vocabulary import DocumentKind
from app.web.views import View


class Document(View):
    id: str
    kind: DocumentKind
    title: str
    version: int
    latest: bool
    signed: bool


class DocumentList(View):
    """Every document of one owner: never more than one page."""

    items: list[Document]
