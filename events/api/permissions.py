"""Permissions beyond the default (anonymous reads, writes by model permission)."""

from rest_framework.permissions import BasePermission

from events.services import SECTION_MODELS


class CanImport(BasePermission):
    """An import needs the add and change permissions of every kind of record its document holds."""

    message = "Importing this document needs the add and change permissions of every kind of record it holds."

    def has_permission(self, request, view):
        data = request.data if isinstance(request.data, dict) else {}
        needed = {
            f"{model._meta.app_label}.{action}_{model._meta.model_name}"
            for section, models in SECTION_MODELS.items()
            if data.get(section)
            for model in models
            for action in ("add", "change")
        }
        return request.user.has_perms(needed)
