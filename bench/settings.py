"""The production settings plus one trivial view, for the page-serving benchmark only."""

from cms.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
