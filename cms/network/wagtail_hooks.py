"""Units, coordinators and activity records in the admin."""

from __future__ import annotations

from typing import Any

import django_filters
from django.contrib.auth.models import Group, User
from django.db.models import Q
from django.db.models.functions import Substr
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import ObjectList
from wagtail.models import Site
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import chooser as chooser_views
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup
from wagtail.snippets.widgets import AdminSnippetChooser

from cms.core.extensions import register_hook
from cms.core.roles import UNIT_GROUP_PREFIX
from cms.core.users import ACCOUNT_ROLES
from cms.network.compliance import listed_units
from cms.network.duties import current_duties
from cms.network.forms import ActivityRecordForm, CoordinatorForm, UnitForm
from cms.network.models import ActivityRecord, Coordinator, Unit, network_choices


class OwnCityOnly:
    """Another city's unit, or its people and records, is not found in this user's admin
    (cms.network.compliance.listed_units), whatever the address says."""

    request: Any

    def get_object(self, queryset: Any = None) -> Any:
        found = super().get_object(queryset)  # type: ignore[misc]  # a mixin before the view
        unit_id = found.pk if isinstance(found, Unit) else found.unit_id
        if not listed_units(self.request.user).filter(pk=unit_id).exists():
            raise Http404
        return found


class CityEditView(OwnCityOnly, snippet_views.EditView):
    pass


class CityDeleteView(OwnCityOnly, snippet_views.DeleteView):
    pass


class CityInspectView(OwnCityOnly, snippet_views.InspectView):
    pass


class CitySnippetViewSet(SnippetViewSet):
    """Units and what belongs to them, listed and opened only for the user's city."""

    edit_view_class = CityEditView
    delete_view_class = CityDeleteView
    inspect_view_class = CityInspectView
    #: How the model reaches its unit.
    unit_lookup = "unit__in"

    def get_queryset(self, request: Any) -> Any:
        return self.model.objects.filter(**{self.unit_lookup: listed_units(request.user)})


def city_filters(model: type[Any], fields: list[str]) -> type[WagtailFilterSet]:
    """A listing's filters whose unit choices are the user's city's units only."""
    meta = type("Meta", (), {"model": model, "fields": fields})
    unit = django_filters.ModelChoiceFilter(
        queryset=lambda request: listed_units(request.user), label=_("unit")
    )
    return type(f"{model.__name__}FilterSet", (WagtailFilterSet,), {"Meta": meta, "unit": unit})


class OwnCityUnits:
    """The unit chooser offers the units of the user's city only (listed_units)."""

    request: Any

    def get_object_list(self) -> Any:
        return listed_units(self.request.user)


class UnitChooseView(OwnCityUnits, chooser_views.ChooseView):
    #: The title says it all ("Choose a unit"); no model name under it.
    page_subtitle = None


class UnitChooseResultsView(OwnCityUnits, chooser_views.ChooseResultsView):
    pass


class UnitChooserWidget(AdminSnippetChooser):
    """Wagtail's snippet chooser puts the model's name into "Choose %(object)s", which
    Polish and Ukrainian cannot decline ("Wybierz jednostka"): whole sentences instead,
    translated when the widget is shown."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choose_one_text = _("Choose a unit")
        self.choose_another_text = _("Choose another unit")
        self.link_to_chosen_text = _("Edit this unit")


class UnitChooserViewSet(chooser_views.SnippetChooserViewSet):
    choose_view_class = UnitChooseView
    choose_results_view_class = UnitChooseResultsView
    base_widget_class = UnitChooserWidget
    page_title = _("Choose a unit")


def overdue_in_network(units: Any, _name: str, network_id: str) -> Any:
    """The units with something overdue in the network today (their duties computed first
    where stale, as the due panel does)."""
    duties = current_duties(units, timezone.localdate())
    return units.filter(pk__in=duties.filter(overdue=True, network_id=network_id).values("unit"))


class UnitFilterSet(WagtailFilterSet):
    """The units' listing narrowed to those that lag in a network: where SZ's due panel
    links from its count of them."""

    overdue = django_filters.ChoiceFilter(
        label=_("overdue in network"), choices=network_choices, method=overdue_in_network
    )

    class Meta:
        model = Unit
        fields: list[str] = []


class UnitViewSet(CitySnippetViewSet):
    model = Unit
    unit_lookup = "pk__in"
    chooser_viewset_class = UnitChooserViewSet
    icon = "group"
    edit_handler = ObjectList(Unit.panels, base_form_class=UnitForm)
    list_display = ["name", "code", "established", "dissolved", "contact_public"]
    search_fields = ["all_names", "code"]
    filterset_class = UnitFilterSet


class CoordinatorViewSet(CitySnippetViewSet):
    model = Coordinator
    icon = "user"
    edit_handler = ObjectList(Coordinator.panels, base_form_class=CoordinatorForm)
    list_display = [
        "name",
        "role",
        "unit",
        "network",
        "valid_from",
        "valid_to",
        "public_contact_consent_on",
    ]
    filterset_class = city_filters(Coordinator, ["network", "role", "unit"])


class ActivityRecordViewSet(CitySnippetViewSet):
    """Records by SZ's hand (the form), with why and who entered them in list and detail;
    the records acknowledgements made name their obligation and deadline."""

    model = ActivityRecord
    icon = "date"
    edit_handler = ObjectList(ActivityRecord.panels, base_form_class=ActivityRecordForm)
    list_display = ["unit", "kind", "date", "network", "created_by", "created_at"]
    filterset_class = city_filters(ActivityRecord, ["network", "kind", "unit"])
    inspect_view_enabled = True
    inspect_view_fields = [
        "unit",
        "network",
        "kind",
        "date",
        "obligation",
        "due",
        "reason",
        "note",
        "created_by",
        "created_at",
    ]


class NetworkGroup(SnippetViewSetGroup):
    items = (UnitViewSet, CoordinatorViewSet, ActivityRecordViewSet)
    menu_icon = "group"
    menu_label = _("Coordinator network")
    menu_name = "network"
    menu_order = 200


register_snippet(NetworkGroup)


@register_hook("register_log_actions")
def access_log_actions(actions: Any) -> None:
    actions.register_action(
        "okcore.access.granted", _("Unit access granted"), _("Unit access granted")
    )
    actions.register_action(
        "okcore.access.revoked", _("Unit access revoked"), _("Unit access revoked")
    )


@register_hook(ACCOUNT_ROLES)
def unit_roles_outside(sites: list[Site]) -> Q:
    """Users in the group of a unit outside ``sites``, or designated for one at any time
    (cms.core.users: one city's SZ neither lists nor changes them)."""
    here = Unit.objects.of_sites(sites)
    groups = (
        Group.objects.filter(name__startswith=UNIT_GROUP_PREFIX)
        .annotate(slug=Substr("name", len(UNIT_GROUP_PREFIX) + 1))
        .exclude(slug__in=here.values("slug"))
    )
    members = User.groups.through.objects.filter(group__in=groups).values("user_id")
    designated = (
        Coordinator.objects.filter(user__isnull=False).exclude(unit__in=here).values("user_id")
    )
    return Q(pk__in=members) | Q(pk__in=designated)
