"""A throwaway PostgreSQL server: Debian's binaries, a cluster in a temporary folder, a unix socket there.

    python -m testbed.postgres_cluster     # start one, print its PYDOCS_DATABASE_URL, stop on Ctrl-C

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
# Throwaway data: surviving a power cut buys nothing, and fsync makes loading several times slower.
# Commits still reach the WAL at once (synchronous_commit stays on): tests stop the server as a crash
# would, and a commit lost then would look like a bug of the site.
SERVER_OPTIONS = ("-c", "fsync=off", "-c", "full_page_writes=off")


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


class Cluster:
    """A cluster in its own folder, run by the `postgres` user when we are root."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.binaries = server_binaries()
        self.run_as = _server_user()
        self.data, self.log = folder / "data", folder / "server.log"
        self.url = url_for(folder)
        self.running = False

    def create(self) -> None:
        if self.run_as is not None:
            os.chown(self.folder, self.run_as.pw_uid, self.run_as.pw_gid)
        self._run("initdb", "-D", self.data, "-U", SUPERUSER, "-A", "trust", "-E", "UTF8", "--locale=C")
        self.start()
        self._run("createdb", "-h", self.folder, "-U", SUPERUSER, DATABASE)

    def start(self) -> None:
        options = " ".join(("-k", str(self.folder), "-c", "listen_addresses=", *SERVER_OPTIONS))
        self._run("pg_ctl", "-D", self.data, "-l", self.log, "-o", options, "-w", "start")
        self.running = True

    def stop(self) -> None:
        """Stop at once, as a crash or a failover would: clients see their connections drop."""
        self._run("pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")
        self.running = False

    def _run(self, program: str, *arguments: str | Path) -> None:
        run_as = self.run_as
        result = subprocess.run(
            [str(self.binaries / program), *map(str, arguments)],
            capture_output=True,
            text=True,
            user=run_as.pw_uid if run_as else None,
            group=run_as.pw_gid if run_as else None,
            cwd=self.folder,
        )
        if result.returncode != 0:
            details = (result.stderr or result.stdout).strip().splitlines()
            logged = self.log.read_text().strip().splitlines()[-3:] if self.log.exists() else []
            raise ClusterError(f"{program} failed: {' | '.join(details[-3:] + logged)}")


@contextlib.contextmanager
def throwaway_cluster() -> Iterator[Cluster]:
    """A server on a fresh cluster with an empty `pydocs` database; removed with everything in it after."""
    cluster = Cluster(Path(tempfile.mkdtemp(prefix="pydocs-postgres-")))
    try:
        cluster.create()
        yield cluster
    finally:
        if cluster.running:
            with contextlib.suppress(ClusterError):
                cluster.stop()
        shutil.rmtree(cluster.folder, ignore_errors=True)


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
        with throwaway_cluster() as cluster:
            sys.stdout.write(cluster.url + "\n")
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
