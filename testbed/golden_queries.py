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
    # Other entries that answer it as well (a question's FAQ entry beside the API it names).
    alternatives: tuple[str, ...] = ()

    def targets(self, version: str) -> tuple[str, ...]:
        """The entries that count as found when searching `version`, as paths in `target_version`'s build
        (or in `version`'s own, for an answer that version changed)."""
        return (self.answers_in[version],) if version in self.answers_in else (self.target, *self.alternatives)


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
        ("f-string", "glossary.html#term-f-string"),
    ),
    # The glossary's own entry for the very term typed answers it as well as the chapter does.
    *(
        Golden(query, target, "concept", within, alternatives=(glossary,))
        for query, target, within, glossary in (
            (
                "list comprehension",
                "tutorial/datastructures.html#list-comprehensions",
                1,
                "glossary.html#term-list-comprehension",
            ),
            ("virtual environment", "tutorial/venv.html", 1, "glossary.html#term-virtual-environment"),
            ("descriptors", "howto/descriptor.html", 3, "glossary.html#term-descriptor"),
            ("docstrings", "tutorial/controlflow.html#documentation-strings", 3, "glossary.html#term-docstring"),
            (
                "context manager",
                "reference/datamodel.html#with-statement-context-managers",
                3,
                "glossary.html#term-context-manager",
            ),
        )
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


def _question(query: str, target: str, *alternatives: str) -> Golden:
    return Golden(query, target, "question", 5, "3.15", "3.15", alternatives=alternatives)


# Everyday questions as people type them into a docs search, most asked first, each answer chosen by
# reading the 3.15 docs: the API entry whose own text says it is the answer, or the FAQ entry that asks
# it; `alternatives` are the other entries a reader would be as glad to land on. Asked in 3.15, the
# version people read; success@1 and success@5 are what the suite holds them to.
QUESTION_GOLDEN: list[Golden] = [
    _question(
        "how do I reverse a list",
        "builtins/stdtypes.html#list.reverse",
        "faq/programming.html#how-do-i-iterate-over-a-sequence-in-reverse-order",
        "builtins/functions.html#reversed",
    ),
    _question("join a list of strings with commas", "builtins/stdtypes.html#str.join"),
    _question(
        "check if a key is in a dictionary",
        "builtins/stdtypes.html#dict",
        "builtins/stdtypes.html#mapping-types-dict-frozendict",
        "builtins/stdtypes.html#dict.get",
    ),
    _question(
        "get the last element of a list",
        "tutorial/introduction.html#lists",
        "builtins/stdtypes.html#sequence-types-list-tuple-range",
        "builtins/stdtypes.html#list.pop",
    ),
    _question("open a file for appending", "builtins/functions.html#open"),
    _question("round a float to two decimals", "builtins/functions.html#round"),
    _question("read json from a file", "library/json.html#json.load"),
    _question("make a string uppercase", "builtins/stdtypes.html#str.upper"),
    _question("largest item in a list", "builtins/functions.html#max"),
    _question(
        "how to sort a list", "builtins/stdtypes.html#list.sort", "builtins/functions.html#sorted", "howto/sorting.html"
    ),
    _question("sort a dictionary by value", "howto/sorting.html", "builtins/functions.html#sorted"),
    _question("remove duplicates from a list", "faq/programming.html#how-do-you-remove-duplicates-from-a-list"),
    _question(
        "convert a string to an integer",
        "builtins/functions.html#int",
        "faq/programming.html#how-do-i-convert-a-string-to-a-number",
    ),
    _question(
        "convert a number to a string",
        "builtins/stdtypes.html#str",
        "faq/programming.html#how-do-i-convert-a-number-to-a-string",
    ),
    _question("split a string into a list", "builtins/stdtypes.html#str.split"),
    _question("remove whitespace from a string", "builtins/stdtypes.html#str.strip"),
    _question("replace text in a string", "builtins/stdtypes.html#str.replace"),
    _question(
        "check if a file exists", "library/os.path.html#os.path.exists", "library/pathlib.html#pathlib.Path.exists"
    ),
    _question(
        "list files in a directory",
        "library/os.html#os.listdir",
        "library/pathlib.html#pathlib.Path.iterdir",
        "library/os.html#os.scandir",
    ),
    _question("get the current date and time", "library/datetime.html#datetime.datetime.now"),
    _question("sleep for a few seconds", "library/time.html#time.sleep"),
    _question(
        "generate a random number",
        "library/random.html#random.random",
        "library/random.html#random.randint",
        "library/random.html#module-random",
        "faq/library.html#how-do-i-generate-random-numbers-in-python",
    ),
    _question("pick a random item from a list", "library/random.html#random.choice"),
    _question("shuffle a list", "library/random.html#random.shuffle"),
    _question(
        "count occurrences in a list",
        "builtins/stdtypes.html#list.count",
        "library/collections.html#collections.Counter",
    ),
    _question("length of a list", "builtins/functions.html#len"),
    _question("add an item to a list", "builtins/stdtypes.html#list.append"),
    _question("remove an item from a list", "builtins/stdtypes.html#list.remove"),
    _question("merge two dictionaries", "builtins/stdtypes.html#dict.update", "builtins/stdtypes.html#dict"),
    _question(
        "how do I copy an object",
        "faq/programming.html#how-do-i-copy-an-object-in-python",
        "library/copy.html#module-copy",
    ),
    _question("deep copy a dictionary", "library/copy.html#copy.deepcopy"),
    _question("run a shell command", "library/subprocess.html#subprocess.run"),
    _question("read command line arguments", "library/sys.html#sys.argv", "library/argparse.html#module-argparse"),
    _question("get an environment variable", "library/os.html#os.getenv", "library/os.html#os.environ"),
    _question(
        "create a directory",
        "library/os.html#os.makedirs",
        "library/os.html#os.mkdir",
        "library/pathlib.html#pathlib.Path.mkdir",
    ),
    _question(
        "delete a file",
        "library/os.html#os.remove",
        "library/pathlib.html#pathlib.Path.unlink",
        "library/os.html#os.unlink",
        "faq/library.html#how-do-i-delete-a-file-and-other-file-questions",
    ),
    _question("square root of a number", "library/math.html#math.sqrt"),
    _question(
        "check the type of a variable",
        "builtins/functions.html#isinstance",
        "builtins/functions.html#type",
        "faq/programming.html#how-do-i-check-if-an-object-is-an-instance-of-a-given-class-or-of-a-subclass-of-it",
    ),
    _question("measure execution time", "library/timeit.html#module-timeit", "library/time.html#time.perf_counter"),
    _question("read a file line by line", "tutorial/inputoutput.html#methods-of-file-objects"),
    _question(
        "write text to a file", "tutorial/inputoutput.html#reading-and-writing-files", "builtins/functions.html#open"
    ),
    _question("parse a date from a string", "library/datetime.html#datetime.datetime.strptime"),
    _question("find the index of an item in a list", "builtins/stdtypes.html#list.index"),
    _question(
        "check if a string contains a substring",
        "builtins/stdtypes.html#str.find",
        "reference/expressions.html#membership-test-operations",
    ),
    _question(
        "flatten a list of lists",
        "library/itertools.html#itertools.chain.from_iterable",
        "library/itertools.html#itertools.chain",
    ),
    _question("exit the program", "library/sys.html#sys.exit"),
    _question("ask the user for input", "builtins/functions.html#input"),
    _question("what is a lambda", "reference/expressions.html#lambda", "glossary.html#term-lambda"),
    _question("how do I define a class", "tutorial/classes.html", "reference/compound_stmts.html#class-definitions"),
    _question("smallest number in a list", "builtins/functions.html#min"),
    _question(
        "copy a file",
        "library/shutil.html#shutil.copy",
        "faq/library.html#how-do-i-copy-a-file",
        "library/shutil.html#shutil.copyfile",
    ),
]
