"""Settings: environment variables (PYDOCS_*), an optional .env file, and two profiles."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict, SettingsError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

Profile = Literal["development", "production"]
Storage = Literal["memdb", "shared-cache", "deserialize", "file"]
EventLoop = Literal["asyncio", "uvloop"]

DEFAULT_DB = Path(__file__).resolve().parent.parent / "data" / "docs.db"


class Settings(BaseSettings):
    """Every knob of the site; README's configuration table lists the same names."""

    model_config = SettingsConfigDict(env_prefix="PYDOCS_", env_file=".env", extra="ignore", frozen=True)

    profile: Profile = "production"
    db_path: Path = DEFAULT_DB
    # Unset: docs.db served from memory, the default and the fastest on one machine. A PostgreSQL URL
    # (postgresql+asyncpg://user@host/dbname) serves the index `make load-postgres` put there instead.
    database_url: str | None = None
    # How the in-memory copy is held; BENCHMARKS.md compares them under load.
    storage: Storage = "memdb"
    host: str = "127.0.0.1"
    # Host headers answered; any other gets a 400, so no link (OpenSearch) is built on a forged host.
    # "*.example.com" matches subdomains, "*" any host; the address served on is always allowed.
    allowed_hosts: list[str] = ["localhost", "127.0.0.1", "[::1]"]
    port: int = Field(default=8000, ge=0, le=65535)
    # None: one worker in development, min(4, CPUs) in production.
    workers: int | None = Field(default=None, ge=1, le=64)
    reload: bool | None = None
    # uvicorn's event loop. uvloop serves saturated connections unfairly: at 64 connections its p99 was
    # 630-740 ms against 55-69 ms for asyncio, at the same throughput (BENCHMARKS.md has the comparison).
    event_loop: EventLoop = "asyncio"
    access_log: bool | None = None
    log_level: str | None = None
    # Connections in the pool: each one runs queries on its own thread.
    pool_size: int = Field(default=4, ge=1, le=64)
    query_max_length: int = Field(default=200, ge=10, le=10_000)
    # A statement doing more SQLite VM steps than this is stopped and answered with a 503.
    # The heaviest ordinary keystroke query took ~130,000 steps (~5 ms) over Python's docs alone; this
    # was ~8x that, and is twice it since ten libraries' docs (as many documents again) joined them.
    query_max_steps: int = Field(default=2_000_000, ge=10_000, le=1_000_000_000)
    # PostgreSQL stops a statement running longer than this, and the request gets a 503 (SQLite counts
    # VM steps instead: query_max_steps). The heaviest ordinary keystroke query takes ~15 ms there.
    query_timeout_ms: int = Field(default=1000, ge=10, le=600_000)
    default_limit: int = Field(default=10, ge=1, le=100)
    max_limit: int = Field(default=50, ge=1, le=500)
    search_cache_size: int = Field(default=2048, ge=0, le=1_000_000)
    # Questions by meaning as well as by words (web/search/semantic.py): the sentence model and every
    # document's vector cost each worker ~300 MB and 2 s of startup, and a question ~6 ms; off, questions go
    # by words alone.
    semantic: bool = True
    page_cache_size: int = Field(default=64, ge=0, le=10_000)

    @model_validator(mode="after")
    def _limits_agree(self) -> Settings:
        if self.default_limit > self.max_limit:
            raise ValueError("default_limit must not exceed max_limit")
        return self

    @field_validator("database_url")
    @classmethod
    def _postgresql_url(cls, url: str | None) -> str | None:
        """Only PostgreSQL, and always through asyncpg: `postgresql://…` is taken to mean that."""
        if not url:
            return None
        try:
            parsed = make_url(url)
        except ArgumentError as error:
            raise ValueError(f"not a database URL ({error})") from error
        if parsed.get_backend_name() != "postgresql":
            raise ValueError("only PostgreSQL is supported: postgresql+asyncpg://user@host/dbname")
        return parsed.set(drivername="postgresql+asyncpg").render_as_string(hide_password=False)

    @field_validator("allowed_hosts")
    @classmethod
    def _host_patterns(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            if "*" in pattern[1:] or (pattern.startswith("*") and pattern != "*" and not pattern.startswith("*.")):
                raise ValueError(f"{pattern!r}: a wildcard must be the whole pattern or lead it, as in '*.example.com'")
        return patterns

    @property
    def effective_allowed_hosts(self) -> list[str]:
        if self.host in ("0.0.0.0", "::"):  # every interface: the operator names the public hosts
            return self.allowed_hosts
        return [*self.allowed_hosts, f"[{self.host}]" if ":" in self.host else self.host]

    @property
    def is_development(self) -> bool:
        return self.profile == "development"

    @property
    def effective_workers(self) -> int:
        if self.workers is not None:
            return self.workers
        return 1 if self.is_development else min(4, os.cpu_count() or 1)

    @property
    def effective_reload(self) -> bool:
        return self.is_development if self.reload is None else self.reload

    @property
    def effective_access_log(self) -> bool:
        return (not self.is_development) if self.access_log is None else self.access_log

    @property
    def effective_log_level(self) -> str:
        return self.log_level or ("debug" if self.is_development else "info")


def read_settings(**overrides: object) -> Settings | None:
    """Settings for a command line tool; None after one line per bad setting on stderr."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except (ValidationError, SettingsError) as error:
        sys.stderr.write("".join(f"error: {line}\n" for line in settings_errors(error)))
        return None


def settings_errors(error: ValidationError | SettingsError) -> list[str]:
    """One line per bad setting, named as the operator set it (PYDOCS_PORT, not port)."""
    if isinstance(error, SettingsError):  # a value that isn't even JSON, e.g. a list without brackets
        return [f"{error} (a list is written as JSON: '[\"docs.example.com\"]')"]
    return [
        f"PYDOCS_{str(problem['loc'][0]).upper()}: {problem['msg']}" if problem["loc"] else problem["msg"]
        for problem in error.errors(include_url=False)
    ]
