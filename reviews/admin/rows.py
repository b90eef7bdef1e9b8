"""Child rows edited on their parent's page: kept in the order the editor gives them,
with pickers for related objects that cost one query per inline, not one per row."""

from functools import cached_property

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.text import capfirst


class RowPositionField(forms.IntegerField):
    """Where a row sits among its siblings. Hidden: the order of the rows on the page
    says it (the move buttons renumber it), and the formset renumbers it on save."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, min_value=0, label="Position", **kwargs)

    def has_changed(self, initial, data):
        # A new row that only has a position is still an empty row to be left out;
        # the formset decides which rows moved.
        return False


class OwnedRowFormSet(BaseInlineFormSet):
    """Saves each row at the position its place in the submitted order gives it.

    Rows are ordered by the positions submitted with them (the page's move buttons
    write these), rows without one after them in the order they were added, and are
    then numbered 0, 1, 2... A row whose number changes is saved even if nothing else
    in it changed.
    """

    # In a table the column heading labels a field for the eye only: name each one.
    name_fields = False

    @cached_property
    def forms(self):
        forms = super().forms
        _preload_chosen_objects(self.form.base_fields, forms)
        return forms

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if form.instance.pk is None:
            # A new row has no place yet (not the model's default 0): it goes last.
            form.initial.pop("position", None)
        if self.name_fields:
            for field in form.fields.values():
                _inner(field.widget).attrs.setdefault("aria-label", capfirst(field.label or ""))

    def clean(self):
        super().clean()
        kept = [
            (index, form)
            for index, form in enumerate(self.forms)
            if hasattr(form, "cleaned_data")
            and not self._should_delete_form(form)
            and (form in self.initial_forms or form.has_changed())
        ]

        def order(item):
            index, form = item
            position = form.cleaned_data.get("position")
            return (position is None, position or 0, index)

        for position, (_, form) in enumerate(sorted(kept, key=order)):
            form.cleaned_data["position"] = position
            form.instance.position = position
            if form.initial.get("position") != position and "position" not in form.changed_data:
                form.changed_data.append("position")


def _preload_chosen_objects(fields, forms) -> None:
    """Fetch what every row's picker shows as chosen in one query per picker field."""
    for name, field in fields.items():
        if not isinstance(_inner(field.widget), PreloadedAutocompleteMixin):
            continue
        pk_field = field.queryset.model._meta.pk
        chosen = set()
        for form in forms:
            value = form[name].value()
            for item in value if isinstance(value, list | tuple) else [value]:
                try:
                    chosen.add(pk_field.to_python(item))
                except ValidationError:  # a tampered or half-typed value: the field reports it
                    continue
        chosen.discard(None)
        chosen.discard("")
        labels = {str(obj.pk): field.label_from_instance(obj) for obj in field.queryset.filter(pk__in=chosen)}
        for form in forms:
            _inner(form.fields[name].widget).chosen_labels = labels


def _inner(widget):
    # The admin wraps pickers in a widget that adds the "+" and pencil links.
    return getattr(widget, "widget", widget)


class PreloadedAutocompleteMixin:
    """An admin autocomplete whose chosen options come from labels fetched for all
    rows at once, and whose search asks the chosen model's admin for its own labels."""

    chosen_labels: dict[str, str] | None = None

    def get_url(self):
        remote = self.field.remote_field.model
        remote_admin = self.admin_site._registry.get(remote)
        if hasattr(remote_admin, "picker_view"):
            return reverse(f"{self.admin_site.name}:{remote._meta.app_label}_{remote._meta.model_name}_picker")
        return super().get_url()

    def optgroups(self, name, value, attr=None):
        if self.chosen_labels is None:
            return super().optgroups(name, value, attr)
        options = []
        if not self.is_required and not self.allow_multiple_selected:
            options.append(self.create_option(name, "", "", False, 0))
        for item in value:
            if item in self.chosen_labels:
                options.append(self.create_option(name, item, self.chosen_labels[item], True, len(options)))
        return [(None, options, 0)]


class RowAutocompleteSelect(PreloadedAutocompleteMixin, AutocompleteSelect):
    pass


class RowAutocompleteSelectMultiple(PreloadedAutocompleteMixin, AutocompleteSelectMultiple):
    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        # Each choice has its own remove button; select2's clear-all would sit inside
        # the list of choices, where screen readers expect only list items.
        attrs["data-allow-clear"] = "false"
        return attrs


class OwnedRowInlineMixin:
    """Positions hidden and set from the rows' order; related objects loaded with the
    rows; pickers that show each model's own label."""

    extra = 0
    ordering = ("position", "pk")
    formset = OwnedRowFormSet

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return fields if "position" in fields else (*fields, "position")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "position":
            return RowPositionField()
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = RowAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return self._labelled(db_field, super().formfield_for_foreignkey(db_field, request, **kwargs))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = RowAutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))
        return self._labelled(db_field, super().formfield_for_manytomany(db_field, request, **kwargs))

    def _labelled(self, db_field, formfield):
        remote_admin = self.admin_site._registry.get(db_field.remote_field.model)
        if formfield is not None and hasattr(remote_admin, "picker_label"):
            formfield.label_from_instance = remote_admin.picker_label
        return formfield

    def get_queryset(self, request):
        # A row's own name can name what it links to (an evidence link is its study's
        # citation) and many-to-many pickers show their choices: load them with the rows.
        queryset = super().get_queryset(request)
        fields = [self.model._meta.get_field(name) for name in flatten(self.get_fields(request))]
        linked = [field.name for field in fields if field.many_to_one]
        many = [field.name for field in fields if field.many_to_many]
        return queryset.select_related(*linked).prefetch_related(*many)


class TabularRowFormSet(OwnedRowFormSet):
    name_fields = True


class OwnedRowInline(OwnedRowInlineMixin, admin.TabularInline):
    """Child rows (dosing rows, side effects...) edited on their parent's page, in order."""

    formset = TabularRowFormSet


class OwnedRowStackedInline(OwnedRowInlineMixin, admin.StackedInline):
    """For rows whose text is too long for a table row (FAQ answers, steps)."""


class PickerView(AutocompleteJsonView):
    """The admin's autocomplete search, labelled by the chosen model's admin."""

    def serialize_result(self, obj, to_field_name):
        return {"id": str(getattr(obj, to_field_name)), "text": self.model_admin.picker_label(obj)}
