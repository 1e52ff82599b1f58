"""Settings for the test suite: production settings (DEBUG off) with a throwaway SECRET_KEY."""

import os

os.environ.setdefault("SECRET_KEY", "test-suite-only-secret-key")

from eventapi.settings import *  # noqa: E402, F403

# Tests render the admin without running collectstatic first: serve static files straight from the apps.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# The suite makes thousands of requests from one address: rate limits are tested where they are the subject.
THROTTLE_RATES = dict.fromkeys(THROTTLE_RATES, None)  # noqa: F405
# One access-log line per request would be noise in pytest's captured output; tests that read it turn it on.
LOGGING["loggers"]["eventapi.requests"]["level"] = "WARNING"  # noqa: F405
