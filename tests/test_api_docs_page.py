"""The API reference page: Swagger UI served from this site, as vendored."""

from __future__ import annotations

import hashlib
import re

from fastapi.testclient import TestClient

from tests.conftest import ROOT

SWAGGER = ROOT / "static" / "vendor" / "swagger-ui-5.35.0"


# The API reference comes from our own origin.
def test_api_docs_load_swagger_ui_from_this_site_only(client: TestClient) -> None:
    html = client.get("/docs").text
    assert "/static/vendor/swagger-ui-5.35.0/swagger-ui-bundle.js" in html and "/static/api-docs.js" in html
    assert not re.search(r'(?:src|href)="(?:https?:)?//', html), "no asset from another origin"
    assert client.get("/redoc", follow_redirects=False).headers["location"] == "/docs"


def test_vendored_swagger_ui_matches_its_recorded_checksums() -> None:
    for line in (SWAGGER / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split()
        assert hashlib.sha256((SWAGGER / name).read_bytes()).hexdigest() == digest, name
