"""Every API response, errors included, is what the published OpenAPI schema says:
Schemathesis generates requests from /api/schema/ (valid and invalid ones) for every
operation and runs all its checks on each answer (status codes, content types,
headers, bodies, refusing what the schema forbids, accepting what it allows)."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import CHECKS
from schemathesis.generation import GenerationMode

from cms.wsgi import application
from tests import factories
from tests.people.factories import live_person

pytestmark = pytest.mark.django_db

# Per generation mode (valid requests, then invalid ones), across the eight operations.
EXAMPLES = 150


@pytest.fixture
def api_schema(db):
    factories.published_compound(slug="cerebrolysin", name="Cerebrolysin", other_names="FPF-1070", studies=2)
    factories.published_article(slug="a-guide")
    live_person(name="Jordan Reyes", slug="jordan-reyes", reviewer=factories.reviewer(username="reyes"))
    # Schemathesis calls the WSGI application itself. As Django's test client does, keep
    # the end of each request from closing the test's database connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/schema/", application)
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.parametrize("mode", list(GenerationMode), ids=lambda mode: mode.value)
def test_every_api_response_matches_the_published_schema(api_schema, mode):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == 8  # list and detail of compounds, studies, articles and people

    @given(case=st.one_of(*(operation.as_strategy(generation_mode=mode) for operation in operations)))
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def every_answer_conforms(case):
        case.call_and_validate(checks=CHECKS.get_all())

    every_answer_conforms()
