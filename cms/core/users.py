"""User accounts in the admin (Settings → Users).

Portal administrators create and change the accounts of coordinators, deputies and
editors (docs/administrators-guide.md) without being superusers, so whoever is not a
superuser here: does not see the *Administrator* (superuser) box; puts people only in the
standing groups, since units' groups follow the network (cms.network.access) and any other
group is a superuser's to give; and does not change a superuser's account at all.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic.edit import FormMixin
from wagtail.admin import messages
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import users

from cms.core.roles import administered_sites, group_name


def assignable_groups(user: Any) -> QuerySet[Group]:
    """The groups someone who is not a superuser may put people in: the standing groups of
    the sites they administer (one city's SZ makes nobody another city's)."""
    roles = (settings.PORTAL_ADMINISTRATORS_GROUP, settings.PORTAL_EDITORS_GROUP)
    names = [group_name(role, site) for site in administered_sites(user) for role in roles]
    return Group.objects.filter(name__in=names)


def may_manage_account(user: Any, account: Any) -> bool:
    return bool(user.is_superuser or not account.is_superuser)


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


class IndexView(users.IndexView):
    def get_edit_url(self, instance: Any) -> str | None:
        if not may_manage_account(self.request.user, instance):
            return None
        url: str | None = super().get_edit_url(instance)
        return url


class CreateView(AccountFormKwargsMixin, users.CreateView):
    """Hands the acting user to the form, which limits what they may give."""


class EditView(AccountFormKwargsMixin, users.EditView):
    def run_before_hook(self) -> Any:
        if not may_manage_account(self.request.user, self.object):
            return superusers_only(self.request)
        return super().run_before_hook()


class UserViewSet(users.UserViewSet):
    index_view_class = IndexView
    add_view_class = CreateView
    edit_view_class = EditView

    def get_form_class(self, for_update: bool = False) -> type:
        return AccountEditForm if for_update else AccountCreationForm
