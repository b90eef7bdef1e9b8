"""The public page of any reviewable kind, read from its current Edition only."""

from django.http import Http404
from django.shortcuts import render
from django.views import View

from . import registry, selectors


class EditionPageView(View):
    """Renders the current Edition of (kind, slug): 404 if there never was one, 410 if
    it was taken down. The working copy is never read, so a draft cannot leak."""

    kind: str = ""

    def get(self, request, slug):
        builder = registry.builder_for_kind(self.kind)
        edition = selectors.public_edition(kind=self.kind, slug=slug)
        if edition is None:
            if selectors.was_unpublished(kind=self.kind, slug=slug):
                return render(request, "reviews/gone.html", {"kind": self.kind}, status=410)
            raise Http404(f"No published {self.kind} at this address.")
        context = {
            "edition": edition,
            "page": edition.content,
            "preview": False,
            **builder.page_context(edition.content),
        }
        return render(request, builder.template, context)
