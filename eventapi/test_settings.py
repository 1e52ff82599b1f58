"""Settings for the test suite: production settings (DEBUG off) with a throwaway SECRET_KEY."""

import os

os.environ.setdefault("SECRET_KEY", "test-suite-only-secret-key")

from eventapi.settings import *  # noqa: E402, F403

# Tests render the admin without running collectstatic first: serve static files straight from the apps.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
