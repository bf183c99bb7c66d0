"""Translation catalogs: extract marked messages, merge the `.po` files, compile `.mo`.

Each area of the code keeps its Chinese translations in its own `.po` file under
`app/locales/zh_Hans_CN/LC_MESSAGES/` (so parallel work does not collide); they are
merged into one `messages.mo` at install (`make`, the Dockerfile), never committed.
"""

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from app.core.i18n import LOCALES_DIR

ROOT = LOCALES_DIR.parent.parent
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}
CATALOG_LANGUAGES = {"zh-CN": "zh_Hans_CN"}


def catalog_dir(locale: str) -> Path:
    return LOCALES_DIR / CATALOG_LANGUAGES[locale] / "LC_MESSAGES"


def merged_catalog(locale: str) -> Catalog:
    merged = Catalog(locale=CATALOG_LANGUAGES[locale], domain="messages")
    for po_file in sorted(catalog_dir(locale).glob("*.po")):
        with po_file.open("rb") as handle:
            for message in read_po(handle, locale=CATALOG_LANGUAGES[locale]):
                if message.id and message.string:
                    merged.add(message.id, message.string, context=message.context)
    return merged


def compile_catalogs() -> list[Path]:
    written = []
    for locale in CATALOG_LANGUAGES:
        target = catalog_dir(locale) / "messages.mo"
        with target.open("wb") as handle:
            write_mo(handle, merged_catalog(locale))
        written.append(target)
    return written


def extracted_messages() -> dict[str, str]:
    """Every marked message in the code and templates, with where it was first found."""
    found: dict[str, str] = {}
    method_map = [("app/**.py", "python"), ("templates/**.html", "jinja2")]
    options = {"templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    for filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options, keywords=KEYWORDS
    ):
        msgid = message[0] if isinstance(message, tuple) else message  # plurals: the singular
        if msgid:
            found.setdefault(msgid, filename)
    return found


def untranslated(locale: str) -> dict[str, str]:
    catalog = merged_catalog(locale)
    return {
        msgid: where for msgid, where in extracted_messages().items() if catalog.get(msgid) is None
    }
