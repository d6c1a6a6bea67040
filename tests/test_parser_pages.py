"""One real Sphinx page → blocks with their own text, summary, versions and links."""

from __future__ import annotations

import pytest

from parser.pages import Block, PageError, ParsedPage, parse_page
from parser.text import first_sentence
from tests.conftest import FIXTURES, FLASK_MINI, PYTHON_MINI

FUNCTOOLS_OBJECTS = {"functools.cache", "functools.cached_property", "functools.lru_cache", "functools.wraps"}


@pytest.fixture(scope="module")
def functools_page() -> ParsedPage:
    html = (PYTHON_MINI / "library/functools.html").read_bytes()
    return parse_page(html, path="library/functools.html", object_anchors=FUNCTOOLS_OBJECTS)


def block(page: ParsedPage, anchor: str) -> Block:
    return next(candidate for candidate in page.blocks if candidate.anchor == anchor)


def test_page_title_is_the_first_heading_without_permalink(functools_page: ParsedPage) -> None:
    assert functools_page.title == "functools — Higher-order functions and operations on callable objects"
    assert functools_page.top is not None and functools_page.top.anchor == "module-functools"


def test_object_block_has_signature_summary_and_version(functools_page: ParsedPage) -> None:
    cache = block(functools_page, "functools.cache")
    assert cache.signatures == {"functools.cache": "@functools.cache(user_function)"}
    assert cache.summary == "Simple lightweight unbounded function cache."
    assert [(note.kind, note.version) for note in cache.version_notes] == [("added", "3.9")]


def test_block_text_is_its_own_content_with_code_and_no_marks(functools_page: ParsedPage) -> None:
    cache = block(functools_page, "functools.cache")
    assert "return n * factorial(n-1) if n else 1" in cache.text
    assert "¶" not in cache.text
    # The next function's description belongs to that function, not to cache.
    assert "Transform a method of a class into a property" not in cache.text


def test_section_text_excludes_nested_objects_and_its_heading(functools_page: ParsedPage) -> None:
    top = block(functools_page, "module-functools")
    assert top.text.startswith("Source code: Lib/functools.py")
    assert "Simple lightweight unbounded function cache" not in top.text
    assert "Navigation" not in top.text


def test_summary_skips_the_source_code_line(functools_page: ParsedPage) -> None:
    assert block(functools_page, "module-functools").summary.startswith("The functools module is for")


def test_sections_nest_under_their_parents(functools_page: ParsedPage) -> None:
    partial = block(functools_page, "partial-objects")
    assert partial.kind == "section" and partial.level == 2
    assert partial.trail == [functools_page.title]


def test_anchors_inside_a_block_belong_to_it(functools_page: ParsedPage) -> None:
    assert functools_page.anchor_owners["functools.cache"] is block(functools_page, "functools.cache")
    # The label span before the h1 belongs to the page's top section.
    owner = functools_page.anchor_owners["functools-higher-order-functions-and-operations-on-callable-objects"]
    assert owner is functools_page.top


def test_internal_links_resolve_relative_to_the_page(functools_page: ParsedPage) -> None:
    targets = {(link.page, link.anchor) for link in functools_page.links}
    assert ("library/functions.html", "property") in targets
    assert ("library/functools.html", "functools.lru_cache") in targets
    assert not any(page.startswith("http") for page, _ in targets)


def test_glossary_terms_are_blocks() -> None:
    html = (PYTHON_MINI / "glossary.html").read_bytes()
    page = parse_page(html, path="glossary.html", object_anchors={"term-iterator"})
    iterator = block(page, "term-iterator")
    assert iterator.summary == "An object representing a stream of data."


def test_version_changes_belong_to_their_object() -> None:
    html = (PYTHON_MINI / "library/heapq.html").read_bytes()
    page = parse_page(html, path="library/heapq.html", object_anchors={"heapq.merge"})
    assert [(note.kind, note.version) for note in block(page, "heapq.merge").version_notes] == [("changed", "3.5")]


def test_version_notes_nested_in_a_detail_are_not_the_blocks_own() -> None:
    html = b"""<html><body><div role="main"><section id="s"><h1>Title</h1>
      <dl class="py class"><dt id="C">class C</dt><dd><p>A class.</p>
        <dl class="describe"><dt>len(c)</dt><dd><p>Length.</p>
          <div class="versionadded"><p>New in version 3.9.</p></div></dd></dl>
        <div class="deprecated"><p>Deprecated since version 3.12.</p></div>
      </dd></dl></section></div></body></html>"""
    page = parse_page(html, path="x.html", object_anchors={"C"})
    assert [(note.kind, note.version) for note in block(page, "C").version_notes] == [("deprecated", "3.12")]


def test_aliases_before_a_description_name_the_same_object() -> None:
    # Cut from 3.15's builtins/stdtypes.html: list.append and bytearray.append are sequence.append.
    html = b"""<html><body><div role="main"><section id="s"><h1>Mutable Sequence Methods</h1>
      <p>Mutable sequence types also support the following methods:</p>
      <dl class="py method" id="bytearray.append">
      <span id="list.append"></span><dt class="sig sig-object py" id="sequence.append">
      <span class="sig-prename descclassname"><span class="pre">sequence.</span></span><span class="sig-name
      descname"><span class="pre">append</span></span>(<em>value</em>)</dt>
      <dd><p>Append <em>value</em> to the end of the sequence.</p></dd></dl>
      <dl class="py method" id="bytearray.clear">
      <span id="list.clear"></span><dt class="sig sig-object py" id="sequence.clear">sequence.clear()</dt>
      <dd><p>Remove all items from sequence.</p></dd></dl></section></div></body></html>"""
    objects = {"sequence.append", "list.append", "bytearray.append", "sequence.clear", "list.clear"}
    page = parse_page(html, path="builtins/stdtypes.html", object_anchors=objects)
    append = page.anchor_owners["list.append"]
    assert append is page.anchor_owners["bytearray.append"] is page.anchor_owners["sequence.append"]
    assert append.summary == "Append value to the end of the sequence."
    assert page.anchor_owners["list.clear"].summary == "Remove all items from sequence."
    assert page.anchor_owners["s"].summary == "Mutable sequence types also support the following methods:"


def test_a_themes_own_heading_before_the_content_is_not_the_page_title() -> None:
    # Django's theme, cut from ref/request-response.html: no content element, the site's h1 first.
    html = b"""<html><body><div id="hd"><h1><a href="../index.html">Django 5.2.18 documentation</a></h1></div>
      <div id="bd"><div class="yui-b"><section id="s-module-django.http">
      <span id="module-django.http"></span><h1>Request and response objects<a class="headerlink"
        href="#module-django.http">\xc2\xb6</a></h1>
      <section id="s-quick-overview"><h2>Quick overview</h2><p>Django uses request and response objects.</p>
      </section></section></div></div></body></html>"""
    page = parse_page(html, path="ref/request-response.html", object_anchors=set())
    assert page.title == "Request and response objects"
    assert block(page, "s-quick-overview").trail == ["Request and response objects"]


def test_reads_pages_of_another_sphinx_theme() -> None:
    html = (FLASK_MINI / "config.html").read_bytes()
    page = parse_page(html, path="config.html", object_anchors={"SECRET_KEY"})
    assert page.title == "Configuration Handling"
    secret = block(page, "SECRET_KEY")
    assert secret.signatures == {"SECRET_KEY": "SECRET_KEY"}
    assert secret.summary.startswith("A secret key that will be used for securely signing")


@pytest.mark.parametrize("html", [b"", b"\x00\x01\x02", b"<html></html>"], ids=["empty", "binary", "no-body"])
def test_malformed_page_raises_page_error(html: bytes) -> None:
    with pytest.raises(PageError):
        parse_page(html, path="broken.html", object_anchors=set())


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("Return the length. The argument may be a sequence.", "Return the length."),
        ("Use e.g. a list. Then stop.", "Use e.g. a list."),
        ("No full stop at all", "No full stop at all"),
        ("  Spread \n over   lines. Next.", "Spread over lines."),
    ],
)
def test_first_sentence(text: str, sentence: str) -> None:
    assert first_sentence(text) == sentence


def test_first_sentence_is_bounded() -> None:
    summary = first_sentence("word " * 200)
    assert len(summary) <= 301 and summary.endswith("…")


def test_an_index_target_ending_a_description_belongs_to_the_next_object() -> None:
    """`.. index::` before `object.__format__` renders as an empty target at the end of __bytes__'s <dd>."""
    html = (FIXTURES / "snippets" / "datamodel-trailing-target.html").read_bytes()
    page = parse_page(html, path="reference/datamodel.html", object_anchors={"object.__bytes__", "object.__format__"})
    assert page.anchor_owners["index-75"] is block(page, "object.__format__")
    assert page.anchor_owners["index-74"] is block(page, "object.__bytes__")  # a target inside the text stays


def test_a_wrapped_index_target_ending_a_description_belongs_to_the_next_object() -> None:
    """3.11's functions page ends oct() with `<blockquote><div><span class="target">` that opens open()."""
    html = (FIXTURES / "versions" / "3.11" / "library" / "functions.html").read_bytes()
    page = parse_page(html, path="library/functions.html", object_anchors={"oct", "open", "ord"})
    assert page.anchor_owners["index-4"] is block(page, "open")


def test_a_code_example_keeps_its_lines_and_its_output_under_its_input() -> None:
    html = (PYTHON_MINI / "library/heapq.html").read_bytes()
    examples = block(parse_page(html, path="library/heapq.html", object_anchors=set()), "basic-examples")
    assert "one at a time:\n>>> def heapsort(iterable):\n... h = []\n" in examples.text, examples.text
    # The output on a line of its own, and the prose after the example on the next.
    output = ">>> heapsort([1, 3, 5, 7, 9, 2, 4, 6, 8, 0])\n[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]\nThis is similar"
    assert output in examples.text


def test_a_section_with_no_words_of_its_own_is_described_by_its_parts() -> None:
    """'Running an asyncio Program' holds only asyncio.run's description: its hit says so, not nothing."""
    html = (FIXTURES / "snippets" / "asyncio-runner.html").read_bytes()
    page = parse_page(html, path="library/asyncio-runner.html", object_anchors={"asyncio.run", "asyncio.Runner"})
    running = block(page, "running-an-asyncio-program")
    assert running.text == (
        "asyncio.run(coro, *, debug=None, loop_factory=None) — "
        "Execute coro in an asyncio event loop and return the result."
    )
    assert running.summary == ""  # what answers a question is unchanged: only the text shown and searched
    # A section with words of its own keeps them.
    assert block(page, "handling-keyboard-interruption").text.startswith("Added in version 3.11. When signal.SIGINT")


def test_a_signature_leaves_out_viewcodes_source_link() -> None:
    """Libraries built with sphinx.ext.viewcode end each signature with a "[source]" link to their code."""
    html = b"""<html><body><div role="main"><section id="api"><h1>API</h1><dl class="py class">
      <dt class="sig sig-object py" id="requests.Session"><em class="property">class </em>
      <span class="sig-prename descclassname">requests.</span><span class="sig-name descname">Session</span>
      <a class="reference internal" href="_modules/requests/sessions.html#Session"><span class="viewcode-link">
      <span class="pre">[source]</span></span></a><a class="headerlink" href="#requests.Session">\xc2\xb6</a></dt>
      <dd><p>A Requests session.</p></dd></dl></section></div></body></html>"""
    page = parse_page(html, path="api.html", object_anchors={"requests.Session"})
    assert block(page, "requests.Session").signatures == {"requests.Session": "class requests.Session"}
