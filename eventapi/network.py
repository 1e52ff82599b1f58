"""Who the client is: its address, seen through the configured number of trusted proxies.

One rule for the rate limits, the login protection and the logs, so that clients behind a proxy do not share one
bucket and no client can choose its own address by sending X-Forwarded-For.
"""

from django.conf import settings


def client_ip(meta):
    """The client's address from a request's META (WSGI environ)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = meta.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        return meta.get("REMOTE_ADDR", "")
    # Each trusted proxy appended the address it received the request from; the last `proxies` entries are theirs.
    addresses = [address.strip() for address in forwarded.split(",") if address.strip()]
    return addresses[-proxies] if len(addresses) >= proxies else addresses[0]


def client_ip_of_request(request):
    return client_ip(request.META)
