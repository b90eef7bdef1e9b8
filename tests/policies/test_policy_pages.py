"""Policy pages: reviewed and published like any page, linked by role from the footer,
the disclaimer and the review line of every public page while they are live."""

import re

import pytest
from django.core.management import call_command

from policies import selectors
from policies.models import PolicyPage
from reviews import services
from reviews.exceptions import NotAllowed
from reviews.roles import EDITORS, MEDICAL_REVIEWERS
from tests import factories
from tests.policies.factories import SLUGS, Role, draft_policy, live_policy

pytestmark = pytest.mark.django_db


def footer(response) -> str:
    return response.content.decode().split('<footer class="site-footer">', 1)[1]


def review_line(response) -> str:
    return re.search(r'<p class="review-line">.*?</p>', response.content.decode(), re.S)[0]


def test_a_policy_page_is_public_only_once_a_reviewer_who_did_not_write_it_approves_it(client):
    writer = factories.UserFactory(username="writes-and-reviews", groups=[EDITORS, MEDICAL_REVIEWERS])
    factories.reviewer(username=writer.username)  # gives the writer a reviewer profile too
    policy = draft_policy(Role.EDITORIAL, by=writer, body="Every page names its author.")
    assert client.get("/policies/editorial-policy/").status_code == 404

    submission = services.submit(policy, by=writer)
    assert client.get("/policies/editorial-policy/").status_code == 404
    with pytest.raises(NotAllowed):
        services.approve(submission, by=writer, signature=factories.signature(writer))
    assert client.get("/policies/editorial-policy/").status_code == 404

    services.approve(
        submission,
        by=factories.reviewer(username="another-reviewer"),
        signature=factories.signature(factories.reviewer(username="another-reviewer")),
    )
    response = client.get("/policies/editorial-policy/")
    assert response.status_code == 200
    assert "Every page names its author." in response.content.decode()


def test_a_draft_change_to_a_live_policy_stays_unpublished_until_it_is_approved(client):
    policy = live_policy(Role.CORRECTIONS, body="We reply within a week.")
    with services.drafting(by=factories.editor(username="factory-editor"), comment="Faster"):
        policy.body = "We reply within a day."
        policy.save()
    page = client.get("/policies/corrections-policy/").content.decode()
    assert "We reply within a week." in page and "within a day" not in page


def test_a_policy_pages_earlier_versions_are_listed_and_each_reads_as_it_stood(client):
    policy = live_policy(Role.CORRECTIONS, body="We reply within a week.")
    with services.drafting(by=factories.editor(username="factory-editor"), comment="Faster"):
        policy.body = "We reply within two working days."
        policy.save()
    factories._publish(policy)

    versions = client.get("/policies/corrections-policy/versions/")
    assert versions.status_code == 200
    listing = versions.content.decode()
    assert "Current version" in listing
    past = re.findall(r'href="(\d+)/"', listing)
    assert len(past) == 1, "the earlier edition is listed beside the current one"
    earlier = client.get(f"/policies/corrections-policy/versions/{past[0]}/")
    assert earlier.status_code == 200
    assert "We reply within a week." in earlier.content.decode()
    assert "within two working days" in client.get("/policies/corrections-policy/").content.decode()


def test_the_footer_of_a_compound_page_links_the_four_live_policies_and_not_a_draft_one(client):
    compound = factories.published_compound(slug="cerebrolysin", name="Cerebrolysin")
    for role in (Role.EDITORIAL, Role.MEDICAL_REVIEW, Role.CORRECTIONS):
        live_policy(role)
    draft_policy(Role.DISCLAIMER)

    links = re.findall(r'href="(/policies/[^"]+)"', footer(client.get(f"/compounds/{compound.slug}/")))
    assert links == ["/policies/editorial-policy/", "/policies/medical-review-policy/", "/policies/corrections-policy/"]

    factories._publish(PolicyPage.objects.get(role=Role.DISCLAIMER))
    page = footer(client.get(f"/compounds/{compound.slug}/"))
    assert re.findall(r'href="(/policies/[^"]+)"', page.split('aria-label="Our policies"', 1)[1]) == [
        f"/policies/{slug}/" for slug in SLUGS.values()
    ]
    assert "Editorial policy</a>" in page and "Disclaimer</a>" in page


def test_the_disclaimer_in_the_footer_links_the_disclaimer_page_once_it_is_live(client):
    assert 'href="/policies/disclaimer/"' not in footer(client.get("/"))
    live_policy(Role.DISCLAIMER)
    disclaimer = footer(client.get("/")).split("</p>", 1)[0]
    assert 'class="disclaimer"' in disclaimer and 'href="/policies/disclaimer/"' in disclaimer


def test_a_taken_down_policy_disappears_from_the_footer_and_its_address_answers_410(client):
    compound = factories.published_compound(slug="semax", name="Semax")
    policy = live_policy(Role.EDITORIAL)
    assert 'href="/policies/editorial-policy/"' in footer(client.get(f"/compounds/{compound.slug}/"))

    services.unpublish(
        policy,
        by=factories.reviewer(username="factory-reviewer"),
        reason="Out of date",
        signature=factories.signature(factories.reviewer(username="factory-reviewer")),
    )
    assert 'href="/policies/editorial-policy/"' not in footer(client.get(f"/compounds/{compound.slug}/"))
    assert client.get("/policies/editorial-policy/").status_code == 410
    assert client.get("/policies/editorial-policy/versions/").status_code == 410


def test_the_review_line_links_the_medical_review_policy_while_it_is_live(client):
    study = factories.published_study(slug="a-trial")
    assert "/policies/" not in review_line(client.get("/studies/a-trial/"))

    policy = live_policy(Role.MEDICAL_REVIEW)
    line = review_line(client.get(f"/studies/{study.slug}/"))
    assert "Medically reviewed by" in line
    assert '<a href="/policies/medical-review-policy/">Medical review policy</a>' in line

    services.unpublish(
        policy,
        by=factories.reviewer(username="factory-reviewer"),
        reason="Rewriting it",
        signature=factories.signature(factories.reviewer(username="factory-reviewer")),
    )
    assert "/policies/" not in review_line(client.get(f"/studies/{study.slug}/"))


def test_markdown_in_a_policy_body_is_rendered_and_stays_inert(client):
    body = (
        "## Conflicts of interest\n\n**No** sponsored content.\n\n<script>alert('policy')</script>\n\n"
        '[click](javascript:alert(1)) <img src=x onerror="alert(2)">'
    )
    live_policy(Role.EDITORIAL, body=body)
    page = client.get("/policies/editorial-policy/").content.decode()
    article = page.split('<div class="article-body">', 1)[1].split("</article>", 1)[0]
    assert "<h2>Conflicts of interest</h2>" in article and "<strong>No</strong>" in article
    # Raw HTML is shown as text, never passed through; the javascript: link is no link.
    assert "<script" not in article and "<img" not in article
    assert "&lt;script&gt;alert('policy')&lt;/script&gt;" in article
    assert 'href="javascript' not in article and "<a " not in article


def test_the_live_policies_cost_one_query_however_many_places_link_them(client, django_assert_num_queries):
    study = factories.published_study(slug="a-trial")
    for role in SLUGS:
        live_policy(role)
    # The study's edition, then what it shows with the live policies: for the review
    # line, the disclaimer and the footer alike.
    with django_assert_num_queries(2):
        page = client.get(f"/studies/{study.slug}/").content.decode()
    assert page.count('href="/policies/medical-review-policy/"') == 2  # the review line and the footer
    assert page.count('href="/policies/disclaimer/"') == 2  # the disclaimer and the footer


def test_a_page_s_validators_and_tags_change_with_the_live_policies(client):
    study = factories.published_study(slug="a-trial")
    url = f"/studies/{study.slug}/"
    etags = [client.get(url)["ETag"]]
    policy = live_policy(Role.DISCLAIMER)
    etags.append(client.get(url)["ETag"])
    with services.drafting(by=factories.editor(username="factory-editor"), comment="Retitled"):
        policy.title = "Before you read on"
        policy.save()
    factories._publish(policy)
    page = client.get(url)
    etags.append(page["ETag"])
    assert "Before you read on" in page.content.decode()
    draft_policy(Role.EDITORIAL)  # a draft changes nothing readers see
    assert client.get(url)["ETag"] == etags[-1]
    services.unpublish(
        policy,
        by=factories.reviewer(username="factory-reviewer"),
        reason="Rewriting it",
        signature=factories.signature(factories.reviewer(username="factory-reviewer")),
    )
    etags.append(client.get(url)["ETag"])
    none_live, published, retitled, taken_down = etags
    assert len({none_live, published, retitled}) == 3, "a cache revalidating the page gets the new footer, not a 304"
    assert taken_down == none_live, "with no policy live again, the footer is as it was"
    # Every HTML page is tagged so that publishing or taking down a policy purges it.
    assert selectors.FOOTER_TAG in page["xkey"].split()
    assert selectors.FOOTER_TAG in client.get("/compounds/")["xkey"].split()


def test_the_sitemap_lists_the_live_policy_pages(client):
    live_policy(Role.DISCLAIMER)
    draft_policy(Role.EDITORIAL)
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/policies/disclaimer/</loc>" in sitemap and "/policies/editorial-policy/" not in sitemap


@pytest.mark.parametrize(
    ("role", "action", "allowed"),
    [
        (EDITORS, "add", True),
        (EDITORS, "change", True),
        (EDITORS, "delete", False),
        (MEDICAL_REVIEWERS, "add", False),
        (MEDICAL_REVIEWERS, "change", False),
        (MEDICAL_REVIEWERS, "view", True),
    ],
)
def test_policy_page_permissions_by_role(role, action, allowed):
    user = factories.UserFactory(groups=[role])
    assert user.has_perm(f"policies.{action}_policypage") is allowed


def test_the_demo_site_has_the_four_policy_pages_approved_through_review(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=open("/dev/null", "w"))
    assert set(PolicyPage.objects.filter(is_live=True).values_list("role", flat=True)) == set(Role.values)

    home = client.get("/")
    links = re.findall(r'href="(/policies/[^"]+)"', footer(home).split('aria-label="Our policies"', 1)[1])
    assert links == [f"/policies/{slug}/" for slug in SLUGS.values()]
    for slug in SLUGS.values():
        page = client.get(f"/policies/{slug}/").content.decode()
        assert "Medically reviewed by" in page, slug
        assert "$" not in page.split('<div class="article-body">', 1)[1].split("</article>", 1)[0], slug
    editorial = client.get("/policies/editorial-policy/").content.decode()
    assert 'href="/how-we-score/"' in editorial
    review = client.get("/policies/medical-review-policy/").content.decode()
    assert "at least every 12 months" in review


def test_loading_the_demo_again_adds_no_policy_page_and_no_revision(django_capture_on_commit_callbacks):
    from reversion.models import Version

    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=open("/dev/null", "w"))
    before = (PolicyPage.objects.count(), Version.objects.count())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=open("/dev/null", "w"))
    assert (PolicyPage.objects.count(), Version.objects.count()) == before == (4, before[1])
