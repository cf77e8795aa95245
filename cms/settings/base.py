"""Settings shared by every environment; dev, production and test override them."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
import dj_email_url

CMS_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = CMS_DIR.parent
VAR_DIR = Path(os.environ.get("OKCORE_VAR_DIR", REPO_DIR / "var"))

INSTALLED_APPS = [
    "cms.core",
    "cms.programmes",
    "cms.reports",
    "cms.indicators",
    "cms.risks",
    "cms.dashboard",
    "cms.deliveries",
    "cms.network",
    "cms.news",
    "cms.events",
    "cms.reminders",
    "cms.search",
    "cms.legal",
    "cms.api",
    "cms.demo",  # load_demo; guarded against real data (cms/demo/loader.py)
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "cms.core.apps.UsersConfig",  # wagtail.users with the site's account rules
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Answers If-None-Match / If-Modified-Since with 304, cached answers included.
    "django.middleware.http.ConditionalGetMiddleware",
    # Before sessions and authentication: a cached page costs a lookup and nothing more.
    "cms.core.cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cms.core.middleware.SiteLocaleMiddleware",
    # A body too big or too deeply nested for the parsers: 400 (JSON for the API), not 500.
    "cms.core.middleware.BadRequestMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cms.network.signals.DailyProvisioningMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so that it sees the outcome of authentication (rate-limited logins).
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [CMS_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "cms.core.city.city",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}", conn_max_age=60
    )
}
#: SQLite for a small office (a few editors saving at once): readers never block the
#: writer (WAL), a writer takes the lock when its transaction begins (IMMEDIATE) and so
#: waits its turn for up to 20 s instead of failing with "database is locked".
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Polish is the source; English and Ukrainian are translations.
LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", "Polski"), ("en", "English"), ("uk", "Українська")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
#: The annual report's page (cms.reports) holds the whole document as StreamField blocks,
#: every table cell a form field: Django's default of 1000 fields refuses its editor's form
#: (Wagtail's documentation advises raising it for large StreamFields).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20_000
#: cms/locale_vendor only fills the gaps of Wagtail's and wagtail-localize's pl and uk
#: catalogues (first path wins; see cms/locale_vendor/build.py).
LOCALE_PATHS = [CMS_DIR / "locale", CMS_DIR / "locale_vendor"]
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
#: Dates as residents write them: "7 грудня 2028", "31 December 2028" (cms/formats).
FORMAT_MODULE_PATH = ["cms.formats"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
#: Deliveries' attachments: outside MEDIA_ROOT, served only by the admin to those who may
#: see the delivery (cms.deliveries). Back it up with the database.
OKCORE_PRIVATE_ROOT = Path(os.environ.get("OKCORE_PRIVATE_ROOT", VAR_DIR / "private"))
#: The largest attachment a delivery takes, in bytes.
OKCORE_ATTACHMENT_MAX_BYTES = int(os.environ.get("OKCORE_ATTACHMENT_MAX_BYTES", 10_000_000))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

#: Wagtail's fallback name (the dashboard, when a user's pages lie in no site) and the word
#: typed to confirm deleting many pages. The admin's title, sign-in and dashboard show the
#: portal's name of the request's site instead (cms/templates/wagtailadmin, cms.core.city).
WAGTAIL_SITE_NAME = "okcore"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
#: The pages are indexed with their stems (cms.core.stemming): PostgreSQL must not stem
#: them again or drop English stop words from Polish and Ukrainian text ("simple").
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "simple"}
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
#: No Gravatar: the admin shows Wagtail's own default avatar (served with the admin's static
#: files) to whoever uploaded no picture, rather than a broken image where Gravatar is
#: unreachable, and tells Gravatar nothing of the staff's e-mail addresses.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
#: The admin's Help menu links to the project's guide for editors: this address if set (e.g.
#: the guide's page in the project's public repository), else the admin shows the guide of
#: this installation (docs/editors-guide.md, cms.core.wagtail_hooks).
OKCORE_EDITORS_GUIDE_URL = os.environ.get("OKCORE_EDITORS_GUIDE_URL", "")
OKCORE_EDITORS_GUIDE_FILE = REPO_DIR / "docs" / "editors-guide.md"

# Rate-limited logins (django-axes): five failures lock the username and address.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
#: How many reverse proxies (nginx) stand in front of the site, each appending the address
#: it was reached from to X-Forwarded-For. 0: the connecting address is the client's, and
#: the header, which anyone can send, is ignored.
OKCORE_TRUSTED_PROXY_COUNT = int(os.environ.get("OKCORE_TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "cms.core.clients.client_address"

# One cache for every worker when REDIS_URL is set (publishing invalidates it for all);
# otherwise each process keeps its own, which serves a single process well.
CACHES: dict[str, dict[str, Any]]
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            # Django's, with kept clients and publish/subscribe for the page cache.
            "BACKEND": "cms.core.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "okcore",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 100_000},  # feeds keep each event's text
        }
    }
#: How long an anonymous page or feed is served from the cache at most (0 turns it off).
OKCORE_PAGE_CACHE_SECONDS = int(os.environ.get("OKCORE_PAGE_CACHE_SECONDS", "300"))
#: How many bytes of large cached copies (feeds) each process keeps in its own memory too.
OKCORE_PAGE_CACHE_MEMORY_BYTES = int(
    os.environ.get("OKCORE_PAGE_CACHE_MEMORY_BYTES", str(32 * 1024 * 1024))
)

REST_FRAMEWORK = {
    # Token first: an anonymous write gets 401 with a WWW-Authenticate challenge.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "cms.api.authentication.ProvisionedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    # JSON nested deeper than okcore.load.MAX_NESTING is a 400 (docs/api.md).
    "DEFAULT_PARSER_CLASSES": [
        "cms.api.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {"writes": os.environ.get("OKCORE_API_WRITE_RATE", "60/minute")},
}

SPECTACULAR_SETTINGS = {
    # The request's portal name replaces it (cms.api.schema.name_the_portal).
    "TITLE": "okcore API",
    "DESCRIPTION": "Programmes, goals, tasks, indicators, risks, units, events, "
    "measurements, and units' duties and deliveries. Reading the programme is public; "
    "duties, deliveries and writing need a token or a signed-in session. Guide: docs/api.md.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Three models have a "status": each its own enum in the schema, named for what it is.
    "ENUM_NAME_OVERRIDES": {
        "DeliveryStatusEnum": "cms.deliveries.models.Status",
        "MeasurementStatusEnum": "cms.indicators.models.Status",
        "DeadlineStatusEnum": ["met", "met_late", "pending", "overdue", "ongoing"],
    },
    "PREPROCESSING_HOOKS": ["cms.api.schema.only_this_api"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "cms.api.schema.document_errors",
        "cms.api.schema.name_the_portal",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"cms": {"handlers": ["console"], "level": "INFO"}},
}

#: Group names the site relies on (created by ``okcore_setup``).
PORTAL_ADMINISTRATORS_GROUP = "Portal administrators"
PORTAL_EDITORS_GROUP = "Portal editors"

#: The index pages below each home page that ``okcore_setup`` creates (in the menu):
#: page model, slug, title in each language. Search needs none: it is a view (/search/).
OKCORE_INDEX_PAGES = [
    ("news.NewsIndexPage", "news", {"pl": "Aktualności", "en": "News", "uk": "Новини"}),
    ("events.EventIndexPage", "events", {"pl": "Wydarzenia", "en": "Events", "uk": "Події"}),
    ("network.UnitIndexPage", "units", {"pl": "Jednostki", "en": "Units", "uk": "Підрозділи"}),
]
#: The pages below each home page that ``okcore_setup`` creates outside the menu, linked
#: from every page's footer (cms.legal): page model, then slug and title in each language.
OKCORE_FOOTER_PAGES = [
    (
        "legal.AccessibilityStatementPage",
        {
            "pl": ("deklaracja-dostepnosci", "Deklaracja dostępności"),
            "en": ("accessibility-statement", "Accessibility statement"),
            "uk": ("deklaratsiia-dostupnosti", "Декларація доступності"),
        },
    ),
    (
        "legal.PrivacyNoticePage",
        {
            "pl": ("ochrona-danych-osobowych", "Ochrona danych osobowych"),
            "en": ("privacy-notice", "Privacy notice"),
            "uk": ("zakhyst-personalnykh-danykh", "Захист персональних даних"),
        },
    ),
]

#: The domain in calendar UIDs for every site whose city settings give none (cms.core.city);
#: empty: each site's host name. Keep it fixed once feeds are public, or subscribers get copies.
OKCORE_UID_DOMAIN = os.environ.get("OKCORE_UID_DOMAIN", "")


# Outgoing mail (reminders and notices, cms.reminders): one EMAIL_URL, e.g.
# ``submission://portal:secret@smtp.example.org:587`` (STARTTLS) or
# ``smtp://portal:secret@smtp.example.org:465?ssl=True``; without it Django's own
# variables, each from the environment.
_email = dj_email_url.parse(os.environ.get("EMAIL_URL", "") or "smtp://localhost:25")
if os.environ.get("EMAIL_URL"):
    EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = os.environ.get("EMAIL_HOST", _email["EMAIL_HOST"] or "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", _email["EMAIL_PORT"] or 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", _email["EMAIL_HOST_USER"] or "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", _email["EMAIL_HOST_PASSWORD"] or "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "1" if _email["EMAIL_USE_TLS"] else "0") == "1"
EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL", "1" if _email["EMAIL_USE_SSL"] else "0") == "1"
#: No SMTP server answering within this many seconds fails that one mail, not the run.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", _email["EMAIL_TIMEOUT"] or "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "portal@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
#: Days before a pending due date when its unit's coordinators get a reminder
#: (``okcore_remind``); comma-separated in the environment, e.g. ``14,3``.
OKCORE_REMINDER_DAYS = tuple(
    int(n) for n in os.environ.get("OKCORE_REMINDER_DAYS", "14,3").split(",") if n.strip()
)
#: The weekday SZ's digest of overdue units goes out (0 = Monday … 6 = Sunday).
OKCORE_DIGEST_WEEKDAY = int(os.environ.get("OKCORE_DIGEST_WEEKDAY", "0"))
