"""The site's standing groups: portal administrators (SZ) and portal editors.

One installation may serve several cities (cms.core.city): each site has its own two
groups, with page permissions on its own home pages only, so neither city's SZ sees or
edits the other's pages. The default site's groups keep the names from the settings
(``PORTAL_ADMINISTRATORS_GROUP``, ``PORTAL_EDITORS_GROUP``); a further site's groups
carry its host name in brackets, "Portal administrators (lublin.example)". The name is
the link: nothing else records which site a group serves, and a renamed group simply
stops being a standing one.

Each app declares what the two roles get on its models (``administrator_permissions``
and ``editor_permissions`` on its AppConfig, cms.core.extensions); this module only
collects them.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, Group, Permission, User
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from cms.core.extensions import declared_permissions
from cms.core.models import HomePage

ADMINISTRATOR_PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "delete_page",
    "bulk_delete_page",
    "lock_page",
    "unlock_page",
]
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]
#: Images and documents, on the root collection (so in every collection below it): SZ
#: uploads, edits and chooses any; an editor uploads, edits what they uploaded (Wagtail's
#: owner rule) and chooses any. A unit's coordinators work in their unit's collection
#: (cms.network.access).
ADMINISTRATOR_COLLECTION_PERMISSIONS = [
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
]
EDITOR_COLLECTION_PERMISSIONS = [
    "wagtailimages.add_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.choose_document",
]
#: wagtail-localize's permission for "Translate this page" and "Sync translated pages",
#: which cms.core.translating limits to where one may publish.
TRANSLATE = "wagtail_localize.submit_translation"
#: The name of a unit's group begins with this (cms.network.access names and provisions
#: them; cms.core.translating leaves their page permissions to it).
UNIT_GROUP_PREFIX = "Unit: "


def group_name(role: str, site: Site | None) -> str:
    """A standing group's name for a site: the setting's for the default site (and for an
    installation with no site yet), with the host name in brackets for a further one."""
    if site is None or site.is_default_site:
        return role
    return f"{role} ({site.hostname})"


def _names(role: str) -> list[str]:
    return [group_name(role, site) for site in Site.objects.all()] or [role]


def has_role(user: User | AnonymousUser, *groups: str) -> bool:
    """A superuser, or a member of one of the standing groups named."""
    return user.is_superuser or (
        user.is_authenticated and user.groups.filter(name__in=groups).exists()
    )


def is_portal_administrator(user: User | AnonymousUser) -> bool:
    """SZ of any of the installation's sites: the one definition every app asks
    (3487/2023 §4, 351/2026 §4); :func:`administered_sites` says of which."""
    return has_role(user, *_names(settings.PORTAL_ADMINISTRATORS_GROUP))


def is_portal_editor_or_administrator(user: User | AnonymousUser) -> bool:
    return has_role(
        user,
        *_names(settings.PORTAL_ADMINISTRATORS_GROUP),
        *_names(settings.PORTAL_EDITORS_GROUP),
    )


def _member_sites(user: User | AnonymousUser, *roles: str) -> list[Site]:
    sites = list(Site.objects.all())
    if user.is_superuser:
        return sites
    if not user.is_authenticated:
        return []
    mine = set(user.groups.values_list("name", flat=True))
    return [site for site in sites if any(group_name(role, site) in mine for role in roles)]


def administered_sites(user: User | AnonymousUser) -> list[Site]:
    """The sites whose SZ the user is (every site for a superuser): whose units, people
    and measurements the admin lists for them."""
    return _member_sites(user, settings.PORTAL_ADMINISTRATORS_GROUP)


def staff_sites(user: User | AnonymousUser) -> list[Site]:
    """The sites whose portal administrator or editor the user is (every site for a
    superuser)."""
    return _member_sites(user, settings.PORTAL_ADMINISTRATORS_GROUP, settings.PORTAL_EDITORS_GROUP)


def _permissions(names: list[str]) -> list[Permission]:
    found: list[Permission] = []
    for name in names:
        app_label, codename = name.split(".")
        found.extend(
            Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        )
    return found


def ensure_groups(site: Site | None = None) -> tuple[Group, Group]:
    """A site's standing groups (default: the default site's) with their permissions,
    page permissions on the site's home pages in every language; safe to run any number
    of times.

    Coordinators and deputies get no standing group: their access comes from their
    unit's group, provisioned from the network (cms.network.access).
    """
    site = site or Site.objects.filter(is_default_site=True).first()
    admins, _ = Group.objects.get_or_create(
        name=group_name(settings.PORTAL_ADMINISTRATORS_GROUP, site)
    )
    editors, _ = Group.objects.get_or_create(name=group_name(settings.PORTAL_EDITORS_GROUP, site))
    admins.permissions.add(*_permissions(declared_permissions("administrator_permissions")))
    editors.permissions.add(*_permissions(declared_permissions("editor_permissions")))
    grant_translating(admins, editors)
    for group, codenames in (
        (admins, ADMINISTRATOR_PAGE_PERMISSIONS),
        (editors, EDITOR_PAGE_PERMISSIONS),
    ):
        granted = _granted_pages(site)
        # A site that was the only one held its permissions at the root: with a further
        # city they move to its own home pages (permissions given by hand elsewhere stay).
        GroupPagePermission.objects.filter(group=group, page__depth=1).exclude(
            page__in=granted
        ).delete()
        for page in granted:
            for codename in codenames:
                permission = Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                )
                GroupPagePermission.objects.get_or_create(
                    group=group, page=page, permission=permission
                )
    # Wagtail's sample groups would only confuse: the roles are the groups above and the
    # units' groups. They go only while nobody is in them.
    Group.objects.filter(name__in=["Moderators", "Editors"], user__isnull=True).delete()
    ensure_collection_permissions(admins, editors, site)
    ensure_moderation(admins, site)
    return admins, editors


def site_collection(site: Site | None) -> Collection | None:
    """Where a site's images and documents live, as its pages do (:func:`_granted_pages`):
    the root collection while the site is the only one; with several, a collection of the
    site's own under the root, named after its host, so that one city's SZ neither edits
    nor picks another city's files."""
    root = Collection.get_first_root_node()
    if root is None or site is None or not Site.objects.exclude(pk=site.pk).exists():
        return root
    own: Collection | None = root.get_children().filter(name=site.hostname).first()
    return own or root.add_child(name=site.hostname)


def ensure_collection_permissions(admins: Group, editors: Group, site: Site | None) -> None:
    """Images and documents for SZ and the portal editors: Wagtail grants them per
    collection only (a model permission alone shows neither menu item), on the site's
    collection (:func:`site_collection`); a grant at the root from the time the site was
    the only one moves there, as its page permissions do."""
    granted = site_collection(site)
    if granted is None:
        return
    for group, names in (
        (admins, ADMINISTRATOR_COLLECTION_PERMISSIONS),
        (editors, EDITOR_COLLECTION_PERMISSIONS),
    ):
        GroupCollectionPermission.objects.filter(group=group, collection__depth=1).exclude(
            collection=granted
        ).delete()
        for permission in _permissions(names):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=granted, permission=permission
            )


def grant_translating(*groups: Group) -> None:
    """wagtail-localize's "Translate this page" and "Sync translated pages" for the
    standing groups, limited to the trees they hold page permissions on (on their own site,
    in every language) by cms.core.translating."""
    for group in groups:
        group.permissions.add(*_permissions([TRANSLATE]))


def _granted_pages(site: Site | None) -> list[Page]:
    """Where a site's standing groups hold page permissions: at the tree's root while the
    site is the only one (language trees created later are covered from the start); with
    several, on the site's own home pages, one per language."""
    if site is None or not Site.objects.exclude(pk=site.pk).exists():
        root = Page.get_first_root_node()
        return [root] if root is not None else []
    return list(Page.objects.filter(translation_key=site.root_page.translation_key))


def ensure_moderation(admins: Group, site: Site | None = None) -> Workflow:
    """Material beyond a coordinator's permissions goes to the portal administrators
    (3487/2023 §4 pt 2, 351/2026 §4 ust. 1 pt 2): a group approval task on every home page
    of the site, the site's own administrators approving (a further site's workflow and
    task carry its host name like its groups)."""
    workflow, _ = Workflow.objects.get_or_create(
        name=group_name("Moderation by the portal administrators", site)
    )
    task_name = group_name("Approval by the portal administrators", site)
    task = GroupApprovalTask.objects.filter(name=task_name).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=task_name)
    task.groups.set([admins])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    if site is None or site.is_default_site:
        # At the root too, so that language trees created later are covered from the start;
        # a further city's home pages keep their own site's workflow.
        further = Site.objects.filter(is_default_site=False).select_related("root_page")
        homes = HomePage.objects.exclude(
            translation_key__in=[s.root_page.translation_key for s in further]
        )
        pages: list[Page] = [Page.get_first_root_node(), *homes]
    else:
        pages = _granted_pages(site)
    for page in pages:
        WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    return workflow
