"""Images and documents per role (issue 18: portal administrators and editors could not
upload a picture for a news item): SZ and editors upload into and choose from every
collection, a unit's coordinator only within the unit's own collection
(docs/permissions.md)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from factories import UserFactory
from PIL import Image as PillowImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from cms.core.roles import ensure_groups, site_collection
from cms.network.models import Unit
from tests.cms.test_two_cities import KRAKOW, LUBLIN, cities  # noqa: F401  # the fixture

Image = get_image_model()
Document = get_document_model()


def _png(name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    PillowImage.new("RGB", (40, 30), "white").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 minutes", content_type="application/pdf")


def _client(user: Any) -> Client:
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


def _upload(client: Client, title: str) -> tuple[Any, Any]:
    """An image and a document uploaded into the root collection, as asked (Wagtail puts
    them in the one collection the user may add to where that is the only one)."""
    root = Collection.get_first_root_node()
    client.post(
        "/admin/images/add/", {"title": title, "file": _png(f"{title}.png"), "collection": root.pk}
    )
    client.post(
        "/admin/documents/add/",
        {"title": title, "file": _pdf(f"{title}.pdf"), "collection": root.pk},
    )
    return Image.objects.filter(title=title).first(), Document.objects.filter(title=title).first()


def _chooser_lists(client: Client, title: str) -> tuple[bool, bool]:
    images = client.get("/admin/images/chooser/")
    documents = client.get("/admin/documents/chooser/")
    assert (images.status_code, documents.status_code) == (200, 200)
    return title in images.json()["html"], title in documents.json()["html"]


@pytest.fixture
def by_sz(make_user: Any) -> tuple[Any, Any]:
    """An image and a document SZ put into the root collection."""
    return _upload(_client(make_user("sz", "admins")), "from-sz")


@pytest.mark.parametrize("role", ["admins", "editors"])
def test_portal_staff_upload_and_choose_images_and_documents(
    make_user: Any, by_sz: tuple[Any, Any], role: str
) -> None:
    client = _client(make_user("staff", role))
    image, document = _upload(client, "from-staff")
    root = Collection.get_first_root_node()
    assert image is not None and image.collection == root
    assert document is not None and document.collection == root
    # Their own and SZ's, to put into a page.
    assert _chooser_lists(client, "from-staff") == (True, True)
    assert _chooser_lists(client, "from-sz") == (True, True)
    assert by_sz[0] is not None and by_sz[1] is not None


def test_sz_edits_any_image_an_editor_only_their_own(
    make_user: Any, by_sz: tuple[Any, Any]
) -> None:
    image = by_sz[0]
    editor = _client(make_user("editor", "editors"))
    assert editor.get(f"/admin/images/{image.pk}/").status_code == 302  # refused
    own, _document = _upload(editor, "editors-own")
    assert editor.get(f"/admin/images/{own.pk}/").status_code == 200
    sz = _client(make_user("sz2", "admins"))
    assert sz.get(f"/admin/images/{own.pk}/").status_code == 200


def test_a_coordinator_works_in_the_units_collection_only(
    make_user: Any, by_sz: tuple[Any, Any]
) -> None:
    """Without the editor role: uploads land in the unit's collection, whatever is asked,
    and the chooser offers the unit's files, not the portal's."""
    client = _client(make_user("coordinator", "coordinators"))
    unit = Unit.objects.get(slug="wydzial-edukacji")
    image, document = _upload(client, "from-unit")
    assert image is not None and image.collection == unit.collection
    assert document is not None and document.collection == unit.collection
    assert _chooser_lists(client, "from-unit") == (True, True)
    assert _chooser_lists(client, "from-sz") == (False, False)


def test_without_a_role_nothing_is_uploaded(make_user: Any, db: Any) -> None:
    client = _client(make_user("nobody", is_superuser=False))
    assert _upload(client, "from-nobody") == (None, None)


@pytest.mark.django_db
def test_one_citys_staff_neither_edit_nor_choose_another_citys_files(
    cities: dict[str, Any],  # noqa: F811  # the fixture imported above
) -> None:
    """With several cities each has a collection of its own (named after its host), its
    units' collections inside it; a city's SZ and editors hold their rights there only."""
    sites, units = cities["sites"], cities["units"]
    staff = {}
    for key, site in sites.items():
        home = site_collection(site)
        assert home is not None and home.name == site.hostname and home.depth == 2
        units[key].refresh_from_db()
        assert units[key].collection.is_descendant_of(home)
        admins, _editors = ensure_groups(site)
        staff[key] = UserFactory(username=f"sz-{site.hostname}")
        staff[key].groups.add(admins)
    image = Image.objects.create(
        title="lublin-logo", file=_png("lublin-logo.png"), collection=site_collection(sites[LUBLIN])
    )
    krakow = _client(staff[KRAKOW])
    assert krakow.get(f"/admin/images/{image.pk}/").status_code == 302  # refused
    assert _chooser_lists(krakow, "lublin-logo") == (False, False)
    lublin = _client(staff[LUBLIN])
    assert lublin.get(f"/admin/images/{image.pk}/").status_code == 200
    assert _chooser_lists(lublin, "lublin-logo")[0]
