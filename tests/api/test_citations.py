import pytest

from events.models import Citation
from tests import factories
from tests.api.bodies import (
    FRANCE,
    NATO_BRIEF,
    NOT_A_NATION_CODE,
    PARIS_BRIEF,
    UKRAINE,
    conflict,
    ids,
    invalid,
    pks,
    rule_violated,
    source_brief,
    timestamps,
    unknown,
    unknown_reference,
)
from tests.conftest import PARIS

URL = "/api/v1/citations/"
NOT_AN_ORGANIZATION_SLUG = "Give the slug of an organization: letters, digits, hyphens and underscores."
SPEAKS_FOR_ONE = "A speaker speaks for a nation or an organization, not both."


def person_brief(person):
    return {"id": person.pk, "name": person.name, "wikidata_id": person.wikidata_id}


@pytest.fixture
def nato(db):
    return factories.OrganizationFactory(slug="nato", name=NATO_BRIEF["name"], short_name="NATO")


@pytest.fixture
def rutte(db):
    return factories.PersonFactory(name="Mark Rutte", wikidata_id="Q57792")


@pytest.fixture
def newslooks(db):
    return factories.SourceFactory(
        outlet="Newslooks",
        title="30+ Nations Discuss Military Support for Ukraine in Paris",
        url="https://newslooks.com/paris-talks",
    )


@pytest.fixture
def data(paris, newslooks, nato, rutte):
    """Statements from two sources, by French, Ukrainian, NATO and unattributed speakers, about Paris and London."""
    london = factories.MeetingFactory(slug="london-2025", title="London talks", start_date="2025-03-15")
    reuters = factories.SourceFactory(outlet="Reuters", title="Leaders meet in London")
    citation = factories.CitationFactory
    return {
        "london": london,
        "reuters": reuters,
        "fr_paris": citation(
            source=newslooks,
            quote="This coalition will consist of nations ‘able and willing’ to safeguard Ukraine",
            speaker="French military official",
            speaker_is_anonymous=True,
            speaker_nation=factories.nation("FR"),
            meeting=paris,
            context="The official spoke anonymously to discuss the classified planning process.",
        ),
        "ua_paris": citation(source=newslooks, speaker_nation=factories.nation("UA"), meeting=paris),
        "nobody": citation(source=newslooks),
        "ua_london": citation(source=reuters, speaker_nation=factories.nation("UA"), meeting=london),
        "gb_london": citation(source=reuters, speaker_nation=factories.nation("GB"), meeting=london),
        "nato_london": citation(
            source=reuters,
            quote="We stand with Ukraine",
            speaker="NATO Secretary General",
            speaker_organization=nato,
            speaker_person=rutte,
            meeting=london,
        ),
    }


class TestCitationList:
    def test_ordered_by_source_then_creation(self, api, data):
        response = api.get(URL)

        body = response.json()
        assert (body["count"], body["next"], body["previous"]) == (6, None, None)
        assert [item["id"] for item in body["results"]] == pks(
            data, "fr_paris", "ua_paris", "nobody", "ua_london", "gb_london", "nato_london"
        )

    def test_seed_citations(self, api, seed):
        body = api.get(URL).json()

        assert body["count"] == 3
        assert [
            (c["source"]["outlet"], c["speaker_nation"], c["speaker_organization"], c["speaker_person"], c["meeting"])
            for c in body["results"]
        ] == [("Newslooks", FRANCE, None, None, PARIS_BRIEF)] * 3


class TestCitationDetail:
    def test_full_body(self, api, data, newslooks):
        citation = data["fr_paris"]

        response = api.get(f"{URL}{citation.pk}/")

        assert response.status_code == 200
        assert response.json() == {
            "id": citation.pk,
            "source": source_brief(newslooks),
            "quote": "This coalition will consist of nations ‘able and willing’ to safeguard Ukraine",
            "speaker": "French military official",
            "speaker_is_anonymous": True,
            "speaker_person": None,
            "speaker_nation": FRANCE,
            "speaker_organization": None,
            "meeting": PARIS_BRIEF,
            "context": "The official spoke anonymously to discuss the classified planning process.",
            **timestamps(citation),
        }

    def test_a_named_person_speaking_for_an_organization(self, api, data, rutte):
        citation = data["nato_london"]

        response = api.get(f"{URL}{citation.pk}/")

        assert response.status_code == 200
        body = response.json()
        assert (body["speaker"], body["speaker_person"], body["speaker_nation"], body["speaker_organization"]) == (
            "NATO Secretary General",
            person_brief(rutte),
            None,
            NATO_BRIEF,
        )

    def test_unattributed_statement(self, api, data):
        body = api.get(f"{URL}{data['nobody'].pk}/").json()

        assert (
            body["speaker_is_anonymous"],
            body["speaker_person"],
            body["speaker_nation"],
            body["speaker_organization"],
            body["meeting"],
            body["context"],
        ) == (False, None, None, None, None, "")


class TestCitationFilters:
    def test_source(self, api, data, newslooks):
        assert ids(api.get(URL, {"source": newslooks.pk})) == pks(data, "fr_paris", "ua_paris", "nobody")
        assert ids(api.get(URL, {"source": data["reuters"].pk})) == pks(data, "ua_london", "gb_london", "nato_london")

    def test_meeting(self, api, data):
        assert ids(api.get(URL, {"meeting": PARIS})) == pks(data, "fr_paris", "ua_paris")
        assert ids(api.get(URL, {"meeting": "london-2025"})) == pks(data, "ua_london", "gb_london", "nato_london")

    @pytest.mark.parametrize("query", ["speaker_nation=fr,UA", "speaker_nation=FR&speaker_nation=ua"])
    def test_speaker_nation(self, api, data, query):
        assert ids(api.get(f"{URL}?{query}")) == pks(data, "fr_paris", "ua_paris", "ua_london")

    def test_filters_combine(self, api, data):
        assert ids(api.get(URL, {"speaker_nation": "UA", "meeting": "london-2025"})) == pks(data, "ua_london")

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("source=999999", unknown_reference(source=[unknown("source", "999999")])),
            ("source=abc", invalid(source=["Give the ID of a source (a number)."])),  # not an ID
            ("meeting=nope", unknown_reference(meeting=[unknown("meeting", "nope")])),
            ("speaker_nation=FR,XX", unknown_reference(speaker_nation=[unknown("nation", "XX")])),
        ],
    )
    def test_bad_value_is_400_naming_the_parameter(self, api, db, query, expected):
        response = api.get(f"{URL}?{query}")

        assert response.status_code == 400
        assert response.json() == expected


class TestCitationCreate:
    def test_create(self, editor, paris, newslooks):
        payload = {
            "source": newslooks.pk,
            "quote": "Final participation decisions will be made at the political level",
            "speaker": "French military official",
            "speaker_is_anonymous": True,
            "speaker_nation": "fr",
            "meeting": PARIS,
            "context": "On the absence of the United States.",
        }

        response = editor.post(URL, payload, format="json")

        assert response.status_code == 201, response.json()
        citation = Citation.objects.get()
        assert response.json() == {
            **payload,
            "id": citation.pk,
            "source": source_brief(newslooks),
            "speaker_person": None,
            "speaker_nation": FRANCE,
            "speaker_organization": None,
            "meeting": PARIS_BRIEF,
            **timestamps(citation),
        }
        assert (citation.source, citation.speaker_nation.code, citation.meeting) == (newslooks, "FR", paris)

    def test_create_for_an_organization_by_a_named_person(self, editor, newslooks, nato, rutte):
        payload = {
            "source": newslooks.pk,
            "quote": "We stand with Ukraine",
            "speaker": "NATO Secretary General",
            "speaker_person": rutte.pk,
            "speaker_organization": "nato",
        }

        response = editor.post(URL, payload, format="json")

        assert response.status_code == 201, response.json()
        body = response.json()
        assert (body["speaker_person"], body["speaker_nation"], body["speaker_organization"]) == (
            person_brief(rutte),
            None,
            NATO_BRIEF,
        )
        citation = Citation.objects.get()
        assert (citation.speaker_person, citation.speaker_organization, citation.speaker_nation) == (rutte, nato, None)

    def test_a_named_person_speaking_for_a_nation(self, editor, newslooks, rutte):
        payload = {
            "source": newslooks.pk,
            "quote": "Q",
            "speaker": "S",
            "speaker_person": rutte.pk,
            "speaker_nation": "NL",
        }

        response = editor.post(URL, payload, format="json")

        assert response.status_code == 201, response.json()
        citation = Citation.objects.get()
        assert (citation.speaker_person, citation.speaker_nation.code, citation.speaker_organization) == (
            rutte,
            "NL",
            None,
        )

    def test_a_speaker_speaks_for_one_nation_or_organization(self, editor, newslooks, nato):
        payload = {
            "source": newslooks.pk,
            "quote": "Q",
            "speaker": "S",
            "speaker_nation": "FR",
            "speaker_organization": "nato",
        }

        response = editor.post(URL, payload, format="json")

        assert response.status_code == 400
        assert response.json() == rule_violated(speaker_organization=[SPEAKS_FOR_ONE])
        assert not Citation.objects.exists()

    def test_minimal(self, editor, newslooks):
        response = editor.post(URL, {"source": newslooks.pk, "quote": "Q", "speaker": "S"}, format="json")

        assert response.status_code == 201, response.json()
        body = response.json()
        assert (
            body["speaker_is_anonymous"],
            body["speaker_person"],
            body["speaker_nation"],
            body["speaker_organization"],
            body["meeting"],
            body["context"],
        ) == (False, None, None, None, None, "")

    @pytest.mark.parametrize(
        ("payload", "expected"),
        [
            ({"source": 999999}, unknown_reference(source=["Unknown source 999999."])),
            ({"source": "abc"}, invalid(source=["Give the ID of a source (a number)."])),  # not an ID: a wrong type
            ({"source": None}, invalid(source=["This field may not be null."])),
            ({"speaker_nation": "ZZ"}, unknown_reference(speaker_nation=["Unknown nation 'ZZ'."])),
            ({"speaker_nation": "FRA"}, invalid(speaker_nation=[NOT_A_NATION_CODE])),  # not an alpha-2 code
            ({"meeting": "nowhere"}, unknown_reference(meeting=["Unknown meeting 'nowhere'."])),
            (
                {"speaker_organization": "warsaw-pact"},
                unknown_reference(speaker_organization=["Unknown organization 'warsaw-pact'."]),
            ),
            ({"speaker_organization": "NATO!"}, invalid(speaker_organization=[NOT_AN_ORGANIZATION_SLUG])),
            ({"speaker_person": 999999}, unknown_reference(speaker_person=["Unknown person 999999."])),
            ({"speaker_person": "Mark Rutte"}, invalid(speaker_person=["Give the ID of a person (a number)."])),
            ({"quote": ""}, invalid(quote=["This field may not be blank."])),
            ({"speaker_is_anonymous": "perhaps"}, invalid(speaker_is_anonymous=["Must be a valid boolean."])),
        ],
    )
    def test_invalid_is_400_with_field_errors(self, editor, newslooks, payload, expected):
        payload = {"source": newslooks.pk, "quote": "Q", "speaker": "S", **payload}

        response = editor.post(URL, payload, format="json")

        assert response.status_code == 400
        assert response.json() == expected
        assert not Citation.objects.exists()

    def test_required_fields(self, editor, db):
        response = editor.post(URL, {}, format="json")

        assert response.status_code == 400
        assert response.json() == invalid(
            source=["This field is required."], quote=["This field is required."], speaker=["This field is required."]
        )


class TestCitationUpdate:
    def test_put_moves_it_to_another_source(self, editor, data):
        citation = data["nobody"]
        payload = {
            "source": data["reuters"].pk,
            "quote": "We stand ready",
            "speaker": "Ukrainian official",
            "speaker_nation": "UA",
            "meeting": "london-2025",
        }

        response = editor.put(f"{URL}{citation.pk}/", payload, format="json")

        assert response.status_code == 200, response.json()
        assert response.json() == {
            "id": citation.pk,
            "source": source_brief(data["reuters"]),
            "quote": "We stand ready",
            "speaker": "Ukrainian official",
            "speaker_is_anonymous": False,
            "speaker_person": None,
            "speaker_nation": UKRAINE,
            "speaker_organization": None,
            "meeting": {"slug": "london-2025", "title": "London talks", "start_date": "2025-03-15"},
            "context": "",
            **timestamps(citation),
        }
        citation.refresh_from_db()
        assert (citation.source, citation.meeting) == (data["reuters"], data["london"])

    def test_patch_clears_the_speaker_nation(self, editor, data):
        citation = data["ua_paris"]

        response = editor.patch(f"{URL}{citation.pk}/", {"speaker_nation": None}, format="json")

        assert response.status_code == 200, response.json()
        citation.refresh_from_db()
        assert (citation.speaker_nation, citation.meeting.slug) == (None, PARIS)

    def test_patch_an_organization_onto_a_nations_speaker_is_refused(self, editor, data):
        """Checked against the stored speaker: the citation already speaks for Ukraine."""
        citation = data["ua_paris"]

        response = editor.patch(f"{URL}{citation.pk}/", {"speaker_organization": "nato"}, format="json")

        assert response.status_code == 400
        assert response.json() == rule_violated(speaker_organization=[SPEAKS_FOR_ONE])
        citation.refresh_from_db()
        assert (citation.speaker_nation.code, citation.speaker_organization) == ("UA", None)

    def test_patch_from_a_nation_to_an_organization(self, editor, data, nato):
        citation = data["ua_paris"]

        response = editor.patch(
            f"{URL}{citation.pk}/", {"speaker_nation": None, "speaker_organization": "nato"}, format="json"
        )

        assert response.status_code == 200, response.json()
        assert (response.json()["speaker_nation"], response.json()["speaker_organization"]) == (None, NATO_BRIEF)
        citation.refresh_from_db()
        assert (citation.speaker_nation, citation.speaker_organization) == (None, nato)

    def test_patch_unknown_nation_is_400(self, editor, data):
        citation = data["ua_paris"]

        response = editor.patch(f"{URL}{citation.pk}/", {"speaker_nation": "ZZ"}, format="json")

        assert response.status_code == 400
        assert response.json() == unknown_reference(speaker_nation=["Unknown nation 'ZZ'."])
        citation.refresh_from_db()
        assert citation.speaker_nation.code == "UA"


class TestCitationDelete:
    def test_delete(self, editor, data, newslooks):
        response = editor.delete(f"{URL}{data['nobody'].pk}/")

        assert response.status_code == 204
        assert list(newslooks.citations.order_by("id")) == [data["fr_paris"], data["ua_paris"]]

    def test_deleting_the_meeting_keeps_the_statement(self, editor, data, paris):
        """The model sets the meeting to null: the quote still stands in its source."""
        response = editor.delete(f"/api/v1/meetings/{PARIS}/")

        assert response.status_code == 204
        body = editor.get(f"{URL}{data['fr_paris'].pk}/").json()
        assert (body["meeting"], body["speaker_nation"]) == (None, FRANCE)
        assert Citation.objects.count() == 6

    @pytest.mark.parametrize(
        ("path", "key"),
        [("organizations", lambda data: "nato"), ("people", lambda data: data["nato_london"].speaker_person.pk)],
    )
    def test_a_speaker_cannot_be_deleted_while_quoted(self, editor, data, path, key):
        """The quote's speaker is part of the record: the organization or person stays until its citations go."""
        response = editor.delete(f"/api/v1/{path}/{key(data)}/")

        assert response.status_code == 409
        assert response.json() == conflict("citations")
        citation = Citation.objects.get(pk=data["nato_london"].pk)
        assert (citation.speaker_organization.slug, citation.speaker_person.name) == ("nato", "Mark Rutte")
