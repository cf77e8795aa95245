"""Measurements in the admin, with Submit / Approve / Return buttons."""

from __future__ import annotations

from typing import Any

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.widgets import ListingButton
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import chooser as chooser_views
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.core.extensions import register_hook
from cms.core.review import TransitionConflict
from cms.indicators import views
from cms.indicators.access import MeasurementPermissionPolicy, entry_units
from cms.indicators.models import Measurement

LABELS = {"submit": _("Submit"), "approve": _("Approve"), "return": _("Return")}


class InstancePermissionMixin:
    """Refuse a view of a measurement the user may not touch (another unit's)."""

    permission_action = "change"
    #: Set by the snippet view this is mixed into.
    permission_policy: MeasurementPermissionPolicy
    request: HttpRequest

    def get_object(self, *args: Any, **kwargs: Any) -> Measurement:
        instance: Measurement = super().get_object(*args, **kwargs)  # type: ignore[misc]  # a mixin: the view it is mixed into has get_object
        if not self.permission_policy.user_has_permission_for_instance(
            self.request.user, self.permission_action, instance
        ):
            raise PermissionDenied
        return instance


class MeasurementEditView(InstancePermissionMixin, snippet_views.EditView):
    """The snippet edit view, refusing other units' measurements."""

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            response: HttpResponse = super().form_valid(form)
            return response
        except TransitionConflict as error:
            messages.error(self.request, str(error))
            return redirect(self.get_edit_url())


class MeasurementDeleteView(InstancePermissionMixin, snippet_views.DeleteView):
    permission_action = "delete"


class MeasurementHistoryView(InstancePermissionMixin, snippet_views.HistoryView):
    """The history names statuses and SZ's comments: only for those who see the measurement."""

    permission_action = "view"


class MeasurementUsageView(InstancePermissionMixin, snippet_views.UsageView):
    """The usage view's title shows the value: only for those who see the measurement."""

    permission_action = "view"


def visible_measurements(user: Any) -> QuerySet[Measurement]:
    """What the user may see: own units' values, every value for SZ."""
    found: QuerySet[Measurement] = MeasurementPermissionPolicy(
        Measurement
    ).instances_user_has_any_permission_for(user, ["view", "change"])
    return found


class VisibleOnlyMixin:
    """The snippet chooser lists and returns only measurements the user may see.

    Its titles show the value, so Wagtail's default (every row to anyone in the admin)
    would show other units' unapproved values.
    """

    request: HttpRequest

    def get_object_list(self) -> QuerySet[Measurement]:
        return visible_measurements(self.request.user)

    def get_object(self, pk: Any) -> Measurement:
        return visible_measurements(self.request.user).get(pk=pk)

    def get_objects(self, pks: Any) -> QuerySet[Measurement]:
        return visible_measurements(self.request.user).filter(pk__in=pks)


class MeasurementChooseView(VisibleOnlyMixin, chooser_views.ChooseView):
    """The chooser's listing, of visible measurements only."""


class MeasurementChooseResultsView(VisibleOnlyMixin, chooser_views.ChooseResultsView):
    """The chooser's search results, of visible measurements only."""


class MeasurementChosenView(VisibleOnlyMixin, chooser_views.SnippetChosenView):
    """A chosen measurement: 404 for one the user may not see."""


class MeasurementChosenMultipleView(VisibleOnlyMixin, chooser_views.SnippetChosenMultipleView):
    """Several chosen measurements: only those the user may see."""


class MeasurementChooserViewSet(chooser_views.SnippetChooserViewSet):
    choose_view_class = MeasurementChooseView
    choose_results_view_class = MeasurementChooseResultsView
    chosen_view_class = MeasurementChosenView
    chosen_multiple_view_class = MeasurementChosenMultipleView


class MeasurementFilterSet(WagtailFilterSet):
    """The listing's filters; the unit's choices are the user's own units (their city's
    for SZ), never another city's."""

    unit = django_filters.ModelChoiceFilter(
        queryset=lambda request: entry_units(request.user), label=_("unit")
    )

    class Meta:
        model = Measurement
        fields = ["status", "period", "unit"]


class MeasurementViewSet(SnippetViewSet):
    chooser_viewset_class = MeasurementChooserViewSet
    edit_view_class = MeasurementEditView
    delete_view_class = MeasurementDeleteView
    history_view_class = MeasurementHistoryView
    usage_view_class = MeasurementUsageView
    model = Measurement

    def get_queryset(self, request: HttpRequest) -> QuerySet[Measurement]:
        return visible_measurements(request.user)

    icon = "table"
    menu_label = _("Measurements")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["shown_indicator", "period", "unit", "shown_value", "status"]
    filterset_class = MeasurementFilterSet


register_permission_policy(Measurement, MeasurementPermissionPolicy(Measurement))
register_snippet(MeasurementViewSet)


@register_hook("register_admin_urls")
def measurement_urls() -> list[URLPattern]:
    return [
        path(
            "measurements/<int:pk>/<str:action>/",
            views.transition,
            name="measurement_transition",
        )
    ]


@register_hook("register_snippet_listing_buttons")
def measurement_buttons(
    snippet: Any, user: Any, next_url: str | None = None
) -> list[ListingButton]:
    if not isinstance(snippet, Measurement):
        return []
    return [
        ListingButton(
            LABELS[action],
            reverse("measurement_transition", args=[snippet.pk, action]),
            priority=10 + index,
        )
        for index, action in enumerate(views.available_actions(snippet, user))
    ]


@register_hook("register_log_actions")
def measurement_log_actions(actions: Any) -> None:
    for status, label in (
        ("submitted", _("Measurement submitted")),
        ("approved", _("Measurement approved")),
        ("returned", _("Measurement returned")),
    ):
        actions.register_action(f"okcore.measurement.{status}", label, label)
