from django.apps import AppConfig


class CompoundsConfig(AppConfig):
    name = "compounds"

    def ready(self):
        from reviews import registry

        from .editions import CompoundEditionBuilder

        registry.register(CompoundEditionBuilder())
