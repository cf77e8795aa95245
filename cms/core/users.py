"""User accounts in the admin (Settings → Users).

Portal administrators create and change the accounts of coordinators, deputies and
editors (docs/administrators-guide.md) without being superusers, so whoever is not a
superuser here: does not see the *Administrator* (superuser) box; puts people only in the
standing groups, since units' groups follow the network (cms.network.access) and any other
group is a superuser's to give; and does not change a superuser's account at all.

With several cities (cms.core.city) an SZ neither lists nor changes an account holding a
role in a city they do not administer: a standing group of another site, or what the apps
above report under :data:`ACCOUNT_ROLES` (a unit's group or designation, cms.network).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic.edit import FormMixin
from wagtail import hooks
from wagtail.admin import messages
from wagtail.models import Site
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import users

from cms.core.roles import administered_sites, group_name

#: Hook name: ``(sites) -> Q`` on users, those holding a role the app gives outside these
#: sites (a unit's group or designation in another city); registered in wagtail_hooks.py.
ACCOUNT_ROLES = "okcore_account_roles"


def assignable_groups(user: Any) -> QuerySet[Group]:
    """The groups someone who is not a superuser may put people in: the standing groups of
    the sites they administer (one city's SZ makes nobody another city's)."""
    roles = (settings.PORTAL_ADMINISTRATORS_GROUP, settings.PORTAL_EDITORS_GROUP)
    names = [group_name(role, site) for site in administered_sites(user) for role in roles]
    return Group.objects.filter(name__in=names)


def roles_outside(sites: list[Site]) -> Q:
    """Users holding a role outside ``sites``: another site's standing group, or a role
    an app reports under :data:`ACCOUNT_ROLES`."""
    roles = (settings.PORTAL_ADMINISTRATORS_GROUP, settings.PORTAL_EDITORS_GROUP)
    others = Site.objects.exclude(pk__in=[site.pk for site in sites])
    names = [group_name(role, site) for site in others for role in roles]
    held = Q(
        pk__in=get_user_model()
        .groups.through.objects.filter(group__name__in=names)
        .values("user_id")
    )
    for contribute in hooks.get_hooks(ACCOUNT_ROLES):
        held |= contribute(sites)
    return held


def listed_accounts(user: Any) -> QuerySet[Any]:
    """The accounts the admin lists for a user: every one for a superuser; else those with
    no role outside the sites the user administers (one city's SZ sees no other's people)."""
    accounts: QuerySet[Any] = get_user_model()._default_manager.all()
    if user.is_superuser:
        return accounts
    return accounts.exclude(roles_outside(administered_sites(user)))


def may_manage_account(user: Any, account: Any) -> bool:
    """A superuser any account; anyone else no superuser's and none with a role outside
    the sites they administer (a new account, with no role, is theirs to manage)."""
    if user.is_superuser:
        return True
    return not account.is_superuser and listed_accounts(user).filter(pk=account.pk).exists()


def refusal(request: Any, message: str) -> Any:
    messages.error(request, message)
    return redirect("wagtailadmin_home")


def superusers_only(request: Any) -> Any:
    return refusal(request, _("Only a superuser may change a superuser's account."))


class AccountFormMixin:
    """Wagtail's user form, without the superuser box and foreign groups for non-superusers."""

    # What the Django model form this mixes into provides.
    fields: dict[str, Any]
    cleaned_data: dict[str, Any]
    instance: Any

    def __init__(self, *args: Any, for_user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limited = not for_user.is_superuser
        self.assignable = assignable_groups(for_user)
        if self.limited:
            self.fields.pop("is_superuser", None)
            self.fields["groups"].queryset = self.assignable

    def clean_groups(self) -> QuerySet[Group]:
        chosen: QuerySet[Group] = self.cleaned_data["groups"]
        if not self.limited or self.instance.pk is None:
            return chosen
        # The groups the form does not offer stay as they are (a coordinator keeps the unit's).
        kept = self.instance.groups.exclude(pk__in=self.assignable)
        return Group.objects.filter(Q(pk__in=chosen) | Q(pk__in=kept))


class AccountCreationForm(AccountFormMixin, UserCreationForm):
    """Wagtail's new-account form under the limits of ``AccountFormMixin``."""


class AccountEditForm(AccountFormMixin, UserEditForm):
    """Wagtail's account form under the limits of ``AccountFormMixin``."""


class AccountFormKwargsMixin(FormMixin):  # type: ignore[type-arg]  # not subscriptable at run time
    """Hands the acting user to the account form (Wagtail's user forms take no ``for_user``)."""

    request: HttpRequest

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "for_user": self.request.user}


class ListedAccountsOnly:
    """An account the user's admin does not list is not found there, whatever the address."""

    request: HttpRequest

    def get_object(self, *args: Any) -> Any:
        found = super().get_object(*args)  # type: ignore[misc]  # a mixin before the view
        if not listed_accounts(self.request.user).filter(pk=found.pk).exists():
            raise Http404
        return found


class IndexView(users.IndexView):
    def get_base_queryset(self) -> QuerySet[Any]:
        accounts: QuerySet[Any] = super().get_base_queryset()
        return accounts.filter(pk__in=listed_accounts(self.request.user).values("pk"))

    def get_edit_url(self, instance: Any) -> str | None:
        if not may_manage_account(self.request.user, instance):
            return None
        url: str | None = super().get_edit_url(instance)
        return url


class CreateView(AccountFormKwargsMixin, users.CreateView):
    """Hands the acting user to the form, which limits what they may give."""


class EditView(ListedAccountsOnly, AccountFormKwargsMixin, users.EditView):
    def run_before_hook(self) -> Any:
        if not may_manage_account(self.request.user, self.object):
            return superusers_only(self.request)
        return super().run_before_hook()


class DeleteView(ListedAccountsOnly, users.DeleteView):
    pass


class HistoryView(ListedAccountsOnly, users.HistoryView):
    pass


class UserViewSet(users.UserViewSet):
    index_view_class = IndexView
    add_view_class = CreateView
    edit_view_class = EditView
    delete_view_class = DeleteView
    history_view_class = HistoryView

    def get_form_class(self, for_update: bool = False) -> type:
        return AccountEditForm if for_update else AccountCreationForm
