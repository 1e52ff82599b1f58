"""What every resource's viewset does, so that the resource viewsets only declare their parts.

Reads carry an ETag and Last-Modified and answer conditional requests; writes go through the resource's services,
inside one change, with the request's preconditions checked against the locked, current row; a POST may carry an
`Idempotency-Key`.
"""

import re

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import MethodNotAllowed, NotFound
from rest_framework.response import Response

from events.api import conditional, rows
from events.api.exports import ExportRenderer
from events.api.filters import check_query
from events.api.history import HistoryEntrySerializer, object_history
from events.api.idempotency import idempotent
from events.api.pagination import HistoryPagination


class MethodCheckedFirst:
    """A method an address does not take is a 405 before authentication: the answer does not depend on who asks, and
    an anonymous client is not told to authenticate for a request that could never succeed."""

    def initial(self, request, *args, **kwargs):
        method = request.method.lower()
        if method not in self.http_method_names or not hasattr(self, method):
            raise MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)


class BoundedListMixin:
    """A list page holds at most MAX_PAGE_BYTES of JSON; `next` goes on from where it stopped. As CSV or NDJSON
    (`events.api.exports`), the list is one stream of every matching row instead."""

    streams_exports = True

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        if isinstance(request.accepted_renderer, ExportRenderer):
            return request.accepted_renderer.response(self, queryset)
        page = self.paginate_queryset(rows.keys_only(queryset).values_list("pk", flat=True))
        items = rows.plan_for(self).items(page)
        return self.get_paginated_response(self.paginator.within_byte_budget(items))


class ReadOnlyResourceViewSet(MethodCheckedFirst, BoundedListMixin, viewsets.ReadOnlyModelViewSet):
    """Objects answer conditional GETs: the version is read first with one small query, so a 304 costs no more."""

    def lookup_value(self):
        return self.kwargs[self.lookup_url_kwarg or self.lookup_field]

    def get_object(self):
        self.kwargs[self.lookup_url_kwarg or self.lookup_field] = self.lookup_value()
        return super().get_object()

    def retrieve(self, request, *args, **kwargs):
        stored = self.stored_version(self.lookup_field, self.lookup_value())
        media_type = request.accepted_renderer.media_type
        outcome = conditional.evaluate(request, stored, [media_type])
        if outcome == status.HTTP_412_PRECONDITION_FAILED:
            raise conditional.PreconditionFailedError
        if outcome == status.HTTP_304_NOT_MODIFIED:
            response = Response(status=status.HTTP_304_NOT_MODIFIED)
            conditional.set_validators(response, stored, media_type)
            return response
        self.check_object_permissions(request, stored)
        response = Response(self.shown(stored.pk))
        conditional.set_validators(response, stored, media_type)
        return response

    def stored_version(self, field_name, value):
        """The object's key and `updated_at` (what its ETag is made of), read first; a 404 if there is none."""
        stored = rows.version(self.get_queryset().model, field_name, value)
        if stored is None:
            raise NotFound
        return stored

    def shown(self, key):
        """The object's representation, read as every list reads it (`events.api.rows`); a 404 if it was deleted
        since its version was read."""
        found = rows.plan_for(self).items([key])
        if not found:
            raise NotFound
        return found[0]

    def media_types(self):
        """Every representation of an object; a write's If-Match may name the ETag of any of them."""
        return [renderer.media_type for renderer in self.get_renderers()]


class ResourceViewSet(ReadOnlyResourceViewSet, viewsets.ModelViewSet):
    """Writes call `create_service(data=, user=)`, `update_service(<object>=, data=, user=, precondition=)` and
    `delete_service(<object>=, user=, precondition=)`, where <object> is `service_object` (the model's name)."""

    create_service = None
    update_service = None
    delete_service = None
    service_object = None

    def create(self, request, *args, **kwargs):
        return idempotent(request, lambda: self._created(request))

    def _created(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        instance = self.create_service(data=serializer.validated_data, user=request.user)
        return self._written(instance, status.HTTP_201_CREATED)

    def update(self, request, *args, partial=False, **kwargs):
        instance = self.get_object()
        precondition = conditional.write_precondition(request, self.media_types())
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        instance = self.update_service(
            **{self._object_name(): instance},
            data=serializer.validated_data,
            user=request.user,
            precondition=precondition,
        )
        return self._written(instance, status.HTTP_200_OK)

    def destroy(self, request, *args, **kwargs):
        instance = self.get_object()
        precondition = conditional.write_precondition(request, self.media_types())
        self.delete_service(**{self._object_name(): instance}, user=request.user, precondition=precondition)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _written(self, instance, status_code):
        """The object as a read shows it (with what it nests), and its new validators; a 404 if a concurrent request
        deleted it since this one's change committed."""
        stored = self.stored_version("pk", instance.pk)
        response = Response(self.shown(instance.pk), status=status_code)
        if status_code == status.HTTP_201_CREATED:
            response["Location"] = self.request.build_absolute_uri(
                self.reverse_action("detail", kwargs={self.lookup_field: getattr(instance, self.lookup_field)})
            )
        conditional.set_validators(response, stored, self.request.accepted_renderer.media_type)
        return response

    def _object_name(self):
        """The services' keyword for the object: `meeting_relation` for a MeetingRelation."""
        return self.service_object or re.sub(r"(?<!^)(?=[A-Z])", "_", self.get_queryset().model.__name__).lower()


class HistoryMixin:
    """`{key}/history/`: every change of the object, also after it was deleted."""

    @extend_schema(responses=HistoryEntrySerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=HistoryPagination)
    def history(self, request, *args, **kwargs):
        check_query(request.query_params, ["limit", "offset"])
        try:
            entries = object_history(self.get_queryset().model, self.lookup_field, self.lookup_value())
        except (TypeError, ValueError, DjangoValidationError):  # not a key at all (`/sources/abc/history/`)
            entries = None
        if entries is None:
            raise NotFound
        page = self.paginate_queryset(entries)
        return self.get_paginated_response(HistoryEntrySerializer(page, many=True).data)
