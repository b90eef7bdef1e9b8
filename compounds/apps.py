from django.apps import AppConfig


class CompoundsConfig(AppConfig):
    name = "compounds"

    def ready(self):
        from reviews import registry

        from . import selectors
        from .editions import CompoundEditionBuilder

        registry.register(CompoundEditionBuilder())
        # "More in AREA" on a compound's page: the other live compounds of its area,
        # read with the page's other live objects.
        registry.register_pages_about("compound", pages_kind="compound", pages=selectors.in_same_area)
