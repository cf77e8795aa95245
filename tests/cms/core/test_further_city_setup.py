"""``okcore_setup --hostname``: a further city's site, its groups and its moderation, once."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from factories import UserFactory
from wagtail.models import GroupPagePermission, Page, Site, WorkflowPage

from cms.core.models import CitySettings, HomePage
from cms.core.roles import administered_sites, is_portal_administrator
from cms.core.site import default_site

pytestmark = pytest.mark.django_db


def _setup(**options: Any) -> str:
    out = StringIO()
    call_command("okcore_setup", stdout=out, **options)
    return out.getvalue()


def _homes(site: Site) -> set[int]:
    return set(
        HomePage.objects.filter(translation_key=site.root_page.translation_key).values_list(
            "pk", flat=True
        )
    )


def _granted(name: str) -> set[int]:
    return set(
        GroupPagePermission.objects.filter(group__name=name).values_list("page_id", flat=True)
    )


def test_a_further_city_gets_its_own_groups_on_its_own_homes_and_takes_the_root_back():
    _setup()
    root = Page.get_first_root_node()
    assert _granted("Portal administrators") == {root.pk}  # one city: the whole tree
    assert "new site lublin.example:80" in _setup(hostname="Lublin.Example", city="Lublin")
    lublin, first = Site.objects.get(hostname="lublin.example"), default_site()
    assert CitySettings.objects.get(site=lublin).city == {"pl": "Lublin"}
    assert len(_homes(lublin)) == 3
    assert _granted("Portal administrators (lublin.example)") == _homes(lublin)
    assert _granted("Portal editors (lublin.example)") == _homes(lublin)
    assert _granted("Portal administrators") == _homes(first)
    assert _granted("Portal editors") == _homes(first)
    for home in HomePage.objects.filter(pk__in=_homes(lublin)):
        task = home.get_workflow().tasks.get().specific
        assert list(task.groups.values_list("name", flat=True)) == [
            "Portal administrators (lublin.example)"
        ]
    for home in HomePage.objects.filter(pk__in=_homes(first)):
        assert home.get_workflow().name == "Moderation by the portal administrators"

    pages, links = Page.objects.count(), WorkflowPage.objects.count()
    assert "existing site lublin.example:80" in _setup(hostname="lublin.example")
    assert (Page.objects.count(), WorkflowPage.objects.count()) == (pages, links)
    assert Site.objects.count() == 2


def test_whose_sz_a_user_is():
    _setup()
    _setup(hostname="lublin.example", city="Lublin")
    lublin = Site.objects.get(hostname="lublin.example")
    user = UserFactory(username="sz-lublin")
    assert not is_portal_administrator(user)
    user.groups.add(Group.objects.get(name="Portal administrators (lublin.example)"))
    assert is_portal_administrator(user)
    assert administered_sites(user) == [lublin]
    assert len(administered_sites(UserFactory(username="root", is_superuser=True))) == 2


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"hostname": "https://lublin.example/"}, "give a host name such as"),
        ({"hostname": "lublin.example:8000"}, "the port goes in --port"),
        ({"city": "Lublin"}, "--city names the city of a --hostname"),
    ],
)
def test_a_wrong_option_is_a_clear_error(options: dict[str, str], message: str):
    with pytest.raises(CommandError, match=message):
        _setup(**options)
