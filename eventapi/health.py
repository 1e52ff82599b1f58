"""Probes for load balancers and orchestrators: is the process alive, and can it serve."""

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def healthz(request):
    """The process answers; nothing else is checked (a database outage must not get live processes restarted)."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request):
    """200 when the database answers with every migration applied and the cache answers; 503 naming what is not
    ready otherwise, with Retry-After."""
    checks = {"database": _database(), "migrations": "skipped", "cache": _cache()}
    if checks["database"] == "ok":
        checks["migrations"] = _migrations()
    ready = all(value == "ok" for value in checks.values())
    response = JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503
    )
    if not ready:
        response["Retry-After"] = str(settings.RETRY_AFTER_SECONDS)
    return response


def _database():
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception as error:  # noqa: BLE001 - any failure means not ready, and is reported
        return f"unavailable: {type(error).__name__}"


def _migrations():
    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        return "ok" if not pending else f"{len(pending)} not applied"
    except Exception as error:  # noqa: BLE001
        return f"unavailable: {type(error).__name__}"


def _cache():
    try:
        cache.set("readyz", "ok", 10)
        return "ok" if cache.get("readyz") == "ok" else "unavailable: no round trip"
    except Exception as error:  # noqa: BLE001
        return f"unavailable: {type(error).__name__}"
