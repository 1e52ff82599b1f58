"""Serializers parse and render; they keep no state between calls and write nothing (the services do)."""

import pytest
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import ValidationError

from events import services
from events.api.serializers import ParticipationSerializer, RoleSerializer
from events.models import Participation, ParticipationRole
from tests.factories import DelegateFactory, MeetingFactory, OrganizationFactory, ParticipationFactory, PersonFactory

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
        assert raised.value.message_dict == {
            "attendance_mode": ["A participant that declined or was reported absent has no attendance mode."]
        }
        assert not Participation.objects.exists()

    def test_the_service_applies_the_rule_of_one_participant(self):
        MeetingFactory(slug="summit")
        OrganizationFactory(slug="nato")
        serializer = ParticipationSerializer(
            data={"meeting": "summit", "nation": "DE", "organization": "nato", "role": "participant"}
        )
        assert serializer.is_valid(), serializer.errors

        with pytest.raises(DjangoValidationError) as raised:
            services.participation_create(data=serializer.validated_data, user=None)

        assert raised.value.message_dict == {
            "nation": ["A participation names exactly one participant: a nation or an organization."]
        }
        assert not Participation.objects.exists()


class TestDeprecatedFields:
    """A deprecated field is read-only: compared with what the object it updates shows, never parsed into data."""

    @pytest.fixture
    def participation(self, db):
        participation = ParticipationFactory()
        DelegateFactory(participation=participation, person=PersonFactory(name="Boris Pistorius"), office="Minister")
        return participation

    def test_the_value_shown_is_accepted_and_left_out_of_the_parsed_data(self, participation):
        serializer = ParticipationSerializer(
            participation, data={"representative": "Boris Pistorius, Minister", "notes": "x"}, partial=True
        )

        assert serializer.is_valid(), serializer.errors
        assert dict(serializer.validated_data) == {"notes": "x"}

    def test_another_value_is_refused(self, participation):
        serializer = ParticipationSerializer(participation, data={"representative": "Olaf Scholz"}, partial=True)

        assert not serializer.is_valid()
        assert serializer.errors == {
            "representative": [
                "Deprecated and read-only: add the people who represented the participant as delegates/."
            ]
        }

    @pytest.mark.parametrize("value, valid", [(None, True), ("", True), ("Olaf Scholz", False)])
    def test_a_new_object_has_no_value_yet(self, value, valid):
        MeetingFactory(slug="summit")
        serializer = ParticipationSerializer(
            data={"meeting": "summit", "nation": "DE", "role": "participant", "representative": value}
        )

        assert serializer.is_valid() is valid
        assert "representative" not in serializer.validated_data
