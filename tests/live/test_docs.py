"""The schema and the documentation pages as a browser or an SDK generator gets them from a real server."""

import json
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import httpx
import pytest
import yaml

from tests.conftest import REPO

ASSET_TYPES = {"script": "javascript", "stylesheet": "text/css", "icon": "image/"}


class AssetParser(HTMLParser):
    """Every URL the page loads: `<script src>` and `<link href>`, with what kind of asset it is."""

    def __init__(self):
        super().__init__()
        self.assets = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("src"):
            self.assets.append(("script", attrs["src"]))
        elif tag == "link" and attrs.get("href"):
            self.assets.append((attrs.get("rel", ""), attrs["href"]))


class TestSchemaEndpoint:
    def test_yaml_by_default_and_json_on_request(self, live_server_process):
        url = f"{live_server_process.url}/api/v1/schema/"
        as_yaml = httpx.get(url)
        as_json = httpx.get(url, params={"format": "json"})

        assert as_yaml.status_code == 200
        assert as_yaml.headers["content-type"] == "application/vnd.oai.openapi; charset=utf-8"
        assert as_json.status_code == 200
        assert as_json.headers["content-type"] == "application/vnd.oai.openapi+json"
        document = yaml.safe_load(as_yaml.text)
        assert json.loads(as_json.text) == document
        assert document["info"]["title"] == "eventapi"
        assert "/api/v1/meetings/{slug}/" in document["paths"]

    def test_served_document_is_the_committed_one(self, live_server_process):
        served = yaml.safe_load(httpx.get(f"{live_server_process.url}/api/v1/schema/").text)
        assert served == yaml.safe_load((REPO / "schema" / "openapi.yaml").read_text()), (
            "the server publishes a different document from schema/openapi.yaml: run `make schema`"
        )


class TestDocumentationPages:
    @pytest.mark.parametrize("page", ["docs", "redoc"])
    def test_page_loads_only_this_servers_static_files(self, live_server_process, page):
        page_url = f"{live_server_process.url}/api/v1/{page}/"
        response = httpx.get(page_url)
        assert response.status_code == 200
        assert response.headers["content-type"] == "text/html; charset=utf-8"
        parser = AssetParser()
        parser.feed(response.text)
        assert [kind for kind, _ in parser.assets].count("script") >= 1

        server = urlsplit(live_server_process.url).netloc
        for kind, url in parser.assets:
            absolute = urljoin(page_url, url)
            assert urlsplit(absolute).netloc == server, f"{page} loads {absolute} from another host"
            assert urlsplit(absolute).path.startswith("/static/"), absolute
            asset = httpx.get(absolute)
            assert asset.status_code == 200, absolute
            assert ASSET_TYPES[kind] in asset.headers["content-type"], (absolute, asset.headers["content-type"])
        # nor does any inline script or style name another host
        assert [url for url in re.findall(r"https?://[^\s\"'<>)]+", response.text) if server not in url] == []

    @pytest.mark.parametrize("page", ["docs", "redoc"])
    def test_page_reads_the_schema_from_this_server(self, live_server_process, page):
        text = httpx.get(f"{live_server_process.url}/api/v1/{page}/").text
        assert "/api/v1/schema/" in text
        assert httpx.get(f"{live_server_process.url}/api/v1/schema/").status_code == 200


class TestNotFound:
    def test_unknown_api_path_is_a_json_404(self, live_server_process):
        response = httpx.get(f"{live_server_process.url}/api/v1/no-such-thing/")
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/json"
        assert response.json() == {
            "status": 404,
            "code": "not_found",
            "detail": "No API resource at this address.",
            "errors": {},
        }

    def test_unknown_object_is_a_json_404(self, live_server_process):
        response = httpx.get(f"{live_server_process.url}/api/v1/meetings/no-such-meeting/")
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/json"
        assert response.json() == {"status": 404, "code": "not_found", "detail": "Not found.", "errors": {}}
