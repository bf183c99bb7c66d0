"""What a file is, from its bytes (never its name), against an allowlist.

Allowed: PDF, PNG, JPEG, GIF, WebP; Office Open XML (docx, xlsx, pptx) and OpenDocument
(odt, ods, odp) — zip files whose directory is checked against zip bombs; text in UTF-8
(with or without a BOM), UTF-16 with a BOM, or GB18030 (what Chinese Excel writes),
without control characters: CSV when the name or the declared type says so, else plain
text. Anything else (executables, archives, HTML is text and served as text) is refused.
"""

import codecs
import re
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

from app.core.i18n import N_

CHUNK = 64 * 1024
# Zip bomb guard, on the zip's own directory (declared sizes; readers of the content,
# like an XLSX import, must still cap what they decompress).
MAX_ZIP_ENTRIES = 10_000
MAX_ZIP_UNCOMPRESSED = 512 * 1024 * 1024
MAX_ZIP_RATIO = 200  # per entry, for entries over 1 MB uncompressed
_RATIO_FROM = 1024 * 1024

_BOMB = N_("a zip file that unpacks to far more than its size (a zip bomb)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Kind:
    content_type: str
    extension: str
    inline: bool = False  # may be shown in the browser (images and PDF); else downloaded


PDF = Kind("application/pdf", ".pdf", inline=True)
PNG = Kind("image/png", ".png", inline=True)
JPEG = Kind("image/jpeg", ".jpg", inline=True)
GIF = Kind("image/gif", ".gif", inline=True)
WEBP = Kind("image/webp", ".webp", inline=True)
DOCX = Kind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx")
XLSX = Kind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx")
PPTX = Kind("application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx")
ODT = Kind("application/vnd.oasis.opendocument.text", ".odt")
ODS = Kind("application/vnd.oasis.opendocument.spreadsheet", ".ods")
ODP = Kind("application/vnd.oasis.opendocument.presentation", ".odp")
_OOXML = {"word/": DOCX, "xl/": XLSX, "ppt/": PPTX}
_ODF = {kind.content_type: kind for kind in (ODT, ODS, ODP)}

# What some refused contents are, to say so (the rest is "unknown").
_KNOWN_BAD = (
    (b"MZ", N_("a Windows program")),
    (b"\x7fELF", N_("a Linux program")),
    (b"\xcf\xfa\xed\xfe", N_("a macOS program")),
    (b"\xca\xfe\xba\xbe", N_("a macOS program")),
    (b"PK\x03\x04", N_("a zip archive")),
    (b"Rar!", N_("a RAR archive")),
    (b"7z\xbc\xaf\x27\x1c", N_("a 7-Zip archive")),
    (b"\x1f\x8b", N_("a gzip archive")),
)


class Refused(Exception):
    """Not an allowed type: `found` says what it seems to be (a catalog message)."""

    def __init__(self, found: str) -> None:
        self.found = found
        super().__init__(found)


def detect(file: BinaryIO, *, name: str | None = None, declared: str | None = None) -> Kind:
    """The allowed kind of the seekable `file`'s content, or raise `Refused`.

    `name` and `declared` (the client's Content-Type) only choose between CSV and plain
    text; they never make a refused content acceptable.
    """
    file.seek(0)
    head = file.read(CHUNK)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"PK\x03\x04"):
        return _office(file)
    text = _text(file, head)
    if text is not None:
        if (name or "").lower().endswith(".csv") or (declared or "").startswith("text/csv"):
            return Kind(f"text/csv; charset={text}", ".csv")
        return Kind(f"text/plain; charset={text}", ".txt")
    for magic, found in _KNOWN_BAD:
        if head.startswith(magic):
            raise Refused(found)
    raise Refused(N_("a file of unknown type"))


def _office(file: BinaryIO) -> Kind:
    try:
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
            _check_zip(entries)
            names = {entry.filename for entry in entries}
            if "[Content_Types].xml" in names:
                for prefix, kind in _OOXML.items():
                    if any(name.startswith(prefix) for name in names):
                        return kind
            if "mimetype" in names and archive.getinfo("mimetype").file_size < 100:
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                if mimetype in _ODF:
                    return _ODF[mimetype]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError):
        raise Refused(N_("a damaged zip file")) from None
    finally:
        file.seek(0)
    raise Refused(N_("a zip archive"))


def _check_zip(entries: list[zipfile.ZipInfo]) -> None:
    if len(entries) > MAX_ZIP_ENTRIES:
        raise Refused(N_("a zip file with too many files inside"))
    if sum(entry.file_size for entry in entries) > MAX_ZIP_UNCOMPRESSED:
        raise Refused(_BOMB)
    for entry in entries:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > _RATIO_FROM and ratio > MAX_ZIP_RATIO:
            raise Refused(_BOMB)


def _text(file: BinaryIO, head: bytes) -> str | None:
    """The encoding (a charset name) if the whole content is text without control codes."""
    if head.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8", "gb18030"]
    for encoding in candidates:
        if _decodes(file, encoding):
            return "utf-8" if encoding == "utf-8-sig" else encoding
    return None


def _decodes(file: BinaryIO, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    file.seek(0)
    try:
        while chunk := file.read(CHUNK):
            if _CONTROL.search(decoder.decode(chunk)):
                return False
        return not _CONTROL.search(decoder.decode(b"", final=True))
    except UnicodeDecodeError:
        return False
    finally:
        file.seek(0)
