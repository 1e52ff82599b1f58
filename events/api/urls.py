from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from events.api import views

router = DefaultRouter()
router.include_format_suffixes = False  # one route per operation; `?format=` still picks the renderer
router.register("nations", views.NationViewSet)
router.register("organizations", views.OrganizationViewSet)
router.register("memberships", views.MembershipViewSet)
router.register("roles", views.RoleViewSet)
router.register("meetings", views.MeetingViewSet)
router.register("sessions", views.SessionViewSet)
router.register("participations", views.ParticipationViewSet)
router.register("contributions", views.ContributionViewSet)
router.register("sources", views.SourceViewSet)
router.register("citations", views.CitationViewSet)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
    path("", include(router.urls)),
]
