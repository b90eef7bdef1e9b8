from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

admin.site.site_header = "Compound reference: editorial"
admin.site.site_title = "Editorial"
admin.site.index_title = "Content and review"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("compounds/", include("compounds.urls")),
    path("studies/", include("studies.urls")),
    path("articles/", include("articles.urls")),
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
]
