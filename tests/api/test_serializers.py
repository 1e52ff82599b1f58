"""Serializers parse and render; they keep no state between calls and write nothing (the services do)."""

import pytest
from rest_framework.exceptions import ValidationError

from events import services
from events.api.serializers import ParticipationSerializer, RoleSerializer
from events.models import Participation, ParticipationRole
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


class TestParsing:
    def test_many_items_parse_independently(self):
        """Two roles given at once are two independent parsed items (the old base class kept the last one's state)."""
        serializer = RoleSerializer(
            data=[{"code": "guest", "name": "Guest"}, {"code": "vip", "name": "VIP"}], many=True
        )

        assert serializer.is_valid(), serializer.errors
        assert [dict(item) for item in serializer.validated_data] == [
            {"code": "guest", "name": "Guest"},
            {"code": "vip", "name": "VIP"},
        ]

    def test_the_same_serializer_validates_twice_without_carrying_state(self):
        serializer = RoleSerializer(data={"code": "guest", "name": "Guest"})
        assert serializer.is_valid()
        first = dict(serializer.validated_data)
        assert serializer.is_valid()

        assert dict(serializer.validated_data) == first

    def test_unknown_field_is_named(self):
        serializer = RoleSerializer(data={"code": "guest", "name": "Guest", "titel": "x"})

        assert not serializer.is_valid()
        assert serializer.errors == {
            "titel": ["Unknown field; this resource takes code, name, description."],
        }

    def test_read_only_fields_sent_back_are_ignored(self):
        serializer = RoleSerializer(
            data={"code": "guest", "name": "Guest", "created_at": "2020-01-01T00:00:00Z", "updated_at": "x"}
        )

        assert serializer.is_valid(), serializer.errors
        assert dict(serializer.validated_data) == {"code": "guest", "name": "Guest"}


class TestSerializersDoNotWrite:
    def test_save_is_refused_with_a_pointer_to_the_services(self):
        serializer = RoleSerializer(data={"code": "guest", "name": "Guest"})
        assert serializer.is_valid()

        with pytest.raises(NotImplementedError, match="events.services"):
            serializer.save()
        assert not ParticipationRole.objects.filter(code="guest").exists()

    def test_the_service_applies_the_models_rules_to_parsed_data(self):
        MeetingFactory(slug="summit")
        serializer = ParticipationSerializer(
            data={
                "meeting": "summit",
                "nation": "DE",
                "role": "lead",
                "status": "declined",
                "attendance_mode": "remote",
            }
        )
        assert serializer.is_valid(), serializer.errors

        with pytest.raises(Exception) as raised:
            services.participation_create(data=serializer.validated_data, user=None)

        assert not isinstance(raised.value, ValidationError)  # the model's error, which the API turns into a 400
        assert raised.value.message_dict == {"attendance_mode": ["A nation that declined has no attendance mode."]}
        assert not Participation.objects.exists()
