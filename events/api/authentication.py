"""API tokens: django-rest-knox (stored as hashes, with expiry), sent as `Authorization: Bearer <token>` (what
generated clients send) or `Authorization: Token <token>`."""

from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from rest_framework import exceptions
from rest_framework.authentication import get_authorization_header

SCHEMES = (b"bearer", b"token")
HOW_TO_AUTHENTICATE = (
    "Send `Authorization: Bearer <token>` (or `Token <token>`); an administrator issues tokens with "
    "`manage.py issue_token <username>`."
)


class TokenAuthentication(KnoxTokenAuthentication):
    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in SCHEMES:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(f"Malformed Authorization header. {HOW_TO_AUTHENTICATE}")
        try:
            return self.authenticate_credentials(parts[1])
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(f"Invalid token. {HOW_TO_AUTHENTICATE}") from None
        except exceptions.AuthenticationFailed as failure:
            raise exceptions.AuthenticationFailed(f"{failure.detail} {HOW_TO_AUTHENTICATE}") from None

    def authenticate_header(self, request):
        return 'Bearer realm="api"'
