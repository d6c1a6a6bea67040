"""The whole build: fixture docs in, a complete, deterministic, atomically written docs.db out."""

from __future__ import annotations

import json
import os
import resource
import shlex
import shutil
import signal
import sqlite3
import subprocess
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

import parser.docset
from parser.build import build
from parser.schema import SCHEMA_VERSION, pack_text, unpack_text
from tests.conftest import FLASK_MINI, PYTHON_MINI, ROOT


def rows(db: Path, sql: str, *parameters: object) -> list[tuple[object, ...]]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        return connection.execute(sql, parameters).fetchall()


# An entry as one version documents it: identity, place, text (unpacked), as the web app reads them.
FLAT_ENTRIES = """
    SELECT e.id, e.key, e.name, e.name_lower, e.last_lower, e.kind, e.domain, v.version, p.path AS page, ev.anchor,
           ev.area, ev.popularity, ev.builtin, d.id AS document_id, d.title, d.breadcrumb, d.signature, d.summary,
           d.body, d.version_notes
    FROM entries AS e JOIN entry_versions AS ev ON ev.entry_id = e.id JOIN versions AS v ON v.position = ev.position
    JOIN pages AS p ON p.id = ev.page_id JOIN documents AS d ON d.id = ev.document_id"""


def entry(db: Path, **where: str) -> dict[str, object]:
    condition = " AND ".join(f"{column} = ?" for column in where)
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        connection.row_factory = sqlite3.Row
        found = connection.execute(
            f"SELECT * FROM ({FLAT_ENTRIES}) WHERE {condition}", tuple(where.values())
        ).fetchall()
        dictionary = connection.execute("SELECT dictionary FROM text_dictionary").fetchone()[0]
    assert len(found) == 1, f"expected one entry for {where}, found {len(found)}"
    return {**dict(found[0]), "body": unpack_text(found[0]["body"], dictionary)}


def documents_matching(db: Path, expression: str) -> set[str]:
    """Names of the entries whose documents match an FTS5 expression (the index keeps no text to read back)."""
    found = rows(
        db,
        "SELECT e.name FROM documents_fts AS f JOIN documents AS d ON d.id = f.rowid JOIN entries AS e "
        "ON e.id = d.entry_id WHERE documents_fts MATCH ? ORDER BY rank",
        expression,
    )
    return {str(name) for (name,) in found}


def test_meta_names_the_docset_and_schema(mini_db: Path) -> None:
    meta = dict(rows(mini_db, "SELECT key, value FROM meta"))
    assert meta["schema_version"] == str(SCHEMA_VERSION)
    assert (meta["docset"], meta["docset_name"], meta["docset_version"]) == ("python", "Python", "3.11")
    assert meta["base_url"] == "https://docs.python.org/3.11/"
    assert int(meta["entries"]) == rows(mini_db, "SELECT count(*) FROM entry_versions")[0][0]
    assert rows(mini_db, "SELECT version, position, base_url FROM versions") == [
        ("3.11", 0, "https://docs.python.org/3.11/")
    ]


def test_object_entry_carries_its_description(mini_db: Path) -> None:
    cache = entry(mini_db, name="functools.cache")
    assert cache["kind"] == "function" and cache["area"] == "library"
    assert cache["signature"] == "@functools.cache(user_function)"
    assert cache["summary"] == "Simple lightweight unbounded function cache."
    assert cache["breadcrumb"] == "functools — Higher-order functions and operations on callable objects"
    assert json.loads(str(cache["version_notes"])) == [{"kind": "added", "version": "3.9"}]
    assert (cache["name_lower"], cache["last_lower"]) == ("functools.cache", "cache")


def test_module_absorbs_its_page_heading(mini_db: Path) -> None:
    module = entry(mini_db, name="functools")
    assert (module["kind"], module["anchor"]) == ("module", "module-functools")
    assert str(module["title"]).startswith("functools — Higher-order")
    assert rows(
        mini_db, f"SELECT count(*) FROM ({FLAT_ENTRIES}) WHERE page = 'library/functools.html' AND kind = 'page'"
    ) == [(0,)]


def test_pages_and_sections_are_entries(mini_db: Path) -> None:
    page = entry(mini_db, page="reference/expressions.html", anchor="")
    assert (page["kind"], page["name"]) == ("page", "Expressions")
    section = entry(mini_db, anchor="conditional-expressions")
    assert section["name"] == "Conditional expressions"  # the "6.13." numbering is only in the title
    assert section["title"] == "6.13. Conditional expressions"
    assert section["breadcrumb"] == "6. Expressions"


def test_general_index_terms_become_keywords(mini_db: Path) -> None:
    assert "Conditional expressions" in documents_matching(mini_db, '{keywords} : "ternary operator"')
    assert "Conditional expressions" in documents_matching(mini_db, '{keywords} : "conditional expression"')
    assert "Conditional expressions" not in documents_matching(mini_db, '{keywords} : "lambda"')


def test_glossary_terms_keep_their_spelling(mini_db: Path) -> None:
    term = entry(mini_db, anchor="term-iterator")
    # The headline is the name itself, so the title column stays empty for full-text ranking.
    assert (term["kind"], term["name"], term["title"]) == ("term", "iterator", "")
    assert term["summary"] == "An object representing a stream of data."


def test_c_api_objects(mini_db: Path) -> None:
    call = entry(mini_db, name="PyObject_Call")
    assert call["kind"] == "c function" and call["area"] == "c-api"
    assert call["signature"] == "PyObject *PyObject_Call(PyObject *callable, PyObject *args, PyObject *kwargs)"


def test_popularity_counts_links_from_other_entries(mini_db: Path) -> None:
    lru_cache = entry(mini_db, name="functools.lru_cache")
    assert isinstance(lru_cache["popularity"], int) and lru_cache["popularity"] >= 2
    # One link from the glossary; the general index and heapq.merge's own text don't count.
    assert entry(mini_db, name="heapq.merge")["popularity"] == 1


def test_full_text_index_answers_match_queries(mini_db: Path) -> None:
    assert "Conditional expressions" in documents_matching(mini_db, "ternary")


def test_vocabulary_holds_identifier_segments(mini_db: Path) -> None:
    terms = {term for (term,) in rows(mini_db, "SELECT term FROM vocabulary")}
    assert {"functools", "lru_cache", "heapq"} <= terms
    near = rows(mini_db, "SELECT term FROM vocabulary_trigrams WHERE vocabulary_trigrams MATCH ?", "tools")
    assert ("functools",) in near


def test_builds_another_sphinx_project(tmp_path: Path) -> None:
    output = tmp_path / "flask.db"
    report = build(FLASK_MINI, output, base_url="https://flask.palletsprojects.com/en/2.2.x/")
    assert report.pages == 3 and report.objects > 20
    meta = dict(rows(output, "SELECT key, value FROM meta"))
    assert (meta["docset"], meta["base_url"]) == ("flask", "https://flask.palletsprojects.com/en/2.2.x/")
    secret = entry(output, name="SECRET_KEY")
    assert secret["kind"] == "data" and str(secret["summary"]).startswith("A secret key")


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    first, second = tmp_path / "first.db", tmp_path / "second.db"
    build(PYTHON_MINI, first)
    build(PYTHON_MINI, second)
    assert first.read_bytes() == second.read_bytes()


def test_failed_build_leaves_previous_file_untouched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    output = tmp_path / "docs.db"
    output.write_bytes(b"previous index")

    def explode(*_: object, **__: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(parser.docset, "count_popularity", explode)
    with pytest.raises(RuntimeError):
        build(PYTHON_MINI, output)
    assert output.read_bytes() == b"previous index"
    assert list(tmp_path.iterdir()) == [output]


def test_unreadable_page_is_skipped_with_a_warning(copy_of_mini: Path, tmp_path: Path) -> None:
    (copy_of_mini / "broken.html").write_bytes(b"")
    report = build(copy_of_mini, tmp_path / "docs.db")
    assert report.pages == 5
    assert report.warnings == ("skipped broken.html: not parseable as HTML (Document is empty)",)


def run_cli(*arguments: str, before: Callable[[], None] | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m parser` as a user runs it; `before` runs in the child just before the parser starts."""
    return subprocess.run(
        [sys.executable, "-m", "parser", *arguments],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        preexec_fn=before,  # noqa: PLW1509 -- a limit set there applies to the child alone
    )


def test_cli_writes_and_summarises(tmp_path: Path) -> None:
    result = run_cli(str(PYTHON_MINI), "--output", str(tmp_path / "docs.db"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"wrote {tmp_path / 'docs.db'}: 5 pages, ")
    assert "keywords" in result.stdout


@pytest.mark.parametrize(
    ("prepare", "message"),
    [
        (lambda docs: docs / "missing", "error: docs folder not found: "),
        (lambda docs: _without(docs, "objects.inv"), "is not a Sphinx HTML build: no objects.inv"),
        (lambda docs: _replaced(docs, "objects.inv", b"garbage"), "is not a valid Sphinx inventory"),
    ],
    ids=["missing-folder", "not-sphinx", "corrupt-inventory"],
)
def test_cli_errors_are_one_line_without_traceback(
    copy_of_mini: Path, tmp_path: Path, prepare: Callable[[Path], Path], message: str
) -> None:
    output = tmp_path / "docs.db"
    result = run_cli(str(prepare(copy_of_mini)), "--output", str(output))
    assert result.returncode == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert not output.exists()


def test_cli_reports_a_missing_target_folder(tmp_path: Path) -> None:
    result = run_cli(str(PYTHON_MINI), "--output", str(tmp_path / "no" / "such" / "folder" / "docs.db"))
    assert result.returncode == 1
    assert result.stderr.startswith("error: cannot write in ") and "Traceback" not in result.stderr


def test_cli_reports_a_read_only_target_folder(tmp_path: Path) -> None:
    folder = tmp_path / "read-only"
    folder.mkdir()
    (folder / "docs.db").write_bytes(b"previous index")
    if os.geteuid() == 0:  # root writes through file modes: make the folder a read-only mount instead
        result = run_cli_in_private_mount(
            f"mount --bind {folder} {folder} && mount -o remount,bind,ro {folder}", "--output", str(folder / "docs.db")
        )
    else:
        folder.chmod(0o555)
        result = run_cli(str(PYTHON_MINI), "--output", str(folder / "docs.db"))
        folder.chmod(0o755)
    assert result.returncode == 1
    assert result.stderr.strip() in {
        f"error: cannot write in {folder}: Read-only file system",
        f"error: cannot write in {folder}: Permission denied",
    }
    assert (folder / "docs.db").read_bytes() == b"previous index" and len(list(folder.iterdir())) == 1


def test_cli_reports_a_full_disk(tmp_path: Path) -> None:
    folder = tmp_path / "small-disk"
    folder.mkdir()
    # The fixture's index needs ~1 MB; the disk has 256 kB. What is left on it is listed before the namespace goes.
    result = run_cli_in_private_mount(
        f"mount -t tmpfs -o size=256k tmpfs {folder} && printf 'previous index' > {folder}/docs.db",
        "--output",
        str(folder / "docs.db"),
        then=f"ls -A {folder}; cat {folder}/docs.db",
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"error: cannot write {folder / 'docs.db'}: no room left on the disk or under the file-size limit "
        "(database or disk is full)"
    )
    assert result.stdout.split() == ["docs.db", "previous", "index"]


def test_cli_reports_a_file_size_limit(tmp_path: Path) -> None:
    """The same full-disk path without privileges: writes past RLIMIT_FSIZE fail with EFBIG."""
    output = tmp_path / "docs.db"
    output.write_bytes(b"previous index")

    def limit_file_size() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # fail the write instead of killing the process
        resource.setrlimit(resource.RLIMIT_FSIZE, (256_000, 256_000))

    result = run_cli(str(PYTHON_MINI), "--output", str(output), before=limit_file_size)
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: cannot write {output}: no room left on the disk or under the file-size")
    assert output.read_bytes() == b"previous index" and list(tmp_path.iterdir()) == [output]


def run_cli_in_private_mount(mounts: str, *arguments: str, then: str = "true") -> subprocess.CompletedProcess[str]:
    """Run the CLI in a mount namespace of its own, so its mounts vanish with it; skip where that is not allowed."""
    if shutil.which("unshare") is None or subprocess.run(["unshare", "--mount", "true"], check=False).returncode:
        pytest.skip("a private mount namespace needs util-linux's unshare and CAP_SYS_ADMIN (root)")
    command = " ".join(shlex.quote(part) for part in (sys.executable, "-m", "parser", str(PYTHON_MINI), *arguments))
    script = f"{mounts} || exit 99; {command}; status=$?; {then}; exit $status"
    result = subprocess.run(
        ["unshare", "--mount", "sh", "-c", script], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode != 99, f"mount failed: {result.stderr}"
    return result


def _without(docs: Path, name: str) -> Path:
    (docs / name).unlink()
    return docs


def _replaced(docs: Path, name: str, data: bytes) -> Path:
    (docs / name).write_bytes(data)
    return docs


def test_the_build_id_changes_with_any_content_even_a_signature_alone(copy_of_mini: Path, tmp_path: Path) -> None:
    """Page caches key on the build id: a changed signature (not searched, only shown) must change it too."""
    before, after = tmp_path / "before.db", tmp_path / "after.db"
    build(copy_of_mini, before)
    page = copy_of_mini / "library" / "functools.html"
    html = page.read_text()
    signature = (
        '<span class="pre">user_function</span></span></em><span class="sig-paren">)</span>'
        '<a class="headerlink" href="#functools.cache"'
    )
    assert html.count(signature) == 1
    page.write_text(html.replace(signature, signature.replace("user_function", "user_callable")))
    build(copy_of_mini, after)
    assert entry(after, name="functools.cache")["signature"] == "@functools.cache(user_callable)"
    assert entry(after, name="functools.cache")["body"] == entry(before, name="functools.cache")["body"]
    build_ids = [dict(rows(db, "SELECT key, value FROM meta"))["build_id"] for db in (before, after)]
    assert build_ids[0] != build_ids[1]


@pytest.mark.parametrize("dictionary", [b"the docs' own wording: Return a new list of the items " * 20, b""])
def test_packed_text_unpacks_to_itself_as_zlib_would(dictionary: bytes) -> None:
    text = "Return a new list of the items, in the order given; café, λ and 🐍 too. " * 40
    packed = pack_text(text, dictionary)
    assert isinstance(packed, bytes) and len(packed) < len(text.encode())
    unpacker = zlib.decompressobj(zdict=dictionary)  # the stream as zlib reads it, checksums and all
    assert unpack_text(packed, dictionary) == (unpacker.decompress(packed) + unpacker.flush()).decode() == text
    assert unpack_text("short text stays plain", dictionary) == "short text stays plain"
