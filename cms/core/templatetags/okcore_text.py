"""okcore's texts on pages: a text shown in another language than the page's (an untranslated
programme text falling back to its source language) is marked with its language, for screen
readers (``lang``) and for readers (a visible "in Polish"); and the notice that a page's
programme text is an unofficial translation of the authoritative source.

    {% load okcore_text %}
    {{ goal.title|marked }}
    {% translation_notice program page %}
"""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

from cms.core.registry import resolve
from okcore.text import SOURCE_LOCALE, LocalizedText

register = template.Library()


def _base(code: str | None) -> str:
    return (code or "").lower().split("-")[0]


def language_label(code: str) -> str:
    """ "in Polish" in the active language: the mark after a text in language ``code``."""
    labels = {"pl": _("in Polish"), "en": _("in English"), "uk": _("in Ukrainian")}
    if code in labels:
        return labels[code]
    try:
        name = get_language_info(code)["name_translated"]
    except KeyError:
        name = code
    return _("in %(language)s") % {"language": name}


def marked_text(value: LocalizedText | str | None, source: str = SOURCE_LOCALE) -> SafeString:
    """The text in the active language, escaped; when it falls back to another language,
    wrapped in ``<span lang="…">`` and followed by a visible label saying which. Anything
    else than a LocalizedText (a citation such as "Program Tabela 1 poz. 1.1", a coordinator's
    function as the city wrote it) is a text in the source language, ``source``."""
    if value is None or value == "":
        return SafeString("")
    if not isinstance(value, LocalizedText):
        value = LocalizedText(str(value))
    active = get_language()
    shown, language = resolve(value, active, source)
    if _base(language) == _base(active):
        return conditional_escape(shown)
    return format_html(
        '<span lang="{}">{}</span> <span class="meta lang-fallback">({})</span>',
        language,
        shown,
        language_label(language),
    )


@register.filter
def marked(value: LocalizedText | str | None, source: str = SOURCE_LOCALE) -> SafeString:
    """``{{ text|marked }}`` (or ``|marked:program.source_locale``): see ``marked_text``."""
    return marked_text(value, source)


def _notice_texts(source: str) -> tuple[str, str]:
    """(the notice, the link's text) for a programme whose source language is ``source``."""
    known = {
        "pl": (
            _("This is an unofficial translation. The Polish text is authoritative."),
            _("Read this page in Polish"),
        ),
        "en": (
            _("This is an unofficial translation. The English text is authoritative."),
            _("Read this page in English"),
        ),
        "uk": (
            _("This is an unofficial translation. The Ukrainian text is authoritative."),
            _("Read this page in Ukrainian"),
        ),
    }
    if source in known:
        return known[source]
    try:
        name = get_language_info(source)["name_translated"]
    except KeyError:
        name = source
    return (
        _("This is an unofficial translation. The original text (%(language)s) is authoritative.")
        % {"language": name},
        _("Read this page in the original language (%(language)s)") % {"language": name},
    )


@register.simple_tag
def translation_notice(program: object, page: Page | None = None) -> SafeString:
    """Once per programme page in a language other than the programme's ``source_locale``:
    the text is an unofficial translation, the source's is authoritative, with a link to
    the page in the source language when it exists. Nothing in the source language."""
    source = getattr(program, "source_locale", None)
    if not source or _base(source) == _base(get_language()):
        return SafeString("")
    notice, link_text = _notice_texts(source)
    original = None
    if page is not None and getattr(page, "pk", None):
        locale = Locale.objects.filter(language_code=source).first()
        found = page.get_translation_or_none(locale) if locale is not None else None
        original = found.get_url() if found is not None and found.live else None
    if original is None:
        return format_html('<p class="translation-notice" role="note">{}</p>', notice)
    return format_html(
        '<p class="translation-notice" role="note">{} <a href="{}" hreflang="{}">{}</a></p>',
        notice,
        original,
        source,
        link_text,
    )
