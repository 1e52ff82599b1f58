"""The API's documentation as a reader uses it: Swagger UI runs a request, ReDoc lists every operation, and both pages
and the browsable API are accessible (no critical or serious axe-core violation)."""

from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations
from tests.conftest import PARIS, REPO

pytestmark = pytest.mark.browser

OPERATIONS = [
    (method.upper(), path)
    for path, item in yaml.safe_load((REPO / "schema" / "openapi.yaml").read_text())["paths"].items()
    for method in item
    if method in {"get", "put", "post", "patch", "delete"}
]


# The schema is built per request and both pages parse the whole of it: slow on a busy CI machine.
RENDERED_WITHIN_MS = 180_000


def open_swagger_ui(page):
    page.goto("/api/v1/docs/")
    expect(page.locator(".opblock").first).to_be_visible(timeout=RENDERED_WITHIN_MS)


def open_redoc(page):
    page.goto("/api/v1/redoc/")
    expect(page.locator("[data-section-id]").first).to_be_attached(timeout=RENDERED_WITHIN_MS)


class TestSwaggerUI:
    def test_try_it_out_lists_the_paris_talks_for_japan_remote(self, page):
        open_swagger_ui(page)
        operation = page.locator("#operations-meetings-meetings_list")
        operation.locator(".opblock-summary").click()
        operation.get_by_role("button", name="Try it out").click()
        nation = operation.locator("tr[data-param-name='nation']")
        nation.get_by_role("button", name="Add string item").click()
        nation.locator("input").fill("JP")
        operation.locator("tr[data-param-name='attendance'] select").select_option("remote")
        operation.get_by_role("button", name="Execute").click()

        response = operation.locator(".live-responses-table")
        # The request's URL is above the table of the response, not in it. Swagger UI sends the parameters in the
        # schema's order (alphabetical), with limit and offset at their defaults.
        request_url = operation.locator(".responses-inner .request-url")
        expect(request_url).to_contain_text("/api/v1/meetings/?")
        query = parse_qs(urlsplit(request_url.inner_text().strip()).query)
        assert (query["nation"], query["attendance"]) == (["JP"], ["remote"])
        expect(response.locator("tr.response .response-col_status")).to_have_text("200")  # not the header's "Code"
        body = response.locator(".response-col_description .highlight-code .microlight")  # not the headers' block
        expect(body).to_contain_text(f'"slug": "{PARIS}"')

    def test_no_critical_or_serious_accessibility_violation(self, page):
        open_swagger_ui(page)
        page.locator("#operations-meetings-meetings_list .opblock-summary").click()  # an open operation too
        expect(page.locator("#operations-meetings-meetings_list .parameters")).to_be_visible()
        assert axe_violations(page) == []


class TestReDoc:
    def test_lists_every_operation(self, page):
        open_redoc(page)
        listed = page.locator("[data-section-id^='tag/'] [data-section-id^='operation/']")
        expect(listed).to_have_count(len(OPERATIONS))
        meetings_list = page.locator("[data-section-id='operation/meetings_list']")
        expect(meetings_list.locator("h2")).to_have_text("List meetings")

    def test_no_critical_or_serious_accessibility_violation(self, page):
        open_redoc(page)
        assert axe_violations(page) == []


class TestBrowsableAPI:
    def test_filters_and_shows_the_list(self, page):
        page.goto("/api/v1/meetings/?format=api&nation=JP&attendance=remote")
        expect(page.get_by_role("heading", level=1)).to_have_text("Meeting List")
        expect(page.locator(".response-info")).to_contain_text(f'"slug": "{PARIS}"')

    @pytest.mark.parametrize("path", ["/api/v1/meetings/?format=api", f"/api/v1/meetings/{PARIS}/?format=api"])
    def test_no_critical_or_serious_accessibility_violation(self, page, path):
        page.goto(path)
        assert axe_violations(page) == []
