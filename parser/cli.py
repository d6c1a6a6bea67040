"""Command line for the index build: one line per outcome, an exit code, no tracebacks."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from parser.build import BuildError, VersionSource, build_versions
from parser.sources import SourceError, fetch, fetch_lexicon, read_lexicon, read_libraries, read_versions
from parser.writer import WriteError

DEFAULT_OUTPUT = Path("data/docs.db")


def main(argv: Sequence[str] | None = None) -> int:
    arguments = _argument_parser().parse_args(argv)
    try:
        sources = _sources(arguments.docs, base_url=arguments.base_url)
        lexicon = _lexicon(arguments.lexicon, fetching=not arguments.docs)
        report = build_versions(sources, arguments.output, lexicon=lexicon, progress=sys.stderr.isatty())
    except (BuildError, WriteError, SourceError) as error:
        sys.stderr.write(f"error: {error}\n")
        return 1
    except KeyboardInterrupt:
        sys.stderr.write(f"interrupted: {arguments.output} left as it was\n")
        return 130
    for warning in report.warnings:
        sys.stderr.write(f"warning: {warning}\n")
    sys.stdout.write(f"wrote {arguments.output}: {report.summary()}\n")
    return 0


def _sources(docs: list[str], *, base_url: str | None) -> list[VersionSource]:
    """Folders given as `[VERSION=]PATH`, newest first; none: every Python version and library of
    debian-packages.toml."""
    if not docs:
        return configured_sources()
    if base_url is not None and len(docs) > 1:
        raise BuildError("--base-url names one version's home: give one folder with it")
    sources = []
    for given in docs:
        version, separator, path = given.rpartition("=")
        sources.append(VersionSource(Path(path), version=version if separator else None, base_url=base_url))
    return sources


def configured_sources() -> list[VersionSource]:
    """Every Python version and library debian-packages.toml names, fetched (if need be) and labelled: what
    `make build-index` indexes."""
    versions, libraries = read_versions(), read_libraries()
    folders = fetch([*versions, *libraries])
    python = [
        VersionSource(folder, version=entry.version, provenance=entry.provenance())
        for entry, folder in zip(versions, folders, strict=False)
    ]
    return python + [
        VersionSource(
            folder,
            version=entry.upstream_version(),
            docset=entry.docset,
            base_url=entry.url,
            dirhtml=entry.dirhtml,
            provenance=entry.provenance(),
        )
        for entry, folder in zip(libraries, folders[len(versions) :], strict=True)
    ]


def _lexicon(given: Path | None, *, fetching: bool) -> Path | None:
    """WordNet's folder: as given; fetched with the docs; else the one fetched before, if any."""
    if given is not None:
        return given
    configured = read_lexicon()
    if fetching:
        return fetch_lexicon(configured)
    if configured.marker().is_file():
        return configured.folder()
    sys.stderr.write(f"warning: no WordNet in {configured.folder()}: questions get no synonyms (make fetch-docs)\n")
    return None


def _argument_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m parser",
        description="Index Sphinx HTML builds (pages, objects.inv, general index) into one SQLite file.",
    )
    parser.add_argument(
        "docs",
        nargs="*",
        metavar="[VERSION=]DOCS",
        help="Sphinx HTML build folders, newest version first; the first folder's docset leads, others follow "
        "(default: fetch and index every Python version and library in debian-packages.toml, from Debian)",
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        help=f"where to write (default: {DEFAULT_OUTPUT})",
    )
    parser.add_argument(
        "--lexicon",
        type=Path,
        help="WordNet's database folder, for the synonyms questions use (default: the one fetched into .cache)",
    )
    parser.add_argument(
        "--base-url",
        help="public URL of the docs, ending in '/' (default: docs.python.org for Python, else the folder)",
    )
    return parser
