import os
from pathlib import Path

from django.http import HttpResponse
from django.urls import path

from cms.urls import urlpatterns as site_urlpatterns

# The Cerebrolysin page as the site renders it, read once into memory: the ceiling.
_page_file = Path(os.environ.get("BENCH_PAGE_FILE", "/nonexistent"))
PAGE = _page_file.read_bytes() if _page_file.exists() else b""


def trivial(request):
    return HttpResponse(PAGE)


urlpatterns = [path("bench/trivial/", trivial), *site_urlpatterns]
