"""The admin's "My calendar feed" page, where coordinators get or revoke their private feed."""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from cms.events import views


@hooks.register("register_admin_urls")
def calendar_urls():  # type: ignore[no-untyped-def]
    return [path("my-calendar/", views.my_calendar, name="my_calendar")]


@hooks.register("register_admin_menu_item")
def calendar_menu_item():  # type: ignore[no-untyped-def]
    return MenuItem(_("My calendar feed"), reverse("my_calendar"), icon_name="date", order=900)
