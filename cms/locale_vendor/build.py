"""Fill the gaps of Wagtail's and wagtail-localize's Polish and Ukrainian catalogues.

Their pl and uk catalogues lack a few hundred strings; Django then shows English in the
Polish admin and - worse - Polish (LANGUAGE_CODE's catalogue) in the Ukrainian one.
``cms/locale_vendor`` is the last entry of LOCALE_PATHS: it only holds what is missing.

The .po files here are the translation table. After upgrading Wagtail or wagtail-localize:

    DJANGO_SETTINGS_MODULE=cms.settings.dev python cms/locale_vendor/build.py
        # adds the newly missing msgids (empty msgstr), drops the ones upstream now
        # translates, keeps the others' translations; then translate the empty entries
    python cms/locale_vendor/build.py --compile   # check formats (msgfmt) and write the .mo
    python cms/locale_vendor/build.py --check     # list what is still missing; exit 1 if any
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import polib  # type: ignore[import-untyped]  # wagtail-localize's dependency

HERE = Path(__file__).resolve().parent
LANGUAGES = ("pl", "uk")
DOMAINS = ("django", "djangojs")
#: Packages whose en catalogues list the msgids the admin may show.
PACKAGES = ("wagtail", "wagtail_localize")


@dataclass(frozen=True)
class Msg:
    """One msgid of an upstream en catalogue."""

    msgid: str
    msgctxt: str | None = None
    msgid_plural: str | None = None

    @property
    def key(self) -> str | tuple[str, int]:
        """The key gettext's catalogue uses (first plural form for plurals)."""
        text = self.msgid if self.msgctxt is None else f"{self.msgctxt}\x04{self.msgid}"
        return (text, 0) if self.msgid_plural else text


def upstream_locale_dirs(domain: str) -> list[Path]:
    """Every locale directory of Wagtail's and wagtail-localize's apps with an en catalogue."""
    import importlib.util

    dirs = []
    for package in PACKAGES:
        spec = importlib.util.find_spec(package)
        assert spec is not None and spec.origin is not None
        root = Path(spec.origin).parent
        dirs += [p.parents[2] for p in root.rglob(f"locale/en/LC_MESSAGES/{domain}.po")]
    return sorted(dirs)


def upstream_msgids(locale_dir: Path, domain: str) -> list[Msg]:
    catalogue = polib.pofile(str(locale_dir / "en" / "LC_MESSAGES" / f"{domain}.po"))
    return [
        Msg(e.msgid, e.msgctxt, e.msgid_plural or None)
        for e in catalogue
        if e.msgid and not e.obsolete
    ]


def missing(language: str, domain: str, locale_paths: list[Path]) -> list[Msg]:
    """The upstream msgids that the merged catalogue of ``language`` does not translate.

    ``django`` merges every installed app; ``djangojs`` is served per package
    (JavaScriptCatalog(packages=[...])), so each package is checked with its own directory.
    """
    from django.test import override_settings
    from django.utils.translation.trans_real import DjangoTranslation

    found: dict[Msg, None] = {}
    with override_settings(LOCALE_PATHS=locale_paths):
        merged = DjangoTranslation(language, domain=domain) if domain == "django" else None
        for locale_dir in upstream_locale_dirs(domain):
            catalogue = merged or DjangoTranslation(
                language, domain=domain, localedirs=[str(locale_dir)]
            )
            for msg in upstream_msgids(locale_dir, domain):
                if msg.key not in catalogue._catalog:  # type: ignore[attr-defined]
                    found[msg] = None
    return list(found)


def vendor_po(language: str, domain: str) -> Path:
    return HERE / language / "LC_MESSAGES" / f"{domain}.po"


def _plural_forms(language: str) -> str:
    """Wagtail's own Plural-Forms header for ``language``, so forms line up."""
    import wagtail

    po = Path(wagtail.__file__).parent / "admin" / "locale" / language / "LC_MESSAGES"
    return str(polib.pofile(str(po / "django.po")).metadata["Plural-Forms"])


def update(language: str, domain: str, own_paths: list[Path]) -> tuple[int, int]:
    """Rewrite the vendor .po: the missing msgids, translations kept. (entries, untranslated)"""
    path = vendor_po(language, domain)
    old = polib.pofile(str(path)) if path.exists() else polib.POFile()
    known = {(e.msgctxt, e.msgid): e for e in old}
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": "okcore vendor catalogue (Wagtail, wagtail-localize gaps)",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": _plural_forms(language),
    }
    nplurals = int(po.metadata["Plural-Forms"].split("nplurals=")[1].split(";")[0])
    for msg in sorted(
        missing(language, domain, own_paths), key=lambda m: (m.msgid, m.msgctxt or "")
    ):
        entry = known.get((msg.msgctxt, msg.msgid))
        new = polib.POEntry(msgid=msg.msgid, msgctxt=msg.msgctxt, msgstr="")
        if msg.msgid_plural:
            new.msgid_plural = msg.msgid_plural
            forms = entry.msgstr_plural if entry and entry.msgid_plural else {}
            new.msgstr_plural = {i: forms.get(i, "") for i in range(nplurals)}
        elif entry is not None:
            new.msgstr = entry.msgstr
        if "%" in msg.msgid:
            new.flags.append("python-format")
        po.append(new)
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    return len(po), len(po.untranslated_entries())


def compile_all() -> None:
    """msgfmt --check-format every vendor .po into its .mo (the project commits .mo files)."""
    for language in LANGUAGES:
        for domain in DOMAINS:
            po = vendor_po(language, domain)
            subprocess.run(
                ["msgfmt", "--check-format", "-o", str(po.with_suffix(".mo")), str(po)],
                check=True,
            )


def _entries() -> Iterator[tuple[str, str]]:
    for language in LANGUAGES:
        for domain in DOMAINS:
            yield language, domain


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    sys.path.insert(0, str(HERE.parents[1]))
    import django
    from django.conf import settings

    django.setup()
    if "--compile" in argv:
        compile_all()
        return 0
    paths = [Path(p) for p in settings.LOCALE_PATHS]
    if "--check" in argv:
        gaps = 0
        for language, domain in _entries():
            for msg in missing(language, domain, paths):
                gaps += 1
                print(f"{language} {domain}: {msg.msgctxt or ''}|{msg.msgid!r}")
        return 1 if gaps else 0
    own = [p for p in paths if p != HERE]
    for language, domain in _entries():
        total, empty = update(language, domain, own)
        print(f"{language} {domain}: {total} entries, {empty} to translate")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
