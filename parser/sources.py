"""Where each docs version comes from: Debian's python3.X-doc packages (and the libraries' python-*-doc),
fetched into a private cache.

The system's apt configuration is never touched: a private one (its own sources
list naming each suite at the archive URI the system already uses, signed by the
Debian archive keyring, its own lists and cache folders) runs `apt-get download`,
and `dpkg-deb -x` unpacks the package into `.cache/docs/<package>/`.

    python -m parser.sources            # fetch the docs (versions, docsets) debian-packages.toml names
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

ROOT = Path(__file__).resolve().parent.parent
VERSIONS_FILE = ROOT / "debian-packages.toml"
CACHE = ROOT / ".cache" / "docs"
KEYRING = Path("/usr/share/keyrings/debian-archive-keyring.gpg")
FALLBACK_ARCHIVE = "http://deb.debian.org/debian"
_SYSTEM_SOURCES = (Path("/etc/apt/sources.list.d/debian.sources"), Path("/etc/apt/sources.list"))


class SourceError(Exception):
    """A docs version cannot be fetched; the message says which and why, in one line."""


@dataclass(frozen=True, slots=True)
class DocsVersion:
    version: str
    package: str
    suite: str

    def html(self, cache: Path = CACHE) -> Path:
        """The unpacked Sphinx build: Debian puts it at /usr/share/doc/<python3.X>/html."""
        return cache / self.package / "usr" / "share" / "doc" / self.package.removesuffix("-doc") / "html"

    def provenance(self, cache: Path = CACHE) -> str:
        """`python3.15-doc 3.15.2-1`: what docs.db records as the source, the same on every machine."""
        stamp = cache / self.package / "PACKAGE_VERSION"
        return f"{self.package} {stamp.read_text().strip()}" if stamp.is_file() else self.package

    def marker(self, cache: Path = CACHE) -> Path:
        """The file whose presence means the package is unpacked and is what it should be."""
        return self.html(cache) / "objects.inv"


@dataclass(frozen=True, slots=True)
class LibraryDocs:
    """A library's docs (`python-flask-doc`): one version, the one the suite ships, published at `url`."""

    docset: str  # its identifier, what `docset:` filters on: flask
    package: str
    suite: str
    url: str  # where upstream publishes the same pages, ending in '/'
    dirhtml: bool = False  # upstream serves `ref/models/` for the build's `ref/models.html` (Django)

    def html(self, cache: Path = CACHE) -> Path:
        """The unpacked Sphinx build: the package's one `usr/share/doc/*/html` holding an objects.inv."""
        found = sorted((cache / self.package / "usr" / "share" / "doc").glob("*/html/objects.inv"))
        return found[0].parent if found else cache / self.package / "usr" / "share" / "doc" / self.package / "html"

    def provenance(self, cache: Path = CACHE) -> str:
        stamp = cache / self.package / "PACKAGE_VERSION"
        return f"{self.package} {stamp.read_text().strip()}" if stamp.is_file() else self.package

    def upstream_version(self, cache: Path = CACHE) -> str | None:
        """The release packaged, `3.1.3` of `3.1.3-4` (`5.2.18` of `3:5.2.18-2`, `2.4.6` of `1:2.4.6+ds-5`):
        what the library's users know it as, where its inventory says `3.1.x`. None: not fetched."""
        stamp = cache / self.package / "PACKAGE_VERSION"
        if not stamp.is_file():
            return None
        found = re.fullmatch(r"(?:\d+:)?([0-9][0-9.]*[0-9])(?:[+~].*)?-[^-]+", stamp.read_text().strip())
        return found.group(1) if found else None

    def marker(self, cache: Path = CACHE) -> Path:
        return self.html(cache) / "objects.inv"


@dataclass(frozen=True, slots=True)
class Lexicon:
    """WordNet's database (Debian's wordnet-base), read at build time for the synonyms questions use."""

    package: str
    suite: str

    def folder(self, cache: Path = CACHE) -> Path:
        return cache / self.package / "usr" / "share" / "wordnet"

    def marker(self, cache: Path = CACHE) -> Path:
        return self.folder(cache) / "data.verb"


@dataclass(frozen=True, slots=True)
class SharedScripts:
    """Debian's packaged JavaScript (libjs-sphinxdoc, libjs-jquery), which the libraries' builds link to
    instead of shipping copies; fetched only to run each build's own search (scripts/compare_sphinx.py)."""

    package: str
    suite: str

    def folder(self, cache: Path = CACHE) -> Path:
        """What the builds' links point into: /usr/share/javascript."""
        return cache / self.package / "usr" / "share" / "javascript"

    def marker(self, cache: Path = CACHE) -> Path:
        # Written once the package is unpacked; these packages share no one file name to check for.
        return cache / self.package / "PACKAGE_VERSION"


class _Package(Protocol):
    @property
    def package(self) -> str: ...

    @property
    def suite(self) -> str: ...

    def marker(self, cache: Path = CACHE) -> Path: ...


def read_versions(path: Path = VERSIONS_FILE) -> list[DocsVersion]:
    """The configured versions, newest first, or SourceError naming what is wrong with the file."""
    try:
        table = tomllib.loads(path.read_text())
        versions = [DocsVersion(str(row["version"]), str(row["package"]), str(row["suite"])) for row in table["docs"]]
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError) as error:
        raise SourceError(f"{path}: cannot read the versions list ({error})") from error
    if not versions or len({entry.version for entry in versions}) != len(versions):
        raise SourceError(f"{path}: list each version once, and at least one")
    return versions


def read_libraries(path: Path = VERSIONS_FILE) -> list[LibraryDocs]:
    """The configured libraries' docs, in the order listed, or SourceError naming what is wrong."""
    try:
        rows = tomllib.loads(path.read_text()).get("docsets", [])
        libraries = [
            LibraryDocs(
                str(row["docset"]),
                str(row["package"]),
                str(row["suite"]),
                str(row["url"]),
                dirhtml=bool(row.get("dirhtml", False)),
            )
            for row in rows
        ]
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, AttributeError) as error:
        raise SourceError(f"{path}: cannot read the docsets list ({error})") from error
    for library in libraries:
        if not re.fullmatch(r"[a-z][a-z0-9-]*", library.docset) or not library.url.endswith("/"):
            raise SourceError(
                f"{path}: docset {library.docset!r} needs a lower-case identifier and a url ending in '/'"
            )
    if len({library.docset for library in libraries}) != len(libraries):
        raise SourceError(f"{path}: list each docset once")
    return libraries


def read_lexicon(path: Path = VERSIONS_FILE) -> Lexicon:
    try:
        row = tomllib.loads(path.read_text())["lexicon"]
        return Lexicon(str(row["package"]), str(row["suite"]))
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError) as error:
        raise SourceError(f"{path}: cannot read the lexicon entry ({error})") from error


def fetch_lexicon(lexicon: Lexicon, cache: Path = CACHE, *, archive: str | None = None) -> Path:
    """Make sure WordNet is unpacked in `cache`; returns its folder."""
    _unpacked([lexicon], cache, archive)
    return lexicon.folder(cache)


def read_scripts(path: Path = VERSIONS_FILE) -> list[SharedScripts]:
    try:
        rows = tomllib.loads(path.read_text()).get("scripts", [])
        return [SharedScripts(str(row["package"]), str(row["suite"])) for row in rows]
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, AttributeError) as error:
        raise SourceError(f"{path}: cannot read the scripts list ({error})") from error


def fetch_scripts(scripts: Sequence[SharedScripts], cache: Path = CACHE, *, archive: str | None = None) -> list[Path]:
    """Make sure each scripts package is unpacked in `cache`; returns their /usr/share/javascript folders."""
    _unpacked(scripts, cache, archive)
    return [entry.folder(cache) for entry in scripts]


def archive_uri() -> str:
    """The Debian archive the system's own sources use (mirrors differ between machines)."""
    for source in _SYSTEM_SOURCES:
        if source.is_file():
            found = re.search(r"(?m)^(?:URIs:\s*|deb\s+(?:\[[^]]*\]\s+)?)(\S+/debian)/?\s", source.read_text() + "\n")
            if found:
                return found.group(1)
    return FALLBACK_ARCHIVE


def fetch(
    versions: Sequence[DocsVersion | LibraryDocs], cache: Path = CACHE, *, archive: str | None = None
) -> list[Path]:
    """Make sure each version's HTML build is unpacked in `cache`; returns their folders.

    `archive` is the Debian mirror (default: the one the system's own sources name).
    """
    _unpacked(versions, cache, archive)
    return [entry.html(cache) for entry in versions]


def _unpacked(packages: Sequence[_Package], cache: Path, archive: str | None) -> None:
    """Download and unpack those of `packages` whose marker `cache` lacks, in one apt run."""
    missing = [entry for entry in packages if not entry.marker(cache).is_file()]
    if missing:
        _download_and_unpack(missing, cache, archive or archive_uri())


def _download_and_unpack(versions: Sequence[_Package], cache: Path, uri: str) -> None:
    apt = cache / "apt"
    for folder in ("lists/partial", "cache/archives/partial", "parts", "debs"):
        (apt / folder).mkdir(parents=True, exist_ok=True)
    suites = sorted({entry.suite for entry in versions})
    (apt / "sources.list").write_text("".join(f"deb [signed-by={KEYRING}] {uri} {suite} main\n" for suite in suites))
    options = [
        f"-oDir::Etc::SourceList={apt / 'sources.list'}",
        f"-oDir::Etc::SourceParts={apt / 'parts'}",
        f"-oDir::Etc::Preferences={apt / 'parts' / 'none'}",
        f"-oDir::Etc::PreferencesParts={apt / 'parts'}",
        f"-oDir::State::Lists={apt / 'lists'}",
        f"-oDir::Cache={apt / 'cache'}",
        "-oDir::State::status=/dev/null",
        "-oDebug::NoLocking=1",
        "-oAcquire::Languages=none",
        "-oAPT::Sandbox::User=root",
    ]
    packages = " ".join(entry.package for entry in versions)
    what = f"the package lists of {', '.join(suites)} from {uri}"
    warnings = _run(["apt-get", *options, "-qq", "update"], what=what)
    # apt-get update exits 0 when a list could not be fetched; it only warns.
    for suite in suites:
        if not any((apt / "lists").glob(f"*_dists_{suite}_*Packages*")):
            reason = next((line for line in warnings if "fetch" in line or "connect" in line.lower()), "no list came")
            raise SourceError(f"cannot fetch {what}: {reason}")
    _run(
        ["apt-get", *options, "-qq", "download", *(entry.package for entry in versions)],
        what=packages,
        cwd=apt / "debs",
    )
    for entry in versions:
        debs = sorted((apt / "debs").glob(f"{entry.package}_*.deb"))
        if not debs:
            raise SourceError(f"cannot fetch {entry.package}: apt-get downloaded nothing")
        target = cache / entry.package
        shutil.rmtree(target, ignore_errors=True)
        _run(["dpkg-deb", "-x", str(debs[-1]), str(target)], what=f"{debs[-1].name} (unpacking)")
        package_version = subprocess.run(
            ["dpkg-deb", "-f", str(debs[-1]), "Version"], capture_output=True, text=True, check=False
        ).stdout.strip()
        (target / "PACKAGE_VERSION").write_text(package_version + "\n")
        if not entry.marker(cache).is_file():
            raise SourceError(f"{entry.package} holds no {entry.marker(cache).name} at {entry.marker(cache).parent}")


def _run(command: list[str], *, what: str, cwd: Path | None = None) -> list[str]:
    """Run one apt or dpkg command; SourceError with its last complaint if it fails, else its warnings."""
    if shutil.which(command[0]) is None:
        raise SourceError(f"cannot fetch {what}: {command[0]} is not installed (a Debian system is needed)")
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    complaints = [line.strip() for line in result.stderr.splitlines() if line.strip()]
    if result.returncode != 0:
        raise SourceError(f"cannot fetch {what}: {(complaints or [f'exit status {result.returncode}'])[-1]}")
    return complaints


def main() -> int:
    try:
        folders = [*fetch([*read_versions(), *read_libraries()]), fetch_lexicon(read_lexicon())]
    except SourceError as error:
        sys.stderr.write(f"error: {error}\n")
        return 1
    for folder in folders:
        sys.stdout.write(f"{folder}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
