from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Compound reference: editorial"
admin.site.site_title = "Editorial"
admin.site.index_title = "Content and review"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("public.urls")),
]
# Uploaded images (an article's lead image) in development; in production the web
# server in front serves MEDIA_ROOT at /media/ (static() adds nothing when DEBUG is off).
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
