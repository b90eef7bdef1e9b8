"""List pages must stay usable with 10,000 compounds and 50,000 studies: paginated,
with a query count that does not grow with the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

MAKERS = {
    "compounds_compound": lambda n: factories.CompoundFactory.create_batch(n),
    "studies_study": lambda n: factories.StudyFactory.create_batch(n),
    "articles_article": lambda n: factories.ArticleFactory.create_batch(n),
}


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), response


@pytest.mark.parametrize("model", MAKERS)
@pytest.mark.parametrize("query", ["", "?state__exact=draft", "?q=a"])
def test_a_list_page_costs_the_same_queries_with_5_and_with_200_rows(editor_client, model, query):
    url = reverse(f"admin:{model}_changelist") + query
    MAKERS[model](5)
    with_5, _ = queries_for(editor_client, url)

    MAKERS[model](195)
    with_200, response = queries_for(editor_client, url)

    assert with_200 == with_5
    assert len(response.context["cl"].result_list) == 50  # paginated


@pytest.mark.parametrize(
    ("model", "column"),
    [("compounds_compound", "State"), ("studies_study", "State"), ("articles_article", "State")],
)
def test_list_pages_show_the_workflow_state(editor_client, model, column):
    MAKERS[model](1)
    response = editor_client.get(reverse(f"admin:{model}_changelist"))
    assert column in response.text
    assert "By state" in response.text


@pytest.mark.parametrize(
    ("model", "field"),
    [
        ("compounds_compound", "id_evidence_links-__prefix__-study"),
        ("articles_article", "id_sources-__prefix__-study"),
        ("articles_article", "id_category"),
    ],
)
def test_links_to_large_tables_are_picked_with_autocomplete(editor_client, model, field):
    response = editor_client.get(reverse(f"admin:{model}_add"))
    assert f'id="{field}"' in response.text
    assert "admin-autocomplete" in response.text
