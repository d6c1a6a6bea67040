"""Ranking weights, each with its reason; every dialect's ranked statement is built from these.

A hit's score is its tier (which source found it, ../shared/DESIGN.md's ranking
principles in order) plus a static prior (popularity, kind, builtins, area; the kind and
area weights are the docset's, in its profile, parser/profiles/). The
gaps between tiers are wider than any prior, so the prior only orders hits within
a tier, except where a penalty is meant to cross tiers (What's New, the C API).
Changing a number here changes results: run the golden suite and `python -m bench.topten`.
"""

from __future__ import annotations

# Tiers: the source that found the hit.
TIER_EXACT = 1000  # the full dotted name (`str.join`)
TIER_DOTTED_SUFFIX = 900  # the query ends a dotted name (`path.exists` → os.path.exists)
TIER_MEMBER = 800  # the bare last segment (`join` → str.join, bytes.join, …)
TIER_NAME_PREFIX = 600  # a name starts with the query while typing (`OrderedD`)
TIER_SECTION_PREFIX = 520  # a heading starts with it: below API names, which are what most prefixes mean
TIER_MEMBER_PREFIX = 500  # a last segment starts with it (`rep` → str.replace)
TIER_TITLE = 400  # title and index-keyword words (concepts)
TIER_TEXT = 300  # body text (bm25)
# A heading or index keyword holding every word as typed, stop words too (`with statement` → "The with
# statement"): the top of the title tier, where dropping "with" left only "statement" to match.
TIER_TITLE_PHRASE = TIER_TITLE + 99
# A dotted query (`os.join`) whose last segment names members of other objects: weaker than a real prefix.
TIER_DOTTED_MEMBER = TIER_MEMBER_PREFIX - 50
# A dotted query whose last segment starts other members' names: just above body text.
TIER_DOTTED_MEMBER_PREFIX = TIER_TEXT + 50

# Within the title and text tiers, the FTS rank spreads hits over this many points, this many a place:
# the 33 best keep their order, the rest tie at the bottom of the tier and the prior decides.
SOURCE_RANK_SPAN = 99
SOURCE_RANK_STEP = 3

# Candidates each source may contribute before ranking; bounds the cost of `de*`.
SOURCE_LIMIT = 300
# One or two typed letters prefix thousands of names; the first keystrokes need only a few.
SHORT_QUERY_SOURCE_LIMIT = 60
SHORT_QUERY_LENGTH = 2
# Body text is far larger than titles: there a prefix (`len*`: length, lengths…) costs a millisecond of
# ranking, so the word being typed is matched as a prefix in body text only from this many letters.
MIN_TEXT_PREFIX_LENGTH = 5
# A one-word query's title words are matched as a prefix of it from this many letters: three letters (`typ`,
# `col`) start the words of 1,000-1,800 headings with the libraries, each ranked by bm25 (~2 µs), most of a
# short keystroke's time, where the name sources hold what three letters mean (`typing`, `collections`).
# After another word (`iterator pro`) three letters narrow a few headings, and still do.
MIN_TITLE_PREFIX_LENGTH = 4
# Ranking body matches costs ~2 µs each; a word found in more entries than this
# ("file", "the") is left to the name and title sources, which are precise anyway.
TEXT_MATCH_LIMIT = 800
# Title-tier order: a title word outweighs an index keyword; nothing else is matched there (titles_fts holds
# these two columns, parser/schema.py). In the column order title, keywords.
TITLE_COLUMN_WEIGHTS = (10.0, 3.0)
# A question ("reverse a list") is answered by what an entry is called and what its first sentence says
# it does: the title tier's order for questions, any of the words counting, more of them ranking higher.
ANSWER_COLUMN_WEIGHTS = (10.0, 6.0, 4.0, 5.0, 0.0)
# Entries considered for a question, best by that order first.
ANSWER_CANDIDATES = 350
# How many when the documents nearest it in meaning come too (SEMANTIC_CANDIDATES): they bring what the words'
# lower candidates did. Measured on the 360 held-out questions: 1 first place and 75 lower places of top 10s
# moved, the tune half's S@1/S@5/MRR the same, and the question's statement p50 10.0 -> 7.8 ms, p99 18.5 -> 15.9.
# Words alone still need 350 (150 lost the tune half 0.34/0.56 -> 0.32/0.50), and so does a question narrowed
# by kind or area: the nearest documents are the version's, not the kind's (`in:tutorial how to return json
# from a view` found nothing with 150).
ANSWER_CANDIDATES_WITH_MEANING = 150
# A question's word in more documents' names, titles, keywords or summaries than this (`object` 6,659, `python`
# 4,792, `values` 3,518) does not seek candidates: ranking every entry that holds it was most of a slow
# question's time, and the entries that answer hold its rarer words too. It still counts in their points.
# The rarest word seeks if all are this common. Held-out halves identical with it (bench: test 0.33/0.60);
# a question's SQL p99 38 -> 25 ms.
COMMON_SEEKING_DOCUMENTS = 1000
# A question's word in more than this share of the documents' bodies (a sixth: `that` 20,408 of 58,419, `its`
# 17,821, `one`, `object`, `function`, `also`, `name`) says little about which body answers: an entry holding it
# only in its body gets no points for it (ANSWER_BODY_SHARE) and, named, title or summary, still its full
# rarity. Finding which of 10,000+ bodies hold it was the costliest part of a slow question (SQL p99 over the
# 360 held-out questions 21.9 -> 18.9 ms); the halves: first places the same on both, one tune question out of
# its top 5. A share, not a count: more docsets make more bodies, and a word common in a few must stay counted.
BODY_COMMON_SHARE = 1 / 6
# And the documents nearest it in meaning (web/search/semantic.py), whatever words they hold.
SEMANTIC_CANDIDATES = 100
# Points per unit of cosine similarity above the last of those candidates' (0 to ~0.4).
SEMANTIC_POINTS = 150
# A question's last word, typed with no space after it, counts as a prefix ("how do I reverse a lis")
# until this many documents hold it whole: then it is taken as finished. Whole, `obj` is in 480 documents
# and `json` in 180, `lis` in 46 and `lin` in 6 (the starts of list and line).
FINISHED_WORD_DOCUMENTS = 100
# A question's points per unit of a word's rarity, ln(documents / documents with it), when the entry's
# name, title, keywords or summary hold it; a word only in its body counts this share.
ANSWER_WORD_POINTS = 4
ANSWER_BODY_SHARE = 0.8
# A question word that is the entry's name (`sleep` → time.sleep), and one naming the built-in type that
# owns it (`list` → list.reverse): each worth about one rare word.
ANSWER_NAME_BONUS = 8
ANSWER_OWNER_BONUS = 12
# A word whose WordNet synonym is the entry's name (`add` → list.append, `pick` → random.choice): less sure.
ANSWER_SYNONYM_BONUS = 4
# "How do I …" asks for a function or a section that shows how, rarely for a whole module or package:
# their pages mention every word, and their popularity would carry them past the function that answers.
ANSWER_KIND_PENALTY = {"module": 12, "exception": 8}
# Nobody asks how to call `object.__exit__`: a special method is how Python calls you, not the answer.
ANSWER_SPECIAL_METHOD_PENALTY = 12
# Nor for what the docs tell you to stop using (`datetime.utcnow` for "the current date and time").
ANSWER_DEPRECATED_PENALTY = 8

# The prior. Link popularity: log-scaled, so `len` (thousands of links) leads without burying the rest.
POPULARITY_WEIGHT = 10
# The weights of kinds and areas (modules over members, What's New and the C API below the rest) are the
# docset's own, in its profile: parser/profiles/default.toml and python.toml, stored in docs.db.
# Builtins (`len`, `str`) and their members (`str.join`) before library names of the same spelling.
BUILTIN_BONUS = 40
BUILTIN_MEMBER_BONUS = 35
# An entry the version searched shows as removed (a removed module's stub page, a member of one) ranks
# below every live entry, for prefixes, titles, questions and text alike: `read file` in 3.15 ranked the
# msilib stub first. Crosses tiers on purpose, and is not scaled with the prior. Only its exact name keeps
# its place (principle 1): whoever types `imp` means imp, and its "Removed in 3.12" badge answers them.
REMOVED_PENALTY = 700
# A lower-case query means Python, not the C API (`list` is not PyList): C-domain entries and the areas a
# profile names as the C API's. Crosses tiers on purpose.
C_API_PENALTY = 700
# A library's hit (Flask, NumPy: every docset but Python's) ranks this much below Python's of the same tier,
# unless the query names the library ("define a route in flask", `docset:` aside). Python's docs are what
# the site is for, and what a bare word or a question means when nothing says otherwise: with ten libraries
# searched beside them, Python's held-out questions (testbed/question_suite.py, tune half) fell from 0.52
# answered first to 0.44 without it. Within tiers only: an exact or dotted name wins whatever its docset
# (`HttpRequest`, `flask.Flask.route`, `Session` → requests' and SQLAlchemy's both). Chosen on the tune half.
LIBRARY_PENALTY = 40
# And a library the query names ("send email with django": the word is taken out of what is matched,
# web/search/query.py) ranks this much above the rest at the same tier, Python's included: the user said
# whose docs they meant. Measured on the libraries' own suite (testbed/docset_golden.py, never tuned on).
NAMED_DOCSET_BONUS = 40
# A library's page or section whose heading is or starts with the query ("With Statement" in Jinja's
# templates, click's "Exception Handling and Exit Codes") is found by the name sources like an API name, but
# is no name a user types to mean that library: unless the library is named, it counts as a title match
# (TIER_TITLE), below Python's concepts ("The with statement"). In the SQL: LIBRARY_PENALTY + tier - TIER_TITLE.
# A heading that is the query, whole ("class-based views" → Django's page "Class-based views"), counts as the
# best of title matches (TIER_TITLE_PHRASE), not the least: it sat below every heading that merely held the words.
# Such a heading keeps its whole prior (not LOW_TIER_PRIOR_FACTOR's share, as a title match's): measured, leaning
# it like a title's changed no Python result (keystrokes, golden suite, held-out questions) and lost answers in
# the libraries' own suite (0.82 -> 0.80 within bound; pytest's section-documented marks 0.54 -> 0.46).
# A library name that an undotted query is, or ends (`g` → flask.g, `T` → numpy.ndarray.T, `date` → Django's
# template filter, `request` → pytest's fixture), counts at this tier: below Python's name prefixes while
# typing (`g` → gc, getattr; `date` → datetime.date), above its member prefixes. A bare name is what one
# library calls something; a Python name is what the first keystrokes mean. `Session` (requests',
# SQLAlchemy's) and `HttpRequest` (Django's) stay first: Python has no such names. A dotted name typed
# (`flask.Flask.route`, `orm.Session`) is meant whatever its docset, and keeps its tier.
LIBRARY_BARE_NAME_TIER = TIER_NAME_PREFIX - 50
# And a library name an undotted query only starts (`capsys` → capsysbinary, pytest's fixtures) counts just
# under that: below the library name the query is (`capsys`), which a plain name prefix outranked.
LIBRARY_BARE_PREFIX_TIER = LIBRARY_BARE_NAME_TIER - 1
# A name typed with its exact capitals, whole (`click.option`, the decorator; `click.Option`, the class): the
# one meant where two names differ only in case. Less than a tier; only orders names the query is.
CASE_EXACT_NAME_BONUS = 20
# Title and text hits lean on the prior this much, so bm25 relevance is not drowned by a big class.
LOW_TIER_PRIOR_FACTOR = 0.2
# While typing a prefix, each letter a name has beyond the query costs this, up to the cap:
# `OrderedD` means OrderedDict more than OrderedDictWithDefaults. Counted over what the tier matched: the
# whole name for a name prefix (`werkzeug.test.EnvironB` → EnvironBuilder before EnvironBuilder.form, whose
# short last segment counted as fewer letters), the last segment for a member prefix.
UNTYPED_LETTER_PENALTY = 5
UNTYPED_LETTERS_PENALTY_CAP = 40
# And a name prefix that runs past the segment being typed is a member of what was meant, which the cap above
# leaves level with it when the member is the better linked (`sqlalchemy.orm.sessionm` → sessionmaker, not
# sessionmaker.configure; `collections.OrderedD` → OrderedDict before OrderedDict.popitem).
DEEPER_NAME_PENALTY = 20

# A corrected spelling is tried when the query as typed finds fewer hits than this and none by name (or
# when it is one word written as code that no name matched: web/search/service.py).
FEW_RESULTS = 3
# Two words or more that are not a question yet ("open file", "string methods") and find fewer entries
# than this are asked again as a question as well: too common for the body-text source, they are
# what the answer source weighs by rarity (and by meaning).
FEW_FOR_WORDS = 20
# Names the version searched lacks but others document: at most this many, after its own hits.
MISSING_LIMIT = 3
