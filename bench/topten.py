"""`python -m bench.topten`: the top 10 of every keystroke query, to prove a change ranks nothing differently.

`--write FILE` records the top 10 URLs (and the golden suite's per-class success@1) through the
JSON API of the real app over the shipped docs.db, and a digest of the htmx results partial each
keystroke gets; `--compare FILE` records them again and lists every query whose top 10 or partial
changed (a rendering change must leave the HTML byte for byte as it was). It goes through HTTP on
purpose: it must run unchanged before and after a refactoring of everything below the routes.

`bench/keystroke-results.json` is such a record, in digests (`--write … --digests`), of the code
and docs.db on main: `make bench` compares against it, so a speed change that moved a result shows
in BENCHMARKS.md. A change meant to move results re-records it, and the diff says which keystrokes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import defaultdict
from pathlib import Path

from fastapi.testclient import TestClient

from bench.keystrokes import keystroke_queries
from testbed.golden_queries import GOLDEN
from web.app import create_app
from web.settings import Settings

DB = Path(__file__).resolve().parent.parent / "data" / "docs.db"
RECORDED = Path(__file__).with_name("keystroke-results.json")


def record(db: Path) -> dict[str, object]:
    settings = Settings(db_path=db, profile="production", allowed_hosts=["testserver"], search_cache_size=0)
    with TestClient(create_app(settings)) as client:

        def top(query: str, version: str | None = None) -> list[str]:
            # The golden targets are paths in the 3.11 build; keystrokes search the default version.
            params: dict[str, str | int] = {"q": query, "limit": 10, **({"version": version} if version else {})}
            response = client.get("/api/search", params=params)
            if response.status_code != 200:
                return [f"HTTP {response.status_code}: {response.json()['detail']}"]
            body = response.json()
            return [f"total {body['total']}, corrected {body.get('corrected_query')}"] + [
                hit["url"] for hit in body["results"]
            ]

        def partial(query: str) -> str:
            response = client.get("/search", params={"q": query}, headers={"HX-Request": "true"})
            return f"{response.status_code} {_digest(response.text)}"

        queries = keystroke_queries(db)
        keystrokes = {query: top(query) for query in queries}
        partials = {query: partial(query) for query in queries}
        by_class: dict[str, list[int]] = defaultdict(list)
        for golden in GOLDEN:
            urls = top(golden.query, version=golden.target_version)
            by_class[golden.query_class].append(int(len(urls) > 1 and urls[1].endswith(golden.target)))
    return {
        "golden_success_at_1": {name: f"{sum(found)}/{len(found)}" for name, found in sorted(by_class.items())},
        "keystrokes": keystrokes,
        "partials": partials,
    }


def digested(record: dict[str, object]) -> dict[str, object]:
    """The same record with each keystroke's top 10 as a digest: small enough to commit."""
    keystrokes = record["keystrokes"]
    assert isinstance(keystrokes, dict)
    return {**record, "keystrokes": {query: _digest(json.dumps(top)) for query, top in keystrokes.items()}}


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def compare(before: dict[str, object], after: dict[str, object]) -> list[str]:
    differences = []
    if before["golden_success_at_1"] != after["golden_success_at_1"]:
        differences.append(f"golden: {before['golden_success_at_1']} -> {after['golden_success_at_1']}")
    old, new = before["keystrokes"], after["keystrokes"]
    assert isinstance(old, dict) and isinstance(new, dict)
    differences += [f"{query!r}: {old.get(query)} -> {new.get(query)}" for query in new if old.get(query) != new[query]]
    old_html, new_html = before.get("partials"), after["partials"]
    if isinstance(old_html, dict) and isinstance(new_html, dict):  # records older than the digests lack them
        differences += [f"{query!r}: partial changed" for query in new_html if old_html.get(query) != new_html[query]]
    return differences


def main(argv: list[str] | None = None) -> int:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    action = arguments.add_mutually_exclusive_group(required=True)
    action.add_argument("--write", type=Path, metavar="FILE")
    action.add_argument("--compare", type=Path, metavar="FILE")
    arguments.add_argument("--db", type=Path, default=DB)
    arguments.add_argument("--digests", action="store_true", help="top 10s as digests, as RECORDED keeps them")
    options = arguments.parse_args(argv)
    now = record(options.db)
    if options.digests:
        now = digested(now)
    if options.write:
        options.write.write_text(json.dumps(now, indent=1, sort_keys=True))
        sys.stdout.write(f"{len(now['keystrokes'])} queries recorded in {options.write}\n")  # type: ignore[arg-type]
        return 0
    differences = compare(json.loads(options.compare.read_text()), now)
    for line in differences[:50]:
        sys.stdout.write(line + "\n")
    sys.stdout.write(f"{len(differences)} differences over {len(now['keystrokes'])} queries\n")  # type: ignore[arg-type]
    return 1 if differences else 0


if __name__ == "__main__":
    raise SystemExit(main())
