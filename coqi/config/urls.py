from django.contrib import admin
from django.urls import include, path

from coqi.api.api import api
from coqi.core.access import access_rule_of, public

# django-ninja's own index view gets a rule like every other view; its operations are token-protected.
_api_patterns, _api_app, _api_namespace = api.urls
for _pattern in _api_patterns:
    if access_rule_of(_pattern.callback) is None and getattr(_pattern, "name", "") == "api-root":
        public(_pattern.callback)

urlpatterns = [
    path("", include("coqi.core.urls")),
    path("health/", include("coqi.ops.urls")),  # for probes: no sign-in, nothing about anyone (coqi/ops/views.py)
    path("account/", include("coqi.accounts.urls")),
    path("account/data/", include("coqi.rights.urls")),
    # Issue 18: a person's involvement across every organisation they belong to (coqi/reports/me_urls.py).
    path("me/", include("coqi.reports.me_urls")),
    path("calendar/", include("coqi.partners.calendar_urls")),  # issue 18: a partner's private calendar feed
    path("o/<slug:org_slug>/", include("coqi.projects.urls")),
    path("o/<slug:org_slug>/experience/", include("coqi.experience.urls")),
    path("o/<slug:org_slug>/assessment/", include("coqi.assessment.urls")),
    path("o/<slug:org_slug>/commitments/", include("coqi.assessment.commitments_urls")),
    path("o/<slug:org_slug>/partners/", include("coqi.partners.urls")),
    path("o/<slug:org_slug>/payments/", include("coqi.payments.urls")),
    path("o/<slug:org_slug>/learning/", include("coqi.learning.urls")),
    path("o/<slug:org_slug>/", include("coqi.reports.urls")),
    path("o/<slug:org_slug>/innovations/", include("coqi.innovation.urls")),
    path("o/<slug:org_slug>/ideas/", include("coqi.ideas.urls")),
    path("s/<slug:system_slug>/network/", include("coqi.network.urls")),
    path("national/", include("coqi.network.national_urls")),
    # The public community-ideas pages need no account; their routes name the organisation `community_slug`
    # (not org_slug) because they are deliberately open to everyone (see coqi/ideas).
    path("community/", include("coqi.ideas.public_urls")),
    path("api/v1/", (_api_patterns, _api_app, _api_namespace)),
    # Django's admin, for site operators; it has its own staff-only rule (see tests/config/test_access_rules.py).
    path("django-admin/", admin.site.urls),
]

handler400 = "coqi.core.views.error_400"
handler403 = "coqi.core.views.error_403"
handler404 = "coqi.core.views.error_404"
handler500 = "coqi.core.views.error_500"
