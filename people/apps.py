from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"

    def ready(self):
        from reviews import registry

        from . import selectors
        from .editions import PersonEditionBuilder

        registry.register(PersonEditionBuilder())
        # A reviewer's page lists the live pages they last reviewed, of every kind.
        for kind in selectors.REVIEWED_KINDS:
            registry.register_pages_about(selectors.KIND, pages_kind=kind, pages=selectors.reviewed_by)
