"""Snippets: the text around the first match, escaped before it is marked."""

from __future__ import annotations

from web.search.snippets import LINES, WINDOW, highlight, without_signature


def test_marks_word_prefixes_case_insensitively() -> None:
    assert highlight("Use a dict comprehension here.", ["dict", "compre"]) == (
        "Use a <mark>dict</mark> <mark>comprehension</mark> here."
    )


def test_matches_only_at_word_starts() -> None:
    assert highlight("predict the dict", ["dict"]) == "predict the <mark>dict</mark>"


def test_escapes_database_text_before_marking() -> None:
    snippet = highlight('<script>alert("x")</script> and a <b>dict</b>', ["dict"])
    assert "<script>" not in snippet and "&lt;script&gt;" in snippet
    assert "<mark>dict</mark>" in snippet


def test_cuts_a_window_around_the_first_match() -> None:
    text = "filler " * 100 + "the needle is here " + "tail " * 100
    snippet = highlight(text, ["needle"])
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "<mark>needle</mark>" in snippet
    assert len(snippet) <= WINDOW + len("<mark></mark>") + 2


def test_without_a_match_shows_the_start() -> None:
    assert highlight("Return the length of an object.", ["zzz"]) == "Return the length of an object."


def test_every_signature_the_text_starts_with_is_dropped() -> None:
    """An object documented with several signatures shows the first; the snippet starts where the prose does."""
    body = "class fractions.Fraction(number) class fractions.Fraction(string) The first version requires a Rational."
    assert without_signature(body, "class fractions.Fraction(numerator=0, denominator=1)") == (
        "The first version requires a Rational."
    )
    cache = "@functools.lru_cache(maxsize=128, typed=(1, 2)) Decorator to wrap a function."
    assert without_signature(cache, "@functools.lru_cache(user_function)") == "Decorator to wrap a function."
    assert without_signature("open(file) Open file.", "open(file)") == "Open file."
    # Prose that merely names the object is kept, and so is an unclosed call.
    assert (
        without_signature("Return a new partial object.", "functools.partial(func)") == "Return a new partial object."
    )
    assert without_signature("f(x never closes", "f(y)") == "f(x never closes"


def test_a_window_ends_neither_on_a_bare_prompt_nor_with_a_dot_and_an_ellipsis() -> None:
    # The window is cut at its last space: here, right after a prompt, then right after a sentence.
    prompted = "Roughly equivalent to: " + "word " * 25 + ">>> " + "x" * 300
    snippet = highlight(prompted, ["roughly"])
    assert snippet.endswith("word…") and "&gt;&gt;&gt;" not in snippet, snippet
    sentence = "Open file and return a corresponding file object, " + "and more words " * 5 + "here. " + "x" * 300
    opened = highlight(sentence, ["open"])
    assert opened.endswith("here."), opened


def test_a_code_example_shows_its_lines_and_at_most_a_few() -> None:
    """The parser keeps a code example's lines as newlines: output under its input, not on its line."""
    text = "Glob the pattern:\n>>> sorted(here.glob(pattern))\n[PosixPath(setup.py)]\n>>> a\n1\n>>> b\n2"
    snippet = highlight(text, ["glob"])
    first_lines = "<mark>Glob</mark> the pattern:<br>&gt;&gt;&gt; sorted(here.<mark>glob</mark>(pattern))"
    assert snippet.startswith(first_lines), snippet
    assert "<br>[PosixPath(setup.py)]<br>" in snippet
    assert snippet.count("<br>") == LINES - 1 and snippet.endswith("…"), snippet


def test_a_window_starts_at_the_line_of_its_match() -> None:
    text = "word " * 30 + "\nneedle here"
    assert highlight(text, ["needle"]) == "…<mark>needle</mark> here"
