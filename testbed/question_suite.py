"""A held-out suite of everyday questions about the standard library, split into a tuning half and a test half.

`QUESTION_GOLDEN` (in golden_queries) was written alongside the ranking and tuned on, so a score on it flatters.
The questions here were written afterwards, without ever running the search engine on them: each question
first, in the words a developer types into a search box (Stack Overflow titles, what people ask colleagues),
and only then the entry that answers it, looked up by reading the Python 3.15 docs. They cover the whole
standard library (concurrency, files, formats, dates, text, numbers, typing, testing, networking, the
language itself) and are asked in 3.15; `alternatives` are entries that answer a question as well.

The halves: every question of `QUESTION_GOLDEN` goes to `QUESTION_TUNE` (it was tuned on already); a new
question goes to `QUESTION_TUNE` when the SHA-256 of its text is below `TUNE_BELOW`, else to `QUESTION_TEST`,
which holds only questions nobody has tuned on. The line was drawn once, where it split the 360 into 180
and 180; each question's half depends on its own text alone, so adding one never moves another across.
Tune on `QUESTION_TUNE`; report `QUESTION_TEST`, and keep looking at its failures to a minimum, or it
stops being held out.
"""

from __future__ import annotations

import hashlib

from testbed.golden_queries import QUESTION_GOLDEN, Golden, _question

NEW_QUESTIONS: list[Golden] = [
    # Threads and processes
    _question("wait until a thread is done", "library/threading.html#threading.Thread.join"),
    _question("run a function in a background thread", "library/threading.html#threading.Thread"),
    _question(
        "stop two threads changing the same variable at once",
        "library/threading.html#threading.Lock",
        "faq/library.html#what-kinds-of-global-value-mutation-are-thread-safe",
    ),
    _question("run a function after a 5 second delay", "library/threading.html#threading.Timer"),
    _question("tell another thread to stop", "library/threading.html#threading.Event"),
    _question(
        "producer consumer queue between threads",
        "library/queue.html#queue.Queue",
        "faq/library.html#how-do-i-parcel-out-work-among-a-bunch-of-worker-threads",
    ),
    _question(
        "download many urls in parallel with threads",
        "library/concurrent.futures.html#concurrent.futures.ThreadPoolExecutor",
    ),
    _question(
        "use all cpu cores for a heavy computation",
        "library/concurrent.futures.html#concurrent.futures.ProcessPoolExecutor",
        "library/multiprocessing.html#multiprocessing.pool.Pool",
        "library/multiprocessing.html#module-multiprocessing",
    ),
    _question(
        "how many cpus does this machine have", "library/os.html#os.cpu_count", "library/os.html#os.process_cpu_count"
    ),
    _question(
        "send data between two processes",
        "library/multiprocessing.html#exchanging-objects-between-processes",
        "library/multiprocessing.html#multiprocessing.Queue",
    ),
    _question(
        "handle each result as soon as its task finishes",
        "library/concurrent.futures.html#concurrent.futures.as_completed",
    ),
    _question("run a python function in a separate process", "library/multiprocessing.html#multiprocessing.Process"),
    # asyncio
    _question(
        "run several coroutines at the same time",
        "library/asyncio-task.html#asyncio.gather",
        "library/asyncio-task.html#asyncio.TaskGroup",
    ),
    _question(
        "give up on an async call after 10 seconds",
        "library/asyncio-task.html#asyncio.timeout",
        "library/asyncio-task.html#asyncio.wait_for",
    ),
    _question("how to start the asyncio event loop", "library/asyncio-runner.html#asyncio.run"),
    _question("pause inside an async function", "library/asyncio-task.html#asyncio.sleep"),
    _question("call blocking code from async without freezing", "library/asyncio-task.html#asyncio.to_thread"),
    _question(
        "what does async def mean",
        "reference/compound_stmts.html#coroutine-function-definition",
        "glossary.html#term-coroutine-function",
        "glossary.html#term-coroutine",
    ),
    # Running other programs
    _question(
        "capture the output of a shell command",
        "library/subprocess.html#subprocess.run",
        "library/subprocess.html#subprocess.check_output",
    ),
    _question("start a program without waiting for it to finish", "library/subprocess.html#subprocess.Popen"),
    _question("command returned non-zero exit status error", "library/subprocess.html#subprocess.CalledProcessError"),
    _question("split a command line string like the shell does", "library/shlex.html#shlex.split"),
    _question("find where a program is installed on the PATH", "library/shutil.html#shutil.which"),
    _question("kill a process by its pid", "library/os.html#os.kill"),
    _question("get the id of the current process", "library/os.html#os.getpid"),
    # Files, folders and paths
    _question(
        "get the file extension from a filename",
        "library/os.path.html#os.path.splitext",
        "library/pathlib.html#pathlib.PurePath.suffix",
    ),
    _question(
        "get just the file name from a full path",
        "library/os.path.html#os.path.basename",
        "library/pathlib.html#pathlib.PurePath.name",
    ),
    _question(
        "get the current working directory", "library/os.html#os.getcwd", "library/pathlib.html#pathlib.Path.cwd"
    ),
    _question("change the current directory", "library/os.html#os.chdir"),
    _question(
        "how big is a file in bytes",
        "library/os.path.html#os.path.getsize",
        "library/os.html#os.stat",
        "library/pathlib.html#pathlib.Path.stat",
    ),
    _question("delete a folder with everything inside", "library/shutil.html#shutil.rmtree"),
    _question(
        "rename a file",
        "library/os.html#os.rename",
        "library/pathlib.html#pathlib.Path.rename",
        "library/shutil.html#shutil.move",
    ),
    _question("move a file to another folder", "library/shutil.html#shutil.move"),
    _question(
        "loop through all files in subfolders",
        "library/os.html#os.walk",
        "library/pathlib.html#pathlib.Path.walk",
        "library/pathlib.html#pathlib.Path.rglob",
    ),
    _question(
        "find all .txt files in a folder", "library/glob.html#glob.glob", "library/pathlib.html#pathlib.Path.glob"
    ),
    _question(
        "path to the user's home directory",
        "library/os.path.html#os.path.expanduser",
        "library/pathlib.html#pathlib.Path.home",
    ),
    _question(
        "turn a relative path into an absolute one",
        "library/os.path.html#os.path.abspath",
        "library/pathlib.html#pathlib.Path.resolve",
    ),
    _question("when was a file last modified", "library/os.path.html#os.path.getmtime"),
    _question("change file permissions", "library/os.html#os.chmod", "library/pathlib.html#pathlib.Path.chmod"),
    _question(
        "make a python script executable on linux",
        "faq/library.html#how-do-i-make-a-python-script-executable-on-unix",
    ),
    _question("zip up a whole directory", "library/shutil.html#shutil.make_archive"),
    _question("how much free disk space is left", "library/shutil.html#shutil.disk_usage"),
    _question(
        "check if a path is a folder", "library/os.path.html#os.path.isdir", "library/pathlib.html#pathlib.Path.is_dir"
    ),
    _question(
        "build a file path that works on windows and linux",
        "library/os.path.html#os.path.join",
        "library/pathlib.html#module-pathlib",
    ),
    _question("read a whole file into a string in one line", "library/pathlib.html#pathlib.Path.read_text"),
    _question("relative path from one directory to another", "library/os.path.html#os.path.relpath"),
    # Temporary and in-memory files
    _question(
        "a unique name for a temp file",
        "library/tempfile.html#tempfile.NamedTemporaryFile",
        "library/tempfile.html#tempfile.mkstemp",
    ),
    _question("temporary folder that deletes itself", "library/tempfile.html#tempfile.TemporaryDirectory"),
    _question("fake file object in memory", "library/io.html#io.StringIO", "library/io.html#io.BytesIO"),
    _question(
        "read a binary file into bytes",
        "library/pathlib.html#pathlib.Path.read_bytes",
        "builtins/functions.html#open",
        "faq/library.html#how-do-i-read-or-write-binary-data",
    ),
    # Data formats
    _question("pretty print json with indentation", "library/json.html#json.dumps"),
    _question("convert a dictionary to a json string", "library/json.html#json.dumps"),
    _question(
        "Object of type datetime is not JSON serializable",
        "library/json.html#json.JSONEncoder.default",
        "library/json.html#json.dumps",
    ),
    _question("parse a json string", "library/json.html#json.loads"),
    _question("read a csv file", "library/csv.html#csv.reader", "library/csv.html#csv.DictReader"),
    _question("write a list of rows to a csv file", "library/csv.html#csv.writer"),
    _question("csv rows as dictionaries using the header line", "library/csv.html#csv.DictReader"),
    _question(
        "save a python object to disk and load it later",
        "library/pickle.html#pickle.dump",
        "library/pickle.html#module-pickle",
        "faq/library.html#how-do-you-implement-persistent-objects-in-python",
    ),
    _question("is it safe to unpickle data from the internet", "library/pickle.html#module-pickle"),
    _question(
        "read an ini config file",
        "library/configparser.html#configparser.ConfigParser",
        "library/configparser.html#module-configparser",
        "library/configparser.html#quick-start",
    ),
    _question(
        "parse an xml file",
        "library/xml.etree.elementtree.html#parsing-xml",
        "library/xml.etree.elementtree.html#xml.etree.ElementTree.parse",
        "library/xml.etree.elementtree.html#module-xml.etree.ElementTree",
    ),
    _question("escape < and > for html", "library/html.html#html.escape"),
    _question(
        "unpack binary data from bytes",
        "library/struct.html#struct.unpack",
        "faq/library.html#how-do-i-read-or-write-binary-data",
    ),
    _question("guess the mime type of a file", "library/mimetypes.html#mimetypes.guess_type"),
    _question("encode an image as base64 text", "library/base64.html#base64.b64encode"),
    # Databases
    _question("connect to a sqlite database file", "library/sqlite3.html#sqlite3.connect"),
    _question(
        "pass variables into an sql query safely",
        "library/sqlite3.html#how-to-use-placeholders-to-bind-values-in-sql-queries",
        "library/sqlite3.html#sqlite3.Cursor.execute",
    ),
    _question("insert many rows at once in sqlite", "library/sqlite3.html#sqlite3.Cursor.executemany"),
    # Logging
    _question(
        "log messages to a file",
        "library/logging.html#logging.basicConfig",
        "howto/logging.html#logging-to-a-file",
    ),
    _question(
        "add a timestamp to log messages",
        "howto/logging.html#displaying-the-date-time-in-messages",
        "library/logging.html#logging.Formatter",
    ),
    _question(
        "log an exception with its traceback",
        "library/logging.html#logging.Logger.exception",
        "library/logging.html#logging.exception",
    ),
    _question(
        "rotate log files when they get too big", "library/logging.handlers.html#logging.handlers.RotatingFileHandler"
    ),
    _question(
        "show debug messages in logging",
        "library/logging.html#logging.basicConfig",
        "library/logging.html#logging.Logger.setLevel",
    ),
    # Command-line programs and the terminal
    _question(
        "add an optional --verbose flag to my script",
        "library/argparse.html#argparse.ArgumentParser.add_argument",
        "howto/argparse.html#introducing-optional-arguments",
    ),
    _question(
        "command line tool with subcommands like git", "library/argparse.html#argparse.ArgumentParser.add_subparsers"
    ),
    _question("hide password input in the terminal", "library/getpass.html#getpass.getpass"),
    _question("get the name of the logged in user", "library/getpass.html#getpass.getuser"),
    _question("terminal width in characters", "library/shutil.html#shutil.get_terminal_size"),
    _question(
        "run cleanup code when the program exits",
        "library/atexit.html#atexit.register",
        "faq/library.html#is-there-an-equivalent-to-c-s-onexit-in-python",
    ),
    _question(
        "handle ctrl+c gracefully",
        "builtins/exceptions.html#KeyboardInterrupt",
        "library/signal.html#signal.signal",
    ),
    _question("read a single key press without enter", "faq/library.html#how-do-i-get-a-single-keypress-at-a-time"),
    # Dates and times
    _question(
        "format a date as dd/mm/yyyy",
        "library/datetime.html#datetime.datetime.strftime",
        "library/datetime.html#strftime-and-strptime-format-codes",
        "library/datetime.html#strftime-and-strptime-behavior",
    ),
    _question(
        "number of days between two dates",
        "library/datetime.html#datetime.timedelta",
        "library/datetime.html#examples-of-usage-date",
    ),
    _question("add 30 days to a date", "library/datetime.html#datetime.timedelta"),
    _question("current unix timestamp", "library/time.html#time.time"),
    _question("convert a unix timestamp to a date", "library/datetime.html#datetime.datetime.fromtimestamp"),
    _question(
        "convert a time to another timezone",
        "library/datetime.html#datetime.datetime.astimezone",
        "library/zoneinfo.html#zoneinfo.ZoneInfo",
    ),
    _question(
        "get the current time in UTC",
        "library/datetime.html#datetime.datetime.now",
        "library/datetime.html#datetime.UTC",
    ),
    _question(
        "parse an ISO 8601 date string",
        "library/datetime.html#datetime.datetime.fromisoformat",
        "library/datetime.html#datetime.date.fromisoformat",
    ),
    _question(
        "what day of the week is a date",
        "library/datetime.html#datetime.date.weekday",
        "library/datetime.html#datetime.date.isoweekday",
    ),
    _question("time zone for a city like Europe/Paris", "library/zoneinfo.html#zoneinfo.ZoneInfo"),
    _question("is this year a leap year", "library/calendar.html#calendar.isleap"),
    _question("how many days in a month", "library/calendar.html#calendar.monthrange"),
    _question("difference between naive and aware datetime", "library/datetime.html#aware-and-naive-objects"),
    _question(
        "print a calendar for a month",
        "library/calendar.html#calendar.month",
        "library/calendar.html#calendar.prmonth",
        "library/calendar.html#calendar.TextCalendar",
    ),
    # Containers
    _question(
        "dictionary with a default value for missing keys",
        "library/collections.html#collections.defaultdict",
        "builtins/stdtypes.html#dict.setdefault",
    ),
    _question("most common words in a text", "library/collections.html#collections.Counter.most_common"),
    _question("fast appends and pops from both ends", "library/collections.html#collections.deque"),
    _question("keep only the last 10 items", "library/collections.html#collections.deque"),
    _question(
        "tuple with named fields",
        "library/collections.html#collections.namedtuple",
        "library/typing.html#typing.NamedTuple",
    ),
    _question("use a list as a stack", "tutorial/datastructures.html#using-lists-as-stacks"),
    _question(
        "common items in two lists", "builtins/stdtypes.html#set.intersection", "tutorial/datastructures.html#sets"
    ),
    _question("immutable set that can be a dict key", "builtins/stdtypes.html#frozenset"),
    _question(
        "group a list of records by a field",
        "library/itertools.html#itertools.groupby",
        "library/collections.html#collections.defaultdict",
    ),
    _question("how do I make a 2d list", "faq/programming.html#how-do-i-create-a-multidimensional-list"),
    _question(
        "changing one list also changes the other",
        "faq/programming.html#why-did-changing-list-y-also-change-list-x",
    ),
    _question("what does a negative index mean", "faq/programming.html#what-s-a-negative-index"),
    # Iterating
    _question("every pair of items", "library/itertools.html#itertools.combinations"),
    _question("all possible orderings of a list", "library/itertools.html#itertools.permutations"),
    _question("nested loops over several lists in one line", "library/itertools.html#itertools.product"),
    _question("split a list into chunks of n", "library/itertools.html#itertools.batched"),
    _question("iterate over two lists at the same time", "builtins/functions.html#zip"),
    _question("running total of a list of numbers", "library/itertools.html#itertools.accumulate"),
    _question("loop over consecutive pairs", "library/itertools.html#itertools.pairwise"),
    _question(
        "loop with both index and value",
        "builtins/functions.html#enumerate",
        "tutorial/datastructures.html#looping-techniques",
    ),
    _question(
        "iterate over keys and values of a dict",
        "builtins/stdtypes.html#dict.items",
        "tutorial/datastructures.html#looping-techniques",
    ),
    _question("check if every item in a list is true", "builtins/functions.html#all"),
    _question("cycle through a list forever", "library/itertools.html#itertools.cycle"),
    # Functions and functional tools
    _question(
        "cache the results of an expensive function",
        "library/functools.html#functools.cache",
        "library/functools.html#functools.lru_cache",
        "faq/programming.html#how-do-i-cache-method-calls",
    ),
    _question("fix some arguments of a function", "library/functools.html#functools.partial"),
    _question("decorator loses the function name and docstring", "library/functools.html#functools.wraps"),
    _question(
        "sort a list of dicts by a key",
        "howto/sorting.html#key-functions",
        "library/operator.html#operator.itemgetter",
        "howto/sorting.html#operator-module-functions-and-partial-function-evaluation",
    ),
    _question(
        "sort objects by an attribute",
        "library/operator.html#operator.attrgetter",
        "howto/sorting.html#key-functions",
        "howto/sorting.html#operator-module-functions-and-partial-function-evaluation",
    ),
    _question("multiply all numbers in a list", "library/math.html#math.prod"),
    _question(
        "apply a function to every item",
        "builtins/functions.html#map",
        "faq/programming.html#how-do-i-apply-a-method-or-function-to-a-sequence-of-objects",
    ),
    _question("reduce a list to a single value", "library/functools.html#functools.reduce"),
    _question(
        "call a function by its name as a string",
        "faq/programming.html#how-do-i-use-strings-to-call-functions-methods",
        "builtins/functions.html#getattr",
    ),
    _question(
        "function that takes any number of arguments",
        "tutorial/controlflow.html#arbitrary-argument-lists",
        "faq/programming.html#how-can-i-pass-optional-or-keyword-parameters-from-one-function-to-another",
    ),
    _question(
        "what does ** mean in a function call",
        "tutorial/controlflow.html#unpacking-argument-lists",
        "reference/expressions.html#calls",
    ),
    _question(
        "force callers to pass an argument by name",
        "tutorial/controlflow.html#keyword-only-arguments",
        "tutorial/controlflow.html#special-parameters",
    ),
    _question(
        "what does the slash in a function signature mean",
        "faq/programming.html#what-does-the-slash-in-the-parameter-list-of-a-function-mean",
        "tutorial/controlflow.html#positional-only-parameters",
    ),
    _question(
        "why does my default list argument keep growing",
        "faq/programming.html#why-are-default-values-shared-between-objects",
        "tutorial/controlflow.html#default-argument-values",
    ),
    _question(
        "lambdas in a loop all return the same value",
        "faq/programming.html#why-do-lambdas-defined-in-a-loop-with-different-values-all-return-the-same-result",
    ),
    _question(
        "what does @ mean before a function",
        "glossary.html#term-decorator",
        "reference/compound_stmts.html#function-definitions",
    ),
    # Heaps and sorted lists
    _question("get the 3 largest numbers from a list", "library/heapq.html#heapq.nlargest"),
    _question(
        "priority queue where the smallest item comes out first",
        "library/heapq.html#module-heapq",
        "library/queue.html#queue.PriorityQueue",
        "library/heapq.html#heapq.heappush",
    ),
    _question("insert into a sorted list and keep it sorted", "library/bisect.html#bisect.insort"),
    _question(
        "binary search in a sorted list",
        "library/bisect.html#module-bisect",
        "library/bisect.html#bisect.bisect_left",
        "library/bisect.html#searching-sorted-lists",
    ),
    # Numbers and math
    _question("average of a list of numbers", "library/statistics.html#statistics.mean"),
    _question("median value of some numbers", "library/statistics.html#statistics.median"),
    _question(
        "standard deviation of a list",
        "library/statistics.html#statistics.stdev",
        "library/statistics.html#statistics.pstdev",
    ),
    _question("greatest common divisor of two numbers", "library/math.html#math.gcd"),
    _question("round a number up to the next integer", "library/math.html#math.ceil"),
    _question("why does -7 // 2 give -4", "faq/programming.html#why-does-22-10-return-3"),
    _question("check if a value is NaN", "library/math.html#math.isnan"),
    _question("compare two floats for equality", "library/math.html#math.isclose", "tutorial/floatingpoint.html"),
    _question("factorial of a number", "library/math.html#math.factorial"),
    _question(
        "why is 0.1 + 0.2 not equal to 0.3",
        "tutorial/floatingpoint.html",
        "tutorial/floatingpoint.html#representation-error",
    ),
    _question(
        "exact decimal arithmetic for money",
        "library/decimal.html#module-decimal",
        "library/decimal.html#decimal.Decimal",
        "library/decimal.html#quick-start-tutorial",
    ),
    _question("work with fractions exactly", "library/fractions.html#fractions.Fraction"),
    _question("positive infinity value", "library/math.html#math.inf", "builtins/functions.html#float"),
    _question("convert an integer to binary", "builtins/functions.html#bin", "builtins/functions.html#format"),
    _question(
        "convert a hex string to an integer",
        "builtins/functions.html#int",
        "faq/programming.html#how-do-i-specify-hexadecimal-and-octal-integers",
    ),
    _question("quotient and remainder at once", "builtins/functions.html#divmod"),
    _question(
        "raise a number to a power", "builtins/functions.html#pow", "reference/expressions.html#the-power-operator"
    ),
    _question("logarithm base 2", "library/math.html#math.log2", "library/math.html#math.log"),
    _question("absolute value of a number", "builtins/functions.html#abs"),
    # Randomness and secrets
    _question("random float between two numbers", "library/random.html#random.uniform"),
    _question("pick 5 random items without repeats", "library/random.html#random.sample"),
    _question("get the same random numbers every run", "library/random.html#random.seed"),
    _question("weighted random choice", "library/random.html#random.choices"),
    _question(
        "generate a secure random password",
        "library/secrets.html#recipes-and-best-practices",
        "library/secrets.html#module-secrets",
        "library/secrets.html#secrets.choice",
    ),
    _question("random token for a password reset link", "library/secrets.html#secrets.token_urlsafe"),
    _question(
        "compare secret strings safely against timing attacks",
        "library/secrets.html#secrets.compare_digest",
        "library/hmac.html#hmac.compare_digest",
    ),
    # Hashing and identifiers
    _question(
        "md5 hash of a string",
        "library/hashlib.html#hashlib.md5",
        "library/hashlib.html#hashlib.new",
        "library/hashlib.html#hashlib.hash.hexdigest",
    ),
    _question(
        "sha256 checksum of a file", "library/hashlib.html#hashlib.file_digest", "library/hashlib.html#file-hashing"
    ),
    _question(
        "store passwords securely with a salt",
        "library/hashlib.html#hashlib.pbkdf2_hmac",
        "library/hashlib.html#hashlib.scrypt",
        "library/hashlib.html#key-derivation",
    ),
    _question("generate a unique id", "library/uuid.html#uuid.uuid4"),
    # Regular expressions
    _question("find all matches of a regex", "library/re.html#re.findall", "library/re.html#re.finditer"),
    _question("case insensitive regex", "library/re.html#re.IGNORECASE"),
    _question(
        "named groups in a regex",
        "howto/regex.html#non-capturing-and-named-groups",
        "library/re.html#re.Match.groupdict",
        "library/re.html#regular-expression-syntax",
    ),
    _question("difference between re.match and re.search", "library/re.html#search-vs-prefixmatch"),
    _question("split a string on multiple delimiters", "library/re.html#re.split"),
    _question("regex replace with a function", "library/re.html#re.sub"),
    _question(
        "make a regex non greedy",
        "howto/regex.html#greedy-versus-non-greedy",
        "library/re.html#regular-expression-syntax",
    ),
    _question("escape special characters for a regex", "library/re.html#re.escape"),
    # Text
    _question(
        "wrap long text to 80 characters", "library/textwrap.html#textwrap.fill", "library/textwrap.html#textwrap.wrap"
    ),
    _question("remove common indentation from a multiline string", "library/textwrap.html#textwrap.dedent"),
    _question("truncate a long string with ...", "library/textwrap.html#textwrap.shorten"),
    _question("all lowercase letters of the alphabet", "library/string.html#string.ascii_lowercase"),
    _question(
        "show the differences between two texts",
        "library/difflib.html#difflib.unified_diff",
        "library/difflib.html#difflib.ndiff",
        "library/difflib.html#difflib.Differ",
    ),
    _question("suggest similar words for a typo", "library/difflib.html#difflib.get_close_matches"),
    _question(
        "how similar are two strings",
        "library/difflib.html#difflib.SequenceMatcher.ratio",
        "library/difflib.html#difflib.SequenceMatcher",
    ),
    _question("remove accents from letters", "library/unicodedata.html#unicodedata.normalize"),
    _question(
        "pad a number with leading zeros",
        "builtins/stdtypes.html#str.zfill",
        "library/string.html#format-specification-mini-language",
    ),
    _question(
        "check if a string is only digits",
        "builtins/stdtypes.html#str.isdigit",
        "builtins/stdtypes.html#str.isdecimal",
        "builtins/stdtypes.html#str.isnumeric",
    ),
    _question("does a string start with some text", "builtins/stdtypes.html#str.startswith"),
    _question("remove a prefix from a string", "builtins/stdtypes.html#str.removeprefix"),
    _question(
        "capitalize the first letter of each word",
        "builtins/stdtypes.html#str.title",
        "library/string.html#string.capwords",
    ),
    _question("convert bytes to a string", "builtins/stdtypes.html#bytes.decode"),
    _question("convert a string to bytes", "builtins/stdtypes.html#str.encode"),
    _question("bytes to a hex string", "builtins/stdtypes.html#bytes.hex"),
    _question(
        "case insensitive string comparison", "builtins/stdtypes.html#str.casefold", "builtins/stdtypes.html#str.lower"
    ),
    _question("split text into lines", "builtins/stdtypes.html#str.splitlines"),
    _question(
        "fill in placeholders in a string template",
        "library/string.html#string.Template",
        "builtins/stdtypes.html#str.format",
    ),
    _question(
        "format a float to 2 decimal places in an f-string",
        "library/string.html#format-specification-mini-language",
        "tutorial/inputoutput.html#formatted-string-literals",
    ),
    _question(
        "print a number with thousands separators",
        "library/string.html#format-specification-mini-language",
        "library/string.html#format-examples",
    ),
    _question(
        "left align text in a column",
        "builtins/stdtypes.html#str.ljust",
        "library/string.html#format-specification-mini-language",
    ),
    _question(
        "UnicodeDecodeError when reading a file",
        "faq/programming.html#what-does-unicodedecodeerror-or-unicodeencodeerror-error-mean",
        "howto/unicode.html",
    ),
    _question(
        "fastest way to concatenate many strings",
        "faq/programming.html#what-is-the-most-efficient-way-to-concatenate-many-strings-together",
        "builtins/stdtypes.html#str.join",
    ),
    _question(
        "string spanning multiple lines",
        "tutorial/introduction.html#text",
        "reference/lexical_analysis.html#triple-quoted-strings",
    ),
    _question("raw string for windows paths", "reference/lexical_analysis.html#raw-string-literals"),
    # Type hints
    _question(
        "type hint for a value that can be None",
        "library/typing.html#typing.Optional",
        "builtins/stdtypes.html#union-type",
    ),
    _question(
        "type hint for a callback function",
        "library/typing.html#annotating-callable-objects",
        "library/collections.abc.html#collections.abc.Callable",
        "library/typing.html#typing.Callable",
    ),
    _question("type hint for a dict with fixed keys", "library/typing.html#typing.TypedDict"),
    _question("type hint for any object that has a certain method", "library/typing.html#typing.Protocol"),
    _question(
        "generic class with a type parameter",
        "library/typing.html#user-defined-generic-types",
        "library/typing.html#generics",
        "reference/compound_stmts.html#generic-classes",
    ),
    _question(
        "give a long type a shorter name",
        "library/typing.html#type-aliases",
        "reference/simple_stmts.html#the-type-statement",
    ),
    _question(
        "type annotations for function arguments",
        "tutorial/controlflow.html#function-annotations",
        "glossary.html#term-type-hint",
    ),
    # Classes and objects
    _question("class that just stores some fields", "library/dataclasses.html#dataclasses.dataclass"),
    _question(
        "default empty list in a dataclass field",
        "library/dataclasses.html#mutable-default-values",
        "library/dataclasses.html#dataclasses.field",
    ),
    _question(
        "make a dataclass immutable",
        "library/dataclasses.html#frozen-instances",
        "library/dataclasses.html#dataclasses.dataclass",
    ),
    _question("convert a dataclass to a dict", "library/dataclasses.html#dataclasses.asdict"),
    _question("define a set of named constants", "library/enum.html#enum.Enum", "howto/enum.html"),
    _question(
        "automatic values for enum members", "library/enum.html#enum.auto", "howto/enum.html#using-automatic-values"
    ),
    _question(
        "method that subclasses must override", "library/abc.html#abc.abstractmethod", "library/abc.html#abc.ABC"
    ),
    _question("private attributes in a class", "tutorial/classes.html#private-variables"),
    _question(
        "difference between staticmethod and classmethod",
        "builtins/functions.html#staticmethod",
        "builtins/functions.html#classmethod",
        "faq/programming.html#how-do-i-create-static-class-data-and-static-class-methods",
    ),
    _question(
        "make my object work in a for loop",
        "tutorial/classes.html#iterators",
        "reference/datamodel.html#object.__iter__",
    ),
    _question(
        "control how my object is printed",
        "reference/datamodel.html#object.__repr__",
        "reference/datamodel.html#object.__str__",
    ),
    _question("make objects comparable with ==", "reference/datamodel.html#object.__eq__"),
    _question(
        "use my own class as a dict key", "reference/datamodel.html#object.__hash__", "glossary.html#term-hashable"
    ),
    _question(
        "call the parent class __init__",
        "builtins/functions.html#super",
        "faq/programming.html#how-do-i-call-a-method-defined-in-a-base-class-from-a-derived-class-that-extends-it",
    ),
    _question("computed attribute that looks like a field", "builtins/functions.html#property"),
    _question("what is self", "faq/programming.html#what-is-self"),
    _question(
        "list all attributes and methods of an object",
        "builtins/functions.html#dir",
        "faq/programming.html#how-can-i-find-the-methods-or-attributes-of-an-object",
    ),
    _question("check if an object has an attribute", "builtins/functions.html#hasattr"),
    _question("set an attribute by its name", "builtins/functions.html#setattr"),
    _question(
        "overload a method with different arguments",
        "faq/programming.html#how-can-i-overload-constructors-or-methods-in-python",
        "library/functools.html#functools.singledispatch",
    ),
    _question("what is duck typing", "glossary.html#term-duck-typing"),
    _question("difference between mutable and immutable", "glossary.html#term-immutable", "glossary.html#term-mutable"),
    # Language features
    _question(
        "what does yield do",
        "reference/expressions.html#yield-expressions",
        "glossary.html#term-generator",
        "tutorial/classes.html#generators",
    ),
    _question(
        "modify a global variable inside a function",
        "reference/simple_stmts.html#the-global-statement",
        "faq/programming.html#what-are-the-rules-for-local-and-global-variables-in-python",
    ),
    _question(
        "UnboundLocalError but the variable has a value",
        "faq/programming.html#why-am-i-getting-an-unboundlocalerror-when-the-variable-has-a-value",
    ),
    _question("change a variable of the enclosing function", "reference/simple_stmts.html#the-nonlocal-statement"),
    _question(
        "switch case statement",
        "reference/compound_stmts.html#the-match-statement",
        "tutorial/controlflow.html#match-statements",
    ),
    _question("what does if __name__ == '__main__' do", "library/__main__.html#module-__main__"),
    _question(
        "assign a variable inside an if condition",
        "reference/expressions.html#assignment-expressions",
        "glossary.html#term-walrus-operator",
    ),
    _question(
        "empty statement that does nothing",
        "reference/simple_stmts.html#the-pass-statement",
        "tutorial/controlflow.html#pass-statements",
    ),
    _question(
        "else after a for loop",
        "tutorial/controlflow.html#else-clauses-on-loops",
        "reference/compound_stmts.html#the-for-statement",
    ),
    _question("how does the assert statement work", "reference/simple_stmts.html#the-assert-statement"),
    _question(
        "delete a variable",
        "reference/simple_stmts.html#the-del-statement",
        "tutorial/datastructures.html#the-del-statement",
    ),
    _question(
        "what does the with statement do",
        "reference/compound_stmts.html#the-with-statement",
        "reference/datamodel.html#with-statement-context-managers",
    ),
    _question(
        "generator expression vs list comprehension",
        "reference/expressions.html#generator-expressions",
        "tutorial/classes.html#generator-expressions",
        "howto/functional.html#generator-expressions-and-list-comprehensions",
    ),
    _question("unpack a tuple into variables", "tutorial/datastructures.html#tuples-and-sequences"),
    _question(
        "difference between is and ==",
        "faq/programming.html#when-can-i-rely-on-identity-tests-with-the-is-operator",
        "reference/expressions.html#is-not",
        "reference/expressions.html#comparisons",
    ),
    _question("chained comparison like 1 < x < 10", "reference/expressions.html#comparisons"),
    _question("which operators are evaluated first", "reference/expressions.html#operator-precedence"),
    _question(
        "list of all python keywords",
        "library/keyword.html#keyword.kwlist",
        "reference/lexical_analysis.html#keywords",
    ),
    # Exceptions and warnings
    _question("create a custom exception", "tutorial/errors.html#user-defined-exceptions"),
    _question(
        "catch several exceptions in one except",
        "tutorial/errors.html#handling-exceptions",
        "reference/compound_stmts.html#except-clause",
    ),
    _question(
        "run cleanup code even when an error happens",
        "tutorial/errors.html#defining-clean-up-actions",
        "reference/compound_stmts.html#finally-clause",
    ),
    _question(
        "raise a new exception from another one",
        "tutorial/errors.html#exception-chaining",
        "reference/simple_stmts.html#the-raise-statement",
    ),
    _question(
        "throw an error on purpose",
        "tutorial/errors.html#raising-exceptions",
        "reference/simple_stmts.html#the-raise-statement",
    ),
    _question(
        "print the full traceback of an exception",
        "library/traceback.html#traceback.print_exc",
        "library/traceback.html#traceback.format_exc",
    ),
    _question("ignore a specific exception", "library/contextlib.html#contextlib.suppress"),
    _question(
        "add extra information to an exception",
        "tutorial/errors.html#enriching-exceptions-with-notes",
        "builtins/exceptions.html#BaseException.add_note",
    ),
    _question(
        "handle several errors raised together",
        "tutorial/errors.html#raising-and-handling-multiple-unrelated-exceptions",
        "reference/compound_stmts.html#except-star",
    ),
    _question(
        "hide deprecation warnings",
        "library/warnings.html#warnings.filterwarnings",
        "library/warnings.html#warnings.simplefilter",
        "library/warnings.html#temporarily-suppressing-warnings",
    ),
    _question(
        "mark a function as deprecated",
        "library/warnings.html#warnings.deprecated",
        "library/warnings.html#warnings.warn",
    ),
    _question(
        "maximum recursion depth exceeded",
        "library/sys.html#sys.setrecursionlimit",
        "builtins/exceptions.html#RecursionError",
    ),
    # Context managers
    _question(
        "write my own context manager",
        "library/contextlib.html#contextlib.contextmanager",
        "reference/datamodel.html#with-statement-context-managers",
    ),
    _question("capture what print writes into a string", "library/contextlib.html#contextlib.redirect_stdout"),
    _question("open a variable number of files in one with", "library/contextlib.html#contextlib.ExitStack"),
    # Testing, debugging and profiling
    _question("test that a function raises an exception", "library/unittest.html#unittest.TestCase.assertRaises"),
    _question(
        "mock a function in a unit test",
        "library/unittest.mock.html#unittest.mock.patch",
        "library/unittest.mock.html#quick-guide",
    ),
    _question(
        "skip a test",
        "library/unittest.html#unittest.skip",
        "library/unittest.html#skipping-tests-and-expected-failures",
    ),
    _question("run setup code before each test", "library/unittest.html#unittest.TestCase.setUp"),
    _question("test the examples in my docstrings", "library/doctest.html#module-doctest"),
    _question(
        "find out which function is slow",
        "library/profiling.html#module-profiling",
        "library/profiling.tracing.html#module-profiling.tracing",
        "faq/programming.html#my-program-is-too-slow-how-do-i-speed-it-up",
    ),
    _question(
        "pause the program and step through it",
        "builtins/functions.html#breakpoint",
        "library/pdb.html#module-pdb",
    ),
    _question("find a memory leak", "library/tracemalloc.html#module-tracemalloc"),
    _question("get the source code of a function", "library/inspect.html#inspect.getsource"),
    _question("list the parameters a function takes", "library/inspect.html#inspect.signature"),
    _question("how much memory does an object use", "library/sys.html#sys.getsizeof"),
    _question("force garbage collection", "library/gc.html#gc.collect"),
    _question("reference an object without keeping it alive", "library/weakref.html#weakref.ref"),
    # Networking and the web
    _question(
        "download a file from a url",
        "library/urllib.request.html#urllib.request.urlopen",
        "library/urllib.request.html#urllib.request.urlretrieve",
    ),
    _question(
        "send a POST request with form data",
        "library/urllib.request.html#urllib.request.Request",
        "library/urllib.request.html#urllib.request.urlopen",
    ),
    _question("build a query string from a dict", "library/urllib.parse.html#urllib.parse.urlencode"),
    _question("split a url into host, path and query", "library/urllib.parse.html#urllib.parse.urlparse"),
    _question("percent-encode a string for a url", "library/urllib.parse.html#urllib.parse.quote"),
    _question(
        "quick web server for the current folder",
        "library/http.server.html#command-line-interface",
        "library/http.server.html#module-http.server",
    ),
    _question(
        "send an email with an attachment",
        "library/email.examples.html",
        "library/email.message.html#email.message.EmailMessage",
    ),
    _question(
        "send mail through an smtp server",
        "library/smtplib.html#smtplib.SMTP.send_message",
        "library/smtplib.html#smtplib.SMTP",
        "faq/library.html#how-do-i-send-mail-from-a-python-script",
    ),
    _question(
        "open a tcp connection to a server",
        "library/socket.html#socket.create_connection",
        "howto/sockets.html",
        "library/socket.html#socket.socket",
    ),
    _question(
        "get the hostname of this computer",
        "library/socket.html#socket.gethostname",
        "library/platform.html#platform.node",
    ),
    _question("what does http status code 404 mean", "library/http.html#http.HTTPStatus"),
    _question("check if a string is a valid ip address", "library/ipaddress.html#ipaddress.ip_address"),
    # Archives and compression
    _question("unzip a file", "library/zipfile.html#zipfile.ZipFile.extractall"),
    _question("list the files inside a zip archive", "library/zipfile.html#zipfile.ZipFile.namelist"),
    _question(
        "extract a tar.gz file", "library/tarfile.html#tarfile.open", "library/tarfile.html#tarfile.TarFile.extractall"
    ),
    _question("compress a file with gzip", "library/gzip.html#gzip.open"),
    _question(
        "create a zip file from several files",
        "library/zipfile.html#zipfile.ZipFile",
        "library/zipfile.html#zipfile.ZipFile.write",
    ),
    # The interpreter, modules and the environment
    _question(
        "which python version am I running",
        "library/sys.html#sys.version_info",
        "library/platform.html#platform.python_version",
        "library/sys.html#sys.version",
    ),
    _question(
        "detect if running on windows or linux",
        "library/sys.html#sys.platform",
        "library/platform.html#platform.system",
    ),
    _question(
        "where does python look for imports",
        "library/sys.html#sys.path",
        "tutorial/modules.html#the-module-search-path",
    ),
    _question("print an error message to stderr", "library/sys.html#sys.stderr", "builtins/functions.html#print"),
    _question("path to the python interpreter", "library/sys.html#sys.executable"),
    _question("import a module by its name as a string", "library/importlib.html#importlib.import_module"),
    _question(
        "reload a module after editing it",
        "library/importlib.html#importlib.reload",
        "faq/programming.html#when-i-edit-an-imported-module-and-reimport-it-the-changes-don-t-show-up-why-does-this-happen",
    ),
    _question("safely turn a string into a python list or dict", "library/ast.html#ast.literal_eval"),
    _question("run python code stored in a string", "builtins/functions.html#exec", "builtins/functions.html#eval"),
    _question("print a nested dict nicely", "library/pprint.html#pprint.pprint"),
    _question(
        "how to create a venv",
        "tutorial/venv.html#creating-virtual-environments",
        "library/venv.html#creating-virtual-environments",
    ),
    _question("install a package with pip", "installing/index.html", "tutorial/venv.html#managing-packages-with-pip"),
    _question("what is __init__.py for", "tutorial/modules.html#packages", "reference/import.html#regular-packages"),
    _question(
        "import a function from another file in the same package",
        "tutorial/modules.html#intra-package-references",
        "tutorial/modules.html#importing-from-a-package",
    ),
    _question(
        "turn my script into a standalone executable",
        "faq/programming.html#how-can-i-create-a-stand-alone-binary-from-a-python-script",
        "faq/windows.html#how-do-i-make-an-executable-from-a-python-script",
    ),
]


# Between the last new question of the tune half and the first of the test half when the split was made.
TUNE_BELOW = "666"


def _split(questions: list[Golden], tuned: list[Golden]) -> tuple[list[Golden], list[Golden]]:
    """(tune, test): all of `tuned`, and each new question by where its text's SHA-256 falls."""
    below = [golden for golden in questions if hashlib.sha256(golden.query.encode()).hexdigest() < TUNE_BELOW]
    above = [golden for golden in questions if hashlib.sha256(golden.query.encode()).hexdigest() >= TUNE_BELOW]
    return [*tuned, *below], above


QUESTION_TUNE: list[Golden]
QUESTION_TEST: list[Golden]
QUESTION_TUNE, QUESTION_TEST = _split(NEW_QUESTIONS, QUESTION_GOLDEN)
