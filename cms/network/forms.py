"""The admin's unit form (a name per language), coordinator form (only the units and
accounts of the cities one administers) and activity record form (SZ's, by hand, with a
reason, and who entered the record)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Site

from cms.core.languages import PerLanguageField
from cms.core.registry import registry
from cms.core.roles import administered_sites, is_portal_administrator
from cms.core.users import listed_accounts
from cms.network.compliance import units_for
from cms.network.models import ActivityRecord, Unit


class UnitForm(WagtailAdminModelForm):
    """The unit's names as one text box per language; its city's site, among the sites the
    user administers, only where there is more than one (else it is the default site)."""

    names = PerLanguageField(polish_required=True, label=gettext_lazy("names"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "site" not in self.fields:
            return
        if Site.objects.count() < 2:
            del self.fields["site"]
            return
        sites = administered_sites(self.for_user) if self.for_user is not None else []
        self.fields["site"].queryset = Site.objects.filter(pk__in=[s.pk for s in sites])
        self.fields["site"].required = not any(s.is_default_site for s in sites)


class CoordinatorForm(WagtailAdminModelForm):
    """A designation for a unit of a site the user administers, linked to an account they
    may manage: one city's SZ designates nobody in another city's units (the unit's group
    would give them its section) and offers no other city's accounts. A crafted POST naming
    another unit or account is refused like any choice not offered."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is not None and user.is_superuser:
            self.fields["unit"].queryset = Unit.objects.all()
        else:
            sites = administered_sites(user) if user is not None else []
            self.fields["unit"].queryset = Unit.objects.of_sites(sites)
        if "user" in self.fields:
            accounts = listed_accounts(user) if user is not None else User.objects.none()
            current = self.instance.user_id
            self.fields["user"].queryset = User.objects.filter(
                Q(pk__in=accounts.values("pk")) | Q(pk=current)
            )


class ActivityRecordForm(WagtailAdminModelForm):
    """A record fulfils its unit's duties under 3487/2023 and 351/2026. Units deliver
    (cms.deliveries) and SZ's acknowledgement makes the record; by hand, only SZ records,
    for the units of its own cities, and says why.

    The unit field's choices refuse a crafted POST naming another unit like any choice
    not offered; an obligation named must be one of the network's that the kind fulfils.
    """

    class Meta:
        model = ActivityRecord
        fields = ["unit", "network", "kind", "date", "obligation", "due", "reason", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = self.for_user
        administrator = user is not None and is_portal_administrator(user)
        own = [unit.pk for unit in units_for(user)] if administrator else []
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=own)
        self.fields["reason"].required = True

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean()
        network, kind, obligation = (
            cleaned.get("network"),
            cleaned.get("kind"),
            cleaned.get("obligation"),
        )
        if not (network and obligation):
            return cleaned
        known = {o.id: o for o in registry().network(network).obligations}
        if obligation not in known:
            self.add_error(
                "obligation",
                _("The network has no obligation %(id)s.") % {"id": obligation},
            )
        elif known[obligation].evidence != kind:
            self.add_error(
                "kind",
                _("Obligation %(id)s is fulfilled by records of the kind %(kind)s.")
                % {"id": obligation, "kind": known[obligation].evidence or "—"},
            )
        return cleaned

    def save(self, commit: bool = True) -> ActivityRecord:
        if self.instance._state.adding:
            self.instance.created_by = self.for_user
        record: ActivityRecord = super().save(commit)
        return record
