from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"

    def ready(self):
        from reviews import registry

        from . import selectors
        from .editions import ArticleEditionBuilder

        registry.register(ArticleEditionBuilder())
        # A compound's page lists the articles about it; the compounds app need not know them.
        registry.register_pages_about("compound", pages_kind="article", pages=selectors.about_compound)
        # An author's page lists the articles they wrote.
        registry.register_pages_about("person", pages_kind="article", pages=selectors.by_author)
