"""Command line for the index build: one line per outcome, an exit code, no tracebacks."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from parser.build import DEFAULT_DOCS, BuildError, build
from parser.writer import WriteError

DEFAULT_OUTPUT = Path("data/docs.db")


def main(argv: Sequence[str] | None = None) -> int:
    arguments = _argument_parser().parse_args(argv)
    try:
        report = build(
            arguments.docs,
            arguments.output,
            base_url=arguments.base_url,
            progress=sys.stderr.isatty(),
        )
    except (BuildError, WriteError) as error:
        sys.stderr.write(f"error: {error}\n")
        return 1
    except KeyboardInterrupt:
        sys.stderr.write(f"interrupted: {arguments.output} left as it was\n")
        return 130
    for warning in report.warnings:
        sys.stderr.write(f"warning: {warning}\n")
    sys.stdout.write(f"wrote {arguments.output}: {report.summary()}\n")
    return 0


def _argument_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m parser",
        description="Index a Sphinx HTML build (pages, objects.inv, general index) into one SQLite file.",
    )
    parser.add_argument(
        "docs",
        nargs="?",
        type=Path,
        default=DEFAULT_DOCS,
        help=f"the Sphinx HTML build folder (default: {DEFAULT_DOCS}, from Debian's python3.11-doc)",
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        help=f"where to write (default: {DEFAULT_OUTPUT})",
    )
    parser.add_argument(
        "--base-url",
        help="public URL of the docs, ending in '/' (default: docs.python.org for Python, else the folder)",
    )
    return parser
