"""The site's standing groups: portal administrators (SZ) and portal editors.

Each app declares what the two roles get on its models (``administrator_permissions``
and ``editor_permissions`` on its AppConfig, cms.core.extensions); this module only
collects them.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, Group, Permission, User
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from cms.core.extensions import declared_permissions
from cms.core.models import HomePage


def has_role(user: User | AnonymousUser, *groups: str) -> bool:
    """A superuser, or a member of one of the standing groups named."""
    return user.is_superuser or (
        user.is_authenticated and user.groups.filter(name__in=groups).exists()
    )


def is_portal_administrator(user: User | AnonymousUser) -> bool:
    """SZ: the one definition every app asks (3487/2023 §4, 351/2026 §4)."""
    return has_role(user, settings.PORTAL_ADMINISTRATORS_GROUP)


def is_portal_editor_or_administrator(user: User | AnonymousUser) -> bool:
    return has_role(user, settings.PORTAL_ADMINISTRATORS_GROUP, settings.PORTAL_EDITORS_GROUP)


def _permissions(names: list[str]) -> list[Permission]:
    found: list[Permission] = []
    for name in names:
        app_label, codename = name.split(".")
        found.extend(
            Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        )
    return found


def ensure_groups() -> tuple[Group, Group]:
    """The standing groups with their permissions; safe to run any number of times.

    Coordinators and deputies get no standing group: their access comes from their
    unit's group, provisioned from the network (cms.network.access).
    """
    admins, _ = Group.objects.get_or_create(name=settings.PORTAL_ADMINISTRATORS_GROUP)
    editors, _ = Group.objects.get_or_create(name=settings.PORTAL_EDITORS_GROUP)
    admins.permissions.add(*_permissions(declared_permissions("administrator_permissions")))
    editors.permissions.add(*_permissions(declared_permissions("editor_permissions")))
    root = Page.get_first_root_node()
    if root is not None:
        for group, codenames in (
            (
                admins,
                [
                    "add_page",
                    "change_page",
                    "publish_page",
                    "delete_page",
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
    # Wagtail's sample groups would only confuse: the roles are the groups above and the
    # units' groups. They go only while nobody is in them.
    Group.objects.filter(name__in=["Moderators", "Editors"], user__isnull=True).delete()
    ensure_moderation(admins)
    return admins, editors


def ensure_moderation(admins: Group) -> Workflow:
    """Material beyond a coordinator's permissions goes to the portal administrators
    (3487/2023 §4 pt 2, 351/2026 §4 ust. 1 pt 2): a group approval task on every home page."""
    workflow, _ = Workflow.objects.get_or_create(name="Moderation by the portal administrators")
    task = GroupApprovalTask.objects.filter(name="Approval by the portal administrators").first()
    if task is None:
        task = GroupApprovalTask.objects.create(name="Approval by the portal administrators")
    task.groups.set([admins])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    # At the root too, so that language trees created later are covered from the start.
    for page in [Page.get_first_root_node(), *HomePage.objects.all()]:
        WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    return workflow
