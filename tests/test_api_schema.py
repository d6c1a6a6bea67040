"""The JSON API against its own OpenAPI spec: generated requests never get a 500, and every answer matches it."""

from __future__ import annotations

import schemathesis
from hypothesis import settings
from schemathesis import Case

from tests.conftest import SHIPPED_DB
from web.app import create_app
from web.settings import Settings

# Schemathesis starts this app's lifespan once and keeps it for the session.
app = create_app(Settings(db_path=SHIPPED_DB, profile="production", allowed_hosts=["testserver"]))
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@schema.parametrize()
@settings(max_examples=200, deadline=None)
def test_the_api_keeps_its_schema(case: Case) -> None:
    case.call_and_validate()
