"""Rate limits: DRF throttles whose rates are read from settings at each request (so `off`, or a test's override,
takes effect without a restart), whose clients are told apart through the trusted proxies, and which report the
tightest limit a request met for the `RateLimit-*` headers."""

import time

from django.conf import settings
from rest_framework import throttling
from rest_framework.permissions import SAFE_METHODS

from eventapi.network import client_ip


class RateThrottle(throttling.SimpleRateThrottle):
    def get_rate(self):
        return settings.THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):
        # The rate is read here rather than once at start-up, as SimpleRateThrottle.__init__ does.
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        allowed = super().allow_request(request, view)
        if self.rate is not None and self.key is not None:
            self._report(request, allowed)
        return allowed

    def get_ident(self, request):
        return client_ip(request.META)

    def _report(self, request, allowed):
        remaining = max(self.num_requests - len(self.history), 0)
        reset = int(self.history[-1] + self.duration - self.now) + 1 if self.history else int(self.duration)
        current = getattr(request._request, "rate_limit", None)
        if not allowed or current is None or remaining < current[1]:
            request._request.rate_limit = (self.num_requests, remaining, max(reset, 0))

    def timer(self):
        return time.time()


class AnonRateThrottle(RateThrottle):
    """Anonymous clients, by address."""

    scope = "anon"

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class UserRateThrottle(RateThrottle):
    """Token (or session) users, by user."""

    scope = "user"

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class WriteRateThrottle(RateThrottle):
    """Writes, by user (or address): a limit of their own on top of the user's."""

    scope = "write"

    def get_cache_key(self, request, view):
        if request.method in SAFE_METHODS:
            return None
        ident = request.user.pk if request.user and request.user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
