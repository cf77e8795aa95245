"""The site's standing groups: portal administrators (SZ) and portal editors."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Page

ADMIN_PERMISSIONS = [
    "wagtailadmin.access_admin",
    "indicators.add_measurement",
    "indicators.change_measurement",
    "indicators.view_measurement",
    "indicators.approve_measurement",
    "risks.add_riskassessment",
    "risks.change_riskassessment",
    "risks.view_riskassessment",
    "network.add_unit",
    "network.change_unit",
    "network.view_unit",
    "network.add_coordinator",
    "network.change_coordinator",
    "network.view_coordinator",
    "network.delete_coordinator",
    "network.add_activityrecord",
    "network.change_activityrecord",
    "network.view_activityrecord",
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
]
COORDINATOR_PERMISSIONS = [
    "wagtailadmin.access_admin",
    "indicators.add_measurement",
    "indicators.change_measurement",
    "indicators.view_measurement",
    "network.view_unit",
    "network.view_coordinator",
    "network.add_activityrecord",
    "network.view_activityrecord",
]
EDITOR_PERMISSIONS = [
    "wagtailadmin.access_admin",
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
]


def _permissions(names: list[str]) -> list[Permission]:
    found = []
    for name in names:
        app_label, codename = name.split(".")
        found.extend(
            Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        )
    return found


def ensure_groups() -> tuple[Group, Group, Group]:
    """The standing groups with their permissions; safe to run any number of times."""
    admins, _ = Group.objects.get_or_create(name=settings.PORTAL_ADMINISTRATORS_GROUP)
    editors, _ = Group.objects.get_or_create(name=settings.PORTAL_EDITORS_GROUP)
    coordinators, _ = Group.objects.get_or_create(name=settings.UNIT_COORDINATORS_GROUP)
    admins.permissions.add(*_permissions(ADMIN_PERMISSIONS))
    editors.permissions.add(*_permissions(EDITOR_PERMISSIONS))
    coordinators.permissions.add(*_permissions(COORDINATOR_PERMISSIONS))
    root = Page.get_first_root_node()
    if root is not None:
        for group, codenames in (
            (
                admins,
                [
                    "add_page",
                    "change_page",
                    "publish_page",
                    "bulk_delete_page",
                    "lock_page",
                    "unlock_page",
                ],
            ),
            (editors, ["add_page", "change_page", "publish_page"]),
        ):
            for codename in codenames:
                permission = Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                )
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root, permission=permission
                )
    return admins, editors, coordinators
