from html.parser import HTMLParser

import pytest

from articles import markdown


class ActiveContent(HTMLParser):
    """Collects what a browser would act on: tags that run or embed, handlers, risky URLs."""

    RISKY_TAGS = {"script", "iframe", "object", "embed", "svg", "img", "style", "form", "input", "math"}
    RISKY_SCHEMES = ("javascript:", "data:", "vbscript:")

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag in self.RISKY_TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.found.append(f"{tag}[{name}]")
            if name in ("href", "src") and (value or "").strip().lower().startswith(self.RISKY_SCHEMES):
                self.found.append(f"{tag}[{name}={value}]")


def active_content(html: str) -> list[str]:
    parser = ActiveContent()
    parser.feed(html)
    return parser.found


DANGEROUS = [
    "<script>alert(1)</script>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![img](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)",
    '<img src=x onerror="alert(1)">',
    '<a href="https://example.org" onclick="alert(1)">x</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<svg onload=alert(1)>",
    "[ok](vbscript:msgbox(1))",
]


@pytest.mark.parametrize("source", DANGEROUS)
def test_markdown_holding_active_content_renders_inert(source):
    html = markdown.render(f"Before\n\n{source}\n\nAfter")
    assert active_content(html) == [], html
    assert "Before" in html and "After" in html


def test_raw_html_is_shown_as_text_not_run():
    html = markdown.render("<b>bold?</b>")
    assert "<b>" not in html
    assert "&lt;b&gt;bold?&lt;/b&gt;" in html


def test_links_keep_only_http_https_and_mailto():
    html = markdown.render(
        "[a](https://pubmed.ncbi.nlm.nih.gov/1/) [b](mailto:desk@example.org) [c](ftp://x.example/f)"
    )
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/1/"' in html
    assert 'href="mailto:desk@example.org"' in html
    assert "ftp:" not in html
    assert 'rel="noopener noreferrer"' in html


def test_pubmed_citations_of_listed_sources_are_numbered_and_point_at_them():
    html = markdown.render(
        "Shown by [Heiss 2012](https://pubmed.ncbi.nlm.nih.gov/22282884/) and [x](https://pubmed.ncbi.nlm.nih.gov/5/).",
        source_numbers={"22282884": 2},
    )
    assert '<sup class="citation"><a href="#source-2" rel="noopener noreferrer">[2]</a></sup>' in html
    assert html.count('class="citation"') == 1


def test_tables_and_headings_survive_and_a_body_h1_becomes_h2():
    html = markdown.render("# Title\n\n| a | b |\n|---|---|\n| 1 | 2 |")
    assert "<h1" not in html and "<h2>Title</h2>" in html
    assert "<table>" in html and "<td>1</td>" in html
