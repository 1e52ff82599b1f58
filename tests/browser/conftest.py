"""A real browser against a real server: Debian's Chromium driven by Playwright, headless, on the service as
`make run` serves it (tests/live's `seeded_server`: DEBUG off, its own database with the shipped data).

Every request to anything but the server under test is refused and recorded, and so is every load the page's
Content-Security-Policy refused (the browser never sends those, so only the console tells): a test with any fails.
Each test leaves a full-page screenshot (of at most SCREENSHOT_MAX_HEIGHT) in build/screenshots/ (git-ignored), passed
or failed, to look at what it saw.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.live.conftest import seeded_server

SCREENSHOTS = REPO / "build" / "screenshots"
AXE_SCRIPT = Path(os.environ.get("AXE_CORE_JS", REPO / "node_modules" / "axe-core" / "axe.min.js"))
CLERK = {"username": "clerk", "password": "a-clerk's-long-password-1"}
VIEWPORT = {"width": 1280, "height": 900}  # a laptop: the admin must fit it without sideways scrolling
# A screenshot shows at most this much of a page's height: ReDoc's page is some 200,000 px tall, and Chromium takes
# longer than a call may (30 s) to picture all of it.
SCREENSHOT_MAX_HEIGHT = 16_000


def pytest_collection_modifyitems(items):
    # Screenshots are named after the test; keep a failed run's pictures from mixing with an older run's.
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """The live server, with a superuser for the admin."""
    with seeded_server(tmp_path_factory.mktemp("browser")) as server:
        subprocess.run(
            [sys.executable, "manage.py", "createsuperuser", "--no-input", "--username", CLERK["username"]],
            cwd=REPO,
            env={
                **server.env,
                "DJANGO_SUPERUSER_PASSWORD": CLERK["password"],
                "DJANGO_SUPERUSER_EMAIL": "c@example.org",
            },
            check=True,
            capture_output=True,
        )
        yield server


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if not executable:
        pytest.fail("no Chromium: `apt-get install -y chromium` (or set CHROMIUM to its path)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True)
        yield browser
        browser.close()


class OutsideRequests(list):
    """The URLs the page tried to reach outside the server under test; each was refused."""

    def __init__(self, origin):
        super().__init__()
        self.origin = origin

    def route(self, route):
        url = route.request.url
        if url == self.origin or url.startswith(self.origin + "/"):
            route.continue_()
        else:
            self.append(url)
            route.abort("blockedbyclient")


@pytest.fixture
def page(server, browser, request):
    """A fresh browser tab (its own cookies) on the server under test. After the test: a screenshot, and a failure
    if the page asked for anything outside the server."""
    context = browser.new_context(base_url=server.url, viewport=VIEWPORT, locale="en-GB", timezone_id="Europe/London")
    context.set_default_timeout(30_000)  # CI runs other stages beside this one
    outside = OutsideRequests(server.url)
    context.route("**/*", outside.route)
    refused_by_policy = []
    context.on(
        "console",
        lambda message: (
            message.type == "error"
            and "Content Security Policy" in message.text
            and refused_by_policy.append(message.text)
        ),
    )
    page = context.new_page()
    yield page
    name = re.sub(r"[^\w.-]+", "_", request.node.name)  # a parameter may hold a path
    width, height = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
    clip = {"x": 0, "y": 0, "width": width, "height": min(height, SCREENSHOT_MAX_HEIGHT)}
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True, clip=clip)
    context.close()
    assert list(outside) == [], f"the page requested outside the server under test: {list(outside)}"
    assert refused_by_policy == [], f"the page tried loads its Content-Security-Policy refuses: {refused_by_policy}"


@pytest.fixture
def clerk_page(page):
    """A tab logged in to the admin as the superuser."""
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(CLERK["username"])
    page.get_by_label("Password").fill(CLERK["password"])
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")
    return page


def axe_violations(page, impacts=("critical", "serious")):
    """axe-core's violations on the page as it is now, of these impacts: [(rule, impact, [(target, summary)])]."""
    if not AXE_SCRIPT.exists():
        pytest.fail(f"axe-core is not installed at {AXE_SCRIPT}: `npm ci` (package.json has it)")
    # Evaluated rather than added as a <script>: the page's Content-Security-Policy refuses inline scripts, rightly.
    page.evaluate(AXE_SCRIPT.read_text())
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        (
            violation["id"],
            violation["impact"],
            [(" ".join(map(str, node["target"])), node["failureSummary"]) for node in violation["nodes"]],
        )
        for violation in results["violations"]
        if violation["impact"] in impacts
    ]
