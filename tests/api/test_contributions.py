import pytest

from events.models import Contribution, Source
from tests import factories
from tests.api.bodies import (
    BRITAIN,
    FRANCE,
    GERMANY,
    NATO_BRIEF,
    NOT_A_MEETING_SLUG,
    NOT_FOUND,
    PARIS_BRIEF,
    POLAND,
    REFUSALS,
    WRITES,
    ids,
    invalid,
    not_a_choice,
    pks,
    rule_violated,
    source_brief,
    status_challenge_body,
    timestamps,
    unknown,
    unknown_reference,
)
from tests.conftest import PARIS

URL = "/api/v1/contributions/"
BOTH_OR_NEITHER = "A contribution belongs to either a meeting or an organization, not both."
UNPLEDGED_PROPOSED = "A component nobody has pledged can only be proposed."


@pytest.fixture
def nato(db):
    return factories.OrganizationFactory(slug="nato", name=NATO_BRIEF["name"], short_name="NATO")


@pytest.fixture
def newslooks(db):
    return factories.SourceFactory(
        outlet="Newslooks", title="30+ Nations Discuss Military Support for Ukraine in Paris"
    )


@pytest.fixture
def data(paris, nato):
    """Three components of the Paris effort nobody has pledged, pledges by nations, and an organization's."""
    earlier = factories.MeetingFactory(slug="brussels-2024", title="Brussels meeting", start_date="2024-06-01")
    unpledged = {"meeting": paris, "nation": None, "status": "proposed"}
    return {
        "stockpiles": factories.ContributionFactory(**unpledged, category="stockpiles"),
        "rapid_response": factories.ContributionFactory(**unpledged, category="rapid_response"),
        "heavy_weaponry": factories.ContributionFactory(**unpledged, category="heavy_weaponry"),
        "fr_troops": factories.ContributionFactory(
            meeting=paris, nation=factories.nation("FR"), category="troops", quantity=5000, unit="troops"
        ),
        "gb_air": factories.ContributionFactory(
            meeting=paris, nation=factories.nation("GB"), category="air", status="delivered", description="Jets"
        ),
        "pl_logistics": factories.ContributionFactory(
            meeting=earlier, nation=factories.nation("PL"), category="logistics", status="withdrawn"
        ),
        "de_funding": factories.ContributionFactory(
            meeting=None, organization=nato, nation=factories.nation("DE"), category="funding", status="pledged"
        ),
    }


class TestContributionList:
    def test_seed_components_in_category_order(self, api, seed):
        newslooks = Source.objects.get(outlet="Newslooks")

        response = api.get(URL)

        assert response.status_code == 200
        body = response.json()
        assert (body["count"], body["next"], body["previous"]) == (3, None, None)
        assert [(c["category"], c["nation"], c["status"], c["sources"]) for c in body["results"]] == [
            ("heavy_weaponry", None, "proposed", [source_brief(newslooks)]),
            ("rapid_response", None, "proposed", [source_brief(newslooks)]),
            ("stockpiles", None, "proposed", [source_brief(newslooks)]),
        ]

    def test_meetings_latest_first_then_organizations(self, api, data):
        """The same order on SQLite and PostgreSQL, which sort NULL meetings differently by default."""
        assert ids(api.get(URL)) == pks(
            data, "gb_air", "heavy_weaponry", "rapid_response", "stockpiles", "fr_troops", "pl_logistics", "de_funding"
        )


class TestContributionDetail:
    def test_full_body(self, api, data, newslooks):
        contribution = data["fr_troops"]
        contribution.sources.add(newslooks)

        response = api.get(f"{URL}{contribution.pk}/")

        assert response.status_code == 200
        assert response.json() == {
            "id": contribution.pk,
            "meeting": PARIS_BRIEF,
            "organization": None,
            "nation": FRANCE,
            "category": "troops",
            "description": "A battalion",
            "quantity": 5000,
            "unit": "troops",
            "status": "pledged",
            "sources": [source_brief(newslooks)],
            **timestamps(contribution),
        }

    def test_organization_contribution(self, api, data):
        contribution = data["de_funding"]

        body = api.get(f"{URL}{contribution.pk}/").json()

        assert (body["meeting"], body["organization"], body["nation"]) == (None, NATO_BRIEF, GERMANY)

    @pytest.mark.parametrize("key", ["999999", "abc"])
    def test_unknown_id_is_json_404(self, api, db, key):
        response = api.get(f"{URL}{key}/")

        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json() == NOT_FOUND


class TestContributionFilters:
    def test_meeting(self, api, data):
        assert ids(api.get(URL, {"meeting": PARIS})) == pks(
            data, "gb_air", "heavy_weaponry", "rapid_response", "stockpiles", "fr_troops"
        )
        assert ids(api.get(URL, {"meeting": "brussels-2024"})) == pks(data, "pl_logistics")

    def test_organization(self, api, data):
        assert ids(api.get(URL, {"organization": "nato"})) == pks(data, "de_funding")
        factories.OrganizationFactory(slug="eu")
        assert ids(api.get(URL, {"organization": "eu"})) == []

    @pytest.mark.parametrize("query", ["nation=fr,PL", "nation=FR&nation=pl"])
    def test_nation(self, api, data, query):
        assert ids(api.get(f"{URL}?{query}")) == pks(data, "fr_troops", "pl_logistics")

    def test_unpledged(self, api, data):
        assert ids(api.get(URL, {"unpledged": "true"})) == pks(data, "heavy_weaponry", "rapid_response", "stockpiles")
        assert ids(api.get(URL, {"unpledged": "false"})) == pks(
            data, "gb_air", "fr_troops", "pl_logistics", "de_funding"
        )

    @pytest.mark.parametrize("query", ["category=troops,funding", "category=troops&category=funding"])
    def test_category(self, api, data, query):
        assert ids(api.get(f"{URL}?{query}")) == pks(data, "fr_troops", "de_funding")

    @pytest.mark.parametrize("query", ["status=delivered,withdrawn", "status=delivered&status=withdrawn"])
    def test_status(self, api, data, query):
        assert ids(api.get(f"{URL}?{query}")) == pks(data, "gb_air", "pl_logistics")

    def test_filters_combine(self, api, data):
        assert ids(api.get(URL, {"meeting": PARIS, "unpledged": "false", "status": "pledged"})) == pks(
            data, "fr_troops"
        )

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("meeting=nope", unknown_reference(meeting=[unknown("meeting", "nope")])),
            ("organization=nope", unknown_reference(organization=[unknown("organization", "nope")])),
            ("nation=FR,ZZ", unknown_reference(nation=[unknown("nation", "ZZ")])),
            ("unpledged=maybe", invalid(unpledged=["Must be true or false; got 'maybe'."])),
            ("category=tanks", invalid(category=[not_a_choice("tanks")])),
            ("status=pledged&status=promised", invalid(status=[not_a_choice("promised")])),
        ],
    )
    def test_bad_value_is_400_naming_the_parameter(self, api, db, query, expected):
        response = api.get(f"{URL}?{query}")

        assert response.status_code == 400
        assert response.json() == expected


class TestContributionCreate:
    def test_pledge_by_a_nation(self, editor, paris, newslooks):
        payload = {
            "meeting": PARIS,
            "nation": "gb",
            "category": "troops",
            "description": "Ground troops for the security force.",
            "quantity": 10000,
            "unit": "troops",
            "status": "pledged",
            "sources": [newslooks.pk],
        }

        response = editor.post(URL, payload, format="json")

        assert response.status_code == 201, response.json()
        contribution = Contribution.objects.get(nation__code="GB")
        assert response.json() == {
            "id": contribution.pk,
            "meeting": PARIS_BRIEF,
            "organization": None,
            "nation": BRITAIN,
            "category": "troops",
            "description": "Ground troops for the security force.",
            "quantity": 10000,
            "unit": "troops",
            "status": "pledged",
            "sources": [source_brief(newslooks)],
            **timestamps(contribution),
        }
        assert list(contribution.sources.all()) == [newslooks]

    def test_organization_component_nobody_pledged(self, editor, nato):
        payload = {"organization": "nato", "category": "naval", "description": "Maritime patrols."}

        response = editor.post(URL, payload, format="json")

        assert response.status_code == 201, response.json()
        body = response.json()
        assert (body["meeting"], body["organization"], body["nation"], body["status"], body["quantity"]) == (
            None,
            NATO_BRIEF,
            None,
            "proposed",
            None,
        )
        contribution = Contribution.objects.get(pk=body["id"])
        assert (contribution.meeting, contribution.organization.slug, contribution.nation) == (None, "nato", None)

    @pytest.mark.parametrize(
        ("payload", "expected"),
        [
            ({"meeting": PARIS, "organization": "nato"}, rule_violated(meeting=[BOTH_OR_NEITHER])),
            ({}, rule_violated(meeting=[BOTH_OR_NEITHER])),
            ({"meeting": PARIS, "status": "pledged"}, rule_violated(status=[UNPLEDGED_PROPOSED])),
            ({"meeting": PARIS, "status": "delivered"}, rule_violated(status=[UNPLEDGED_PROPOSED])),
            (
                {"meeting": PARIS, "nation": "FR", "quantity": 0},
                invalid(quantity=["Ensure this value is greater than or equal to 1."]),
            ),
            ({"meeting": PARIS, "nation": "ZZ"}, unknown_reference(nation=["Unknown nation 'ZZ'."])),
            ({"meeting": "nowhere"}, unknown_reference(meeting=["Unknown meeting 'nowhere'."])),
            ({"meeting": 5}, invalid(meeting=[NOT_A_MEETING_SLUG])),  # a number, not a slug: a wrong type
            (
                {"organization": "warsaw-pact"},
                unknown_reference(organization=["Unknown organization 'warsaw-pact'."]),
            ),
            ({"meeting": PARIS, "sources": [999999]}, unknown_reference(sources=["Unknown source 999999."])),
            ({"meeting": PARIS, "category": "tanks"}, invalid(category=['"tanks" is not a valid choice.'])),
            (
                {"meeting": PARIS, "nation": "FR", "status": "promised"},
                invalid(status=['"promised" is not a valid choice.']),
            ),
        ],
    )
    def test_invalid_is_400_with_field_errors(self, editor, paris, nato, payload, expected):
        payload = {"category": "troops", "description": "Troops.", **payload}

        response = editor.post(URL, payload, format="json")

        assert response.status_code == 400
        assert response.json() == expected
        assert not Contribution.objects.exists()

    def test_required_fields(self, editor, paris):
        response = editor.post(URL, {"meeting": PARIS}, format="json")

        assert response.status_code == 400
        assert response.json() == invalid(category=["This field is required."], description=["This field is required."])


class TestContributionUpdate:
    def test_put_replaces(self, editor, data, newslooks):
        contribution = data["pl_logistics"]
        payload = {
            "meeting": None,
            "organization": "nato",
            "nation": "PL",
            "category": "training",
            "description": "Training for Ukrainian units.",
            "quantity": 200,
            "unit": "instructors",
            "status": "delivered",
            "sources": [newslooks.pk],
        }

        response = editor.put(f"{URL}{contribution.pk}/", payload, format="json")

        assert response.status_code == 200, response.json()
        contribution.refresh_from_db()
        assert response.json() == {
            "id": contribution.pk,
            "meeting": None,
            "organization": NATO_BRIEF,
            "nation": POLAND,
            "category": "training",
            "description": "Training for Ukrainian units.",
            "quantity": 200,
            "unit": "instructors",
            "status": "delivered",
            "sources": [source_brief(newslooks)],
            **timestamps(contribution),
        }
        assert (contribution.meeting, contribution.organization.slug) == (None, "nato")

    def test_patch_changes_only_the_fields_given(self, editor, data):
        contribution = data["fr_troops"]

        response = editor.patch(f"{URL}{contribution.pk}/", {"quantity": 6000}, format="json")

        assert response.status_code == 200, response.json()
        contribution.refresh_from_db()
        assert (contribution.quantity, contribution.unit, contribution.status, contribution.nation.code) == (
            6000,
            "troops",
            "pledged",
            "FR",
        )

    def test_patch_a_nation_onto_a_component_pledges_it(self, editor, data):
        contribution = data["stockpiles"]

        response = editor.patch(f"{URL}{contribution.pk}/", {"nation": "FR", "status": "pledged"}, format="json")

        assert response.status_code == 200, response.json()
        assert (response.json()["nation"], response.json()["status"]) == (FRANCE, "pledged")

    def test_patch_checked_against_the_stored_fields(self, editor, data):
        """Removing the nation of a pledge leaves an unpledged component with status pledged."""
        contribution = data["fr_troops"]

        response = editor.patch(f"{URL}{contribution.pk}/", {"nation": None}, format="json")

        assert response.status_code == 400
        assert response.json() == rule_violated(status=[UNPLEDGED_PROPOSED])
        contribution.refresh_from_db()
        assert contribution.nation.code == "FR"

    def test_patch_adding_an_organization_to_a_meeting_contribution(self, editor, data):
        contribution = data["fr_troops"]

        response = editor.patch(f"{URL}{contribution.pk}/", {"organization": "nato"}, format="json")

        assert response.status_code == 400
        assert response.json() == rule_violated(meeting=[BOTH_OR_NEITHER])

    def test_put_unknown_is_404(self, editor, db):
        response = editor.put(f"{URL}999999/", {"meeting": PARIS}, format="json")

        assert response.status_code == 404
        assert response.json() == NOT_FOUND


class TestContributionDelete:
    def test_delete(self, editor, data, newslooks):
        contribution = data["fr_troops"]
        contribution.sources.add(newslooks)

        response = editor.delete(f"{URL}{contribution.pk}/")

        assert response.status_code == 204
        assert response.content == b""
        assert not Contribution.objects.filter(pk=contribution.pk).exists()
        assert Source.objects.filter(pk=newslooks.pk).exists()
        assert editor.get(f"{URL}{contribution.pk}/").status_code == 404

    def test_delete_unknown_is_404(self, editor, db):
        response = editor.delete(f"{URL}999999/")

        assert response.status_code == 404
        assert response.json() == NOT_FOUND


class TestContributionPermissions:
    @pytest.mark.parametrize(("method", "path"), WRITES)
    @pytest.mark.parametrize(("client", "expected"), REFUSALS)
    def test_write_is_refused(self, request, data, client, expected, method, path):
        contribution = data["fr_troops"]
        payload = {"meeting": PARIS, "nation": "FR", "category": "air", "description": "Jets.", "status": "pledged"}

        response = getattr(request.getfixturevalue(client), method)(
            URL + path.format(pk=contribution.pk), payload, format="json"
        )

        assert status_challenge_body(response) == expected
        contribution.refresh_from_db()
        assert (contribution.category, Contribution.objects.count()) == ("troops", 7)

    def test_reader_can_read(self, reader, data):
        assert reader.get(URL).json()["count"] == 7
