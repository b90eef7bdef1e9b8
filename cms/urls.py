from django.contrib import admin
from django.urls import path
from django.views.generic import RedirectView

admin.site.site_header = "Compound reference: editorial"
admin.site.site_title = "Editorial"
admin.site.index_title = "Content and review"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
]
