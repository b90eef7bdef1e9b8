from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Medical review"

    def ready(self):
        # Transitions enqueue tasks by name; register them in every process, not just workers.
        from . import tasks  # noqa: F401
