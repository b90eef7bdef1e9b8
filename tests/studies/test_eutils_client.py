"""The E-utilities client against a local HTTP server started by each test: recorded
efetch answers (tests/fixtures/pubmed), 429s, 500s and slow answers. Never NCBI."""

import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command

from studies.eutils import EutilsClient, EutilsError
from studies.merging import ImportRefused
from studies.models import Study
from studies.pubmed import import_pubmed_ids

PUBMED = Path(__file__).parent.parent / "fixtures" / "pubmed"
GUIDE_SOURCES = (PUBMED / "guide_sources.xml").read_bytes()
# Scheduling jitter the rate limit may lose between our clock and the server's.
SLACK = 0.02


class RecordedEutils:
    """An HTTP server answering each request with the next planned answer (or the last,
    once the plan runs out) and recording when each arrived and what it asked for."""

    def __init__(self, answers):
        self.answers = deque(answers)
        self.requests: list[tuple[float, str, dict]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                parts = urlsplit(self.path)
                server.requests.append((time.monotonic(), parts.path, parse_qs(parts.query)))
                status, body, headers, delay = server._next()
                if delay:
                    time.sleep(delay)
                try:
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting, as it should

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def _next(self):
        answer = self.answers.popleft() if len(self.answers) > 1 else self.answers[0]
        status, body, *rest = answer
        headers = rest[0] if rest else {}
        delay = rest[1] if len(rest) > 1 else 0
        return status, body, headers, delay

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/entrez/eutils/"

    def gaps(self) -> list[float]:
        times = [at for at, _, _ in self.requests]
        return [later - earlier for earlier, later in zip(times, times[1:], strict=False)]


@pytest.fixture
def eutils():
    servers = []

    def start(*answers):
        server = RecordedEutils(answers)
        server.thread.start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.httpd.shutdown()
        server.httpd.server_close()


def client_for(server, **kwargs) -> EutilsClient:
    return EutilsClient(base_url=server.url, **{"api_key": "", "backoff": 0.05, **kwargs})


def test_efetch_asks_for_the_pubmed_ids_as_xml_and_returns_the_answer(eutils):
    server = eutils((200, GUIDE_SOURCES))

    (document,) = client_for(server).efetch_pubmed(["22282884", "26564102"])

    assert document == GUIDE_SOURCES
    (_, path, query) = server.requests[0]
    assert path == "/entrez/eutils/efetch.fcgi"
    assert query == {"db": ["pubmed"], "id": ["22282884,26564102"], "retmode": ["xml"], "tool": ["compound-cms"]}


def test_without_a_key_requests_are_at_least_a_third_of_a_second_apart(eutils):
    server = eutils((200, GUIDE_SOURCES))
    client = client_for(server)

    for _ in range(7):
        client.get("efetch.fcgi", {"db": "pubmed", "id": "1"})

    assert len(server.requests) == 7
    assert min(server.gaps()) >= 1 / 3 - SLACK
    # and no more than 3 in any one second
    times = [at for at, _, _ in server.requests]
    assert all(later - earlier >= 1 - SLACK for earlier, later in zip(times, times[3:], strict=False))


def test_with_a_key_requests_are_at_least_a_tenth_of_a_second_apart_and_carry_the_key(eutils):
    server = eutils((200, GUIDE_SOURCES))
    client = client_for(server, api_key="secret-key")

    for _ in range(12):
        client.get("efetch.fcgi", {"db": "pubmed", "id": "1"})

    assert min(server.gaps()) >= 0.1 - SLACK
    assert max(server.gaps()) < 1 / 3  # the key's faster rate is used
    assert {query["api_key"][0] for _, _, query in server.requests} == {"secret-key"}


def test_threads_sharing_a_client_share_its_rate(eutils):
    server = eutils((200, GUIDE_SOURCES))
    client = client_for(server)
    threads = [threading.Thread(target=client.get, args=("efetch.fcgi", {"db": "pubmed", "id": "1"})) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(server.requests) == 4
    assert min(server.gaps()) >= 1 / 3 - SLACK


def test_a_429_and_a_500_are_retried_with_growing_pauses_until_the_answer_comes(eutils):
    server = eutils((429, b"Too Many Requests"), (500, b"oops"), (200, GUIDE_SOURCES))

    (document,) = client_for(server, backoff=0.5).efetch_pubmed(["22282884"])

    assert document == GUIDE_SOURCES
    assert len(server.requests) == 3
    first_pause, second_pause = server.gaps()
    assert first_pause >= 0.5 - SLACK  # backoff, then twice the backoff
    assert second_pause >= 1.0 - SLACK


def test_a_429_with_retry_after_waits_as_long_as_the_server_asks(eutils):
    server = eutils((429, b"slow down", {"Retry-After": "1"}), (200, GUIDE_SOURCES))

    client_for(server, backoff=0.01).efetch_pubmed(["22282884"])

    assert server.gaps()[0] >= 1 - SLACK


def test_a_server_that_keeps_failing_is_given_up_after_the_allowed_attempts(eutils):
    server = eutils((503, b"unavailable"))

    with pytest.raises(EutilsError, match="HTTP 503 3 times"):
        client_for(server, attempts=3).efetch_pubmed(["22282884"])

    assert len(server.requests) == 3


def test_a_slow_answer_times_out_and_is_retried(eutils):
    server = eutils((200, GUIDE_SOURCES, {}, 1.0), (200, GUIDE_SOURCES))

    started = time.monotonic()
    (document,) = client_for(server, timeout=(1, 0.3)).efetch_pubmed(["22282884"])

    assert document == GUIDE_SOURCES
    assert len(server.requests) == 2
    assert time.monotonic() - started < 1.0  # the first answer was not waited for


def test_an_answer_that_never_comes_in_time_is_given_up(eutils):
    server = eutils((200, GUIDE_SOURCES, {}, 1.0))

    with pytest.raises(EutilsError, match=r"no answer \(TimeoutError\) 2 times"):
        client_for(server, timeout=(1, 0.2), attempts=2).efetch_pubmed(["22282884"])


def test_a_refusal_that_will_not_pass_is_not_retried(eutils):
    server = eutils((400, b"bad request"))

    with pytest.raises(EutilsError, match="HTTP 400"):
        client_for(server).efetch_pubmed(["22282884"])

    assert len(server.requests) == 1


def test_a_server_that_is_not_there_is_given_up(eutils):
    server = eutils((200, GUIDE_SOURCES))
    url = server.url
    server.httpd.shutdown()
    server.httpd.server_close()

    with pytest.raises(EutilsError, match=r"no answer \(ConnectionRefusedError\) 2 times"):
        EutilsClient(base_url=url, api_key="", attempts=2, backoff=0.01).efetch_pubmed(["1"])


def test_more_than_200_pubmed_ids_are_fetched_in_batches(eutils):
    server = eutils((200, GUIDE_SOURCES))

    documents = client_for(server).efetch_pubmed([str(n) for n in range(1, 251)])

    assert len(documents) == 2
    assert [len(query["id"][0].split(",")) for _, _, query in server.requests] == [200, 50]


@pytest.mark.django_db
def test_the_importer_fetches_by_pubmed_id_from_the_configured_url(eutils, editor_user, settings, capsys):
    server = eutils((500, b"oops"), (200, GUIDE_SOURCES))
    settings.PUBMED_EUTILS_URL = server.url
    settings.PUBMED_API_KEY = ""

    call_command("import_pubmed", pmid=["22282884", "26564102"], by="editor")

    assert Study.objects.get(pmid="22282884").journal == "Stroke"
    assert Study.objects.count() == 2
    assert "2 new studies" in capsys.readouterr().out


@pytest.mark.django_db
def test_a_pubmed_id_the_answer_lacks_refuses_the_import_and_nothing_is_saved(eutils, editor_user):
    server = eutils((200, GUIDE_SOURCES))

    with pytest.raises(ImportRefused) as refused:
        import_pubmed_ids(["22282884", "26564102", "12345678"], by=editor_user, client=client_for(server))

    assert refused.value.problems == ["PMID 12345678: PubMed returned no record for it"]
    assert not Study.objects.exists()


@pytest.mark.django_db
def test_a_malformed_pubmed_id_is_refused_before_any_request(eutils, editor_user):
    server = eutils((200, GUIDE_SOURCES))

    with pytest.raises(ImportRefused, match="PMID “PMC123”: a PubMed ID is 1 to 8 digits"):
        import_pubmed_ids(["22282884", "PMC123"], by=editor_user, client=client_for(server))

    assert server.requests == []


@pytest.mark.django_db
def test_when_e_utilities_gives_up_the_import_says_so_and_saves_nothing(eutils, editor_user):
    server = eutils((502, b"bad gateway"))

    with pytest.raises(ImportRefused, match="HTTP 502 2 times"):
        import_pubmed_ids(["22282884"], by=editor_user, client=client_for(server, attempts=2))

    assert not Study.objects.exists()
