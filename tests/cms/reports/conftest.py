"""The report flow's shared pieces: SZ and the other roles, another city's SZ."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from wagtail.models import Page, Site


@pytest.fixture
def sz(make_user: Any) -> Any:
    return make_user("sz", "admins")


@pytest.fixture
def lublin_sz(db: Any) -> Any:
    """SZ of another city's site: no programme of this one is theirs."""
    from factories import UserFactory

    from cms.core.roles import ensure_groups

    page = Page(title="lublin", slug="lublin")
    Page.get_first_root_node().add_child(instance=page)
    site = Site.objects.create(hostname="lublin.example", port=80, root_page=page)
    admins, _editors = ensure_groups(site)
    user = UserFactory(username="lublin-sz")
    user.groups.add(admins)
    return user


@pytest.fixture
def logged_in() -> Any:
    """A client logged in as the user given."""

    def make(user: Any) -> Client:
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        return client

    return make
