"""Who may do what, provisioned from the coordinator network (3487/2023 §4, 351/2026 §4).

A unit's coordinators and deputies, while their designation is valid, belong to
the unit's group, which may add, change and publish pages in the unit's own
section (made by the portal administrators, cms.network.permissions) in every
language tree, add and change (but not publish) programme news
and events and other units' sections, where their material therefore goes to
moderation (3487/2023 §4 pt 2, 351/2026 §4 ust. 1 pt 2), use the unit's collection for
images and documents, and enter measurements. When the designation ends, so
does the access. Provisioning is idempotent and runs on every change.

What the group may do on models and the index pages where it proposes content are
declared by the apps that own them (``unit_group_permissions`` and
``proposal_index_pages`` on their AppConfig), so the network names no app above it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date

from django.apps import apps
from django.contrib.auth.models import Group, Permission, User
from django.core.cache import cache
from django.db.models import Exists, OuterRef
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page, Site

from cms.core.city import in_site
from cms.core.extensions import declared_permissions
from cms.core.roles import UNIT_GROUP_PREFIX, site_collection
from cms.network.models import Coordinator, Unit, UnitPage
from cms.network.permissions import may_manage_sections

logger = logging.getLogger("cms.access")

OWN_SECTION = ("add_page", "change_page", "publish_page")
PROPOSE_ONLY = ("add_page", "change_page")
COLLECTION_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
)


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def group_for(unit: Unit) -> Group:
    group, _ = Group.objects.get_or_create(name=f"{UNIT_GROUP_PREFIX}{unit.slug}")
    return group


def collection_for(unit: Unit) -> Collection:
    """The unit's collection, made (named after the unit in Polish) the first time in its
    city's collection (cms.core.roles.site_collection), and moved there when the city gets
    one of its own; the unit keeps a link to it, so a rename of either changes nothing."""
    home = site_collection(unit.site or Site.objects.filter(is_default_site=True).first())
    if home is None:
        raise Collection.DoesNotExist("no root collection: run the migrations")
    if unit.collection is not None:
        if not unit.collection.is_descendant_of(home):
            unit.collection.move(home, pos="sorted-child")
            unit.collection.refresh_from_db()
        return unit.collection
    collection: Collection = home.add_child(name=unit.names["pl"])
    # update(), not save(): a save would provision the unit again (cms.network.signals).
    Unit.objects.filter(pk=unit.pk).update(collection=collection)
    unit.collection = collection
    return collection


def proposal_index_models() -> list[type[Page]]:
    """The index page types apps declare in ``proposal_index_pages`` on their AppConfig
    ("app.Model"): programme news and events, and the units' index (joint initiatives)."""
    return [
        apps.get_model(label)
        for config in apps.get_app_configs()
        for label in getattr(config, "proposal_index_pages", ())
    ]


def proposal_pages(site: Site | None) -> list[Page]:
    """Where coordinators may propose content outside their section, on their unit's site
    only (one city's coordinators propose nothing to another); all of it goes to
    moderation."""
    return [
        page for model in proposal_index_models() for page in in_site(model.objects.all(), site)
    ]


def unit_sections(unit: Unit) -> list[UnitPage]:
    """The unit's sections its group publishes in: not a page under *Units* that a
    coordinator or deputy made themselves (only those who manage the network make sections,
    cms.network.permissions), lest they publish there unmoderated."""
    pages = UnitPage.objects.filter(unit=unit).annotate(
        made_by_coordinator=Exists(Coordinator.objects.filter(user=OuterRef("owner")))
    )
    return [
        page
        for page in pages.select_related("owner")
        if not page.made_by_coordinator or may_manage_sections(page.owner)
    ]


def _sync_page_permissions(group: Group, wanted: set[tuple[int, int]]) -> None:
    current = {
        (p.page_id, p.permission_id): p for p in GroupPagePermission.objects.filter(group=group)
    }
    for key in set(current) - wanted:
        current[key].delete()
    for page_id, permission_id in wanted - set(current):
        GroupPagePermission.objects.create(
            group=group, page_id=page_id, permission_id=permission_id
        )


def provision_unit(unit: Unit, today: date | None = None) -> Group:
    """Make the unit's group and its members match the network on ``today``."""
    today = today or timezone.localdate()
    group = group_for(unit)
    names = declared_permissions("unit_group_permissions")
    # Set, not added: a permission the apps no longer declare is taken back.
    group.permissions.set([_permission(*name.split(".")) for name in names])
    own = {_permission("wagtailcore", c).pk for c in OWN_SECTION}
    propose = {_permission("wagtailcore", c).pk for c in PROPOSE_ONLY}
    wanted = {(page.pk, perm) for page in unit_sections(unit) for perm in own}
    wanted |= {(page.pk, perm) for page in proposal_pages(unit.shown_on()) for perm in propose}
    _sync_page_permissions(group, wanted)
    collection = collection_for(unit)
    for app_label, codename in COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=_permission(app_label, codename)
        )
    active = unit.exists_on(today)
    valid_users = {
        c.user
        for c in Coordinator.objects.valid_on(today).filter(unit=unit, user__isnull=False)
        if c.user is not None and c.user.is_active and active
    }
    members = set(group.user_set.all())
    for user in valid_users - members:
        group.user_set.add(user)
        log(
            instance=group,
            action="okcore.access.granted",
            data={"user": user.get_username(), "unit": unit.slug},
        )
        logger.info("access to %s granted to %s", unit.slug, user.get_username())
    for user in members - valid_users:
        group.user_set.remove(user)
        log(
            instance=group,
            action="okcore.access.revoked",
            data={"user": user.get_username(), "unit": unit.slug},
        )
        logger.info("access to %s revoked from %s", unit.slug, user.get_username())
    return group


def provision_units(units: Iterable[Unit], today: date | None = None) -> None:
    for unit in units:
        provision_unit(unit, today)


def provision_all(today: date | None = None) -> None:
    provision_units(Unit.objects.all(), today)


def provision_user(user: User, today: date | None = None) -> None:
    """Every unit the user was ever designated for, and every unit group they are in."""
    unit_ids = set(Coordinator.objects.filter(user=user).values_list("unit_id", flat=True))
    slugs = {
        g.name.removeprefix(UNIT_GROUP_PREFIX)
        for g in user.groups.filter(name__startswith=UNIT_GROUP_PREFIX)
    }
    provision_units(
        Unit.objects.filter(id__in=unit_ids) | Unit.objects.filter(slug__in=slugs), today
    )


def provision_user_daily(user: User, *, force: bool = False) -> None:
    """Designations end at midnight: a signed-in user's access is re-checked on their first
    request of each day, on every channel (admin session, API session, API token).

    The day of the last check is kept in the cache, shared by all workers; losing it
    costs one more provisioning, never a day too long.
    """
    today = timezone.localdate()
    key = f"okcore:provisioned-on:{user.pk}"
    if force or cache.get(key) != today.isoformat():
        provision_user(user, today)
        cache.set(key, today.isoformat(), 2 * 24 * 3600)
