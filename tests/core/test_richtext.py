"""Rich text: Markdown rendered to safe HTML, the Markdown field type, mentions."""

import uuid
from html.parser import HTMLParser

import pytest
from pydantic import BaseModel

from app.core.richtext import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    MAX_MARKDOWN_BYTES,
    Markdown,
    Mentions,
    check_mentions,
    extract_mentions,
    mention_member,
    render,
    to_text,
)
from app.core.validation import InvalidValue
from tests.core.apps import echo_client, field_errors

LIN = uuid.UUID("4b1c2d3e-0000-4000-8000-000000000001")
WANG = uuid.UUID("4b1c2d3e-0000-4000-8000-000000000002")


class Body(BaseModel):
    body: Markdown


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))


def assert_inert(html: str) -> None:
    """Parsed as a browser would: only allowed elements, no handlers, only safe URLs."""
    parser = _Elements()
    parser.feed(html)
    for tag, attrs in parser.elements:
        assert tag in ALLOWED_TAGS, html
        assert not any(name.startswith("on") for name in attrs), html
        assert set(attrs) <= {*ALLOWED_ATTRIBUTES.get(tag, ()), "rel", "class"}, html
        for name in ("href", "src"):
            url = (attrs.get(name) or "").strip().lower()
            assert not url or url.startswith(("http:", "https:", "mailto:", "/")), html


def test_markdown_renders_to_html() -> None:
    html = render("# Plan\n\n**bold** _it_ ~~old~~ `code`\n\n- one\n- two\n\n> quoted")

    assert "<h1>Plan</h1>" in html
    assert "<strong>bold</strong> <em>it</em> <s>old</s> <code>code</code>" in html
    assert "<ul>\n<li>one</li>\n<li>two</li>\n</ul>" in html
    assert "<blockquote>\n<p>quoted</p>\n</blockquote>" in html


def test_tables_keep_only_their_alignment_style() -> None:
    html = render("| a | b |\n|--:|---|\n| 1 | 2 |")

    assert '<th style="text-align:right">a</th>' in html
    assert "<td>2</td>" in html


def test_bare_links_are_linked_with_a_safe_rel() -> None:
    html = render("see www.example.com and https://example.com/a?b=1")

    assert (
        '<a href="http://www.example.com" rel="noopener noreferrer nofollow">www.example.com</a>'
        in html
    )
    assert '<a href="https://example.com/a?b=1" rel="noopener noreferrer nofollow">' in html


def test_script_tags_are_shown_as_text() -> None:
    html = render("hello <script>alert(1)</script>")

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert_inert(html)


@pytest.mark.parametrize(
    "markdown",
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](java\tscript:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "<javascript:alert(1)>",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "![x](data:image/png;base64,iVBORw0KGgo=)",
        "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        "[x](file:///etc/passwd)",
        "[x]: javascript:alert(1)\n\n[x]",
    ],
)
def test_dangerous_urls_never_become_links_or_images(markdown: str) -> None:
    html = render(markdown)

    assert_inert(html)
    assert "href=" not in html
    assert "src=" not in html


@pytest.mark.parametrize(
    "markdown",
    [
        "<img src=x onerror=alert(1)>",
        '<a href="https://ok.example" onclick="alert(1)">x</a>',
        "<div><p><b onmouseover=alert(1)>nested</b></p></div>",
        "<iframe src=https://evil.example></iframe>",
        "<svg><script>alert(1)</script></svg>",
        "| <script>alert(1)</script> | b |\n|---|---|\n| <img src=x onerror=alert(1)> | 2 |",
        "```html\n<script>alert(1)</script>\n```",
        "<style>body{display:none}</style>",
        "<!-- <script>alert(1)</script> -->",
        '![a" onerror="alert(1)](https://example.com/x.png)',
        '[a](https://example.com/x "title\\" onmouseover=\\"alert(1)")',
    ],
)
def test_raw_and_nested_html_is_inert(markdown: str) -> None:
    assert_inert(render(markdown))


def test_https_images_and_mail_links_are_kept() -> None:
    html = render("![logo](https://example.com/logo.png) [write](mailto:team@example.com)")

    assert '<img src="https://example.com/logo.png" alt="logo">' in html
    assert 'href="mailto:team@example.com"' in html


def test_to_text_is_the_words_without_markup() -> None:
    assert to_text("# Plan\n\n**ship** it, see [notes](https://example.com) <b>") == (
        "Plan ship it, see notes <b>"
    )


# The Markdown type --------------------------------------------------------------------------


def test_markdown_is_kept_exactly_as_written() -> None:
    written = "  *draft*  \n\n<b>raw</b>\t\n"

    assert Body(body=written).body == written


def test_markdown_of_100_kb_is_accepted_and_one_byte_more_refused_in_the_callers_language() -> None:
    client = echo_client(Body)
    limit = "中" * (MAX_MARKDOWN_BYTES // 3) + "a" * (MAX_MARKDOWN_BYTES % 3)

    accepted = client.post("/echo", json={"body": limit})
    refused = client.post("/echo", json={"body": limit + "a"}, headers={"Accept-Language": "zh-CN"})

    assert accepted.status_code == 200
    assert field_errors(refused) == [
        (["body", "body"], "markdown_too_long", "文本最多 100 KB；当前为 101 KB。")
    ]


def test_nul_characters_are_refused() -> None:
    response = echo_client(Body).post("/echo", json={"body": "a\u0000b"})

    assert field_errors(response) == [
        (["body", "body"], "markdown_nul", "The text contains a NUL character.")
    ]


# Mentions ------------------------------------------------------------------------------------


def test_mentions_of_members_and_roles_are_extracted_once_each_in_order() -> None:
    text = (
        f"@[Wang](member:{WANG}) please ask @role:community_ops and @[Lin Yu](member:{LIN}); "
        f"cc @[Wang Fang](member:{WANG}) @role:community_ops @role:legal"
    )

    assert extract_mentions(text) == Mentions(
        member_ids=(WANG, LIN), role_keys=("community_ops", "legal")
    )


def test_mention_like_text_in_code_emails_and_words_is_not_a_mention() -> None:
    text = (
        f"`@[Lin](member:{LIN})`\n\n```\n@role:legal\n```\n\n"
        "write to lin@role:legal or lin@example.com; @role:Legal; @[x](member:not-a-uuid)"
    )

    assert extract_mentions(text) == Mentions()


def test_mentions_render_as_labelled_spans_with_the_name_escaped() -> None:
    html = render(f"hi @[<b>Lin</b>](member:{LIN}) and @role:creator")

    assert f'<span class="mention" data-member="{LIN}">@&lt;b&gt;Lin&lt;/b&gt;</span>' in html
    assert '<span class="mention" data-role="creator">@role:creator</span>' in html


def test_a_picked_member_round_trips_through_its_markdown() -> None:
    markdown = mention_member(LIN, "Lin [the] Yu\n")

    assert markdown == f"@[Lin the Yu](member:{LIN})"
    assert extract_mentions(markdown).member_ids == (LIN,)


def test_a_flood_of_mentions_is_refused_with_a_code() -> None:
    fifty = extract_mentions(" ".join(f"@role:r{i}" for i in range(50)))
    flood = extract_mentions(" ".join(f"@role:r{i}" for i in range(51)))

    assert check_mentions(fifty) == fifty
    with pytest.raises(InvalidValue) as refused:
        check_mentions(flood)
    assert (refused.value.code, str(refused.value)) == (
        "mention_flood",
        "At most 50 mentions in one text.",
    )
