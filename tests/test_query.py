"""Parsing user input into a SearchQuery: filters, identifier form; and the FTS5 dialect's quoting of it."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from parser.profile import DocsetProfile
from tests.conftest import SHIPPED_DB
from web.search.dialects.answers import MAX_NAME_FORMS
from web.search.dialects.fts5 import Fts5Dialect, match_expression, title_match_expression
from web.search.filters import Filters
from web.search.query import InvalidQuery, checked_limit, parse_query
from web.search.questions import CommonWords, question_of
from web.search.ranking import (
    ANSWER_CANDIDATES,
    ANSWER_CANDIDATES_WITH_MEANING,
    BODY_COMMON_SHARE,
    COMMON_SEEKING_DOCUMENTS,
)
from web.search.scope import Scope
from web.search.semantic import Nearest
from web.services import open_services
from web.settings import Settings


@pytest.mark.parametrize(
    ("text", "pythonic"),
    [
        ("how do I reverse a list", True),  # the capitals every English sentence has say nothing of C
        ("How do I reverse a list?", True),
        ("get the current time in UTC", True),
        ("iterator protocol", True),
        ("PyList_Reverse", False),  # a name typed with capitals may be the C API's
        ("Counter", False),
        ("call Py_INCREF on an object", False),  # a sentence naming a C function means the C API
        ("what is a PyObject", False),
        ("METH_VARARGS flag", False),
    ],
)
def test_a_query_means_python_unless_it_is_written_as_c(text: str, pythonic: bool) -> None:
    assert parse_query(text, max_length=200).pythonic is pythonic


@pytest.mark.asyncio
async def test_a_question_with_capitals_is_not_answered_from_the_c_api() -> None:
    """3.11 documents `list.reverse` as a table row, not an object: "How do I reverse a list" found
    PyList_Reverse first there, the C-API penalty lifted by the capital "I"."""
    async with open_services(Settings(db_path=SHIPPED_DB, search_cache_size=0)) as services:
        for text in ("How do I reverse a list?", "how do I reverse a list"):
            query = parse_query(text, max_length=200, filters=Filters(version="3.11"))
            found = (await services.search.search(query, limit=10)).shown
            assert found and not any(hit.name.startswith("Py") for hit in found), [hit.name for hit in found]


def test_identifier_form_is_lower_case_without_call_parentheses() -> None:
    query = parse_query("Str.Join()", max_length=200)
    assert (query.as_name, query.last_segment, query.words) == ("str.join", "join", ("str", "join"))


def test_filters_typed_in_the_query_are_taken_out() -> None:
    query = parse_query("type:method  join in:library", max_length=200)
    assert (query.text, query.filters.kind, query.filters.area) == ("join", "method", "library")


def test_typed_filters_win_over_parameters_and_dashes_mean_spaces() -> None:
    """The form sends its menus and the version shown whatever was typed: the typed filter is what was meant."""
    query = parse_query(
        "type:c-function join version:3.11", max_length=200, filters=Filters(kind="method", version="3.15")
    )
    assert (query.filters.kind, query.filters.version) == ("c function", "3.11")
    assert parse_query("join", max_length=200, filters=Filters(kind="c-function")).filters.kind == "c function"


def test_every_fts_word_is_quoted_and_only_the_last_is_a_prefix_while_typing() -> None:
    # Operators lose their meaning (and "or", "a" are stop words): only quoted words remain.
    assert match_expression(parse_query('NEAR("a" b) OR c*', max_length=200)) == '"near" "b" "c"'
    assert match_expression(parse_query("dict compre", max_length=200)) == '"dict" "compre"*'
    assert match_expression(parse_query("dict compre ", max_length=200)) == '"dict" "compre"'
    # Short prefixes match thousands of terms: body text waits for five letters, titles for four, or for
    # three after another word, which narrows them.
    assert match_expression(parse_query("len", max_length=200)) == '"len"'
    assert title_match_expression(parse_query("len", max_length=200)) == '{title keywords} : ("len")'
    assert title_match_expression(parse_query("leng", max_length=200)) == '{title keywords} : ("leng"*)'
    assert (
        title_match_expression(parse_query("iterator pro", max_length=200)) == '{title keywords} : ("iterator" "pro"*)'
    )
    assert title_match_expression(parse_query("de", max_length=200)) == '{title keywords} : ("de")'


def test_stop_words_are_dropped_unless_nothing_else_is_left() -> None:
    assert parse_query("how to read a file", max_length=200).words == ("read", "file")
    assert parse_query("is", max_length=200).words == ("is",)


def test_control_characters_become_spaces() -> None:
    query = parse_query("str\x00.join\x1b", max_length=200)
    assert "\x00" not in query.text and "\x1b" not in query.text


def test_lower_case_queries_are_pythonic() -> None:
    assert parse_query("iterator protocol", max_length=200).pythonic
    assert not parse_query("PyObject_Call", max_length=200).pythonic


def test_over_long_query_is_invalid_with_its_length() -> None:
    with pytest.raises(InvalidQuery, match="10,000 characters long; the limit is 200"):
        parse_query("x" * 10_000, max_length=200)


@pytest.mark.parametrize(("limit", "expected"), [(None, 10), (1, 1), (50, 50)])
def test_checked_limit(limit: int | None, expected: int) -> None:
    assert checked_limit(limit, default=10, maximum=50) == expected


@pytest.mark.parametrize("limit", [0, -1, 51])
def test_checked_limit_refuses_out_of_range(limit: int) -> None:
    with pytest.raises(InvalidQuery):
        checked_limit(limit, default=10, maximum=50)


def test_only_filters_typed_in_the_text_may_be_abbreviated() -> None:
    assert parse_query("type:meth in:tut wait", max_length=200).filters.typed == {"kind", "area"}
    # Typed wins over the parameter, and stays abbreviable.
    typed_over_sent = parse_query("type:meth wait", max_length=200, filters=Filters(kind="function")).filters
    assert (typed_over_sent.kind, typed_over_sent.typed) == ("meth", {"kind"})
    assert parse_query("wait", max_length=200, filters=Filters(kind="meth")).filters.typed == frozenset()


def test_stray_marks_at_the_ends_are_dropped_unless_a_name_has_them() -> None:
    starts, ends = frozenset({"/d", "-x", "(?"}), frozenset({"n?", "+)"})
    stripped = parse_query("/itertools.gro", max_length=200).without_stray_punctuation(starts, ends)
    assert (stripped.as_name, stripped.last_segment, stripped.text) == ("itertools.gro", "gro", "/itertools.gro")
    for kept in ("/dev/poll", "-x", "str.join", "len?"):
        query = parse_query(kept, max_length=200)
        assert query.without_stray_punctuation(starts, ends).as_name == kept
    typed = parse_query("itertools.gro;", max_length=200).without_stray_punctuation(starts, ends)
    assert (typed.as_name, typed.typing) == ("itertools.gro", True)


def test_a_docset_filter_is_typed_or_sent_like_the_others() -> None:
    typed = parse_query("docset:pyth join", max_length=200)
    assert (typed.text, typed.filters.docset, typed.filters.typed) == ("join", "pyth", frozenset({"docset"}))
    sent = parse_query("join", max_length=200, filters=Filters(docset="Python"))
    # It chooses the versions searched (web/search/scope.py), as the version does: no condition on rows.
    assert sent.filters.docset == "python" and sent.filters.where == ""
    several = parse_query("join", max_length=200, filters=Filters(docset="Flask, Werkzeug"))
    assert several.filters.docset == "flask,werkzeug"  # each value keyed alone


def test_a_questions_common_words_count_but_do_not_seek_candidates() -> None:
    query = parse_query("check if an object has an attribute", max_length=200)
    common = CommonWords(in_answers={"object": 6659, "has": 3000}, in_bodies=frozenset())
    question = question_of(query, type_names={}, common_words=common)
    plain = question_of(query, type_names={})
    assert question is not None and plain is not None
    assert [plain.words[index] for index in plain.seeking] == ["object", "has", "attribute"]
    assert [question.words[index] for index in question.seeking] == ["attribute"]
    assert question.words == plain.words  # every word still counts in an answer's points
    # All of them common: the rarest seeks.
    only_common = question_of(parse_query("has an object", max_length=200), type_names={}, common_words=common)
    assert only_common is not None and [only_common.words[index] for index in only_common.seeking] == ["has"]


@pytest.mark.asyncio
async def test_the_shipped_index_names_its_common_words() -> None:
    async with open_services(Settings(db_path=SHIPPED_DB, semantic=False)) as services:
        common = services.database.dialect.common_words
    assert common.in_answers["object"] > COMMON_SEEKING_DOCUMENTS
    assert all(count > COMMON_SEEKING_DOCUMENTS for count in common.in_answers.values())
    assert "attribute" in common.in_answers and "reverse" not in common.in_answers
    # In a sixth of all bodies: `that`, `its`, `object`; not the words a question is about.
    assert {"that", "its", "object"} <= common.in_bodies and not {"reverse", "attribute", "list"} & common.in_bodies
    with closing(sqlite3.connect(SHIPPED_DB)) as connection:
        documents = connection.execute("SELECT max(id) FROM documents").fetchone()[0]
        counted = dict(connection.execute("SELECT word, in_body FROM word_documents").fetchall())
    assert common.in_bodies == {word for word, bodies in counted.items() if bodies > BODY_COMMON_SHARE * documents}


def test_a_word_in_many_bodies_counts_only_where_an_answer_names_it() -> None:
    """`its` in a body says nothing of which answers: its body flag is not asked for (finding the 17,821 bodies
    holding it was the costliest part of a slow question); a word still being typed counts as it did."""
    common = CommonWords(in_answers={}, in_bodies=frozenset({"its", "name"}))
    finished = question_of(
        parse_query("call a function by its name ", max_length=200), type_names={}, common_words=common
    )
    assert finished is not None and [finished.words[index] for index in finished.body_ignored] == ["its", "name"]
    typing = parse_query("call a function by its name", max_length=200)  # no space after: `name` may go on
    typed = question_of(typing, type_names={}, common_words=common)
    assert typed is not None and [typed.words[index] for index in typed.body_ignored] == ["its"]
    dialect = Fts5Dialect(DocsetProfile(), common_words=common)
    statement = dialect.ranked(typing, scope=Scope((0,), lead=0), limit=10)
    # words: call, function, its, name: the bodies holding `its` are not listed (a CASE on the parameter).
    flags = {name: value for name, value in statement.parameters.items() if name.startswith("body_counts_")}
    assert flags == {"body_counts_0": True, "body_counts_1": True, "body_counts_2": False, "body_counts_3": True}
    assert "CASE WHEN :body_counts_2 THEN c.rowid IN (" in statement.sql


def test_questions_of_as_many_words_share_one_statement() -> None:
    """A statement is prepared once per shape (3 ms for a question's): which words are common, how many name
    forms and built-in types a question has are parameters, NULL where it has fewer."""
    common = CommonWords(in_answers={}, in_bodies=frozenset({"its"}))
    dialect = Fts5Dialect(DocsetProfile(type_names={"list": "list", "string": "str"}), common_words=common)
    scope = Scope((0,), lead=0)
    questions = ["sort a list of strings ", "call it by its name ", "reverse a string in place "]
    statements = [dialect.ranked(parse_query(text, max_length=200), scope=scope, limit=10) for text in questions]
    assert len({statement.sql for statement in statements}) == 1
    # One text, but a plan for each question's words (on PostgreSQL); a name's plan is made once for all.
    assert all(statement.planned_each_run for statement in statements)
    assert not dialect.ranked(parse_query("str.join", max_length=200), scope=scope, limit=10).planned_each_run
    sorting = statements[0].parameters
    assert (sorting["owner_0"], sorting["owner_1"]) == ("list.", None) and sorting["name_form_0"] == "sort"
    assert len([name for name in sorting if name.startswith("name_form_")]) == MAX_NAME_FORMS


def test_a_question_takes_fewer_word_candidates_beside_its_nearest_documents_unless_narrowed() -> None:
    """The nearest documents bring what the words' lower candidates did; not under a kind or area, which they
    are not filtered by (`in:tutorial how to return json from a view` found nothing with the fewer)."""
    dialect = Fts5Dialect(DocsetProfile())
    near = Nearest(documents=(1, 2), similarities=(0.5, 0.4))
    scope = Scope((0,), lead=0)

    def limit(text: str, nearest: Nearest | None) -> int:
        sql = dialect.ranked(parse_query(text, max_length=200), scope=scope, limit=10, nearest=nearest)[0]
        return int(sql.split("ORDER BY bm25(documents_fts", 1)[1].split("LIMIT ", 1)[1].split(")", 1)[0])

    assert limit("how to return json from a view ", near) == ANSWER_CANDIDATES_WITH_MEANING
    assert limit("how to return json from a view ", None) == ANSWER_CANDIDATES
    assert limit("in:tutorial how to return json from a view ", near) == ANSWER_CANDIDATES
    assert limit("type:function how to return json from a view ", near) == ANSWER_CANDIDATES


def test_a_name_keeps_its_case_as_typed_beside_its_lower_case_form() -> None:
    called = parse_query("click.Option ()", max_length=200)
    assert (called.typed_name, called.as_name, called.last_segment) == ("click.Option", "click.option", "option")
    shortcut = parse_query("/click.Option", max_length=200).without_stray_punctuation(frozenset(), frozenset())
    assert (shortcut.typed_name, shortcut.as_name) == ("click.Option", "click.option")  # the `/` shortcut is no name
