"""The WSGI application that `eventapi.serve` (granian) runs."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eventapi.settings")

application = get_wsgi_application()

# What start-up built (modules, settings, URL patterns, the schema's serializers) lives as long as the process: the
# collector need not look at it again. A list page builds thousands of short-lived objects; with Python's default
# threshold (700) that cost dozens of collections per request, a larger first generation costs one or two. The older
# generations are collected often, though: each request leaves reference cycles (request, view, filter form), and
# with rare full collections they piled up to 400 MB per worker under load at S2 (bench/RESULTS.md); with these
# thresholds a worker stayed at about 140 MB.
gc.freeze()
gc.set_threshold(10_000, 2, 2)
