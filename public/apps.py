from django.apps import AppConfig


class PublicConfig(AppConfig):
    """The public site: every page, listing, feed, sitemap and API record readers and
    machines get, read from Editions through each content app's selectors."""

    name = "public"

    def ready(self):
        # reviews/ runs the purge tasks by name; register them in every process, not just workers.
        from . import tasks  # noqa: F401
