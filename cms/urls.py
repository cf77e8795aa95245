"""URLs: the admin, then every public page under its language prefix (/pl/, /en/, /uk/)."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib.staticfiles.urls import staticfiles_urlpatterns
from django.urls import include, path, re_path
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms.core import views as core_views
from cms.events import views as calendars
from cms.reports.views import report_file
from cms.search.views import search

#: 404: Django's own handler renders templates/404.html with the request (the site's
#: navigation, in the language of the address); 500: cms.core.views.server_error.
handler500 = "cms.core.views.server_error"

#: Wagtail's own URLs, its page view replaced by one that remembers routes (cms.core.views.serve).
pages = [
    *(url for url in wagtail_urls.urlpatterns if url.name != "wagtail_serve"),
    re_path(wagtail_urls.serve_pattern, core_views.serve, name="wagtail_serve"),
]

urlpatterns = [
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    path("sitemap.xml", core_views.sitemap, name="sitemap"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/setlang/", set_language, name="set_language"),
    path("calendar/private/<str:token>.ics", calendars.private_feed, name="calendar_private"),
    path("api/v1/", include("cms.api.urls")),
    # Public once the report is live, SZ's only before (cms.reports.views.may_download).
    path("reports/files/<int:pk>/", report_file, name="report_file"),
]

if settings.DEBUG:
    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("search/", search, name="search"),
    path("calendar/programme.ics", calendars.programme_feed, name="calendar_programme"),
    path(
        "calendar/programme/<slug:programme>.ics",
        calendars.programme_events_feed,
        name="calendar_programme_events",
    ),
    path(
        "calendar/programme/<slug:programme>/goal/<int:number>.ics",
        calendars.goal_feed,
        name="calendar_goal",
    ),
    path("calendar/goal/<int:number>.ics", calendars.old_goal_feed, name="calendar_old_goal"),
    path("calendar/unit/<slug:slug>.ics", calendars.unit_feed, name="calendar_unit"),
    path(
        "calendar/category/<slug:category>.ics", calendars.category_feed, name="calendar_category"
    ),
    path("calendar/event/<int:page_id>.ics", calendars.event_ics, name="calendar_event"),
    path("", include(pages)),
)
