"""Rate limits: DRF throttles counted atomically in the cache (Redis when configured), per fixed window.

DRF's own throttles read a request history, then write it back: two requests at the same moment, in two workers,
both pass. Here each request increments a counter for the current window (`INCR` in Redis, atomic), so a client
gets exactly its limit whatever the concurrency; at a window's edge a client may send up to twice the rate in a short
burst, the usual price of fixed windows. Rates are read from settings at each request (so `off`, or a test's
override, takes effect without a restart); clients are told apart through the trusted proxies; each throttle reports
what it counted for the `RateLimit-*` headers (the tightest one wins).
"""

import math

from django.conf import settings
from django.core.cache import cache
from rest_framework import throttling
from rest_framework.permissions import SAFE_METHODS

from eventapi.network import client_ip


class RateThrottle(throttling.SimpleRateThrottle):
    def __init__(self):
        # SimpleRateThrottle reads its rate once, at creation; these read it at each request.
        pass

    def get_rate(self):
        return settings.THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):
        rate = self.get_rate()
        self.key = None if rate is None else self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.num_requests, self.duration = self.parse_rate(rate)
        now = self.timer()
        window = int(now // self.duration)
        self.reset = self.duration - (now - window * self.duration)
        counter = f"{self.key}:{window}"
        cache.add(counter, 0, timeout=self.duration + 1)
        count = cache.incr(counter)
        allowed = count <= self.num_requests
        self._report(request, allowed, max(self.num_requests - count, 0))
        return allowed

    def wait(self):
        return math.ceil(self.reset)

    def get_ident(self, request):
        return client_ip(request.META)

    def _report(self, request, allowed, remaining):
        current = getattr(request._request, "rate_limit", None)
        if not allowed or current is None or remaining < current[1]:
            request._request.rate_limit = (self.num_requests, remaining, math.ceil(self.reset))


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
