"""File types come from the content against an allowlist; names are made safe."""

import io
import zipfile

import pytest

from app.files import detect as kinds
from app.files.detect import Kind, Refused, detect
from app.files.http import content_disposition, safe_filename
from tests.files import samples


def kind_of(content: bytes, name: str | None = None, declared: str | None = None) -> Kind:
    return detect(io.BytesIO(content), name=name, declared=declared)


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (samples.PDF, kinds.PDF),
        (samples.PNG, kinds.PNG),
        (samples.JPEG, kinds.JPEG),
        (samples.GIF, kinds.GIF),
        (samples.WEBP, kinds.WEBP),
        (samples.DOCX, kinds.DOCX),
        (samples.XLSX, kinds.XLSX),
        (samples.PPTX, kinds.PPTX),
        (samples.ODS, kinds.ODS),
    ],
)
def test_allowed_types_are_recognised_by_their_content(content: bytes, kind: Kind) -> None:
    assert kind_of(content, name="whatever.bin") == kind


def test_the_name_never_decides_the_type() -> None:
    assert kind_of(samples.PNG, name="report.pdf", declared="application/pdf") == kinds.PNG


@pytest.mark.parametrize(
    ("content", "name", "content_type"),
    [
        (samples.TEXT_UTF8, "notes.txt", "text/plain; charset=utf-8"),
        (samples.TEXT_UTF8, None, "text/plain; charset=utf-8"),
        (samples.TEXT_UTF16, "weekly.txt", "text/plain; charset=utf-16"),
        (samples.CSV_UTF8_BOM, "levels.csv", "text/csv; charset=utf-8"),
        (samples.CSV_GB18030, "成员.CSV", "text/csv; charset=gb18030"),
        (b"<html><script>alert(1)</script></html>", "page.html", "text/plain; charset=utf-8"),
    ],
)
def test_text_is_plain_or_csv_with_its_encoding(
    content: bytes, name: str | None, content_type: str
) -> None:
    assert kind_of(content, name=name).content_type == content_type


def test_a_declared_csv_type_makes_text_csv() -> None:
    assert kind_of(b"a,b\n1,2\n", declared="text/csv").content_type == "text/csv; charset=utf-8"


@pytest.mark.parametrize(
    ("content", "found"),
    [
        (samples.WINDOWS_EXE, "a Windows program"),
        (samples.LINUX_EXE, "a Linux program"),
        (samples.GZIP, "a gzip archive"),
        (samples.PLAIN_ZIP, "a zip archive"),
        (b"PK\x03\x04 not really a zip", "a damaged zip file"),
        (samples.ZIP_BOMB, "a zip file that unpacks to far more than its size (a zip bomb)"),
        (bytes(range(256)) * 4, "a file of unknown type"),
        (b"text with a NUL \x00 inside", "a file of unknown type"),
    ],
)
def test_everything_else_is_refused_saying_what_it_seems(content: bytes, found: str) -> None:
    with pytest.raises(Refused) as refused:
        kind_of(content, name="contract.pdf", declared="application/pdf")

    assert refused.value.found == found


def test_a_zip_with_too_many_entries_is_refused() -> None:
    entries = {f"xl/{i}.xml": b"" for i in range(kinds.MAX_ZIP_ENTRIES + 1)}
    content = samples.zipped(
        {"[Content_Types].xml": samples.CONTENT_TYPES, **entries}, compression=zipfile.ZIP_STORED
    )

    with pytest.raises(Refused) as refused:
        kind_of(content)

    assert refused.value.found == "a zip file with too many files inside"


def test_detection_leaves_the_file_at_its_start() -> None:
    source = io.BytesIO(samples.DOCX)

    detect(source)

    assert source.tell() == 0


@pytest.mark.parametrize(
    ("name", "kind", "safe"),
    [
        ("contract.pdf", kinds.PDF, "contract.pdf"),
        ("invoice.pdf", kinds.PNG, "invoice.png"),
        ("photo.JPEG", kinds.JPEG, "photo.jpeg"),
        ("../../etc/passwd", kinds.PDF, "passwd.pdf"),
        ("C:\\Users\\lin\\报告 v2.docx", kinds.DOCX, "报告 v2.docx"),
        ('a<b>:"c"|?*.pdf', kinds.PDF, "a_b_c.pdf"),
        (".bashrc", Kind("text/plain; charset=utf-8", ".txt"), "bashrc.txt"),
        ("\x00\x1f.pdf", kinds.PDF, "file.pdf"),
        ("", kinds.XLSX, "file.xlsx"),
        (None, kinds.PDF, "file.pdf"),
        ("x" * 300 + ".pdf", kinds.PDF, "x" * 196 + ".pdf"),
        ("周报" * 100 + ".txt", Kind("text/plain; charset=utf-8", ".txt"), "周报" * 32 + "周.txt"),
    ],
)
def test_file_names_are_made_safe_and_true_to_their_content(
    name: str | None, kind: Kind, safe: str
) -> None:
    assert safe_filename(name, kind) == safe


def test_content_disposition_has_an_ascii_fallback_and_the_utf8_name() -> None:
    assert content_disposition("季度 报告.pdf", inline=True) == (
        'inline; filename="file.pdf"; '
        "filename*=UTF-8''%E5%AD%A3%E5%BA%A6%20%E6%8A%A5%E5%91%8A.pdf"
    )
    assert content_disposition('a.p"d\r\nf', inline=False).startswith(
        'attachment; filename="a.p_d_f"; '
    )
    assert content_disposition('Q3 "plan".docx', inline=False) == (
        "attachment; filename=\"Q3 _plan.docx\"; filename*=UTF-8''Q3%20%22plan%22.docx"
    )
