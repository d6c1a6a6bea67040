"""A throwaway PostgreSQL server: Debian's binaries, a cluster in a temporary folder, a unix socket there.

    python -m scripts.postgres_cluster     # start one, print its PYDOCS_DATABASE_URL, stop on Ctrl-C

Tests and `make bench` start one with `throwaway_cluster()`; nothing outside the folder is touched,
and no TCP port is opened. As root the server runs as the `postgres` user, since it refuses root.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

DATABASE = "pydocs"
SUPERUSER = "postgres"
# Throwaway data: durability buys nothing, and fsync makes loading several times slower.
SERVER_OPTIONS = ("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")


class ClusterError(RuntimeError):
    """PostgreSQL's binaries are missing or the server would not start; the message says which."""


def server_binaries() -> Path:
    """The newest installed PostgreSQL's bin folder (Debian keeps each major version apart)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda path: int(Path(path).parts[4]))
    if not found:
        raise ClusterError("PostgreSQL is not installed: `make test` installs Debian's postgresql package")
    return Path(found[-1]).parent


def url_for(socket_folder: Path, database: str = DATABASE) -> str:
    return f"postgresql+asyncpg://{SUPERUSER}@/{database}?host={socket_folder}"


@contextlib.contextmanager
def throwaway_cluster() -> Iterator[str]:
    """Start a server on a fresh cluster with an empty `pydocs` database; yields its URL, then removes it all."""
    binaries = server_binaries()
    folder = Path(tempfile.mkdtemp(prefix="pydocs-postgres-"))
    run_as = _server_user()
    if run_as is not None:
        os.chown(folder, run_as.pw_uid, run_as.pw_gid)
    data, log = folder / "data", folder / "server.log"

    def server_command(*command: str | Path) -> None:
        result = subprocess.run(
            [str(part) for part in command],
            capture_output=True,
            text=True,
            user=run_as.pw_uid if run_as else None,
            group=run_as.pw_gid if run_as else None,
            cwd=folder,
        )
        if result.returncode != 0:
            details = (result.stderr or result.stdout).strip().splitlines()
            logged = log.read_text().strip().splitlines()[-3:] if log.exists() else []
            raise ClusterError(f"{Path(str(command[0])).name} failed: {' | '.join(details[-3:] + logged)}")

    started = False
    try:
        server_command(binaries / "initdb", "-D", data, "-U", SUPERUSER, "-A", "trust", "-E", "UTF8", "--locale=C")
        options = " ".join(("-k", str(folder), "-c", "listen_addresses=", *SERVER_OPTIONS))
        server_command(binaries / "pg_ctl", "-D", data, "-l", log, "-o", options, "-w", "start")
        started = True
        server_command(binaries / "createdb", "-h", folder, "-U", SUPERUSER, DATABASE)
        yield url_for(folder)
    finally:
        if started:
            with contextlib.suppress(ClusterError):
                server_command(binaries / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")
        shutil.rmtree(folder, ignore_errors=True)


def _server_user() -> pwd.struct_passwd | None:
    """Who runs the server: the `postgres` account when we are root (PostgreSQL will not run as root)."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam(SUPERUSER)
    except KeyError as error:
        raise ClusterError("running as root, but there is no `postgres` user to run the server as") from error


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt


def main() -> int:
    signal.signal(signal.SIGTERM, _interrupt)  # stopped by a supervisor: clean up all the same
    try:
        with throwaway_cluster() as url:
            sys.stdout.write(url + "\n")
            sys.stdout.flush()
            sys.stderr.write("serving until Ctrl-C; everything is removed then\n")
            with contextlib.suppress(KeyboardInterrupt):
                while True:
                    signal.pause()
    except ClusterError as error:
        sys.stderr.write(f"error: {error}\n")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
