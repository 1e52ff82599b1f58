import datetime

import pytest

from events.models import Citation, Contribution, Meeting, Participation, Source
from tests import factories
from tests.api.bodies import (
    FRANCE,
    PARIS_BRIEF,
    duplicate,
    ids,
    invalid,
    timestamps,
    unknown,
    unknown_reference,
)
from tests.conftest import PARIS

URL = "/api/v1/sources/"
NEWSLOOKS_TITLE = "30+ Nations Discuss Military Support for Ukraine in Paris"
SAME_TITLE = "This outlet already has a source with this title."
SAME_ADDRESS = "A source with this address is already recorded."
NOT_A_PAGE_ADDRESS = "Enter the web address of a page: http(s)://, a host name, a path."
REUTERS_URL = "https://www.reuters.com/world/europe/force-for-ukraine-2025-03-10/"


@pytest.fixture
def sources(paris):
    """Newslooks (about Paris, two citations), a Reuters and an AP report (about another meeting)."""
    newslooks = factories.SourceFactory(
        outlet="Newslooks",
        title=NEWSLOOKS_TITLE,
        author="J. Mansour",
        programme="Morning Edition",
        dateline="WASHINGTON",
    )
    reuters = factories.SourceFactory(
        outlet="Reuters", title="Europe weighs a force for Ukraine", author="K. Lee", url=REUTERS_URL
    )
    ap = factories.SourceFactory(outlet="AP", title="Defence chiefs gather", author="M. Mansour")
    paris.sources.add(newslooks)
    factories.MeetingFactory(slug="london-2025").sources.add(reuters, ap)
    return {"newslooks": newslooks, "reuters": reuters, "ap": ap}


@pytest.fixture
def cited(sources, paris):
    """Newslooks with two statements, and the Paris records it supports."""
    newslooks = sources["newslooks"]
    first = factories.CitationFactory(
        source=newslooks,
        quote="This coalition will consist of nations ‘able and willing’ to safeguard Ukraine",
        speaker="French military official",
        speaker_is_anonymous=True,
        speaker_nation=factories.nation("FR"),
        meeting=paris,
        context="The official spoke anonymously.",
    )
    second = factories.CitationFactory(
        source=newslooks,
        quote="Final decisions rest with leaders",
        speaker="NATO Secretary General",
        speaker_organization=factories.OrganizationFactory(
            slug="nato", name="North Atlantic Treaty Organization", short_name="NATO"
        ),
        speaker_person=factories.PersonFactory(name="Mark Rutte", wikidata_id="Q57792"),
    )
    participation = factories.ParticipationFactory(meeting=paris)
    participation.sources.add(newslooks)
    contribution = factories.ContributionFactory(meeting=paris)
    contribution.sources.add(newslooks)
    return {"citations": [first, second], "participation": participation, "contribution": contribution}


class TestSourceList:
    def test_ordered_by_outlet_then_title(self, api, sources):
        response = api.get(URL)

        body = response.json()
        assert (body["count"], body["next"], body["previous"]) == (3, None, None)
        assert [(s["outlet"], s["title"]) for s in body["results"]] == [
            ("AP", "Defence chiefs gather"),
            ("Newslooks", NEWSLOOKS_TITLE),
            ("Reuters", "Europe weighs a force for Ukraine"),
        ]

    def test_seed_source_carries_its_citations(self, api, seed):
        [source] = api.get(URL).json()["results"]

        assert (source["outlet"], source["title"], source["dateline"]) == ("Newslooks", NEWSLOOKS_TITLE, "WASHINGTON")
        assert [
            (c["speaker"], c["speaker_person"], c["speaker_nation"], c["speaker_organization"], c["meeting"])
            for c in source["citations"]
        ] == [("French military official", None, FRANCE, None, PARIS_BRIEF)] * 3
        assert source["citations"][2]["quote"] == "Final participation decisions will be made at the political level"


class TestSourceDetail:
    def test_full_body_with_citations(self, api, sources, cited):
        source = sources["newslooks"]
        first, second = cited["citations"]

        response = api.get(f"{URL}{source.pk}/")

        assert response.status_code == 200
        assert response.json() == {
            "id": source.pk,
            "outlet": "Newslooks",
            "title": NEWSLOOKS_TITLE,
            "author": "J. Mansour",
            "programme": "Morning Edition",
            "dateline": "WASHINGTON",
            "url": "",
            "published_date": None,
            "notes": "",
            "citations": [
                {
                    "id": first.pk,
                    "quote": "This coalition will consist of nations ‘able and willing’ to safeguard Ukraine",
                    "speaker": "French military official",
                    "speaker_is_anonymous": True,
                    "speaker_person": None,
                    "speaker_nation": FRANCE,
                    "speaker_organization": None,
                    "meeting": PARIS_BRIEF,
                    "context": "The official spoke anonymously.",
                },
                {
                    "id": second.pk,
                    "quote": "Final decisions rest with leaders",
                    "speaker": "NATO Secretary General",
                    "speaker_is_anonymous": False,
                    "speaker_person": {"id": second.speaker_person.pk, "name": "Mark Rutte", "wikidata_id": "Q57792"},
                    "speaker_nation": None,
                    "speaker_organization": {
                        "slug": "nato",
                        "name": "North Atlantic Treaty Organization",
                        "short_name": "NATO",
                    },
                    "meeting": None,
                    "context": "",
                },
            ],
            **timestamps(source),
        }


class TestSourceFilters:
    def test_meeting(self, api, sources):
        assert ids(api.get(URL, {"meeting": PARIS})) == [sources["newslooks"].pk]
        assert ids(api.get(URL, {"meeting": "london-2025"})) == [sources["ap"].pk, sources["reuters"].pk]

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("reuters", ["reuters"]),  # outlet
            ("FORCE", ["reuters"]),  # title
            ("mansour", ["ap", "newslooks"]),  # author
            ("  Defence chiefs  ", ["ap"]),
            ("nothing like it", []),
        ],
    )
    def test_search(self, api, sources, text, expected):
        assert ids(api.get(URL, {"search": text})) == [sources[name].pk for name in expected]

    def test_unknown_meeting_is_400(self, api, db):
        response = api.get(URL, {"meeting": "nope"})

        assert response.status_code == 400
        assert response.json() == unknown_reference(meeting=[unknown("meeting", "nope")])


class TestSourceCreate:
    def test_create(self, editor, db):
        payload = {
            "outlet": "Le Monde",
            "title": "Les chefs d'état-major réunis à Paris",
            "author": "C. Dupont",
            "programme": "International",
            "dateline": "PARIS",
            "url": "https://www.lemonde.fr/international/article/2025/03/11/chefs.html",
            "published_date": "2025-03-11",
            "notes": "Printed edition of 12 March.",
            "citations": [{"quote": "ignored", "speaker": "ignored"}],
        }

        response = editor.post(URL, payload, format="json")

        assert response.status_code == 201, response.json()
        source = Source.objects.get()
        del payload["citations"]
        assert response.json() == {"id": source.pk, **payload, "citations": [], **timestamps(source)}
        assert source.published_date == datetime.date(2025, 3, 11)
        assert not Citation.objects.exists()

    def test_only_outlet_and_title_are_required(self, editor, db):
        response = editor.post(URL, {}, format="json")

        assert response.status_code == 400
        assert response.json() == invalid(outlet=["This field is required."], title=["This field is required."])

    def test_same_outlet_and_title_is_409(self, editor, sources):
        response = editor.post(URL, {"outlet": "Newslooks", "title": NEWSLOOKS_TITLE}, format="json")

        assert response.status_code == 409
        assert response.json() == duplicate(non_field_errors=[SAME_TITLE])
        assert Source.objects.count() == 3

    def test_same_url_is_409(self, editor, sources):
        """A source with an address is identified by it, whatever outlet and title it is given."""
        payload = {"outlet": "Reuters (syndicated)", "title": "A force for Ukraine", "url": REUTERS_URL}

        response = editor.post(URL, payload, format="json")

        assert response.status_code == 409
        assert response.json() == duplicate(url=[SAME_ADDRESS])
        assert Source.objects.count() == 3
        assert Source.objects.get(url=REUTERS_URL) == sources["reuters"]

    def test_sources_without_an_address_do_not_collide(self, editor, sources):
        response = editor.post(URL, {"outlet": "AP", "title": "Another report", "url": ""}, format="json")

        assert response.status_code == 201, response.json()
        assert Source.objects.filter(url="").count() == 3

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("url", "http://127.0.0.1/report", NOT_A_PAGE_ADDRESS),  # an address, not a host name
            ("url", "https://example.com:8080/report", NOT_A_PAGE_ADDRESS),
            ("url", "ftp://example.com/report", NOT_A_PAGE_ADDRESS),
            ("published_date", "11/03/2025", "Date has wrong format. Use one of these formats instead: YYYY-MM-DD."),
            ("title", "", "This field may not be blank."),
            ("outlet", "x" * 201, "Ensure this field has no more than 200 characters."),
        ],
    )
    def test_invalid_field(self, editor, db, field, value, message):
        payload = {"outlet": "Le Monde", "title": "A report", field: value}

        response = editor.post(URL, payload, format="json")

        assert response.status_code == 400
        assert response.json() == invalid(**{field: [message]})
        assert not Source.objects.exists()

    @pytest.mark.parametrize("url", ["not a url", "https://exa mple.com/"])
    def test_not_a_url_at_all(self, editor, db, url):
        response = editor.post(URL, {"outlet": "Le Monde", "title": "A report", "url": url}, format="json")

        assert response.status_code == 400
        assert response.json() == invalid(url=[NOT_A_PAGE_ADDRESS, "Enter a valid URL."])
        assert not Source.objects.exists()


class TestSourceUpdate:
    def test_put_replaces(self, editor, sources, cited):
        source = sources["newslooks"]
        payload = {
            "outlet": "Newslooks",
            "title": "Nations discuss a security force for Ukraine",
            "author": "",
            "url": "https://newslooks.com/nations-discuss",
            "published_date": "2025-03-10",
        }

        response = editor.put(f"{URL}{source.pk}/", payload, format="json")

        assert response.status_code == 200, response.json()
        body = response.json()
        assert {key: body[key] for key in payload} == payload
        assert (body["programme"], len(body["citations"])) == ("Morning Edition", 2)
        source.refresh_from_db()
        assert (source.title, source.author, source.published_date) == (
            "Nations discuss a security force for Ukraine",
            "",
            datetime.date(2025, 3, 10),
        )

    def test_patch(self, editor, sources):
        source = sources["reuters"]

        response = editor.patch(f"{URL}{source.pk}/", {"notes": "Paywalled."}, format="json")

        assert response.status_code == 200, response.json()
        source.refresh_from_db()
        assert (source.notes, source.outlet, source.title) == (
            "Paywalled.",
            "Reuters",
            "Europe weighs a force for Ukraine",
        )

    def test_patch_into_a_taken_title_is_409(self, editor, sources):
        source = sources["reuters"]

        response = editor.patch(f"{URL}{source.pk}/", {"outlet": "AP", "title": "Defence chiefs gather"}, format="json")

        assert response.status_code == 409
        assert response.json() == duplicate(non_field_errors=[SAME_TITLE])
        source.refresh_from_db()
        assert source.outlet == "Reuters"

    def test_patch_into_a_taken_url_is_409(self, editor, sources):
        source = sources["ap"]

        response = editor.patch(f"{URL}{source.pk}/", {"url": REUTERS_URL}, format="json")

        assert response.status_code == 409
        assert response.json() == duplicate(url=[SAME_ADDRESS])
        source.refresh_from_db()
        assert source.url == ""

    def test_patch_keeping_its_own_url(self, editor, sources):
        source = sources["reuters"]

        response = editor.patch(f"{URL}{source.pk}/", {"url": REUTERS_URL, "notes": "Paywalled."}, format="json")

        assert response.status_code == 200, response.json()
        source.refresh_from_db()
        assert (source.url, source.notes) == (REUTERS_URL, "Paywalled.")


class TestSourceDelete:
    def test_delete_uncited(self, editor, sources):
        response = editor.delete(f"{URL}{sources['ap'].pk}/")

        assert response.status_code == 204
        assert list(Source.objects.order_by("outlet").values_list("outlet", flat=True)) == ["Newslooks", "Reuters"]
        assert list(Meeting.objects.get(slug="london-2025").sources.all()) == [sources["reuters"]]

    def test_delete_cited_source_takes_its_citations_along(self, editor, sources, cited, paris):
        """Citations cascade with their source; the records it supported stay, without it."""
        source = sources["newslooks"]

        response = editor.delete(f"{URL}{source.pk}/")

        assert response.status_code == 204
        assert not Source.objects.filter(pk=source.pk).exists()
        assert not Citation.objects.exists()
        assert Meeting.objects.filter(pk=paris.pk).exists()
        assert list(paris.sources.all()) == []
        assert list(Participation.objects.get(pk=cited["participation"].pk).sources.all()) == []
        assert list(Contribution.objects.get(pk=cited["contribution"].pk).sources.all()) == []
        assert editor.get(f"{URL}{source.pk}/").status_code == 404
