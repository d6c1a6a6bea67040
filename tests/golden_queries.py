"""Golden queries: what a user types, and the entry that must rank first (or in the top 3).

Shared by the relevance test and scripts/compare_sphinx.py. Targets are paths
inside the Python 3.11 docs build with their #anchor, so they can be checked against
any search engine over the same build; in another version the same entry counts,
wherever its page is there. VERSION_GOLDEN asks about versions themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Golden:
    query: str
    target: str  # page#anchor inside the build
    query_class: str
    within: int = 1  # the target must rank at or above this position
    version: str | None = None  # the version searched; None: every version the suite runs on
    target_version: str = "3.11"  # the build `target` is a path in
    # Where a later version's docs changed the answer itself: version → its target there.
    answers_in: dict[str, str] = field(default_factory=dict, hash=False, compare=False)


def _cases(query_class: str, within: int, *pairs: tuple[str, str]) -> list[Golden]:
    return [Golden(query, target, query_class, within) for query, target in pairs]


GOLDEN: list[Golden] = [
    *_cases(
        "exact dotted name",
        1,
        ("str.join", "library/stdtypes.html#str.join"),
        ("os.path.exists", "library/os.path.html#os.path.exists"),
        ("collections.Counter", "library/collections.html#collections.Counter"),
        ("json.dumps", "library/json.html#json.dumps"),
        ("STR.JOIN", "library/stdtypes.html#str.join"),
        ("str.join()", "library/stdtypes.html#str.join"),
        ("asyncio.gather", "library/asyncio-task.html#asyncio.gather"),
        ("itertools.groupby", "library/itertools.html#itertools.groupby"),
        ("re.sub", "library/re.html#re.sub"),
        ("dict.get", "library/stdtypes.html#dict.get"),
        ("subprocess.run", "library/subprocess.html#subprocess.run"),
        ("path.exists", "library/os.path.html#os.path.exists"),
    ),
    *_cases(
        "bare member name",
        1,
        ("len", "library/functions.html#len"),
        ("open", "library/functions.html#open"),
        ("map", "library/functions.html#map"),
        ("list", "library/stdtypes.html#list"),
        ("zip", "library/functions.html#zip"),
        ("print", "library/functions.html#print"),
        ("isinstance", "library/functions.html#isinstance"),
        ("sorted", "library/functions.html#sorted"),
        ("enumerate", "library/functions.html#enumerate"),
        ("range", "library/stdtypes.html#range"),
        ("dict", "library/stdtypes.html#dict"),
        ("ValueError", "library/exceptions.html#ValueError"),
        ("property", "library/functions.html#property"),
        ("super", "library/functions.html#super"),
    ),
    *_cases(
        "bare member name",
        3,
        ("join", "library/stdtypes.html#str.join"),
        ("split", "library/stdtypes.html#str.split"),
        ("format", "library/functions.html#format"),
        ("strip", "library/stdtypes.html#str.strip"),
    ),
    *_cases(
        "as you type",
        1,
        ("str.rep", "library/stdtypes.html#str.replace"),
        ("OrderedD", "library/collections.html#collections.OrderedDict"),
        ("cached_pro", "library/functools.html#functools.cached_property"),
        ("namedtu", "library/collections.html#collections.namedtuple"),
        ("defaultd", "library/collections.html#collections.defaultdict"),
        ("dataclas", "library/dataclasses.html#module-dataclasses"),
        ("os.path.jo", "library/os.path.html#os.path.join"),
        ("isinst", "library/functions.html#isinstance"),
        ("asyncio.gat", "library/asyncio-task.html#asyncio.gather"),
    ),
    *_cases(
        "as you type",
        3,
        ("shutil.cop", "library/shutil.html#shutil.copy"),
        ("lru_c", "library/functools.html#functools.lru_cache"),
    ),
    *_cases(
        "module",
        1,
        ("heapq", "library/heapq.html#module-heapq"),
        ("email.mime", "library/email.mime.html#module-email.mime"),
        ("concurrent.futures", "library/concurrent.futures.html#module-concurrent.futures"),
        ("functools", "library/functools.html#module-functools"),
        ("itertools", "library/itertools.html#module-itertools"),
        ("pathlib", "library/pathlib.html#module-pathlib"),
        ("asyncio", "library/asyncio.html#module-asyncio"),
        ("typing", "library/typing.html#module-typing"),
        ("collections", "library/collections.html#module-collections"),
        ("sqlite3", "library/sqlite3.html#module-sqlite3"),
    ),
    *_cases(
        "concept",
        1,
        ("ternary", "reference/expressions.html#conditional-expressions"),
        ("augmented assignment", "reference/simple_stmts.html#augmented-assignment-statements"),
        ("conditional expression", "reference/expressions.html#conditional-expressions"),
        ("list comprehension", "tutorial/datastructures.html#list-comprehensions"),
        ("f-string", "glossary.html#term-f-string"),
    ),
    # 3.15's glossary gained "walrus operator" itself: the term is the answer there.
    Golden(
        "walrus operator",
        "reference/expressions.html#assignment-expressions",
        "concept",
        answers_in={"3.15": "glossary.html#term-walrus-operator"},
    ),
    *_cases(
        "concept",
        1,
        ("virtual environment", "tutorial/venv.html"),
        ("decorator", "glossary.html#term-decorator"),
    ),
    *_cases(
        "concept",
        3,
        ("dict comprehension", "reference/expressions.html#dictionary-displays"),
    ),
    # 3.15 replaced "Iterator Types" with "Iteration-related types".
    Golden(
        "iterator protocol",
        "library/stdtypes.html#iterator-types",
        "concept",
        3,
        answers_in={"3.15": "builtins/stdtypes.html#iteration-related-types"},
    ),
    *_cases(
        "concept",
        3,
        ("descriptors", "howto/descriptor.html"),
        ("docstrings", "tutorial/controlflow.html#documentation-strings"),
        ("context manager", "reference/datamodel.html#with-statement-context-managers"),
        ("global interpreter lock", "glossary.html#term-global-interpreter-lock"),
        ("exception handling", "tutorial/errors.html#handling-exceptions"),
        ("read a file", "tutorial/inputoutput.html#reading-and-writing-files"),
        ("string formatting", "library/string.html#format-string-syntax"),
        ("generator", "glossary.html#term-generator"),
    ),
    *_cases(
        "typo",
        1,
        ("funtools", "library/functools.html#module-functools"),
        ("colections", "library/collections.html#module-collections"),
        ("itertols", "library/itertools.html#module-itertools"),
        ("subprocces", "library/subprocess.html#module-subprocess"),
        ("isinstnace", "library/functions.html#isinstance"),
        ("enumarate", "library/functions.html#enumerate"),
    ),
    *_cases(
        "c api",
        1,
        ("PyObject_Call", "c-api/call.html#c.PyObject_Call"),
        ("Py_INCREF", "c-api/refcounting.html#c.Py_INCREF"),
        ("PyList_Append", "c-api/list.html#c.PyList_Append"),
    ),
]


# What only a site with several versions can answer: names new in 3.13–3.15, names later versions dropped
# (shown, marked, from the newest version that has them), and pages 3.15 moved to builtins/.
VERSION_GOLDEN: list[Golden] = [
    Golden("annotationlib", "library/annotationlib.html#module-annotationlib", "versions", 1, "3.15", "3.15"),
    Golden("compression.zstd", "library/compression.zstd.html#module-compression.zstd", "versions", 1, "3.15", "3.15"),
    Golden(
        "string.templatelib", "library/string.templatelib.html#module-string.templatelib", "versions", 1, "3.15", "3.15"
    ),
    Golden("typing.TypeIs", "library/typing.html#typing.TypeIs", "versions", 1, "3.13", "3.13"),
    Golden("copy.replace", "library/copy.html#copy.replace", "versions", 1, "3.14", "3.14"),
    Golden("zip", "builtins/functions.html#zip", "versions", 1, "3.15", "3.15"),
    Golden("str.join", "builtins/stdtypes.html#str.join", "versions", 1, "3.15", "3.15"),
    Golden("zip", "library/functions.html#zip", "versions", 1, "3.11", "3.11"),
    Golden("imp.find_module", "library/imp.html#imp.find_module", "versions", 1, "3.15", "3.11"),
    Golden("asynchat.async_chat", "library/asynchat.html#asynchat.async_chat", "versions", 1, "3.15", "3.11"),
    Golden("asyncore.loop", "library/asyncore.html#asyncore.loop", "versions", 5, "3.15", "3.11"),
    Golden("annotationlib", "library/annotationlib.html#module-annotationlib", "versions", 1, "3.11", "3.15"),
    Golden("sys.monitoring", "library/sys.monitoring.html#module-sys.monitoring", "versions", 1, "3.11", "3.15"),
]
