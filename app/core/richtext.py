"""Rich text: Markdown stored as written, rendered to HTML that is safe to embed.

    html = render("**Hi** @[Lin Yu](member:4b1c…) see https://example.com")
    found = extract_mentions(text)   # Mentions(member_ids=(UUID(…),), role_keys=())

Rendering is CommonMark (plus tables, strikethrough and bare links) by `markdown-it-py`
with raw HTML off, then sanitised by `nh3` (an allowlist of tags and attributes; links
and images only to http, https and mailto; every link gets
`rel="noopener noreferrer nofollow"`). Both steps always run: the parser already refuses
`javascript:` links, and the sanitiser is the guarantee.

Mentions (the comments lane stores them as ids):

    @[Display Name](member:<uuid>)   a member; the page's picker writes this form
    @role:<key>                      everyone holding that role (`@role:community_ops`)

An `@` must start the text or follow a character that is not a letter or digit
(`a@role:x` is not a mention); mentions inside code are text. They render as
`<span class="mention" data-member="<uuid>">@Display Name</span>` (or `data-role`).
"""

import re
import uuid
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from pydantic import AfterValidator, Field

from app.core.i18n import N_
from app.core.validation import InvalidValue, invalid

MAX_MARKDOWN_BYTES = 100 * 1024
MAX_MENTIONS = 50  # per text: more is a flood (`check_mentions`)

ALLOWED_TAGS = frozenset(
    {
        *("p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code"),
        *("strong", "em", "s", "del", "a", "img", "ul", "ol", "li", "span"),
        *("table", "thead", "tbody", "tr", "th", "td"),
    }
)
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "th": {"style"},
    "td": {"style"},
    "span": {"data-member", "data-role"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer nofollow"

_MEMBER = re.compile(r"@\[([^\[\]\n]{1,120})\]\(member:([0-9a-fA-F-]{36})\)")
_ROLE = re.compile(r"@role:([a-z][a-z0-9_-]{0,63})")


@dataclass(frozen=True)
class Mentions:
    member_ids: tuple[uuid.UUID, ...] = ()
    role_keys: tuple[str, ...] = ()

    @property
    def count(self) -> int:
        return len(self.member_ids) + len(self.role_keys)


def _mention(state: StateInline, silent: bool) -> bool:
    """Inline rule: `@[name](member:uuid)` or `@role:key` at the current position."""
    pos = state.pos
    if state.src[pos] != "@" or (pos > 0 and state.src[pos - 1].isalnum()):
        return False
    member = _MEMBER.match(state.src, pos)
    role = None if member else _ROLE.match(state.src, pos)
    if member:
        try:
            member_id = str(uuid.UUID(member.group(2)))
        except ValueError:
            return False
        attrs: dict[str, str | int | float] = {"data-member": member_id}
        label, end = "@" + member.group(1).strip(), member.end()
    elif role:
        attrs = {"data-role": role.group(1)}
        label, end = role.group(0), role.end()
    else:
        return False
    if not silent:
        token = state.push("mention", "span", 0)
        token.attrs = attrs
        token.content = label
    state.pos = end
    return True


def _render_mention(
    renderer: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    attrs = "".join(f' {name}="{escapeHtml(str(value))}"' for name, value in token.attrs.items())
    return f'<span class="mention"{attrs}>{escapeHtml(token.content)}</span>'


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": True, "typographer": False})
    md.enable(["linkify", "table", "strikethrough"])
    md.inline.ruler.before("link", "mention", _mention)
    md.add_render_rule("mention", _render_mention)
    return md


@lru_cache(maxsize=1)
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        tag_attribute_values={"span": {"class": {"mention"}}},
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        filter_style_properties={"text-align"},
        strip_comments=True,
    )


def render(markdown: str) -> str:
    """Safe HTML for `markdown` (a fragment: no `<html>`, no scripts, no event handlers)."""
    return _cleaner().clean(_parser().render(markdown))


def to_text(markdown: str) -> str:
    """The words of `markdown` without markup (for previews, notifications, search)."""
    text = nh3.clean(render(markdown), tags=set())
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&amp;", "&")):
        text = text.replace(entity, char)
    return " ".join(text.split())


def extract_mentions(markdown: str) -> Mentions:
    """The members and roles `markdown` mentions, each once, in order of appearance."""
    member_ids: dict[uuid.UUID, None] = {}
    role_keys: dict[str, None] = {}
    for block in _parser().parse(markdown):
        for token in block.children or ():
            if token.type != "mention":
                continue
            if "data-member" in token.attrs:
                member_ids[uuid.UUID(str(token.attrs["data-member"]))] = None
            else:
                role_keys[str(token.attrs["data-role"])] = None
    return Mentions(tuple(member_ids), tuple(role_keys))


def check_mentions(mentions: Mentions, limit: int = MAX_MENTIONS) -> Mentions:
    """`mentions`, unless there are more than `limit` (a flood): `InvalidValue`."""
    if mentions.count > limit:
        raise InvalidValue("mention_flood", N_("At most {max} mentions in one text."), max=limit)
    return mentions


def mention_member(member_id: uuid.UUID, display_name: str) -> str:
    """The Markdown a picker inserts for a member (brackets in the name are dropped)."""
    name = re.sub(r"[\[\]\n]", "", display_name).strip()[:120] or "member"
    return f"@[{name}](member:{member_id})"


def _checked(markdown: str) -> str:
    size = len(markdown.encode("utf-8"))
    if size > MAX_MARKDOWN_BYTES:
        raise invalid(
            "markdown_too_long",
            N_("At most {max_kb} KB of text; this is {size_kb} KB."),
            max_kb=MAX_MARKDOWN_BYTES // 1024,
            size_kb=-(-size // 1024),
        )
    if "\x00" in markdown:
        raise invalid("markdown_nul", N_("The text contains a NUL character."))
    return markdown


Markdown = Annotated[
    str,
    Field(
        max_length=MAX_MARKDOWN_BYTES,
        description="Markdown (CommonMark, tables, strikethrough; raw HTML is shown as text), "
        "at most 100 KB in UTF-8; returned as written. Mentions: `@[Name](member:<id>)`, "
        "`@role:<key>`.",
        examples=["**Draft** is ready for @role:creator: https://example.com/draft"],
    ),
    AfterValidator(_checked),
]
