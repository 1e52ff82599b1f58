"""A clerk entering a meeting from a news report in the admin, as a person does it: typing names into the pickers and
ISO dates, then reading the record back through the API. Each mistake a clerk makes is caught on the form, with the
rule's message (the API's), and nothing is saved. The pages are accessible (no critical or serious axe violation)."""

import re

import httpx
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations
from tests.conftest import PARIS

pytestmark = pytest.mark.browser

SLUG = "nato-leaders-meeting-london-2019"
# The refused forms' slug: the server is the whole session's, and the clerk's scenario saves SLUG.
REFUSED_SLUG = "nato-leaders-meeting-refused"
SOURCE_TITLE = "NATO leaders gather in Watford for the alliance's 70th anniversary"
SOURCE_OUTLET = "Newslooks"


def pick(page, select_id, typed):
    """Types into the autocomplete picker of the <select> `select_id` as a person does, and takes what it lists first
    (Enter): the picker must list the meant object first."""
    container = page.locator(f"#{select_id} + .select2")
    container.locator(".select2-selection").click()
    if container.locator(".select2-selection--multiple").count():
        search = container.locator(".select2-search__field")  # a many-picker searches in its own box
    else:
        search = page.locator(".select2-container--open .select2-search__field")
    with page.expect_response(lambda response: "/admin/autocomplete/" in response.url and response.ok):
        search.press_sequentially(typed, delay=20)
    page.wait_for_timeout(400)  # select2 waits 250 ms after the last key before it searches
    expect(page.locator(".select2-results__option--highlighted")).to_be_visible()
    expect(page.locator(".select2-results__option.loading-results")).to_have_count(0)
    search.press("Enter")


def chosen(page, select_id):
    return page.locator(f"#{select_id} option:checked")


def add_row(page, prefix):
    """Adds an empty row to the inline `prefix` ("Add another ..."); its index."""
    index = int(page.locator(f"#id_{prefix}-TOTAL_FORMS").input_value())
    page.locator(f"#{prefix}-group .add-row a").click()
    expect(page.locator(f"#id_{prefix}-{index}-id")).to_be_attached()
    return index


def fill_meeting(page, *, title, start, end, slug=SLUG):
    page.goto("/admin/events/meeting/add/")
    page.locator("#id_title").fill(title)  # by id: each inline row's fields are labelled too ("Title, session 1")
    # Leaving the title fills in a slug from it (prepopulated_fields); in the slug field, the clerk's slug replaces it.
    page.locator("#id_slug").click()
    page.locator("#id_slug").fill(slug)
    page.locator("#id_start_date").fill(start)
    page.locator("#id_end_date").fill(end)


def add_participation(page, *, nation=None, organization=None, role="Participant", status, mode=""):
    index = add_row(page, "participations")
    prefix = f"id_participations-{index}"
    if nation:
        pick(page, f"{prefix}-nation", nation)
    if organization:
        pick(page, f"{prefix}-organization", organization)
    pick(page, f"{prefix}-role", role)
    page.locator(f"#{prefix}-status").select_option(label=status)
    if mode:
        page.locator(f"#{prefix}-attendance_mode").select_option(label=mode)
    return prefix


def save_and_continue(page):
    page.get_by_role("button", name="Save and continue editing").click()
    page.wait_for_load_state()


def api_get(server, path):
    return httpx.get(f"{server.url}/api/v1/{path}", headers={"Accept": "application/json"}, timeout=30)


def assert_nothing_saved(server):
    assert api_get(server, f"meetings/{REFUSED_SLUG}/").status_code == 404


class TestClerkEntersAMeeting:
    def test_the_2019_nato_leaders_meeting_reads_back_through_the_api(self, clerk_page, server):
        page = clerk_page
        fill_meeting(page, title="NATO Leaders Meeting", start="2019-12-03", end="2019-12-04")
        page.locator("#id_city").fill("Watford")
        page.locator("#id_venue").fill("The Grove")
        pick(page, "id_host_country", "UK")
        expect(chosen(page, "id_host_country")).to_have_text("United Kingdom (GB)")
        page.locator("#id_format").select_option(label="Hybrid")
        page.locator("#id_status").select_option(label="Held")

        # A new source, added from the meeting's page.
        with page.expect_popup() as popup_info:
            page.locator("#add_id_sources").click()
        popup = popup_info.value
        popup.locator("#id_outlet").fill(SOURCE_OUTLET)
        popup.locator("#id_title").fill(SOURCE_TITLE)
        popup.locator("#id_url").fill("https://example.org/nato-2019")
        popup.locator("#id_published_date").fill("2019-12-04")
        popup.get_by_role("button", name="Save", exact=True).click()
        popup.wait_for_event("close")
        expect(chosen(page, "id_sources")).to_have_text(f"{SOURCE_OUTLET}: {SOURCE_TITLE}")

        session = add_row(page, "sessions")
        page.locator(f"#id_sessions-{session}-order").fill("1")
        page.locator(f"#id_sessions-{session}-title").fill("Meeting of the North Atlantic Council")
        page.locator(f"#id_sessions-{session}-date").fill("2019-12-04")

        us = add_participation(page, nation="United States", status="Attended", mode="Remote")
        expect(chosen(page, f"{us}-nation")).to_have_text("United States (US)")
        uk = add_participation(page, nation="UK", role="Host", status="Declined")
        expect(chosen(page, f"{uk}-nation")).to_have_text("United Kingdom (GB)")
        add_participation(page, organization="NATO", status="Attended", mode="In person")

        citation = add_row(page, "citations")
        pick(page, f"id_citations-{citation}-source", "NATO leaders gather")
        page.locator(f"#id_citations-{citation}-quote").fill("NATO is the most successful alliance in history.")
        page.locator(f"#id_citations-{citation}-speaker").fill("the leaders, in the London Declaration")

        save_and_continue(page)
        expect(page.locator(".errornote")).to_have_count(0)
        expect(page.locator(".messagelist .success")).to_be_visible()

        # The delegate, on the participation's own page.
        page.get_by_role("link", name=re.compile(r"delegates?.*United States")).click()
        delegate = add_row(page, "delegates")
        page.locator(f"#id_delegates-{delegate}-description").fill("the President of the United States")
        page.locator(f"#id_delegates-{delegate}-office").fill("President")
        save_and_continue(page)
        expect(page.locator(".errornote")).to_have_count(0)

        meeting = api_get(server, f"meetings/{SLUG}/").json()
        assert (meeting["title"], meeting["start_date"], meeting["end_date"]) == (
            "NATO Leaders Meeting",
            "2019-12-03",
            "2019-12-04",
        )
        assert (meeting["city"], meeting["venue"], meeting["host_country"]["code"]) == ("Watford", "The Grove", "GB")
        assert [source["title"] for source in meeting["sources"]] == [SOURCE_TITLE]
        participations = {
            (item["nation"] or item["organization"])["code" if item["nation"] else "slug"]: item
            for item in meeting["participations"]
        }
        assert {key: (item["status"], item["attendance_mode"]) for key, item in participations.items()} == {
            "US": ("attended", "remote"),
            "GB": ("declined", None),
            "nato": ("attended", "in_person"),
        }
        assert [(d["description"], d["office"]) for d in participations["US"]["delegates"]] == [
            ("the President of the United States", "President")
        ]
        sessions = api_get(server, f"sessions/?meeting={SLUG}").json()["results"]
        assert [(item["title"], item["date"]) for item in sessions] == [
            ("Meeting of the North Atlantic Council", "2019-12-04")
        ]
        citations = api_get(server, f"citations/?meeting={SLUG}").json()["results"]
        assert [(item["quote"], item["source"]["title"]) for item in citations] == [
            ("NATO is the most successful alliance in history.", SOURCE_TITLE)
        ]


class TestMistakesAreCaughtOnTheForm:
    def expect_refused(self, page, server, message):
        save_and_continue(page)
        summary = page.locator("#error-summary")
        expect(summary).to_be_visible()
        expect(summary).to_contain_text(message)
        assert_nothing_saved(server)

    def test_an_end_before_the_start(self, clerk_page, server):
        fill_meeting(clerk_page, title="NATO Leaders Meeting", start="2019-12-04", end="2019-12-03", slug=REFUSED_SLUG)
        self.expect_refused(clerk_page, server, "A meeting cannot end before it starts.")

    def test_the_same_nation_twice(self, clerk_page, server):
        fill_meeting(clerk_page, title="NATO Leaders Meeting", start="2019-12-03", end="2019-12-04", slug=REFUSED_SLUG)
        add_participation(clerk_page, nation="United States", status="Attended", mode="In person")
        add_participation(clerk_page, nation="United States", status="Attended", mode="Remote")
        self.expect_refused(clerk_page, server, "This nation already takes part in this meeting.")

    def test_a_declined_nation_with_an_attendance_mode(self, clerk_page, server):
        fill_meeting(clerk_page, title="NATO Leaders Meeting", start="2019-12-03", end="2019-12-04", slug=REFUSED_SLUG)
        add_participation(clerk_page, nation="UK", status="Declined", mode="Remote")
        self.expect_refused(
            clerk_page, server, "A participant that declined or was reported absent has no attendance mode."
        )


class TestAdminAccessibility:
    @pytest.mark.parametrize(
        "path",
        [
            "/admin/events/meeting/add/",
            "/admin/events/meeting/",
            "/admin/events/participation/",
        ],
    )
    def test_no_critical_or_serious_violation(self, clerk_page, path):
        clerk_page.goto(path)
        assert axe_violations(clerk_page) == []

    def test_the_change_form_with_rows_has_no_critical_or_serious_violation(self, clerk_page):
        clerk_page.goto("/admin/events/meeting/?q=Paris")
        clerk_page.get_by_role("link", name=re.compile("Paris|Ukraine")).first.click()
        expect(clerk_page.locator("#id_slug")).to_have_value(PARIS)
        assert axe_violations(clerk_page) == []

    def test_a_form_with_errors_has_no_critical_or_serious_violation(self, clerk_page):
        fill_meeting(clerk_page, title="NATO Leaders Meeting", start="2019-12-04", end="2019-12-03", slug=REFUSED_SLUG)
        save_and_continue(clerk_page)
        expect(clerk_page.locator("#error-summary")).to_be_visible()
        assert axe_violations(clerk_page) == []
