"""Batches for the central case system: what is waiting, what was sent, and sending it.

The protocol (also in ``docs/export.md``), so that a crash at any moment leaves either no
batch or a whole one with its records marked:

1. Write the files into ``OUT/.<batch>.partial`` and flush them and the folder to disk; the
   manifest carries the audit trail's newest entry (number and hash) at that moment.
2. In one transaction: record the batch, mark its versions as exported (take them off the
   waiting list, note each one's batch), append the audit entry. Until this commits, nothing
   is marked, and a hidden ``.partial`` folder is no batch.
3. Rename ``.<batch>.partial`` to ``<batch>`` and flush the folder.

A crash before 3 leaves a ``.partial`` folder, which the next export into that folder clears
away; if the batch had been recorded (a crash between 2 and 3), it writes the batch's folder
again from the database first, byte for byte. A final ``<batch>`` folder therefore exists only
for a recorded batch, and is always complete.
"""

from __future__ import annotations

import secrets
import shutil
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Select, String, bindparam, delete, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from triage_app.domain.actor import Actor
from triage_app.errors import InvalidInput, Problem, TriageError, echo
from triage_app.export import files
from triage_app.export.collector import collector_paused
from triage_app.export.files import (
    WrittenFiles,
    manifest,
    sync_folder,
    write_manifest,
    write_records,
)
from triage_app.export.record import FORMATS, SCHEMA_VERSION
from triage_app.export.rows import chunk_sql, ordered_ids, run_in
from triage_app.export.workers import Helpers, Source, encoded, helpers_for
from triage_app.store import audit
from triage_app.store.database import BUSY_TIMEOUT_MS, Database
from triage_app.store.models import ExportBatch, ExportedVersion, WaitingVersion

PARTIAL, REPLACED = ".partial", ".replaced"
#: Runs of ids marked per round of ``executemany``, to keep each round's parameter list small.
MARK_CHUNK = 10_000

W, E = WaitingVersion, ExportedVersion


@dataclass(frozen=True)
class BatchInfo:
    batch_id: str
    created_at: datetime
    actor: str
    record_count: int
    schema_version: str


@dataclass(frozen=True)
class ExportResult:
    """The batch written and its folder; None for both when there was nothing new.

    ``finished_earlier`` names any batch an interrupted export had recorded whose folder was
    finished on the way.
    """

    batch: BatchInfo | None
    folder: Path | None
    finished_earlier: tuple[str, ...] = ()


def _waiting() -> Select[int]:
    return select(W.version_id)


def _sent_in(batch_id: str) -> Select[int]:
    return select(E.version_id).where(E.batch_id == batch_id)


def _info(b: ExportBatch) -> BatchInfo:
    return BatchInfo(b.id, b.created_at, b.actor, b.record_count, b.schema_version)


def list_batches(session: Session) -> tuple[BatchInfo, ...]:
    """Every batch sent, newest first."""
    query = select(ExportBatch).order_by(ExportBatch.created_at.desc(), ExportBatch.id.desc())
    return tuple(_info(b) for b in session.execute(query).scalars())


#: The name a folder's writability probe starts with; a killed export can leave one behind.
PROBE = ".probe-"


def new_batch_id(now: datetime) -> str:
    """Sortable by time and unique: ``20260316T103000Z-1f2e3d4c``."""
    return f"{now.astimezone(UTC):%Y%m%dT%H%M%SZ}-{secrets.token_hex(4)}"


def _prepare(out_dir: Path) -> None:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        probe = out_dir / f"{PROBE}{secrets.token_hex(4)}"
        probe.touch()
        probe.unlink()
    except OSError as e:
        raise TriageError(f"cannot write to the folder {out_dir} ({e.strerror})") from None


def _not_written(out_dir: Path, error: OSError) -> TriageError:
    """A batch folder that could not be written (a full disk, a removed drive): nothing sent."""
    return TriageError(
        f"cannot write the batch into {out_dir} ({error.strerror}); nothing was recorded as "
        "sent and no partial batch was left: free some space (or choose another folder) and "
        "export again"
    )


def _remove(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def _source(db: Database, record_format: str) -> Source:
    """Where an export's helper processes read from (see ``workers``), and in what format."""
    url = db.url
    if db.is_sqlite:
        target = str(url.database)
    else:  # libpq takes the URL without SQLAlchemy's driver name
        target = url.set(drivername="postgresql").render_as_string(hide_password=False)
    return Source(
        url.get_backend_name(),
        target,
        chunk_sql(db.engine.dialect),
        BUSY_TIMEOUT_MS / 1000,
        record_format,
    )


def _write_folder(
    db: Database,
    folder: Path,
    chosen: Select[int],
    on_chunk: Callable[[int, int], None] = lambda _done, _total: None,
    *,
    chunk: int = files.CHUNK,
    helpers: int | None = None,
    record_format: str = SCHEMA_VERSION,
) -> tuple[list[int], WrittenFiles]:
    """Write the records of the versions ``chosen`` names into a new folder.

    In ``record_format``: the current one, or a past batch's own when it is written again.

    Returns their ids and the files written; ``on_chunk`` hears (written, of how many).
    ``chunk`` records are read and written at a time, by ``helpers`` processes (None: as
    many as the export's size and the machine call for; 0: this process alone).
    """
    folder.mkdir()
    with collector_paused(), db.snapshot() as session:
        count = session.execute(select(func.count()).select_from(chosen.subquery())).scalar_one()
        wanted = helpers_for(count) if helpers is None else helpers
        with closing(Helpers(wanted, _source(db, record_format))) as started:
            ids = ordered_ids(session, chosen)
            chunks = [ids[i : i + chunk] for i in range(0, len(ids), chunk)]
            with closing(encoded(chunks, run_in(session), started)) as lines:
                written = write_records(
                    folder,
                    lines,
                    lambda done: on_chunk(done, len(ids)),
                    record_format=record_format,
                )
    return ids, written


def _id_ranges(ids: list[int]) -> list[dict[str, int]]:
    """The ids as runs of consecutive numbers: ``[3, 1, 2, 7]`` → 1–3 and 7–7."""
    runs: list[dict[str, int]] = []
    for v in sorted(ids):
        if runs and runs[-1]["last"] == v - 1:
            runs[-1]["last"] = v
        else:
            runs.append({"first": v, "last": v})
    return runs


def _sent_meanwhile() -> TriageError:
    return TriageError(
        "another export sent some of these requests at the same moment; nothing was "
        "recorded for this one: run the export again"
    )


def _mark(session: Session, batch_id: str, ids: list[int]) -> None:
    """Mark exactly these versions as sent in this batch, or refuse if any already was.

    Each is noted with the batch and taken off the waiting list, both in the database, by
    runs of consecutive ids (a batch is mostly one run, as versions are numbered as they are
    saved): a few statements over narrow rows, not one per version nor a rewrite of the
    version rows. A run holds only this batch's ids, so exactly they are marked, and only if
    still waiting: an export that sent some of them first leaves fewer to mark (or, on
    PostgreSQL, its notes of the same versions refuse ours once it commits).
    """
    in_run = W.version_id.between(bindparam("first"), bindparam("last"))
    note = insert(E).from_select(
        [E.version_id, E.batch_id],
        select(W.version_id, bindparam("batch", type_=String)).where(in_run),
    )
    take = delete(W).where(in_run)
    connection = session.connection()
    runs = _id_ranges(ids)
    taken = 0
    try:
        for i in range(0, len(runs), MARK_CHUNK):
            chunk = runs[i : i + MARK_CHUNK]
            connection.execute(note, [{**run, "batch": batch_id} for run in chunk])
            taken += connection.execute(take, chunk).rowcount
    except IntegrityError:
        raise _sent_meanwhile() from None
    # Counted, as a driver may not count the rows an INSERT ... SELECT run many times added.
    noted = connection.execute(
        select(func.count()).select_from(E).where(E.batch_id == batch_id)
    ).scalar_one()
    if noted != len(ids) or taken != len(ids):
        raise _sent_meanwhile()


def export_pending(
    db: Database,
    out_dir: Path,
    *,
    actor: Actor,
    now: datetime,
    on_step: Callable[[str], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    chunk: int = files.CHUNK,
    helpers: int | None = None,
) -> ExportResult:
    """Write one batch of every version not yet exported, if there is any.

    ``on_step`` hears ``written`` after each chunk of records, then ``files``, ``marking``
    (inside the transaction, before it commits), ``recorded`` and ``done``: for tests that
    stop the process at each of those points. ``on_progress`` hears (records written,
    records in the batch) after each chunk, for a progress display. Either may raise to stop
    the export up to ``marking``: nothing is then recorded, and no folder is left. ``chunk``
    and ``helpers``: how the records are made (see ``workers``); the bytes are the same.
    """
    step = on_step or (lambda _name: None)
    progress = on_progress or (lambda _done, _total: None)
    _prepare(out_dir)
    finished = finish_interrupted(db, out_dir)
    batch_id = new_batch_id(now)
    partial = out_dir / f".{batch_id}{PARTIAL}"
    try:

        def written_so_far(done: int, total: int) -> None:
            progress(done, total)
            step("written")

        ids, written = _write_folder(
            db, partial, _waiting(), written_so_far, chunk=chunk, helpers=helpers
        )
        if not ids:
            _remove(partial)
            return ExportResult(None, None, finished)
        sync_folder(partial)
        sync_folder(out_dir)
        step("files")
        with db.read() as session:
            head = audit.head(session)
        content = manifest(batch_id, now, written, head)
        write_manifest(partial, content)
        sync_folder(partial)
        with db.write() as session:
            row = ExportBatch(
                id=batch_id,
                created_at=now,
                actor=actor.username,
                schema_version=SCHEMA_VERSION,
                record_count=len(ids),
                manifest=content,
            )
            session.add(row)
            session.flush()
            _mark(session, batch_id, ids)
            audit.append(session, actor, "export", at=now, record_ref=batch_id)
            info = _info(row)
            step("marking")
    except OSError as e:
        _remove(partial)
        raise _not_written(out_dir, e) from None
    except BaseException:
        _remove(partial)
        raise
    step("recorded")
    final = out_dir / batch_id
    try:
        partial.rename(final)
        sync_folder(out_dir)
    except OSError as e:
        raise TriageError(
            f"batch {batch_id} was recorded, but its folder could not be put in place "
            f"({e.strerror}); run the export into {out_dir} again to finish it"
        ) from None
    step("done")
    return ExportResult(info, final, finished)


def _batch(session: Session, batch_id: str) -> ExportBatch:
    row = session.get(ExportBatch, batch_id)
    if row is None:
        raise InvalidInput([Problem("batch", f"no export batch has the id '{echo(batch_id)}'")])
    if row.schema_version not in FORMATS:
        raise TriageError(
            f"batch {batch_id} was written in record format {row.schema_version}; this version "
            f"of the app writes formats {', '.join(FORMATS)} and cannot re-create it exactly"
        )
    session.expunge(row)
    return row


def _rewrite(db: Database, batch: ExportBatch, out_dir: Path) -> Path:
    """Write a recorded batch's folder again, checked against the hashes sent the first time."""
    partial = out_dir / f".{batch.id}{PARTIAL}"
    _remove(partial)
    try:
        _ids, written = _write_folder(
            db, partial, _sent_in(batch.id), record_format=batch.schema_version
        )
        if written.files != batch.manifest.get("files"):
            raise TriageError(
                f"batch {batch.id} cannot be re-created exactly: the stored records no longer "
                "match what was sent"
            )
        write_manifest(partial, batch.manifest)
        sync_folder(partial)
    except OSError as e:
        _remove(partial)
        raise _not_written(out_dir, e) from None
    except BaseException:
        _remove(partial)
        raise
    final, replaced = out_dir / batch.id, out_dir / f".{batch.id}{REPLACED}"
    if final.exists():
        final.rename(replaced)
    partial.rename(final)
    sync_folder(out_dir)
    _remove(replaced)
    return final


def write_batch_again(
    db: Database, batch_id: str, out_dir: Path, *, actor: Actor, now: datetime
) -> Path:
    """Write a past batch again, byte for byte (the receiver lost it, or wants it twice)."""
    with db.read() as session:
        batch = _batch(session, batch_id)
    _prepare(out_dir)
    folder = _rewrite(db, batch, out_dir)
    with db.write() as session:
        audit.append(session, actor, "export_again", at=now, record_ref=batch_id)
    return folder


def finish_interrupted(db: Database, out_dir: Path) -> tuple[str, ...]:
    """Clear what an interrupted export left in ``out_dir``; finish any batch it had recorded.

    Returns the ids of batches whose folders were written here.
    """
    leftovers: dict[str, Path] = {}
    for entry in out_dir.iterdir():
        if entry.name.startswith(PROBE):  # a writability probe whose export was killed
            entry.unlink(missing_ok=True)
            continue
        for suffix in (PARTIAL, REPLACED):
            if entry.name.startswith(".") and entry.name.endswith(suffix):
                leftovers[entry.name[1 : -len(suffix)]] = entry
    finished: list[str] = []
    for batch_id, entry in sorted(leftovers.items()):
        with db.read() as session:
            batch = session.get(ExportBatch, batch_id)
            if batch is not None:
                session.expunge(batch)
        if batch is not None and not (out_dir / batch_id).exists():
            _rewrite(db, batch, out_dir)
            finished.append(batch_id)
        _remove(entry)
    return tuple(finished)
