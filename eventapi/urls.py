from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from eventapi import health

urlpatterns = [
    path("", RedirectView.as_view(url="/api/v1/", permanent=False)),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("events.api.urls")),
]

handler400 = "events.api.errors.bad_request"
handler403 = "events.api.errors.permission_denied"
handler404 = "events.api.errors.not_found"
handler500 = "events.api.errors.server_error"
