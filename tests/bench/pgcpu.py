"""CPU time a local PostgreSQL server spends, read from ``/proc`` (psutil is not a dependency).

Latency on a shared machine says how busy the machine was; CPU seconds per operation say
what an operation costs, and so how many desks a server core carries. A server's CPU over a
span is the postmaster's own time, the time of the children it has already reaped (its
``cutime``/``cstime``: the backends of connections that closed meanwhile), and the time of
its children still running (backends, checkpointer, WAL writer, autovacuum). The postmaster
is found through its pid file in the data directory, which the server's superuser may ask
for; a server on another machine, or one this user may not read, gives ``None``.
"""

from __future__ import annotations

import os
from pathlib import Path

import psycopg

TICK = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str] | None:
    """The fields of ``/proc/<pid>/stat`` after the command name (state first), or None."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    return raw[raw.rindex(")") + 2 :].split()


def _seconds(fields: list[str], reaped: bool = False) -> float:
    # After the name: state, ppid, ...; utime is field 14 of the whole line, index 11 here.
    ticks = int(fields[11]) + int(fields[12])
    if reaped:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / TICK


def process_seconds(pid: int, reaped: bool = False) -> float:
    """A process's user + system CPU seconds (with its reaped children's, if asked)."""
    fields = _stat(pid)
    return 0.0 if fields is None else _seconds(fields, reaped)


class ServerCpu:
    """The CPU seconds a local server's processes have spent, to be read before and after."""

    def __init__(self, postmaster: int) -> None:
        self.postmaster = postmaster

    @classmethod
    def find(cls, superuser_url: str) -> ServerCpu | None:
        """The server behind ``superuser_url``, when it runs on this machine and is readable."""
        try:
            with psycopg.connect(superuser_url, autocommit=True) as con:
                row = con.execute("SHOW data_directory").fetchone()
            pid = int((Path(str(row[0])) / "postmaster.pid").read_text().split()[0])  # type: ignore[index]
        except (OSError, ValueError, IndexError, psycopg.Error):
            return None
        return cls(pid) if _stat(pid) is not None else None

    def seconds(self) -> float:
        """CPU seconds so far: the postmaster, its reaped children and its live children."""
        total = process_seconds(self.postmaster, reaped=True)
        for entry in Path("/proc").iterdir():
            fields = _stat(int(entry.name)) if entry.name.isdigit() else None
            if fields is not None and int(fields[1]) == self.postmaster:
                total += _seconds(fields)
        return total
