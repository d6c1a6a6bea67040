"""Dating entries: a stub page's "removed in" note and typeshed's module lifetimes, never the index's first sight."""

from __future__ import annotations

import pytest

from parser.entries import Entry
from parser.lifetimes import LifetimeError, date_entries, lifetime_of, read_lifetimes
from parser.schema import VersionNote
from parser.text import removal_of

VERSIONS = """
# a comment
asynchat: 3.0-3.11
importlib: 3.0-
importlib.metadata: 3.8-
tomllib: 3.11-
"""


def entry(name: str, kind: str, *notes: VersionNote, domain: str = "py") -> Entry:
    made = Entry(
        page="library/x.html",
        anchor=name,
        name=name,
        kind=kind,
        domain=domain,
        area="library",
        title=name,
        breadcrumb="",
    )
    made.version_notes.extend(notes)
    return made


def test_a_stub_page_s_note_says_the_removal_a_deprecation_only_promised() -> None:
    assert removal_of("Deprecated since version 3.4, removed in version 3.12.") == "3.12"
    assert removal_of("Removed in version 3.14: the foo parameter.") == "3.14"
    assert removal_of("Deprecated since version 3.4, will be removed in version 3.12: use importlib.") == ""


def test_the_most_specific_module_dates_a_name() -> None:
    lifetimes = read_lifetimes(VERSIONS)
    assert lifetime_of("importlib.metadata.version", lifetimes) == lifetimes["importlib.metadata"]
    assert lifetime_of("importlib.import_module", lifetimes) == lifetimes["importlib"]
    assert lifetime_of("json", lifetimes) is None
    assert (lifetimes["asynchat"].removed, lifetimes["asynchat"].added) == ("3.12", None)  # 3.0: always there
    assert lifetimes["tomllib"].added == "3.11"


def test_entries_are_dated_as_a_whole_never_by_their_parts() -> None:
    lifetimes = read_lifetimes(VERSIONS)
    module = entry("tomllib", "module")
    member = entry("asynchat.async_chat", "class")
    function = entry("sqlite3.connect", "function", VersionNote("removed", "3.14"))  # a parameter went
    stub = entry("imp", "module", VersionNote("deprecated", "3.4"), VersionNote("removed", "3.12"))
    date_entries([module, member, function, stub], lifetimes)
    assert module.version_notes == [VersionNote("added", "3.11")]
    assert member.version_notes == [VersionNote("removed", "3.12")]  # a member of a removed module
    assert function.version_notes == []
    assert stub.version_notes == [VersionNote("deprecated", "3.4"), VersionNote("removed", "3.12")]
    assert (stub.removed_by("3.11"), stub.removed_by("3.12"), stub.removed_by("3.15")) == (False, True, True)


def test_the_installed_typeshed_knows_the_modules_python_dropped() -> None:
    lifetimes = read_lifetimes()
    assert lifetimes["imp"].removed == "3.12" and lifetimes["cgi"].removed == "3.13"
    assert lifetimes["annotationlib"].added == "3.14"


def test_an_unreadable_versions_file_is_refused_with_its_line() -> None:
    with pytest.raises(LifetimeError, match="line 2: cannot read 'tomllib 3.11'"):
        read_lifetimes("asynchat: 3.0-3.11\ntomllib 3.11\n")
