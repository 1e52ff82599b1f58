import datetime
from decimal import Decimal

import pytest

from events.models import Contribution, Source
from tests import factories
from tests.api.bodies import (
    BRITAIN,
    FRANCE,
    GERMANY,
    NATO_BRIEF,
    NOT_A_MEETING_SLUG,
    NOT_A_NATION_CODE,
    PARIS_BRIEF,
    POLAND,
    UKRAINE,
    duplicate,
    ids,
    invalid,
    not_a_choice,
    pks,
    rule_violated,
    source_brief,
    timestamps,
    unknown,
    unknown_reference,
)
from tests.conftest import PARIS

URL = "/api/v1/contributions/"
NOT_MEETING_AND_ORGANIZATION = "A contribution serves a meeting's effort or an organization's, not both."
NEEDS_NATION_OR_EFFORT = (
    "A contribution names its nation, or the meeting or organization whose effort calls for it (or both)."
)
UNPLEDGED_PROPOSED = "A component nobody has pledged can only be proposed."
AMOUNT_NEEDS_CURRENCY = "An amount needs its currency, and a currency an amount."
DUPLICATE_CONTRIBUTION = "This contribution is already recorded: same meeting or organization, nation and description."
CATEGORY_IS_DEPRECATED = "Deprecated and read-only: give `categories`, a list."
NOT_A_DECIMAL = 'A decimal number written as a string, such as "2000000000.00".'
# The largest amount the API takes, and one of that length with every digit different: read from the model, which
# the schema follows.
AMOUNT = Contribution._meta.get_field("amount")
WHOLE_DIGITS = AMOUNT.max_digits - AMOUNT.decimal_places
LARGEST_AMOUNT = "9" * WHOLE_DIGITS + "." + "9" * AMOUNT.decimal_places
EVERY_DIGIT = ("1234567890" * 3)[:WHOLE_DIGITS] + "." + "57"[: AMOUNT.decimal_places]


def not_a_valid_choice(value):
    return f'"{value}" is not a valid choice.'


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
    """Three components of the Paris effort nobody has pledged, pledges by nations at meetings, an organization's,
    and two sums announced on their own (at no meeting, for no organization's effort)."""
    earlier = factories.MeetingFactory(slug="brussels-2024", title="Brussels meeting", start_date="2024-06-01")
    unpledged = {"meeting": paris, "nation": None, "status": "proposed"}
    on_its_own = {"meeting": None, "organization": None, "recipient": factories.nation("UA"), "status": "pledged"}
    return {
        "stockpiles": factories.ContributionFactory(**unpledged, categories=["stockpiles"], description="Stockpiles"),
        "rapid_response": factories.ContributionFactory(
            **unpledged, categories=["rapid_response"], description="Rapid response"
        ),
        "heavy_weaponry": factories.ContributionFactory(
            **unpledged, categories=["heavy_weaponry"], description="Heavy weaponry"
        ),
        "fr_troops": factories.ContributionFactory(
            meeting=paris,
            nation=factories.nation("FR"),
            categories=["troops"],
            quantity=5000,
            unit="troops",
            announced_on=datetime.date(2025, 3, 11),
        ),
        "gb_air": factories.ContributionFactory(
            meeting=paris,
            nation=factories.nation("GB"),
            categories=["air", "training"],
            status="delivered",
            description="Jets",
        ),
        "pl_logistics": factories.ContributionFactory(
            meeting=earlier, nation=factories.nation("PL"), categories=["logistics"], status="withdrawn"
        ),
        "de_funding": factories.ContributionFactory(
            meeting=None,
            organization=nato,
            nation=factories.nation("DE"),
            categories=["funding"],
            amount=Decimal("500000000.00"),
            currency="EUR",
            status="pledged",
        ),
        "fr_package": factories.ContributionFactory(
            **on_its_own,
            nation=factories.nation("FR"),
            categories=["military_aid", "funding"],
            description="A military aid package",
            amount=Decimal("2000000000.00"),
            currency="EUR",
            announced_on=datetime.date(2025, 3, 12),
            basis="inferred",
            basis_note="The amount is the sum of the items the minister listed.",
        ),
        "gb_loan": factories.ContributionFactory(
            **on_its_own,
            nation=factories.nation("GB"),
            categories=["funding"],
            description="A loan",
            amount=Decimal("2260000000.50"),
            currency="GBP",
            announced_on=datetime.date(2025, 3, 1),
        ),
    }


# The list's order: meetings' contributions (latest meeting first; in a meeting, the latest announced first, then
# those with no announcement date, oldest record first), then organizations', then those announced on their own.
ALL = [
    "fr_troops",
    "stockpiles",
    "rapid_response",
    "heavy_weaponry",
    "gb_air",
    "pl_logistics",
    "de_funding",
    "fr_package",
    "gb_loan",
]


class TestContributionList:
    def test_seed_components_in_the_order_of_the_file(self, api, seed):
        newslooks = Source.objects.get(outlet="Newslooks")

        response = api.get(URL)

        assert response.status_code == 200
        body = response.json()
        assert (body["count"], body["next"], body["previous"]) == (3, None, None)
        assert [
            (c["categories"], c["category"], c["nation"], c["status"], c["amount"], c["currency"], c["sources"])
            for c in body["results"]
        ] == [
            (["stockpiles"], "stockpiles", None, "proposed", None, None, [source_brief(newslooks)]),
            (["rapid_response"], "rapid_response", None, "proposed", None, None, [source_brief(newslooks)]),
            (["heavy_weaponry"], "heavy_weaponry", None, "proposed", None, None, [source_brief(newslooks)]),
        ]

    def test_meetings_latest_first_then_organizations_then_announced_on_their_own(self, api, data):
        """The same order on SQLite and PostgreSQL, which sort NULL meetings and dates differently by default."""
        assert ids(api.get(URL)) == pks(data, *ALL)

    def test_the_deprecated_category_is_the_first_of_the_categories(self, api, data):
        body = {item["id"]: item for item in api.get(URL).json()["results"]}

        assert [(body[pk]["categories"], body[pk]["category"]) for pk in pks(data, "gb_air", "fr_package")] == [
            (["air", "training"], "air"),
            (["military_aid", "funding"], "military_aid"),
        ]


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
            "recipient": None,
            "categories": ["troops"],
            "category": "troops",
            "description": "A battalion",
            "quantity": 5000,
            "unit": "troops",
            "amount": None,
            "currency": None,
            "announced_on": "2025-03-11",
            "status": "pledged",
            "basis": "stated",
            "basis_note": "",
            "sources": [source_brief(newslooks)],
            **timestamps(contribution),
        }

    def test_money_announced_on_its_own(self, api, data):
        contribution = data["fr_package"]

        response = api.get(f"{URL}{contribution.pk}/")

        assert response.status_code == 200
        assert response.json() == {
            "id": contribution.pk,
            "meeting": None,
            "organization": None,
            "nation": FRANCE,
            "recipient": UKRAINE,
            "categories": ["military_aid", "funding"],
            "category": "military_aid",
            "description": "A military aid package",
            "quantity": None,
            "unit": "",
            "amount": "2000000000.00",
            "currency": "EUR",
            "announced_on": "2025-03-12",
            "status": "pledged",
            "basis": "inferred",
            "basis_note": "The amount is the sum of the items the minister listed.",
            "sources": [],
            **timestamps(contribution),
        }

    def test_amount_keeps_its_cents(self, api, data):
        body = api.get(f"{URL}{data['gb_loan'].pk}/").json()

        assert (body["amount"], body["currency"]) == ("2260000000.50", "GBP")

    def test_organization_contribution(self, api, data):
        contribution = data["de_funding"]

        body = api.get(f"{URL}{contribution.pk}/").json()

        assert (body["meeting"], body["organization"], body["nation"]) == (None, NATO_BRIEF, GERMANY)


def listed(data, *names):
    """The names in `names`, in the list's order."""
    return pks(data, *[name for name in ALL if name in names])


class TestContributionFilters:
    def test_meeting(self, api, data):
        assert ids(api.get(URL, {"meeting": PARIS})) == pks(
            data, "fr_troops", "stockpiles", "rapid_response", "heavy_weaponry", "gb_air"
        )
        assert ids(api.get(URL, {"meeting": "brussels-2024"})) == pks(data, "pl_logistics")

    def test_organization(self, api, data):
        assert ids(api.get(URL, {"organization": "nato"})) == pks(data, "de_funding")
        factories.OrganizationFactory(slug="eu")
        assert ids(api.get(URL, {"organization": "eu"})) == []

    @pytest.mark.parametrize("query", ["nation=fr,PL", "nation=FR&nation=pl"])
    def test_nation(self, api, data, query):
        assert ids(api.get(f"{URL}?{query}")) == pks(data, "fr_troops", "pl_logistics", "fr_package")

    def test_unpledged(self, api, data):
        assert ids(api.get(URL, {"unpledged": "true"})) == pks(data, "stockpiles", "rapid_response", "heavy_weaponry")
        assert ids(api.get(URL, {"unpledged": "false"})) == listed(
            data, "fr_troops", "gb_air", "pl_logistics", "de_funding", "fr_package", "gb_loan"
        )

    @pytest.mark.parametrize("query", ["recipient=ua", "recipient=UA,PL", "recipient=PL&recipient=UA"])
    def test_recipient(self, api, data, query):
        assert ids(api.get(f"{URL}?{query}")) == pks(data, "fr_package", "gb_loan")

    def test_recipient_that_receives_nothing(self, api, data):
        assert ids(api.get(URL, {"recipient": "FR"})) == []

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("currency=EUR", ["de_funding", "fr_package"]),
            ("currency=GBP", ["gb_loan"]),
            ("currency=GBP,EUR", ["de_funding", "fr_package", "gb_loan"]),
            ("currency=GBP&currency=EUR", ["de_funding", "fr_package", "gb_loan"]),
            ("currency=USD", []),
        ],
    )
    def test_currency(self, api, data, query, expected):
        assert ids(api.get(f"{URL}?{query}")) == pks(data, *expected)

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            # Both bounds are inclusive; contributions with no announcement date match neither.
            ("announced_from=2025-03-11", ["fr_troops", "fr_package"]),
            ("announced_to=2025-03-11", ["fr_troops", "gb_loan"]),
            ("announced_from=2025-03-01&announced_to=2025-03-11", ["fr_troops", "gb_loan"]),
            ("announced_from=2025-03-02&announced_to=2025-03-11", ["fr_troops"]),
            ("announced_from=2025-03-13", []),
        ],
    )
    def test_announced_from_and_to(self, api, data, query, expected):
        assert ids(api.get(f"{URL}?{query}")) == pks(data, *expected)

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("category=troops,logistics", ["fr_troops", "pl_logistics"]),
            ("category=troops&category=logistics", ["fr_troops", "pl_logistics"]),
            # Any of a contribution's categories matches, not only the first.
            ("category=funding", ["de_funding", "fr_package", "gb_loan"]),
            ("category=training", ["gb_air"]),
            ("category=air", ["gb_air"]),
            ("category=military_aid,training", ["gb_air", "fr_package"]),
            ("category=naval", []),
        ],
    )
    def test_category_any_of(self, api, data, query, expected):
        assert ids(api.get(f"{URL}?{query}")) == pks(data, *expected)

    def test_a_category_is_not_a_prefix_of_another(self, api, data):
        """`air` is the start of `air_defence`: a contribution for air defence is not one for the air force."""
        air_defence = factories.ContributionFactory(
            meeting=None, organization=data["de_funding"].organization, categories=["air_defence"], status="proposed"
        )

        assert ids(api.get(URL, {"category": "air"})) == pks(data, "gb_air")
        assert ids(api.get(URL, {"category": "air_defence"})) == [air_defence.pk]

    @pytest.mark.parametrize("query", ["status=delivered,withdrawn", "status=delivered&status=withdrawn"])
    def test_status(self, api, data, query):
        assert ids(api.get(f"{URL}?{query}")) == pks(data, "gb_air", "pl_logistics")

    def test_basis(self, api, data):
        assert ids(api.get(URL, {"basis": "inferred,disputed"})) == pks(data, "fr_package")

    def test_filters_combine(self, api, data):
        assert ids(api.get(URL, {"meeting": PARIS, "unpledged": "false", "status": "pledged"})) == pks(
            data, "fr_troops"
        )
        assert ids(api.get(URL, {"category": "funding", "currency": "EUR", "recipient": "UA"})) == pks(
            data, "fr_package"
        )

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("meeting=nope", unknown_reference(meeting=[unknown("meeting", "nope")])),
            ("organization=nope", unknown_reference(organization=[unknown("organization", "nope")])),
            ("nation=FR,ZZ", unknown_reference(nation=[unknown("nation", "ZZ")])),
            ("recipient=ZZ", unknown_reference(recipient=[unknown("nation", "ZZ")])),
            ("recipient=UKR", invalid(recipient=[NOT_A_NATION_CODE])),
            ("unpledged=maybe", invalid(unpledged=["Must be true or false; got 'maybe'."])),
            ("category=tanks", invalid(category=[not_a_choice("tanks")])),
            ("currency=XYZ", invalid(currency=[not_a_choice("XYZ")])),
            ("currency=EUR,euro", invalid(currency=[not_a_choice("euro")])),
            ("announced_from=11/03/2025", invalid(announced_from=["Enter a valid date."])),
            ("announced_to=2025-02-30", invalid(announced_to=["Enter a valid date."])),
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
            "categories": ["troops", "training"],
            "description": "Ground troops for the security force.",
            "quantity": 10000,
            "unit": "troops",
            "announced_on": "2025-03-11",
            "status": "pledged",
            "basis": "disputed",
            "basis_note": "Another source speaks of 5,000.",
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
            "recipient": None,
            "categories": ["troops", "training"],
            "category": "troops",
            "description": "Ground troops for the security force.",
            "quantity": 10000,
            "unit": "troops",
            "amount": None,
            "currency": None,
            "announced_on": "2025-03-11",
            "status": "pledged",
            "basis": "disputed",
            "basis_note": "Another source speaks of 5,000.",
            "sources": [source_brief(newslooks)],
            **timestamps(contribution),
        }
        assert contribution.categories == ["troops", "training"]
        assert contribution.announced_on == datetime.date(2025, 3, 11)
        assert list(contribution.sources.all()) == [newslooks]

    def test_money_announced_at_no_meeting(self, editor, db):
        """France's €2bn package, announced at a bilateral press conference: no meeting, no organization."""
        payload = {
            "nation": "FR",
            "recipient": "ua",
            "categories": ["military_aid"],
            "description": "Military aid package.",
            "amount": "2000000000",
            "currency": "EUR",
            "announced_on": "2025-03-12",
            "status": "pledged",
        }

        response = editor.post(URL, payload, format="json")

        assert response.status_code == 201, response.json()
        body = response.json()
        assert (body["meeting"], body["organization"], body["nation"], body["recipient"]) == (
            None,
            None,
            FRANCE,
            UKRAINE,
        )
        assert (body["amount"], body["currency"], body["announced_on"]) == ("2000000000.00", "EUR", "2025-03-12")
        contribution = Contribution.objects.get(pk=body["id"])
        assert (contribution.meeting, contribution.organization, contribution.recipient.code) == (None, None, "UA")
        assert (contribution.amount, contribution.currency) == (Decimal("2000000000.00"), "EUR")

    @pytest.mark.parametrize(
        "amount",
        # Up to the largest amount accepted, every digit of it used: every cent is kept, on every database.
        ["0.01", "1234.5", "2000000000", EVERY_DIGIT, LARGEST_AMOUNT],
    )
    def test_amount_is_a_decimal_string_kept_exactly(self, editor, db, amount):
        payload = {"nation": "FR", "categories": ["funding"], "description": "Funds.", "amount": amount}

        response = editor.post(URL, {**payload, "currency": "USD"}, format="json")

        assert response.status_code == 201, response.json()
        stored = Contribution.objects.get().amount
        assert stored == Decimal(amount)
        assert response.json()["amount"] == f"{Decimal(amount):.2f}"
        assert editor.get(f"{URL}{response.json()['id']}/").json()["amount"] == f"{Decimal(amount):.2f}"

    def test_an_amount_beyond_the_largest_is_400(self, editor, db):
        payload = {"nation": "FR", "categories": ["funding"], "description": "Funds.", "currency": "USD"}

        response = editor.post(URL, {**payload, "amount": "1" + "0" * WHOLE_DIGITS}, format="json")

        assert response.status_code == 400
        assert response.json() == invalid(amount=[NOT_A_DECIMAL])
        assert not Contribution.objects.exists()

    def test_organization_component_nobody_pledged(self, editor, nato):
        payload = {"organization": "nato", "categories": ["naval"], "description": "Maritime patrols."}

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

    def test_same_key_twice_is_409(self, editor, data):
        """Meeting (or organization), nation and description are the natural key; a missing meeting and organization
        count as one value, so a sum announced on its own is not recorded twice either."""
        again = {"nation": "FR", "categories": ["funding"], "description": "A military aid package"}

        response = editor.post(URL, again, format="json")

        assert response.status_code == 409
        assert response.json() == duplicate(non_field_errors=[DUPLICATE_CONTRIBUTION])
        assert Contribution.objects.count() == len(ALL)

    @pytest.mark.parametrize(
        ("payload", "expected"),
        [
            (
                {"meeting": PARIS, "organization": "nato"},
                rule_violated(organization=[NOT_MEETING_AND_ORGANIZATION]),
            ),
            ({}, rule_violated(nation=[NEEDS_NATION_OR_EFFORT])),
            ({"meeting": PARIS, "status": "pledged"}, rule_violated(status=[UNPLEDGED_PROPOSED])),
            ({"meeting": PARIS, "status": "delivered"}, rule_violated(status=[UNPLEDGED_PROPOSED])),
            (
                {"meeting": PARIS, "nation": "FR", "quantity": 0},
                invalid(quantity=["Ensure this value is greater than or equal to 1."]),
            ),
            ({"meeting": PARIS, "nation": "ZZ"}, unknown_reference(nation=["Unknown nation 'ZZ'."])),
            ({"nation": "FR", "recipient": "ZZ"}, unknown_reference(recipient=["Unknown nation 'ZZ'."])),
            ({"nation": "FR", "recipient": "UKR"}, invalid(recipient=[NOT_A_NATION_CODE])),
            ({"meeting": "nowhere"}, unknown_reference(meeting=["Unknown meeting 'nowhere'."])),
            ({"meeting": 5}, invalid(meeting=[NOT_A_MEETING_SLUG])),  # a number, not a slug: a wrong type
            (
                {"organization": "warsaw-pact"},
                unknown_reference(organization=["Unknown organization 'warsaw-pact'."]),
            ),
            ({"meeting": PARIS, "sources": [999999]}, unknown_reference(sources=["Unknown source 999999."])),
            ({"meeting": PARIS, "categories": ["tanks"]}, invalid(**{"categories.0": [not_a_valid_choice("tanks")]})),
            (
                {"meeting": PARIS, "categories": ["troops", "tanks"]},
                invalid(**{"categories.1": [not_a_valid_choice("tanks")]}),
            ),
            ({"meeting": PARIS, "categories": []}, invalid(categories=["Ensure this field has at least 1 elements."])),
            (
                {"meeting": PARIS, "categories": "troops"},
                invalid(categories=['Expected a list of items but got type "str".']),
            ),
            (
                {"meeting": PARIS, "nation": "FR", "status": "promised"},
                invalid(status=[not_a_valid_choice("promised")]),
            ),
            (
                {"meeting": PARIS, "announced_on": "12/03/2025"},
                invalid(announced_on=["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."]),
            ),
            ({"meeting": PARIS, "basis": "rumoured"}, invalid(basis=[not_a_valid_choice("rumoured")])),
        ],
    )
    def test_invalid_is_400_with_field_errors(self, editor, paris, nato, payload, expected):
        payload = {"categories": ["troops"], "description": "Troops.", **payload}

        response = editor.post(URL, payload, format="json")

        assert response.status_code == 400
        assert response.json() == expected
        assert not Contribution.objects.exists()

    @pytest.mark.parametrize(
        ("money", "expected"),
        [
            ({"amount": "100.00"}, rule_violated(currency=[AMOUNT_NEEDS_CURRENCY])),
            ({"amount": "100.00", "currency": None}, rule_violated(currency=[AMOUNT_NEEDS_CURRENCY])),
            ({"currency": "EUR"}, rule_violated(amount=[AMOUNT_NEEDS_CURRENCY])),
            ({"amount": None, "currency": "EUR"}, rule_violated(amount=[AMOUNT_NEEDS_CURRENCY])),
            # Not an ISO 4217 code: named on the field, never stored as typed.
            ({"amount": "100.00", "currency": "XYZ"}, invalid(currency=[not_a_valid_choice("XYZ")])),
            ({"amount": "100.00", "currency": "eur"}, invalid(currency=[not_a_valid_choice("eur")])),
            ({"amount": "100.00", "currency": "EURO"}, invalid(currency=[not_a_valid_choice("EURO")])),
            ({"amount": "100.00", "currency": ""}, invalid(currency=[not_a_valid_choice("")])),
            ({"amount": "100.00", "currency": 978}, invalid(currency=[not_a_valid_choice(978)])),
            # A decimal string, never a JSON number (which a client may have rounded already).
            ({"amount": 100, "currency": "EUR"}, invalid(amount=[NOT_A_DECIMAL])),
            ({"amount": 2.5, "currency": "EUR"}, invalid(amount=[NOT_A_DECIMAL])),
            ({"amount": "2,5", "currency": "EUR"}, invalid(amount=[NOT_A_DECIMAL])),
            ({"amount": "-5.00", "currency": "EUR"}, invalid(amount=[NOT_A_DECIMAL])),
            ({"amount": "1e9", "currency": "EUR"}, invalid(amount=[NOT_A_DECIMAL])),
            # More than zero, in whole cents.
            ({"amount": "0.00", "currency": "EUR"}, invalid(amount=[NOT_A_DECIMAL])),
            ({"amount": "0", "currency": "EUR"}, invalid(amount=[NOT_A_DECIMAL])),
            ({"amount": "10.005", "currency": "EUR"}, invalid(amount=[NOT_A_DECIMAL])),
        ],
    )
    def test_money_needs_an_amount_and_an_iso_4217_currency(self, editor, db, money, expected):
        payload = {"nation": "FR", "categories": ["funding"], "description": "Funds.", **money}

        response = editor.post(URL, payload, format="json")

        assert response.status_code == 400
        assert response.json() == expected
        assert not Contribution.objects.exists()

    def test_the_deprecated_category_is_refused(self, editor, paris):
        """`category` is read-only: a write that sets it would silently lose it, so it is refused."""
        payload = {"meeting": PARIS, "categories": ["air"], "category": "troops", "description": "Jets."}

        response = editor.post(URL, payload, format="json")

        assert response.status_code == 400
        assert response.json() == invalid(category=[CATEGORY_IS_DEPRECATED])
        assert not Contribution.objects.exists()

    def test_a_category_without_categories_is_refused(self, editor, paris):
        """What a client of the single `category` sends is refused, naming the field it must give instead."""
        response = editor.post(URL, {"meeting": PARIS, "category": "troops", "description": "T."}, format="json")

        assert response.status_code == 400
        assert response.json() == invalid(categories=["This field is required."])
        assert not Contribution.objects.exists()

    def test_required_fields(self, editor, paris):
        response = editor.post(URL, {"meeting": PARIS}, format="json")

        assert response.status_code == 400
        assert response.json() == invalid(
            categories=["This field is required."], description=["This field is required."]
        )


class TestContributionUpdate:
    def test_put_replaces(self, editor, data, newslooks):
        contribution = data["pl_logistics"]
        payload = {
            "meeting": None,
            "organization": "nato",
            "nation": "PL",
            "recipient": "UA",
            "categories": ["training", "logistics"],
            "description": "Training for Ukrainian units.",
            "quantity": 200,
            "unit": "instructors",
            "amount": "1500000.00",
            "currency": "PLN",
            "announced_on": "2025-03-20",
            "status": "delivered",
            "basis": "stated",
            "basis_note": "",
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
            "recipient": UKRAINE,
            "categories": ["training", "logistics"],
            "category": "training",
            "description": "Training for Ukrainian units.",
            "quantity": 200,
            "unit": "instructors",
            "amount": "1500000.00",
            "currency": "PLN",
            "announced_on": "2025-03-20",
            "status": "delivered",
            "basis": "stated",
            "basis_note": "",
            "sources": [source_brief(newslooks)],
            **timestamps(contribution),
        }
        assert (contribution.meeting, contribution.organization.slug, contribution.categories) == (
            None,
            "nato",
            ["training", "logistics"],
        )
        assert (contribution.amount, contribution.currency) == (Decimal("1500000.00"), "PLN")

    def test_put_of_the_body_read_is_accepted(self, editor, data):
        """A client may send back what it read: the deprecated `category`, unchanged, is ignored like any read-only
        field."""
        contribution = data["gb_air"]
        body = editor.get(f"{URL}{contribution.pk}/").json()
        for name in ("meeting", "organization", "nation", "recipient"):
            body[name] = body[name] and (body[name].get("slug") or body[name]["code"])
        body["sources"] = []

        response = editor.put(f"{URL}{contribution.pk}/", body, format="json")

        assert response.status_code == 200, response.json()
        assert (response.json()["categories"], response.json()["category"]) == (["air", "training"], "air")

    def test_patch_changes_only_the_fields_given(self, editor, data):
        contribution = data["fr_troops"]

        response = editor.patch(f"{URL}{contribution.pk}/", {"quantity": 6000}, format="json")

        assert response.status_code == 200, response.json()
        contribution.refresh_from_db()
        assert (
            contribution.quantity,
            contribution.unit,
            contribution.status,
            contribution.nation.code,
            contribution.categories,
            contribution.announced_on,
        ) == (6000, "troops", "pledged", "FR", ["troops"], datetime.date(2025, 3, 11))

    def test_patch_categories_moves_the_deprecated_category(self, editor, data):
        contribution = data["fr_troops"]

        response = editor.patch(f"{URL}{contribution.pk}/", {"categories": ["training", "troops"]}, format="json")

        assert response.status_code == 200, response.json()
        assert (response.json()["categories"], response.json()["category"]) == (["training", "troops"], "training")
        contribution.refresh_from_db()
        assert contribution.categories == ["training", "troops"]

    def test_patch_with_the_current_category_is_accepted(self, editor, data):
        contribution = data["gb_air"]

        response = editor.patch(
            f"{URL}{contribution.pk}/", {"category": "air", "description": "Fighter jets"}, format="json"
        )

        assert response.status_code == 200, response.json()
        contribution.refresh_from_db()
        assert (contribution.categories, contribution.description) == (["air", "training"], "Fighter jets")

    @pytest.mark.parametrize(
        "change",
        [
            {"category": "training"},  # another of its categories, but not the first
            {"category": "naval"},
            {"category": None},
        ],
    )
    def test_patch_changing_the_category_is_refused(self, editor, data, change):
        contribution = data["gb_air"]
        before = timestamps(contribution)

        response = editor.patch(f"{URL}{contribution.pk}/", change, format="json")

        assert response.status_code == 400
        assert response.json() == invalid(category=[CATEGORY_IS_DEPRECATED])
        contribution.refresh_from_db()
        assert contribution.categories == ["air", "training"]
        assert timestamps(contribution) == before

    def test_new_categories_with_the_category_as_read(self, editor, data):
        """A client edits the categories of the body it read and sends the rest back as it was: `category` is
        compared with what is stored, and the response shows the new first category."""
        contribution = data["gb_air"]

        response = editor.patch(
            f"{URL}{contribution.pk}/", {"category": "air", "categories": ["training", "air"]}, format="json"
        )

        assert response.status_code == 200, response.json()
        assert (response.json()["categories"], response.json()["category"]) == (["training", "air"], "training")
        contribution.refresh_from_db()
        assert contribution.categories == ["training", "air"]

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
        assert response.json() == rule_violated(organization=[NOT_MEETING_AND_ORGANIZATION])
        contribution.refresh_from_db()
        assert (contribution.meeting.slug, contribution.organization) == (PARIS, None)

    def test_patch_taking_a_pledge_off_its_meeting(self, editor, data):
        """A nation's pledge stands on its own, announced elsewhere."""
        contribution = data["fr_troops"]

        response = editor.patch(f"{URL}{contribution.pk}/", {"meeting": None}, format="json")

        assert response.status_code == 200, response.json()
        assert (response.json()["meeting"], response.json()["organization"]) == (None, None)
        contribution.refresh_from_db()
        assert (contribution.meeting, contribution.nation.code) == (None, "FR")

    def test_patch_taking_a_component_off_its_meeting(self, editor, data):
        """A component nobody pledged only exists in the effort that calls for it."""
        contribution = data["stockpiles"]

        response = editor.patch(f"{URL}{contribution.pk}/", {"meeting": None}, format="json")

        assert response.status_code == 400
        assert response.json() == rule_violated(nation=[NEEDS_NATION_OR_EFFORT])
        contribution.refresh_from_db()
        assert contribution.meeting.slug == PARIS

    @pytest.mark.parametrize(
        ("change", "expected"),
        [
            ({"amount": None}, rule_violated(amount=[AMOUNT_NEEDS_CURRENCY])),
            ({"currency": None}, rule_violated(currency=[AMOUNT_NEEDS_CURRENCY])),
            ({"currency": "ZZZ"}, invalid(currency=[not_a_valid_choice("ZZZ")])),
        ],
    )
    def test_patch_money_checked_against_the_stored_amount_and_currency(self, editor, data, change, expected):
        contribution = data["fr_package"]

        response = editor.patch(f"{URL}{contribution.pk}/", change, format="json")

        assert response.status_code == 400
        assert response.json() == expected
        contribution.refresh_from_db()
        assert (contribution.amount, contribution.currency) == (Decimal("2000000000.00"), "EUR")

    def test_patch_clearing_the_money(self, editor, data):
        contribution = data["fr_package"]

        response = editor.patch(f"{URL}{contribution.pk}/", {"amount": None, "currency": None}, format="json")

        assert response.status_code == 200, response.json()
        assert (response.json()["amount"], response.json()["currency"]) == (None, None)
        contribution.refresh_from_db()
        assert (contribution.amount, contribution.currency) == (None, None)

    def test_patch_changing_the_currency(self, editor, data):
        contribution = data["fr_package"]

        response = editor.patch(f"{URL}{contribution.pk}/", {"currency": "USD"}, format="json")

        assert response.status_code == 200, response.json()
        contribution.refresh_from_db()
        assert (contribution.amount, contribution.currency) == (Decimal("2000000000.00"), "USD")


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
