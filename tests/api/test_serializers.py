"""The write serializers' base class, through what a view would do with it: values a view gives to `save()`."""

import pytest
from rest_framework.exceptions import ValidationError

from events.api.serializers import ParticipationSerializer, RoleSerializer
from events.models import Participation, ParticipationRole
from tests.factories import MeetingFactory, RoleFactory

pytestmark = pytest.mark.django_db


class TestSaveWithValuesFromTheServer:
    def test_create_stores_them(self):
        serializer = RoleSerializer(data={"code": "guest", "name": "Guest"})
        assert serializer.is_valid(), serializer.errors

        serializer.save(description="Set by the server.")

        assert ParticipationRole.objects.filter(code="guest").values_list("name", "description").get() == (
            "Guest",
            "Set by the server.",
        )

    def test_update_stores_them(self):
        role = RoleFactory(code="guest", name="Guest", description="")
        serializer = RoleSerializer(role, data={"name": "Visitor"}, partial=True)
        assert serializer.is_valid(), serializer.errors

        serializer.save(description="Set by the server.")

        role.refresh_from_db()
        assert (role.code, role.name, role.description) == ("guest", "Visitor", "Set by the server.")

    def test_they_obey_the_models_rules(self):
        MeetingFactory(slug="summit")
        serializer = ParticipationSerializer(
            data={"meeting": "summit", "nation": "DE", "role": "lead", "status": "declined"}
        )
        assert serializer.is_valid(), serializer.errors

        with pytest.raises(ValidationError) as raised:
            serializer.save(attendance_mode="remote")

        assert raised.value.detail == {"attendance_mode": ["A nation that declined has no attendance mode."]}
        assert not Participation.objects.exists()
