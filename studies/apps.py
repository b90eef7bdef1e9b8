from django.apps import AppConfig


class StudiesConfig(AppConfig):
    name = "studies"

    def ready(self):
        from reviews import registry

        from .editions import StudyEditionBuilder

        registry.register(StudyEditionBuilder())
