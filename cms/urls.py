from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from compounds.views import how_we_score

from . import views
from .sitemaps import SITEMAPS

admin.site.site_header = "Compound reference: editorial"
admin.site.site_title = "Editorial"
admin.site.index_title = "Content and review"

urlpatterns = [
    path("", views.home, name="home"),
    path("admin/", admin.site.urls),
    path("compounds/", include("compounds.urls")),
    path("studies/", include("studies.urls")),
    path("articles/", include("articles.urls")),
    path("how-we-score/", how_we_score, name="how-we-score"),
    path("api/", include("cms.api_urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
]
