from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Site"


class EditorialAdminConfig(admin_apps.AdminConfig):
    """The admin, as `admin.site` everywhere, with two-factor sign-in (cms/admin_site.py)."""

    default = False  # named in INSTALLED_APPS; "cms" itself stays CmsConfig

    default_site = "cms.admin_site.EditorialAdminSite"
