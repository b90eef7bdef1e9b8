from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Compound reference: editorial"
admin.site.site_title = "Editorial"
admin.site.index_title = "Content and review"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("public.urls")),
]
