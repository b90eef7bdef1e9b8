"""Article bodies: CommonMark with raw HTML off, then an allow-list sanitiser.

Both layers are needed: the parser never passes HTML through, and the sanitiser
removes anything a future parser option or plugin might let slip (event handlers,
`javascript:` and `data:` links, iframes). PubMed links to the article's sources
become numbered citations pointing at its source list.
"""

import re
from dataclasses import dataclass

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

PUBMED_LINK = re.compile(
    r"^https?://(?:www\.)?(?:pubmed\.ncbi\.nlm\.nih\.gov/|ncbi\.nlm\.nih\.gov/pubmed/)(?P<pmid>[^/?#]+)/?(?:[?#].*)?$"
)
VALID_PMID = re.compile(r"^[0-9]{1,8}$")

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "em", "h2", "h3", "h4", "h5", "h6", "hr", "li", "ol", "p",
    "pre", "strong", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "sup": {"class"}}
# A table column's alignment is a class, not a style attribute: the Content-Security-Policy
# allows no inline style (static/css/site.css aligns these).
ALIGNMENT_CLASSES = {"align-left", "align-center", "align-right"}
ALLOWED_CLASSES = {"td": ALIGNMENT_CLASSES, "th": ALIGNMENT_CLASSES}
ALIGNMENT_STYLE = re.compile(r"^text-align:(left|center|right)$")
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

_parser = MarkdownIt("commonmark", {"html": False}).enable("table")


@dataclass(frozen=True)
class PubmedLink:
    pmid: str  # as written, so that an importer can refuse a malformed one
    line: int  # in the body, from 1
    text: str  # the link text, e.g. "Heiss et al., 2012"


def pubmed_links(body: str) -> list[PubmedLink]:
    """Every PubMed link in `body`, in order."""
    found = []
    for block in _parser.parse(body):
        children = block.children or []
        for index, token in enumerate(children):
            if token.type != "link_open":
                continue
            match = PUBMED_LINK.match(token.attrGet("href") or "")
            if match:
                text = "".join(t.content for t in children[index + 1 :][:1] if t.type == "text")
                found.append(PubmedLink(match["pmid"], (block.map[0] + 1) if block.map else 0, text))
    return found


def cited_pmids(body: str) -> list[str]:
    """Valid PMIDs linked from `body`, each once, in order of first citation."""
    seen = []
    for link in pubmed_links(body):
        if VALID_PMID.match(link.pmid) and link.pmid not in seen:
            seen.append(link.pmid)
    return seen


def render(body: str, *, source_numbers: dict[str, int] | None = None) -> str:
    """Safe HTML for `body`. A PubMed link to a listed source gains its number: "[2]"."""
    source_numbers = source_numbers or {}
    tokens = _parser.parse(body)
    for block in tokens:
        if block.type == "inline" and block.children:
            block.children = _number_citations(block.children, source_numbers)
        if block.type == "heading_open" and block.tag == "h1":
            # The page title is the only h1; a body heading starts at h2.
            block.tag = "h2"
        if block.type == "heading_close" and block.tag == "h1":
            block.tag = "h2"
        if block.type in ("th_open", "td_open") and block.attrGet("style"):
            alignment = ALIGNMENT_STYLE.match(block.attrGet("style"))
            del block.attrs["style"]
            if alignment:
                block.attrSet("class", f"align-{alignment[1]}")
    html = _parser.renderer.render(tokens, _parser.options, {})
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def _number_citations(children: list[Token], source_numbers: dict[str, int]) -> list[Token]:
    result = []
    number = None
    for child in children:
        result.append(child)
        if child.type == "link_open":
            match = PUBMED_LINK.match(child.attrGet("href") or "")
            number = source_numbers.get(match["pmid"]) if match else None
        elif child.type == "link_close" and number is not None:
            citation = Token("html_inline", "", 0)
            citation.content = f'<sup class="citation"><a href="#source-{number}">[{number}]</a></sup>'
            result.append(citation)
            number = None
    return result
