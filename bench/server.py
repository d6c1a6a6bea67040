"""Starting and stopping a real server process for a benchmark, and reading its memory."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Server:
    base: str
    process: subprocess.Popen[bytes]

    def rss_mb(self) -> float:
        """Resident memory of the server and its worker processes, in MB."""
        pids = [self.process.pid, *_children(self.process.pid)]
        return sum(_rss_kb(pid) for pid in pids) / 1024


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def running(settings: Mapping[str, str], *, app: str | None = None, log: Path | None = None) -> Iterator[Server]:
    """`python -m web` (or uvicorn on another app) on a free loopback port, stopped afterwards.

    The server's warnings and errors go to `log` when given (the soak shows them on a 5xx), else nowhere.
    """
    port = _free_port()
    environment = {
        **os.environ,
        "PYDOCS_ACCESS_LOG": "false",
        "PYDOCS_LOG_LEVEL": "warning",
        "PYDOCS_PROFILE": "production",
        **settings,
    }
    if app is None:
        command = [sys.executable, "-m", "web", "--port", str(port)]
    else:
        command = [
            sys.executable,
            "-m",
            "uvicorn",
            app,
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
        ]
    with log.open("wb") if log else contextlib.nullcontext(subprocess.DEVNULL) as output:
        process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=output, stderr=output)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(base, process)
        yield Server(base=base, process=process)
    finally:
        process.terminate()
        process.wait(timeout=20)


def _wait(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with status {process.returncode}")
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                time.sleep(0.3)  # let every worker finish its lifespan
                return
        time.sleep(0.1)
    raise RuntimeError("server did not start within 60 s")


def _children(pid: int) -> list[int]:
    try:
        found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    return [int(child) for child in found] + [grand for child in found for grand in _children(int(child))]


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0
