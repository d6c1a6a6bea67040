"""The index build: Sphinx HTML folders (one per docs version) in, one docs.db out."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from parser.docset import BuildError, Docset, read_docset
from parser.encoder import EncoderError
from parser.entries import mark_builtins
from parser.identity import assign_keys
from parser.lifetimes import LifetimeError, date_entries, read_lifetimes
from parser.profile import DocsetProfile, ProfileError, profile_for
from parser.schema import SCHEMA_VERSION
from parser.synonyms import LexiconError, synonyms
from parser.writer import write_database

PARSER_VERSION = "2"

__all__ = ["BuildError", "BuildReport", "VersionSource", "build", "build_versions"]


@dataclass(frozen=True, slots=True)
class VersionSource:
    """One docs version to index: its label, its build folder, and where it is published."""

    docs: Path
    version: str | None = None  # None: the version the build's inventory names
    base_url: str | None = None  # None: docs.python.org for Python, else the folder itself
    provenance: str | None = None  # what docs.db records as its source; None: the folder's path
    docset: str | None = None  # its identifier; None: from the project the inventory names
    dirhtml: bool = False  # published as `ref/models/` for the build's `ref/models.html`


@dataclass(frozen=True, slots=True)
class BuildReport:
    pages: int
    sections: int
    objects: int
    entries: int
    keywords: int
    size: int
    seconds: float
    versions: tuple[str, ...] = ()
    documents: int = 0
    warnings: tuple[str, ...] = field(default=())

    def summary(self) -> str:
        several = len(self.versions) > 1
        return (
            (f"{len(self.versions)} versions ({', '.join(self.versions)}), " if several else "")
            + f"{self.pages} pages, {self.entries} entries ({self.objects} objects, "
            f"{self.sections} pages and sections), {self.keywords} keywords, "
            + (f"{self.documents} distinct texts, " if several else "")
            + f"{self.size / 1e6:.1f} MB in {self.seconds:.1f} s"
            + (f", {len(self.warnings)} pages skipped" if self.warnings else "")
        )


def build(docs: Path, output: Path, *, base_url: str | None = None, progress: bool = False) -> BuildReport:
    """Index the one Sphinx HTML build in `docs` into `output`, replacing it atomically."""
    return build_versions([VersionSource(docs, base_url=base_url)], output, progress=progress)


def build_versions(
    sources: Sequence[VersionSource], output: Path, *, lexicon: Path | None = None, progress: bool = False
) -> BuildReport:
    """Index the docs versions of one or more docsets into `output`, replacing it atomically.

    The first source's docset leads (its versions, newest first, are the ones a reader switches
    between); every other docset's versions follow, in the order given. `lexicon` is WordNet's
    folder (parser/sources.py fetches it); None: no synonyms for questions.
    """
    started = time.perf_counter()
    docsets = [_read(source, progress=progress) for source in sources]
    if lexicon is not None and not lexicon.is_dir():
        raise BuildError(f"{lexicon}: no WordNet database there (python -m parser.sources fetches it)")
    groups = _by_docset(docsets)
    docsets = [version for group in groups for version in group]
    keys = [version_keys for group in groups for version_keys in _keys(group, lead=group is groups[0])]
    profiles = {group[0].docset: _profile(group[0].docset, group) for group in groups}
    newest = docsets[0]
    profile = profiles[newest.docset]
    meta = {
        "schema_version": str(SCHEMA_VERSION),
        "parser_version": PARSER_VERSION,
        "docset": newest.docset,
        "docset_name": newest.name,
        "docset_version": newest.version,
        "base_url": newest.base_url,
        "entries": str(sum(len(docset.entries) for docset in docsets)),
        "profile": profile.to_json(),
    }
    entries = [entry for docset in docsets for entry in docset.entries]
    names = {entry.last_lower for entry in entries if entry.domain == "py"}
    try:
        meaning = synonyms(lexicon, names) if lexicon is not None else {}
    except LexiconError as error:
        raise BuildError(f"cannot read WordNet: {error}") from error
    try:
        documents = write_database(
            output, meta=meta, docsets=docsets, keys=keys, profiles=profiles, synonyms=meaning, progress=progress
        )
    except EncoderError as error:
        raise BuildError(f"cannot embed the documents: {error}") from error
    return BuildReport(
        pages=sum(docset.pages for docset in docsets),
        sections=sum(1 for entry in entries if not entry.domain),
        objects=sum(1 for entry in entries if entry.domain),
        entries=len(entries),
        keywords=sum(docset.keywords for docset in docsets),
        size=output.stat().st_size,
        seconds=time.perf_counter() - started,
        versions=tuple(
            docset.version if docset.docset == newest.docset else f"{docset.docset} {docset.version}"
            for docset in docsets
        ),
        documents=documents,
        warnings=tuple(warning for docset in docsets for warning in docset.warnings),
    )


def _by_docset(docsets: Sequence[Docset]) -> list[list[Docset]]:
    """The versions grouped by docset, in the order each docset first appears; each version once."""
    groups: dict[str, list[Docset]] = {}
    for docset in docsets:
        group = groups.setdefault(docset.docset, [])
        if any(version.version == docset.version for version in group):
            raise BuildError(f"{docset.name} {docset.version} is given twice: each version may be given once")
        group.append(docset)
    return list(groups.values())


def _keys(versions: Sequence[Docset], *, lead: bool) -> list[list[str]]:
    """Each version's entry keys; a library's start with its identifier, so `index.html` or a name that two
    docsets document (`py:module:numpy` in numpy's docs and another's) stays two entries."""
    keys = assign_keys(versions)
    if lead:
        return keys
    return [[f"{versions[0].docset}:{key}" for key in version_keys] for version_keys in keys]


def _profile(docset: str, docsets: Sequence[Docset]) -> DocsetProfile:
    """The docset's profile (parser/profiles/), applied to every version: its built-ins marked if it has
    them, its entries dated by what is true of them as a whole (parser/lifetimes.py)."""
    try:
        profile = profile_for(docset, {entry.area for version in docsets for entry in version.entries})
        lifetimes = read_lifetimes() if profile.stdlib_lifetimes else {}
    except (ProfileError, LifetimeError) as error:
        raise BuildError(str(error)) from error
    for version in docsets:
        if profile.builtins:
            mark_builtins(version.entries)
        date_entries(version.entries, lifetimes)
    return profile


def _read(source: VersionSource, *, progress: bool) -> Docset:
    docset = read_docset(source.docs, base_url=source.base_url, docset=source.docset, progress=progress)
    docset.provenance = source.provenance or str(source.docs)
    docset.dirhtml = source.dirhtml
    if source.version is not None:
        if source.base_url is None and docset.base_url.endswith(f"/{docset.version}/"):
            docset.base_url = docset.base_url.removesuffix(f"{docset.version}/") + f"{source.version}/"
        docset.version = source.version
    return docset
