"""Install the Debian packages a make target needs, as debian-packages.toml's [install] names them.

    python3 scripts/system_deps.py test        # chromium, postgresql
    python3 scripts/system_deps.py bench       # wrk, postgresql

As root with apt-get, the missing ones are installed; otherwise they are named and it fails.
Standard library only: it runs before any virtual environment exists.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

PACKAGES = Path(__file__).resolve().parent.parent / "debian-packages.toml"


def needed(target: str) -> dict[str, str]:
    """package → the file it provides, for the packages `target` needs."""
    table = tomllib.loads(PACKAGES.read_text())["install"]
    return {name: entry["provides"] for name, entry in table.items() if target in entry["for"]}


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        sys.stderr.write("usage: system_deps.py TARGET (a make target named in debian-packages.toml)\n")
        return 2
    wanted = needed(argv[0])
    missing = sorted(name for name, provides in wanted.items() if not glob.glob(provides))
    if not missing:
        return 0
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        names = " ".join(missing)
        sys.stderr.write(f"system-deps: missing {names}; install them, e.g. sudo apt-get install {names}\n")
        return 1
    sys.stderr.write(f"system-deps: installing {' '.join(missing)}\n")
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=environment)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing],
        check=True,
        env=environment,
        stdout=subprocess.DEVNULL,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
