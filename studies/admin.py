from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from reviews.admin import ReviewableAdmin

from . import notices
from .merging import ImportRefused
from .models import NOTICE_FIELDS, Study, normalise_doi
from .pubmed import import_pubmed_records, read_pubmed_xml
from .retractions import import_retraction_rows, read_retraction_csv

# A PubMed efetch answer for 200 papers is about 2 MB; the Retraction Watch dataset
# is about 60 MB.
MAX_UPLOAD_BYTES = 100 * 1024 * 1024


class StudyImportForm(forms.Form):
    PUBMED, RETRACTION_WATCH = "pubmed", "retraction_watch"

    kind = forms.ChoiceField(
        label="What the file is",
        choices=[
            (PUBMED, "PubMed records: E-utilities efetch XML (PubmedArticleSet)"),
            (RETRACTION_WATCH, "Retraction Watch dataset (CSV)"),
        ],
        widget=forms.RadioSelect,
        initial=PUBMED,
    )
    file = forms.FileField(help_text="Nothing is saved if any record or row is wrong; every problem is listed.")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"The file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB.", code="too_large"
            )
        return upload


@admin.register(Study)
class StudyAdmin(ReviewableAdmin):
    list_display = ("citation_column", "title", "design", "funding", "participants", "state", "is_live")
    list_filter = ("design", "funding", "direction", "integrity_status", *ReviewableAdmin.list_filter)
    search_fields = ("=pmid", "=doi", "title", "authors", "journal")
    change_list_template = "admin/studies/study/change_list.html"
    # A notice's link typed without a scheme is a web address; https is what journals serve.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    prepopulated_fields = {"slug": ("title",)}
    fieldsets = (
        (None, {"fields": ("pmid", "doi", "title", "slug", "authors", "journal", "year")}),
        ("What was studied", {"fields": ("design", "participants", "population", "funding", "risk_of_bias")}),
        ("What it found", {"fields": ("finding", "direction", "abstract")}),
        (
            "Publication notice",
            {
                "fields": ("integrity_status", "integrity_notice_date", "integrity_notice_url", "integrity_reason"),
                "description": "A retraction, correction or expression of concern the journal published. "
                "Readers see it on the study's page once a reviewer approves it.",
            },
        ),
    )

    @admin.display(description="Study", ordering="-year")
    def citation_column(self, study):
        return study.citation

    def picker_label(self, study) -> str:
        return study.picker_label

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """A notice typed in by hand is acted on as an imported one is (`studies.notices`),
        once the form's save and its revision are complete."""
        saving = request.method == "POST" and str(object_id).isdigit()
        before = Study.objects.filter(pk=object_id).values(*NOTICE_FIELDS).first() if saving else None
        response = super().change_view(request, object_id, form_url, extra_context)
        if before is not None:
            with transaction.atomic():
                study = Study.objects.select_for_update().get(pk=object_id)
                if {name: getattr(study, name) for name in NOTICE_FIELDS} != before:
                    notices.notice_recorded(study, by=request.user)
        return response

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="studies_study_import"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Upload PubMed XML or the Retraction Watch CSV; the import writes drafts by this user.

        admin_view has checked staff status and CSRF; the import's own permission
        (adding and changing studies) is checked here and again by the import.
        """
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        form = StudyImportForm(request.POST or None, request.FILES or None)
        problems = []
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = self._import(form.cleaned_data["kind"], upload.read(), name=upload.name, by=request.user)
            except ImportRefused as refused:
                problems = refused.problems
            else:
                messages.success(request, result.summary())
                return HttpResponseRedirect(reverse("admin:studies_study_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Import studies or notices",
            "form": form,
            "problems": problems,
        }
        return TemplateResponse(request, "admin/studies/study/import.html", context)

    @staticmethod
    def _import(kind: str, data: bytes, *, name: str, by):
        if kind == StudyImportForm.PUBMED:
            return import_pubmed_records(read_pubmed_xml(data, name=name), by=by, source=name)
        return import_retraction_rows(read_retraction_csv(data, name=name), by=by, source=name)

    def get_search_results(self, request, queryset, search_term):
        """Studies whose identifier, first author, authors or title match, in that order.

        A pasted DOI link finds its study; the study picker lists the best match first
        (the changelist sorts by its own column instead).
        """
        term = search_term.strip()
        doi = normalise_doi(term)
        if doi != term:
            search_term = doi
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if not term:
            return queryset, may_have_duplicates
        first_word = term.split()[0]
        relevance = Case(
            When(Q(pmid=term) | Q(doi__iexact=doi), then=Value(0)),
            When(authors__istartswith=first_word, then=Value(1)),
            When(authors__icontains=first_word, then=Value(2)),
            When(title__icontains=term, then=Value(3)),
            default=Value(4),
            output_field=IntegerField(),
        )
        return queryset.annotate(relevance=relevance).order_by("relevance", "-year", "title"), may_have_duplicates
