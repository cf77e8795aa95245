"""The admin's activity record form: only one's own units, and who entered the record."""

from __future__ import annotations

from typing import Any

from wagtail.admin.forms import WagtailAdminModelForm

from cms.network.compliance import units_for
from cms.network.models import ActivityRecord, Unit


class ActivityRecordForm(WagtailAdminModelForm):
    """A record fulfils its unit's duties under 3487/2023 and 351/2026, so a coordinator or
    deputy records only for the units they are designated for today; SZ for any unit.

    The unit field's choices are the whole check: a crafted POST naming another unit
    fails validation like any choice not offered.
    """

    class Meta:
        model = ActivityRecord
        fields = ["unit", "network", "kind", "date", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = self.for_user
        own = [unit.pk for unit in units_for(user)] if user is not None else []
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=own)

    def save(self, commit: bool = True) -> ActivityRecord:
        if self.instance._state.adding:
            self.instance.created_by = self.for_user
        return super().save(commit)  # type: ignore[no-any-return]
