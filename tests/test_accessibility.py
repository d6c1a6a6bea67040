"""axe-core (shipped inside axe-playwright-python: no network) finds no violation, of any impact, on any
page or state: first loads and htmx swaps, light and dark, desktop and phone widths."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser

AXE = Axe()
THEMES = ("light", "dark")
WIDTHS = {"desktop": 1100, "phone": 375}


def load(path: str) -> Callable[[Page], None]:
    def first_load(page: Page) -> None:
        page.goto(path)

    return first_load


def typed(text: str, wait_for: str) -> Callable[[Page], None]:
    """The home page, then `text` typed: the results arrive by an htmx swap."""

    def after_swap(page: Page) -> None:
        page.goto("/")
        page.locator("#q").press_sequentially(text, delay=20)
        expect(page.locator(wait_for).first).to_be_visible()
        page.wait_for_load_state("networkidle")

    return after_swap


STATES: dict[str, Callable[[Page], None]] = {
    "home": load("/"),
    "results": load("/search?q=str.join"),
    "no results": load("/search?q=zzzqqqxxx"),
    "refused query (400)": load("/search?q=" + "x" * 201),
    "not found (404)": load("/nowhere"),
    "FTS syntax": load('/search?q=NEAR("a" b) OR *'),
    "another version, with a hit it lacks": load("/search?q=annotationlib&version=3.11"),
    "filters only": load("/search?q=&area=tutorial"),
    "typed: results": typed("OrderedD", "#hit-0"),
    "typed: no results": typed("zzzqqqxxx", ".empty"),
    "typed: a name this version lacks": typed("imp.find_module", ".hit-elsewhere"),
}


def violations(page: Page) -> list[str]:
    results: dict[str, Any] = AXE.run(page).response
    return [
        f"{violation['id']} ({violation['impact']}): {', '.join(str(node['target']) for node in violation['nodes'])}"
        for violation in results["violations"]
    ]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("state", STATES)
def test_no_accessibility_violations(browser: Browser, live_server: str, state: str, theme: str, width: str) -> None:
    context = browser.new_context(
        base_url=live_server, color_scheme=theme, viewport={"width": WIDTHS[width], "height": 800}
    )
    try:
        page = context.new_page()
        STATES[state](page)
        assert violations(page) == [], f"{state}, {theme}, {width}"
    finally:
        context.close()


def test_axe_does_find_a_violation_when_there_is_one(browser: Browser, live_server: str) -> None:
    """The check can fail: an image without a text alternative is reported."""
    context = browser.new_context(base_url=live_server)
    page = context.new_page()
    page.goto("/")
    page.evaluate("document.querySelector('main').append(Object.assign(new Image(), {src: '/static/favicon.svg'}))")
    found = violations(page)
    context.close()
    assert any(line.startswith("image-alt (critical)") for line in found), found
