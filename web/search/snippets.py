"""Highlighted snippets: a window of an entry's text around the query's words, escaped, then marked.

Built in Python from the row's text rather than by FTS5's snippet(), which
re-runs the MATCH for every hit and cost more than the ranking itself. Plain
string searches, not regular expressions: every keystroke is a new query, so a
compiled pattern would never be reused.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

WINDOW = 180  # characters of context shown
LEAD = 50  # characters kept before the first match
SEARCHED = 20_000  # a page's text can be long; a match past this is not worth the scan
LINES = 4  # a code example keeps its lines (the parser stores them as newlines): at most this many shown


def highlight(text: str, words: Sequence[str]) -> Markup:
    """`text` cut around the first match of any of `words` (as word prefixes), with <mark> around matches."""
    if not text:
        return Markup("")
    needles = sorted({word.lower() for word in words if word}, key=len, reverse=True)
    lowered = text[:SEARCHED].lower()
    first = min((_find_word(lowered, needle, 0) for needle in needles), default=-1, key=_position)
    start = _window_start(text, first)
    end = _window_end(text, start)
    # A prompt with nothing after it (`>>>`) says nothing: the window ends before it.
    end = start + len(_without_trailing_prompt(text[start:end]))
    window, lowered_window = text[start:end], lowered[start:end]
    marked = _mark(window, lowered_window, needles).replace("\n", "<br>")
    # Never "……", nor ".…": a window ending a sentence needs no mark that more follows.
    cut_short = end < len(text) and not window.rstrip().endswith(("…", "...", "."))
    return Markup(("…" if start > 0 else "") + marked + ("…" if cut_short else ""))


def _without_trailing_prompt(window: str) -> str:
    stripped = window.rstrip()
    while stripped.endswith(">>>"):
        stripped = stripped.removesuffix(">>>").rstrip()
    return stripped or window


def without_signature(text: str, signature: str) -> str:
    """The text after the signatures it starts with: the hit shows the first already, and the others
    (`lru_cache(maxsize=128, typed=False)`, `Fraction(string)`) are the same name called otherwise."""
    if signature and text.startswith(signature):
        text = text[len(signature) :].lstrip()
    head = signature.partition("(")[0]
    while head and text.startswith(head + "("):
        end = _closing_parenthesis(text, len(head))
        if end < 0:
            break
        text = text[end + 1 :].lstrip()
    return text


def _closing_parenthesis(text: str, opening: int) -> int:
    """Where the parenthesis opened at `opening` closes, or -1."""
    depth = 0
    for index in range(opening, min(len(text), opening + 1000)):
        if text[index] == "(":
            depth += 1
        elif text[index] == ")":
            depth -= 1
            if depth == 0:
                return index
    return -1


def _position(index: int) -> float:
    return index if index >= 0 else float("inf")


def _find_word(lowered: str, needle: str, start: int) -> int:
    """Where `needle` starts a word in `lowered` at or after `start`, or -1."""
    index = lowered.find(needle, start)
    while index > 0 and (lowered[index - 1].isalnum() or lowered[index - 1] == "_"):
        index = lowered.find(needle, index + 1)
    return index


def _window_start(text: str, first: int) -> int:
    if first <= LEAD:
        return 0
    start = first - LEAD
    line = text.rfind("\n", start, first)
    if line >= 0:
        return line + 1  # the match's own line, not the end of the one before
    space = text.find(" ", start, first)
    return space + 1 if space >= 0 else start


def _window_end(text: str, start: int) -> int:
    end = min(len(text), start + WINDOW)
    line_end = start
    for _ in range(LINES):
        line_end = text.find("\n", line_end + 1, end)
        if line_end < 0:
            break
    if line_end > start:
        return line_end
    if end < len(text):
        space = text.rfind(" ", start + WINDOW // 2, end)
        end = space if space > 0 else end
    return end


def _mark(window: str, lowered: str, needles: Sequence[str]) -> str:
    """Escape the text first, then wrap the matches, so no database text becomes markup."""
    spans: list[tuple[int, int]] = []
    for needle in needles:
        index = _find_word(lowered, needle, 0)
        while index >= 0:
            end = index + len(needle)
            while end < len(lowered) and (lowered[end].isalnum() or lowered[end] == "_"):
                end += 1  # the rest of a word the user is still typing, or a plural
            if not any(begin < end and index < finish for begin, finish in spans):
                spans.append((index, end))
            index = _find_word(lowered, needle, end)
    pieces: list[str] = []
    position = 0
    for begin, finish in sorted(spans):
        pieces.append(str(escape(window[position:begin])))
        pieces.append(f"<mark>{escape(window[begin:finish])}</mark>")
        position = finish
    pieces.append(str(escape(window[position:])))
    return "".join(pieces)
