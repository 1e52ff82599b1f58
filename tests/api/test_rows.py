"""Reads built from plain rows (events.api.rows) give exactly what the serializers give, on real data: the shipped
records and synthetic meetings, for every resource, as the lists and the objects' addresses serve them."""

import io

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.utils import timezone
from rest_framework import serializers
from rest_framework.test import APIRequestFactory

from events.api import rows
from events.api.urls import router
from events.models import Deletion, Meeting, Participation
from tests.conftest import SHIPPED_FILES, kept_for_the_scope

VIEWSETS = {prefix: viewset for prefix, viewset, _ in router.registry}


def view_of(viewset):
    view = viewset(request=APIRequestFactory().get("/"), format_kwarg=None, action="list", kwargs={})
    view.request.query_params = view.request.GET
    return view


def serialized(view, keys):
    """What DRF's serializer gives for these objects, read with the viewset's own prefetches."""
    found = {item.pk: item for item in view.get_queryset().filter(pk__in=keys)}
    return view.get_serializer_class()([found[key] for key in keys], many=True).data


@pytest.fixture(scope="class")
def shipped_and_synthetic(django_db_setup, django_db_blocker):
    def build():
        call_command("import_events", *SHIPPED_FILES, stdout=io.StringIO())
        call_command("generate_synthetic", meetings=40, seed=7, stdout=io.StringIO())
        Deletion.objects.create(resource="meetings", key="gone", deleted_at=timezone.now())

    yield from kept_for_the_scope(django_db_blocker, build)


@pytest.mark.usefixtures("shipped_and_synthetic")
class TestSameAsTheSerializer:
    @pytest.mark.parametrize("prefix", sorted(VIEWSETS))
    def test_every_object_of_every_resource(self, prefix, db):
        view = view_of(VIEWSETS[prefix])
        keys = list(view.get_queryset().values_list("pk", flat=True))

        built = rows.plan_for(view).items(keys)

        assert keys, f"{prefix}: no rows to compare"
        assert built == serialized(view, keys)

    def test_keys_come_back_in_the_order_asked(self, db):
        view = view_of(VIEWSETS["meetings"])
        keys = list(Meeting.objects.order_by("-pk").values_list("pk", flat=True)[:5])

        assert [item["slug"] for item in rows.plan_for(view).items(keys)] == [
            Meeting.objects.get(pk=key).slug for key in keys
        ]

    def test_a_participation_with_delegates_and_sources_is_read_whole(self, db):
        participation = Participation.objects.filter(delegates__isnull=False, sources__isnull=False).first()
        view = view_of(VIEWSETS["participations"])

        (item,) = rows.plan_for(view).items([participation.pk])

        assert item["delegates"] and item["sources"] and item["representative"]
        assert item == serialized(view, [participation.pk])[0]


def test_a_field_that_is_not_a_column_must_be_computed():
    class Shape(serializers.ModelSerializer):
        class Meta:
            model = Participation
            fields = ["id", "representative"]

    with pytest.raises(ImproperlyConfigured, match="representative.*computed_fields"):
        rows.RowPlan(Shape(), Participation)
