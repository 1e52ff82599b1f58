from csp.decorators import csp_update
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from events.api import analytics, calendar, views


class Router(DefaultRouter):
    """One route per operation (`?format=` still picks the renderer), and lookups that match only what a key can
    be: a malformed one is a 404 at the URL and never reaches the database."""

    include_format_suffixes = False
    slug_pattern = "[-a-zA-Z0-9_]+"

    def get_lookup_regex(self, viewset, lookup_prefix=""):
        # Integer IDs keep DRF's default pattern so that the schema types them as integers; a malformed one is a 404.
        if getattr(viewset, "lookup_field", "pk") != "pk" and not getattr(viewset, "lookup_value_regex", None):
            return f"(?P<{lookup_prefix}{viewset.lookup_field}>{self.slug_pattern})"
        return super().get_lookup_regex(viewset, lookup_prefix)


router = Router()
router.register("nations", views.NationViewSet)
router.register("organizations", views.OrganizationViewSet)
router.register("memberships", views.MembershipViewSet)
router.register("roles", views.RoleViewSet)
router.register("meetings", views.MeetingViewSet)
router.register("series", views.SeriesViewSet)
router.register("sessions", views.SessionViewSet)
router.register("reported-counts", views.ReportedCountViewSet)
router.register("meeting-relations", views.MeetingRelationViewSet)
router.register("participations", views.ParticipationViewSet)
router.register("people", views.PersonViewSet)
router.register("delegates", views.DelegateViewSet)
router.register("contributions", views.ContributionViewSet)
router.register("sources", views.SourceViewSet)
router.register("citations", views.CitationViewSet)
router.register("deletions", views.DeletionViewSet)

# ReDoc runs its search in a worker it builds from a blob: URL.
redoc = csp_update({"worker-src": ["blob:"]})(
    SpectacularRedocView.as_view(url_name="schema", template_name="events/redoc.html")
)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerView.as_view(url_name="schema", template_name="events/swagger_ui.html"),
        name="swagger-ui",
    ),
    path("redoc/", redoc, name="redoc"),
    path("imports/", views.ImportView.as_view(), name="imports"),
    path("meetings.ics", calendar.MeetingCalendarView.as_view(), name="meetings-calendar"),
    re_path(
        r"^nations/(?P<code>[A-Za-z]{2})/meetings\.ics$", calendar.NationCalendarView.as_view(), name="nation-calendar"
    ),
    re_path(r"^nations/(?P<code>[A-Za-z]{2})/partners/$", analytics.PartnersView.as_view(), name="nation-partners"),
    path("network/", analytics.NetworkView.as_view(), name="network"),
    path("participations/summary/", analytics.SummaryView.as_view(), name="participation-summary"),
    re_path(rf"^meetings/(?P<slug>{Router.slug_pattern})/blocs/$", analytics.BlocsView.as_view(), name="meeting-blocs"),
    path("", include(router.urls)),
]
