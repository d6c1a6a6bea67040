"""The site in a real Chromium: typing, keyboard, history, no-JS, dark mode, CSP."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Route, expect

from tests.conftest import ROOT

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "test-artifacts"
DOCS = "https://docs.python.org/"
NEWEST = f"{DOCS}3.15/"


@pytest.fixture
def page(browser: Browser, live_server: str) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server, viewport={"width": 1100, "height": 900})
    opened = context.new_page()
    problems: list[str] = []
    opened.on("console", lambda message: _record_console(message, problems))
    opened.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    # The docs live on the internet, which this machine cannot reach: answer for them.
    context.route(f"{DOCS}**", _fake_docs)
    yield opened
    context.close()
    assert problems == [], "console errors or CSP violations"


# A refused query is answered with a 400 on purpose (and shown); Chromium logs every 4xx as an error.
_EXPECTED = "the server responded with a status of 400"


def _record_console(message: ConsoleMessage, problems: list[str]) -> None:
    if (message.type == "error" and _EXPECTED not in message.text) or "Content Security Policy" in message.text:
        problems.append(message.text)


def _fake_docs(route: Route) -> None:
    route.fulfill(status=200, content_type="text/html", body="<!DOCTYPE html><title>docs</title><h1>docs</h1>")


def save(page: Page, name: str) -> None:
    """A screenshot for people to look at, in test-artifacts/; each test checks its own was written."""
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / f"{name}.png"
    target.unlink(missing_ok=True)
    page.screenshot(path=str(target), full_page=False)
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"{target} is not a PNG"


def type_query(page: Page, text: str) -> None:
    page.locator("#q").press_sequentially(text, delay=40)


def test_typing_shows_the_right_first_result_and_the_url_follows(page: Page) -> None:
    page.goto("/")
    expect(page.locator("#q")).to_be_focused()
    type_query(page, "str.rep")
    first = page.locator("#hit-0 .hit-name")
    expect(first).to_have_text("str.replace")
    expect(page.locator("#status")).to_contain_text("for “str.rep”")
    expect(page).to_have_url(re.compile(r"/search\?q=str\.rep"))
    save(page, "results-light")


def test_arrow_keys_choose_and_enter_opens_the_exact_anchor(page: Page) -> None:
    page.goto("/search?q=OrderedD")
    box = page.locator("#q")
    box.focus()
    box.press("ArrowDown")
    expect(page.locator("#hit-0")).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", "hit-0")
    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", "hit-1")
    box.press("ArrowUp")
    expect(box).to_have_attribute("aria-activedescendant", "hit-0")
    box.press("Enter")
    expect(page).to_have_url(f"{NEWEST}library/collections.html#collections.OrderedDict")


def test_slash_and_ctrl_k_focus_the_box_but_not_while_typing_elsewhere(page: Page) -> None:
    page.goto("/search?q=len")
    page.locator("select[name=kind]").focus()
    page.keyboard.press("/")
    expect(page.locator("select[name=kind]")).to_be_focused()  # "/" typed into a form control stays there
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("/")
    expect(page.locator("#q")).to_be_focused()
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("Control+k")
    expect(page.locator("#q")).to_be_focused()


def test_escape_clears_the_query_and_the_results(page: Page) -> None:
    page.goto("/search?q=heapq")
    box = page.locator("#q")
    box.focus()
    box.press("Escape")
    expect(box).to_have_value("")
    expect(page.locator("#results-list")).to_have_count(0)


def test_back_restores_the_query_with_its_results(page: Page) -> None:
    page.goto("/search?q=len")
    box = page.locator("#q")
    box.fill("")
    type_query(page, "heapq")
    # The last keystroke's answer is in (not an earlier one's, also topped by heapq): nothing is in flight
    # for the navigation to abort, which htmx reports on the console.
    expect(page.locator("#results-list")).to_have_attribute("data-query", "heapq")
    expect(page.locator("#hit-0 .hit-name")).to_have_text("heapq")
    expect(page).to_have_url(re.compile(r"q=heapq"))
    page.goto("/search?q=zip")
    page.go_back()
    expect(page).to_have_url(re.compile(r"q=heapq"))
    expect(page.locator("#q")).to_have_value("heapq")
    expect(page.locator("#hit-0 .hit-name")).to_have_text("heapq")


def test_filters_narrow_results_with_javascript(page: Page) -> None:
    page.goto("/search?q=join")
    page.locator("select[name=kind]").select_option("function")
    expect(page).to_have_url(re.compile(r"kind=function"))
    expect(page.locator("#hit-0 .kind")).to_have_text("function")


def test_choosing_a_docset_offers_its_kinds_and_areas_in_the_menus(page: Page) -> None:
    page.goto("/search?q=request")
    kind_options = page.locator("select[name=kind] option")
    expect(kind_options.filter(has_text="templatefilter")).to_have_count(0)  # Django's, not Python's
    page.locator("select[name=docset]").select_option("django")
    expect(page).to_have_url(re.compile(r"docset=django"))
    expect(kind_options.filter(has_text="templatefilter")).to_have_count(1)
    expect(page.locator("select[name=area] option[value=topics]")).to_have_count(1)
    # The menus swapped in still search: a kind chosen there narrows Django's hits.
    page.locator("select[name=kind]").select_option("setting")
    expect(page).to_have_url(re.compile(r"kind=setting"))
    expect(page.locator("#hit-0 .kind")).to_have_text("setting")
    # A docset typed in the box changes the menus too.
    page.locator("#q").fill("")
    type_query(page, "docset:flask config")
    expect(page.locator("select[name=area] option[value=topics]")).to_have_count(0)


def test_a_python_area_chosen_before_the_docs_menu_does_not_empty_a_library(page: Page) -> None:
    """Python's Library area, then Django chosen: the area leaves (Django has none), so Django's hits show, and the
    footer says what is searched."""
    page.goto("/search?q=request")
    page.locator("select[name=area]").select_option("library")
    expect(page).to_have_url(re.compile(r"area=library"))
    expect(page.locator("#searched")).to_contain_text("Python 3.15")
    page.locator("select[name=docset]").select_option("django")
    expect(page).to_have_url(re.compile(r"docset=django"))
    expect(page).not_to_have_url(re.compile(r"area="))
    expect(page.locator("select[name=area]")).to_have_value("")
    expect(page.locator("#hit-0 .badge-docset")).to_contain_text("Django")
    expect(page.locator("#searched")).to_contain_text("Django")
    expect(page.locator("#searched")).not_to_contain_text("Python")


def test_a_version_typed_in_the_box_wins_over_the_one_shown(page: Page) -> None:
    page.goto("/")
    type_query(page, "version:3.11 zip")
    expect(page.locator("#status")).to_contain_text("Python 3.11")
    expect(page.locator("#hit-0 .hit-link")).to_have_attribute("href", f"{DOCS}3.11/library/functions.html#zip")
    expect(page.locator("#version-select")).to_have_value("3.11")  # the header says what is searched
    expect(page.locator("h1")).to_contain_text("Search the Python 3.11 docs")  # and the heading
    page.locator("#q").fill("")
    type_query(page, "version:3.12 zip")
    expect(page.locator("#status")).to_contain_text("Unknown version “3.12”")


def test_the_box_and_the_menus_tell_one_truth(page: Page) -> None:
    page.goto("/search?q=wait&kind=function")
    page.locator("#q").fill("")
    type_query(page, "type:method wait")
    expect(page.locator("#hit-0 .kind")).to_have_text("method")
    expect(page.locator("select[name=kind]")).to_have_value("method")  # the menu shows what is in force
    # Choosing in the menu is the newer choice: the typed filter leaves the box.
    page.locator("select[name=kind]").select_option("function")
    expect(page.locator("#q")).to_have_value("wait")
    expect(page.locator("#hit-0 .kind")).to_have_text("function")


def test_without_javascript_the_box_and_the_menus_tell_one_truth(browser: Browser, live_server: str) -> None:
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    page = context.new_page()
    page.goto("/search?q=type:method%20wait")
    expect(page.locator("select[name=kind]")).to_have_value("method")
    page.locator("select[name=kind]").select_option("function")
    page.locator(".search-button").click()
    expect(page.locator("#q")).to_have_value("wait")
    expect(page.locator("#hit-0 .kind")).to_have_text("function")
    expect(page).to_have_url(re.compile(r"/search\?q=wait&kind=function&version=3\.15$"))
    context.close()


def test_search_works_with_javascript_disabled(browser: Browser, live_server: str) -> None:
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    page.locator("#q").fill("collections.Counter")
    page.locator("#q").press("Enter")
    expect(page).to_have_url(re.compile(r"/search\?q=collections\.Counter"))
    expect(page.locator("#hit-0 .hit-name")).to_have_text("collections.Counter")
    page.locator("select[name=kind]").select_option("method")
    page.locator(".search-form button[type=submit]").click()
    expect(page.locator("#hit-0 .kind")).to_have_text("method")
    context.close()


def test_dark_mode_renders_dark(browser: Browser, live_server: str) -> None:
    context = browser.new_context(base_url=live_server, color_scheme="dark", viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.goto("/")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    red, green, blue = (int(value) for value in re.findall(r"\d+", background)[:3])
    assert red + green + blue < 120, background
    save(page, "home-dark")
    type_query(page, "dict comprehension")
    expect(page.locator("#hit-0")).to_be_visible()
    save(page, "results-dark")
    context.close()


def test_home_page_light_and_phone_width(browser: Browser, live_server: str) -> None:
    context = browser.new_context(base_url=live_server, viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.goto("/")
    save(page, "home-light")
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto("/search?q=os.path.exists")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, "the page scrolls sideways on a phone"
    save(page, "results-phone")
    context.close()


def test_the_version_switcher_keeps_the_query_and_changes_the_links(page: Page) -> None:
    page.goto("/")
    type_query(page, "zip")
    expect(page.locator("#hit-0 .hit-link")).to_have_attribute("href", f"{NEWEST}builtins/functions.html#zip")
    page.locator("#version-select").select_option("3.11")
    expect(page).to_have_url(re.compile(r"/search\?q=zip&version=3\.11$"))
    expect(page.locator("#q")).to_have_value("zip")
    expect(page.locator("#hit-0 .hit-link")).to_have_attribute("href", f"{DOCS}3.11/library/functions.html#zip")
    expect(page.locator("#version-select")).to_have_value("3.11")  # the header says what is searched
    expect(page.locator("#status")).to_contain_text("Python 3.11")
    # Remembered: the home page now searches 3.11, and typing stays there.
    page.goto("/")
    expect(page.locator("h1")).to_have_text("Search the Python 3.11 docs and 10 libraries as you type")
    type_query(page, "annotationlib")
    first = page.locator("#hit-0")
    expect(first.locator(".badge-missing")).to_have_text("not in 3.11 — added in 3.14")  # typeshed: 3.14-
    expect(first.locator(".hit-link")).to_have_attribute(
        "href", f"{NEWEST}library/annotationlib.html#module-annotationlib"
    )
    save(page, "results-other-version")


def test_the_version_switcher_works_without_javascript(browser: Browser, live_server: str) -> None:
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    page = context.new_page()
    page.goto("/search?q=str.join&kind=method")
    page.locator("#version-select").select_option("3.13")
    page.locator(".version-switch button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/search\?q=str\.join&kind=method&version=3\.13$"))
    expect(page.locator("#hit-0 .hit-link")).to_have_attribute("href", f"{DOCS}3.13/builtins/stdtypes.html#str.join")
    expect(page.locator("#hit-0 .hit-versions")).to_contain_text("3.15 · 3.14 · 3.13 · 3.11")
    context.close()


# What a new user ran into: the page behaviour; the HTTP side is in test_search_pages.py and test_paging.py.


def test_the_api_reference_renders_from_this_site(page: Page) -> None:
    page.goto("/docs")
    expect(page.locator(".opblock-summary-path", has_text="/api/search").first).to_be_visible(timeout=15_000)
    save(page, "api-docs")


def test_more_results_appends_the_next_page(page: Page) -> None:
    page.goto("/")
    type_query(page, "open")
    expect(page.locator("#hit-9")).to_be_visible()
    page.locator("#more-link").click()
    expect(page.locator("#hit-19")).to_be_visible()
    expect(page.locator("#results-list [role=row]")).to_have_count(20)
    expect(page.locator("#more-link")).to_contain_text("More results (21–30 of")
    # The address says what the grid holds now: Back to it shows every row.
    expect(page).to_have_url(re.compile(r"/search\?q=open&limit=20&version=3\.15$"))


def test_back_after_more_results_finds_every_row_and_the_one_opened(page: Page) -> None:
    page.goto("/")
    type_query(page, "open")
    expect(page.locator("#hit-9")).to_be_visible()
    page.locator("#more-link").click()
    expect(page.locator("#hit-19")).to_be_visible()
    expect(page).to_have_url(re.compile(r"limit=20"))
    for _ in range(14):
        page.locator("#q").press("ArrowDown")
    expect(page.locator("#hit-13")).to_have_attribute("aria-selected", "true")
    page.locator("#q").press("Enter")
    expect(page).to_have_title("docs")
    page.go_back()
    expect(page.locator("#results-list [role=row]")).to_have_count(20)
    expect(page.locator("#hit-13")).to_have_attribute("aria-selected", "true")
    expect(page.locator("#q")).to_be_focused()


def test_a_refused_query_replaces_the_stale_results_with_its_reason(page: Page) -> None:
    page.goto("/")
    type_query(page, "json")
    expect(page.locator("#hit-0")).to_be_visible()
    type_query(page, " in:nowhere")
    expect(page.locator("#status")).to_contain_text("Unknown area “nowhere”")
    expect(page.locator("#hit-0")).to_have_count(0)


def test_typed_filters_survive_back(page: Page) -> None:
    page.goto("/")
    type_query(page, "type:method wait")
    expect(page.locator("#hit-0 .kind")).to_have_text("method")
    page.locator("#q").press("ArrowDown")
    page.locator("#q").press("Enter")
    expect(page).to_have_url(re.compile(r"docs\.python\.org"))
    page.go_back()
    expect(page.locator("#q")).to_have_value("type:method wait")
    expect(page.locator("#q")).to_be_focused()
    expect(page.locator("#hit-0")).to_have_attribute("aria-selected", "true")  # the place it was left
    expect(page.locator("#hit-0 .kind")).to_have_text("method")


def test_the_clear_button_is_not_covered_by_the_loading_indicator(page: Page) -> None:
    page.goto("/search?q=heapq")
    box = page.locator("#q").bounding_box()
    assert box is not None
    spinner = page.locator("#searching").bounding_box()
    assert spinner is not None
    # What a click on the spinner's spot reaches: the box (and its clear button), not the spinner.
    hit = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).id",
        [spinner["x"] + spinner["width"] / 2, spinner["y"] + spinner["height"] / 2],
    )
    assert hit == "q"


@pytest.mark.parametrize("width", [1280, 390])
def test_the_loading_indicator_is_drawn_beside_the_clear_button_not_over_it(page: Page, width: int) -> None:
    """The × is drawn at the end of the box's text area; the spinner must sit in the padding after it."""
    page.set_viewport_size({"width": width, "height": 800})
    page.goto("/search?q=heapq")
    text_area_end = page.evaluate(
        """() => { const box = document.querySelector('#q'); const style = getComputedStyle(box);
                   return box.getBoundingClientRect().right - parseFloat(style.paddingRight)
                          - parseFloat(style.borderRightWidth); }"""
    )
    spinner = page.locator("#searching").bounding_box()
    assert spinner is not None
    assert spinner["x"] >= text_area_end, (spinner, text_area_end)


def test_enter_with_nothing_chosen_opens_the_answer_card(page: Page) -> None:
    page.goto("/")
    type_query(page, "str.join")
    expect(page.locator("#hit-0.hit-answer")).to_be_visible()
    page.locator("#q").press("Enter")
    expect(page).to_have_url(f"{NEWEST}builtins/stdtypes.html#str.join")


@pytest.mark.parametrize("query", ["dict comprehension", "how do I reverse a list", "OrderedD"])
def test_enter_with_no_answer_card_opens_the_top_hit(page: Page, query: str) -> None:
    page.goto("/")
    type_query(page, query)
    expect(page.locator("#results-list")).to_have_attribute("data-query", query)
    expect(page.locator("#hit-0")).to_be_visible()
    expect(page.locator("#hit-0.hit-answer")).to_have_count(0)  # no answer card: Enter used to do nothing
    top = page.locator("#hit-0 .hit-link").get_attribute("href")
    page.locator("#q").press("Enter")
    expect(page).to_have_url(str(top))


def test_enter_typed_faster_than_the_results_opens_the_answer_to_the_whole_query(page: Page) -> None:
    # Each keystroke's results arrive after the next key: the card on screen answers "st" (turtle.st)
    # or "str.j", never what Enter was pressed on.
    page.goto("/")
    page.locator("#q").press_sequentially("str.join", delay=0)
    page.locator("#q").press("Enter")
    expect(page).to_have_url(f"{NEWEST}builtins/stdtypes.html#str.join")


def test_clearing_the_box_brings_the_home_page_back(page: Page) -> None:
    page.goto("/")
    type_query(page, "zip")
    expect(page.locator("#hit-0")).to_be_visible()
    page.locator("#q").press("Escape")
    expect(page.get_by_role("heading", name="Browse Python by area")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/$"))


def test_the_tab_title_follows_the_search(page: Page) -> None:
    page.goto("/")
    type_query(page, "zip")
    expect(page).to_have_title("zip – Python 3.15 docs search")
    expect(page).to_have_url(re.compile(r"/search\?q=zip&version=3\.15$"))


def test_filters_line_up_on_a_phone(browser: Browser, live_server: str) -> None:
    context = browser.new_context(base_url=live_server, viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto("/search?q=asyncio.loop.create_datagram_endpoint")
    kind, area = page.locator("select[name=kind]").bounding_box(), page.locator("select[name=area]").bounding_box()
    assert kind is not None and area is not None
    assert (kind["x"], kind["width"]) == (area["x"], area["width"])
    name = page.locator("#hit-0 .hit-name")
    lines = page.evaluate("element => element.getClientRects().length", name.element_handle())
    text = name.inner_text()
    assert "endpo\nint" not in text and lines >= 1
    save(page, "results-phone-long-name")
    context.close()


@pytest.mark.parametrize("query", ["http.server.SimpleHTTPRequestHandler.extensions_map", "x" * 120])
def test_a_long_name_or_query_does_not_widen_a_phone_page(browser: Browser, live_server: str, query: str) -> None:
    context = browser.new_context(base_url=live_server, viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(f"/search?q={query}")
    expect(page.locator(".status")).to_contain_text(query[:20])
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


def test_a_signature_wraps_between_parameters_never_inside_a_name(browser: Browser, live_server: str) -> None:
    context = browser.new_context(base_url=live_server, viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto("/search?q=asyncio.loop.create_datagram_endpoint")
    signature = page.locator("#hit-0 .signature")
    expect(signature).to_contain_text("local_addr")
    # The wrapped signature's lines, as text: read character by character from where each is drawn.
    lines = page.evaluate(
        """element => {
            const range = document.createRange();
            const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
            const lines = []; let line = ''; let top = null; let node;
            while ((node = walker.nextNode())) {
                for (let i = 0; i < node.length; i++) {
                    range.setStart(node, i); range.setEnd(node, i + 1);
                    const y = Math.round(range.getBoundingClientRect().top);
                    if (top !== null && y > top + 2) { lines.push(line); line = ''; }
                    top = y; line += node.data[i];
                }
            }
            lines.push(line); return lines; }""",
        signature.element_handle(),
    )
    assert len(lines) > 1, lines  # a phone wraps it
    for line, following in zip(lines, lines[1:], strict=False):
        inside_a_name = re.search(r"\w$", line) and re.match(r"\w", following)
        assert not inside_a_name, lines
    context.close()


def test_key_hints_show_only_with_javascript(browser: Browser, live_server: str) -> None:
    for enabled in (True, False):
        context = browser.new_context(base_url=live_server, java_script_enabled=enabled)
        page = context.new_page()
        page.goto("/")
        expect(page.locator(".keys-help")).to_be_visible() if enabled else expect(
            page.locator(".keys-help")
        ).to_be_hidden()
        context.close()


def test_key_hints_are_not_shown_on_a_touch_screen(browser: Browser, live_server: str) -> None:
    context = browser.new_context(
        base_url=live_server, viewport={"width": 390, "height": 800}, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    page.goto("/")
    assert page.evaluate("matchMedia('(hover: none)').matches")
    expect(page.locator(".keys-help")).to_be_hidden()
    expect(page.locator(".search-field .shortcut")).to_be_hidden()
    context.close()


def test_the_logo_stays_on_one_line_on_a_phone_without_javascript(browser: Browser, live_server: str) -> None:
    context = browser.new_context(
        base_url=live_server, viewport={"width": 360, "height": 800}, java_script_enabled=False
    )
    page = context.new_page()
    page.goto("/search?q=zip")
    brand = page.locator(".brand")
    height, line = page.evaluate(
        "element => [element.getBoundingClientRect().height, parseFloat(getComputedStyle(element).lineHeight) || 24]",
        brand.element_handle(),
    )
    assert height < line * 1.5, (height, line)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()


def test_slash_in_the_empty_box_is_the_shortcut_not_a_character(page: Page) -> None:
    page.goto("/")
    expect(page.locator("#q")).to_be_focused()  # the home page focuses it already
    page.keyboard.press("/")
    expect(page.locator("#q")).to_have_value("")
    page.keyboard.type("a/b")  # inside a query a slash is text
    expect(page.locator("#q")).to_have_value("a/b")


def test_a_stray_mark_before_a_name_does_not_change_the_ranking(page: Page) -> None:
    page.goto("/search?q=%2Fitertools.gro")
    expect(page.locator("#hit-0 .hit-name")).to_have_text("itertools.groupby")


def test_the_api_reference_follows_dark_mode_and_leads_back_to_the_search(page: Page) -> None:
    page.emulate_media(color_scheme="dark")
    page.goto("/docs")
    expect(page.locator(".swagger-ui .info .title")).to_be_visible()
    background = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    assert background == "rgb(20, 22, 26)"  # it was white whatever the reader chose
    page.get_by_role("link", name="← Back to the search").click()
    expect(page).to_have_url(re.compile(r"/$"))


def test_the_api_reference_without_javascript_is_readable_in_dark_mode(browser: Browser, live_server: str) -> None:
    context = browser.new_context(base_url=live_server, java_script_enabled=False, color_scheme="dark")
    page = context.new_page()
    page.goto("/docs")
    note = page.locator("#swagger-ui p")
    expect(note).to_contain_text("needs JavaScript")
    # Light text, not turned dark by the filter that gives the rendered reference its dark mode.
    color = page.evaluate("element => getComputedStyle(element).color", note.element_handle())
    filtered = page.evaluate("getComputedStyle(document.querySelector('#swagger-ui')).filter")
    assert color == "rgb(230, 230, 230)" and filtered == "none", (color, filtered)
    context.close()
