"""The Content-Security-Policy header: on every kind of response, and strict.

Strict means scripts and styles come only from our own files: no 'unsafe-inline', no
'unsafe-eval', no nonce or hash that would let an inline block through. The pages
themselves must then hold nothing inline the policy would block, which the browser
tests confirm in Chromium; here the markup is checked without a browser.
"""

from html.parser import HTMLParser

import pytest

from articles import markdown
from tests import factories

pytestmark = pytest.mark.django_db

# Script types a browser never executes: data blocks.
DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}


def directives(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    parsed = {}
    for directive in filter(None, (part.strip() for part in header.split(";"))):
        name, *sources = directive.split()
        parsed[name] = sources
    return parsed


def assert_strict(policy: dict[str, list[str]]) -> None:
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    for name, sources in policy.items():
        assert not {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*"} & set(sources), name
        assert not [s for s in sources if s.startswith(("'nonce-", "'sha"))], name


class InlineCode(HTMLParser):
    """What a strict policy would block in a page: inline scripts, handlers, styles."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and "src" not in attributes and attributes.get("type") not in DATA_SCRIPT_TYPES:
            self.found.append(f"inline <script> {attributes}")
        if tag == "style":
            self.found.append("<style> block")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value!r}>")


def inline_code(response) -> list[str]:
    parser = InlineCode()
    parser.feed(response.content.decode())
    return parser.found


@pytest.fixture
def live_compound():
    compound = factories.published_compound(studies=1, name="Bacopa monnieri", slug="csp-bacopa")
    factories.FaqEntryFactory(compound=compound)
    return compound


def test_a_public_page_sends_a_strict_policy_and_holds_no_inline_code(client, live_compound):
    response = client.get("/compounds/csp-bacopa/")

    assert response.status_code == 200
    assert_strict(directives(response))
    assert inline_code(response) == []
    assert b'<script type="application/ld+json">' in response.content  # a data block, still sent


@pytest.mark.parametrize("path", ["/", "/compounds/", "/how-we-score/", "/compounds/no-such-page/"])
def test_the_other_public_pages_send_the_policy_and_hold_no_inline_code(client, live_compound, path):
    response = client.get(path)

    assert response.status_code in (200, 404)
    assert_strict(directives(response))
    assert inline_code(response) == []


def test_an_api_response_sends_the_strict_policy(client, live_compound):
    response = client.get("/api/compounds/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert_strict(directives(response))


def test_the_admin_login_page_sends_the_strict_policy(client):
    response = client.get("/admin/login/")

    assert response.status_code == 200
    assert_strict(directives(response))
    assert inline_code(response) == []


def test_an_editor_s_admin_pages_send_the_strict_policy_and_hold_no_inline_code(editor_client, live_compound):
    pages = {
        "index": "/admin/",
        "change list": "/admin/compounds/compound/",
        "change form": f"/admin/compounds/compound/{live_compound.pk}/change/",
        "add form": "/admin/compounds/compound/add/",
        "history": f"/admin/compounds/compound/{live_compound.pk}/history/",
        "review queue": "/admin/reviews/submission/",
    }
    found = {}
    for name, path in pages.items():
        response = editor_client.get(path)
        assert response.status_code == 200, f"{name}: {response.status_code}"
        assert_strict(directives(response))
        found[name] = inline_code(response)

    assert found == {name: [] for name in pages}


def test_a_markdown_table_s_column_alignment_becomes_a_class_not_an_inline_style():
    html = markdown.render("| Trial | Dose | Note |\n|:--|--:|:-:|\n| A | 300 mg | x |")

    assert 'style="' not in html
    assert '<th class="align-left">Trial</th>' in html
    assert '<td class="align-right">300 mg</td>' in html
    assert '<td class="align-center">x</td>' in html
