"""vulture's whitelist: names the frameworks use by name, so no code of ours calls them.

vulture (pyproject.toml, ``[tool.vulture]``) reports code nothing refers to. Everything below
is called or read by Django, Wagtail, DRF, django-filter, drf-spectacular, pydantic,
openpyxl or python-docx through a setting, a naming convention, a metaclass or a template.
Dead code is removed, never listed here.
"""

# ruff: noqa: B018
from types import SimpleNamespace

_ = SimpleNamespace()

# Django: named in settings (apps, middleware, axes' client address, DRF's and
# drf-spectacular's classes and hooks), in wsgi.py, and by convention (commands, URLconfs).
(_.CoreConfig, _.UsersConfig, _.ApiConfig, _.EventsConfig, _.IndicatorsConfig, _.NetworkConfig)
(
    _.NewsConfig,
    _.DemoConfig,
    _.RemindersConfig,
    _.ProgrammesConfig,
    _.RisksConfig,
    _.SearchConfig,
    _.DashboardConfig,
    _.ready,
    _.user_viewset,
)
(_.PublicPageCacheMiddleware, _.SiteLocaleMiddleware, _.BadRequestMiddleware)
(_.DailyProvisioningMiddleware, _.process_exception, _.client_address)
(_.ProvisionedTokenAuthentication, _.BoundedJSONParser, _.document_errors, _.only_this_api)
_.name_the_portal  # drf-spectacular's postprocessing hook (SPECTACULAR_SETTINGS)
(_.application, _.urlpatterns, _.Command, _.help, _.add_arguments)
# Django models, forms and fields: Meta options, clean_<field>, field options.
(_.abstract, _.constraints, _.verbose_name, _.verbose_name_plural, _.clean_groups)
(_.required, _.widget)
_.unit_slug  # UnitDuty's field, which the ORM orders by name (cms.network.duties, an index)
# Wagtail: page rules, panels, inline models, snippet and chooser viewsets, components
# (and a summary item's context), and the default site's root page.
(_.subpage_types, _.parent_page_types, _.max_count_per_parent, _.base_form_class)
(_.edit_handler, _.EventCancellation, _.EventMove, _.render_html, _.order, _.root_page)
_.get_context_data
(_.index_view_class, _.add_view_class, _.edit_view_class, _.delete_view_class)
(_.history_view_class, _.usage_view_class, _.choose_view_class, _.choose_results_view_class)
(_.chosen_view_class, _.chosen_multiple_view_class, _.chooser_viewset_class)
(_.icon, _.menu_icon, _.menu_label, _.menu_name, _.menu_order, _.add_to_admin_menu)
(_.list_display, _.list_filter, _.inspect_view_enabled, _.inspect_view_fields)
(_.get_form_class, _.get_object_list, _.get_objects)
(_.inspect_view_class, _.get_form, _.tab)
# DRF and django-filter: view, permission, throttle and serializer hooks; get_<field> of
# SerializerMethodField; validate_<field>; a filter's method="...".
(_.permission_classes, _.throttle_classes, _.filter_backends, _.filterset_class, _.renderer_classes)
(_.ordering_fields, _.lookup_field, _.lookup_value_regex, _.http_method_names)
(_.get_queryset, _.retrieve, _.perform_create, _.perform_update, _.perform_destroy)
(_.has_permission, _.has_object_permission, _.num_requests, _.default_code, _.default_detail)
(_.to_representation, _.read_only_fields, _.validators, _.validate_unit, _.in_programme)
(_.get_calendar, _.get_coordinators, _.get_deadline, _.get_email, _.get_phone)
(_.validate_programme,)
(_.get_goals, _.get_indicators, _.get_key, _.get_level, _.get_tasks)
(_.get_title, _.get_status, _.get_basis, _.get_policy_note, _.get_delivery, _.get_user)
(_.get_submitted_by, _.get_acknowledged_by, _.validate_network, _.partial_update)
# Fields read only by templates or the API's field lists, or kept as a record.
(_.intro, _.image, _.image_alt, _.all_day, _.status_label, _.unit_name, _.document_rating)
(_.unit_of_measure, _.public_contact_consent_on, _.created_at, _.created_by, _.assessed_by)
(_.from_status, _.to_status)
(_.act_title, _.act_url, _.overdue_since)  # cms/dashboard/templates/dashboard/due_panel.html
_.risk_register  # cms/programmes/templates/programmes/programme_page.html
# A city's settings that templates read (cms/templates/base.html, the accessibility statement).
(_.contact_email, _.contact_phone, _.contact_address, _.accessibility_contact, _.logo)
# pydantic: model settings, and document fields that only the files and the JSON carry.
(_.model_config, _.signed, _.repeals, _.weight, _.qualifier, _.consequence, _.risk_scale)
# Enum members, chosen by their values in documents and forms.
(_.RESOLUTION, _.ORDINANCE, _.STATUTE, _.PROGRAMME_COORDINATOR, _.SUPERVISOR, _.TENTATIVE)
(_.MAYOR,)
(_.TOLERATE, _.TRANSFER, _.WITHDRAW, _.COUNTERACT, _.MAX, _.CORE, _.LENS, _.OPTIONAL)
# What apps declare on their AppConfig for core's registries (cms.core.extensions).
(_.administrator_permissions, _.editor_permissions, _.unit_group_permissions)
# Django's MultiWidget/MultiValueField protocol; a search field read by name; a filter's method.
(_.decompress, _.compress, _.all_names, _.of_indicator, _.validate_indicator)
# Enum members chosen by value; programme fields that only templates read.
(_.COORDINATORS_MEETING, _.CONSULTATION, _.TRAINING, _.FESTIVAL, _.AMBASSADOR_GALA)
(
    _.SECTOR_MEETING,
    _.PROGRAMME,
    _.CANCELLED,
    _.NONE,
    _.about,
    _.main_goal_source,
    _.strategy_link,
    _.funding_sources,
)
# okcore's public Python API for scripts and other sites (docs/plugins.md).
(_.calendar_items,)
# openpyxl: cell and sheet attributes it reads when writing the workbook.
(_.font, _.alignment, _.freeze_panes)
# python-docx: section, run and core-property attributes it reads when saving the document.
(_.page_width, _.page_height, _.left_margin, _.right_margin, _.top_margin, _.bottom_margin)
(_.bold, _.author, _.last_modified_by, _.modified, _.comments)
# Deliveries: the app's config; Wagtail's MenuItem.is_shown and Django's multiple-file widget
# flag; what the delivery templates read (a field's required mark, who acknowledged or
# uploaded and when).
(_.DeliveriesConfig, _.is_shown, _.allow_multiple_selected, _.required_mark)
(_.submitted_by, _.acknowledged_by, _.acknowledged_at, _.uploaded_by, _.uploaded_at)
# DRF's router calls it to build the API's index (cms/api/urls.py).
(_.get_api_root_view,)
# Reports: the app's config; Wagtail's page attributes and methods (not creatable by hand,
# no workflow, what a copy for translation leaves out); the chart block's legend fields (read
# as raw data by cms.reports.convert); the format choices; what the templates read (who
# approved, the revisions, the due row's link label).
(_.ReportsConfig, _.default_auto_field, _.is_creatable, _.exclude_fields_in_copy)
(_.label_baseline, _.label_value, _.label_target, _.PDF, _.DOCX, _.ODT)
(_.approved_by, _.revisions, _.url_label, _.get_workflow)
# cms.legal: the statement's and notice's fields and method read by their templates; the 500
# handler named in cms/urls.py; the sitemap's Django override.
(_.LegalConfig, _.handler500, _.server_error, _._urls, _.inaccessible_items)
(_.mobile_apps, _.additional, _.controller, _.dpo_email, _.dpo_address, _.purposes)
(_.retention, _.published_on, _.updated_on, _.burden_analysis, _.prepared_on)
(_.reviewed_on, _.assessor, _.keyboard_shortcuts, _.contact_person, _.architecture)
(_.sign_language, _.COMPLIANT, _.NOT_COMPLIANT, _.BURDEN, _.EXTERNAL, _.alternative)
(_.body_name,)
# Issue 18: the stemmed search field Wagtail reads by name (cms.core.stemming); the
# measurement form's part widget (Django calls these); listing columns' headings; the
# redirect fields the sync sets (cms.programmes.sync).
(_.search_stems, _.value_from_datadict, _.value_omitted_from_data, _.renderer)
(_.short_description, _.redirect_page, _.redirect_link, _.redirect_page_route_path)
# Django reads the site's date formats by name (cms/formats, FORMAT_MODULE_PATH); Wagtail reads
# a page type's default for "Show in menus" (the programme page's).
(_.DATE_FORMAT, _.DATETIME_FORMAT, _.MONTH_DAY_FORMAT, _.TIME_FORMAT, _.show_in_menus_default)
# The unit chooser's sentences and widget Wagtail reads (cms.network.wagtail_hooks).
(_.page_subtitle, _.choose_one_text, _.choose_another_text, _.link_to_chosen_text)
(_.base_widget_class, _.page_title)
# Where Wagtail keeps the request's site, which cms.core.cache fills from its host map.
_._wagtail_site
# Issue 20: what Django's Redis cache builds and asks by name (cms.core.redis).
(_._class, _._get_connection_pool_index)
