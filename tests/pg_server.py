"""Throwaway PostgreSQL servers of a test's own, on loopback: to stop and start, or to set up
as a council would (TLS with a certificate the test makes, passwords required).

Skipped where every PostgreSQL test is (no ``TRIAGE_TEST_POSTGRES_URL``; CI fails instead).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import postgres_server_url


def bindir() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: p.parts[-3])
    return found[-1].parent if found else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_server_user() -> list[str]:
    # The server refuses to run as root: run it as the unprivileged 'postgres' user then.
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def give_to_server(path: Path) -> None:
    """Let the server's own user read a file the test wrote (it runs as 'postgres' if root)."""
    if os.geteuid() == 0:
        shutil.chown(path, "postgres")


@dataclass
class Server:
    """A throwaway PostgreSQL server on loopback that a test may stop and start."""

    bindir: Path
    data: Path
    port: int
    #: More ``-c name=value`` settings for the server (TLS, say).
    settings: tuple[str, ...] = ()

    def _run(self, tool: str, *args: str) -> None:
        command = [*_as_server_user(), str(self.bindir / tool), *args]
        subprocess.run(command, check=True, capture_output=True)

    def start(self) -> None:
        options = " ".join(
            [
                f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.data} -c fsync=off",
                *(f"-c {s}" for s in self.settings),
            ]
        )
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.data / "log"), "-w", "-o", options,
            "start",
        )  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    @property
    def url(self) -> str:
        """The superuser's URL: it makes roles and databases, as a server's administrator."""
        return f"postgresql://triage@127.0.0.1:{self.port}/postgres"


@contextmanager
def throwaway_server(
    prepare: Callable[[Path], tuple[str, ...]] | None = None,
) -> Iterator[Server]:
    """A new server, stopped and removed afterwards.

    ``prepare`` is given the data folder after ``initdb`` and before the start, to write
    files there (a certificate, ``pg_hba.conf``); it returns more server settings.
    """
    postgres_server_url()  # skipped without PostgreSQL, as every postgres test is
    found_bindir = bindir()
    if found_bindir is None:
        pytest.skip("no PostgreSQL server programs (pg_ctl) on this machine")
    root = Path(tempfile.mkdtemp(prefix="triage-pg-"))
    root.chmod(0o755)  # the server's own user must reach its data folder
    data = root / "data"
    data.mkdir(mode=0o700)
    give_to_server(data)
    server = Server(found_bindir, data, free_port())
    server._run("initdb", "-D", str(data), "-U", "triage", "--auth=trust", "-E", "UTF8")
    if prepare is not None:
        server.settings = prepare(data)
    server.start()
    try:
        yield server
    finally:
        server.stop("immediate")
        shutil.rmtree(root, ignore_errors=True)
