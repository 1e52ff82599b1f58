"""Protections that come from Django's defaults (the settings do not restate them), seen on real responses."""

import pytest
from django.contrib.auth.models import User

pytestmark = pytest.mark.django_db


class TestSecurityHeaders:
    @pytest.mark.parametrize("path", ["/api/v1/meetings/", "/api/v1/nope/", "/admin/login/"])
    def test_no_framing_and_no_content_sniffing(self, client, path):
        response = client.get(path)

        assert (response["X-Frame-Options"], response["X-Content-Type-Options"]) == ("DENY", "nosniff")

    def test_session_cookie_is_out_of_reach_of_scripts(self, client):
        User.objects.create_superuser("admin", password="a-long-test-password")

        response = client.post("/admin/login/", {"username": "admin", "password": "a-long-test-password"})

        assert response.status_code == 302
        assert response.cookies["sessionid"]["httponly"] is True
