from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"

    def ready(self):
        from reviews import registry

        from .editions import ArticleEditionBuilder

        registry.register(ArticleEditionBuilder())
