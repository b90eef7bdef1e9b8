"""NCBI E-utilities efetch, by PubMed ID, within NCBI's usage rules.

NCBI allows 3 requests a second without an API key and 10 with one; a client that
sends more is blocked. Every request has a connect and a read deadline, and a
refusal that may pass (429, a 5xx, a timeout, a dropped connection) is retried a
bounded number of times with growing pauses, which still respect the rate.
The base URL is a setting (`PUBMED_EUTILS_URL`) so tests and mirrors can stand in.

The standard library's `http.client` does the HTTP: it is maintained with Python,
verifies certificates by default, and unlike `urlopen` lets the connect and the read
have their own deadlines. No dependency is added for one GET.
"""

import http.client
import threading
import time
from collections.abc import Iterable
from urllib.parse import urlencode, urlsplit

from django.conf import settings

# NCBI asks callers to name their tool; the key, when set, raises the rate.
TOOL = "compound-cms"
RATE_WITHOUT_KEY = 3  # requests a second
RATE_WITH_KEY = 10
# efetch takes up to 200 IDs in a GET; more go in the next request.
BATCH_SIZE = 200
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class EutilsError(Exception):
    """E-utilities did not answer usefully, even after retrying."""


class EutilsClient:
    def __init__(
        self,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        timeout: tuple[float, float] = (5, 30),
        attempts: int = 4,
        backoff: float = 1.0,
        max_pause: float = 30.0,
    ):
        self.base_url = (base_url if base_url is not None else settings.PUBMED_EUTILS_URL).rstrip("/") + "/"
        self.api_key = api_key if api_key is not None else settings.PUBMED_API_KEY
        if urlsplit(self.base_url).scheme not in ("http", "https"):
            raise EutilsError(f"PUBMED_EUTILS_URL must be an http(s) address, not “{self.base_url}”")
        self.interval = 1 / (RATE_WITH_KEY if self.api_key else RATE_WITHOUT_KEY)
        self.timeout, self.attempts, self.backoff, self.max_pause = timeout, attempts, backoff, max_pause
        self._lock = threading.Lock()
        self._next_slot = 0.0

    def efetch_pubmed(self, pmids: Iterable[str]) -> list[bytes]:
        """The PubmedArticleSet XML for these PubMed IDs, one document per batch of 200."""
        pmids = list(pmids)
        return [
            self.get("efetch.fcgi", {"db": "pubmed", "id": ",".join(pmids[i : i + BATCH_SIZE]), "retmode": "xml"})
            for i in range(0, len(pmids), BATCH_SIZE)
        ]

    def get(self, tool: str, params: dict) -> bytes:
        """The body of a successful GET of `tool`, retried as the module docstring says."""
        params = {**params, "tool": TOOL} | ({"api_key": self.api_key} if self.api_key else {})
        url = self.base_url + tool
        for attempt in range(1, self.attempts + 1):
            self._wait_for_slot()
            try:
                status, headers, body = self._get_once(url, params)
            except (OSError, http.client.HTTPException) as exc:  # timeouts are OSErrors too
                failure, retry_after = f"no answer ({type(exc).__name__})", None
            else:
                if status == 200:
                    return body
                if status not in RETRY_STATUSES:
                    raise EutilsError(f"E-utilities refused the request: HTTP {status} from {url}")
                failure, retry_after = f"HTTP {status}", _seconds(headers.get("Retry-After"))
            if attempt == self.attempts:
                raise EutilsError(f"E-utilities gave {failure} {self.attempts} times from {url}; try again later")
            pause = retry_after if retry_after is not None else self.backoff * 2 ** (attempt - 1)
            time.sleep(min(pause, self.max_pause))
        raise EutilsError("No attempt was allowed (attempts must be at least 1).")

    def _get_once(self, url: str, params: dict) -> tuple[int, http.client.HTTPMessage, bytes]:
        parts = urlsplit(url)
        connect_timeout, read_timeout = self.timeout
        kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        connection = kind(parts.hostname, parts.port, timeout=connect_timeout)
        try:
            connection.connect()
            connection.sock.settimeout(read_timeout)
            connection.request("GET", f"{parts.path}?{urlencode(params)}", headers={"Accept": "application/xml"})
            response = connection.getresponse()
            return response.status, response.headers, response.read()
        finally:
            connection.close()

    def _wait_for_slot(self) -> None:
        """Space requests at least `interval` apart, across threads sharing this client."""
        with self._lock:
            now = time.monotonic()
            wait = self._next_slot - now
            if wait > 0:
                time.sleep(wait)
                now = time.monotonic()
            self._next_slot = max(now, self._next_slot) + self.interval


def _seconds(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None  # an HTTP date: fall back to our own backoff
