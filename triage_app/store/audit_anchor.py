"""The audit trail's anchor outside the database: its key, and the newest head this PC wrote.

A hash chain kept only inside the database it protects cannot see its own end cut off, nor
an entry added or changed by someone who recomputes the chain afterwards. So every entry the
app writes is keyed (HMAC-SHA256) with a secret kept in a file outside the database, and
after each audited write the newest entry's number and hash (the *head*) go into a small
file beside it, one per database. ``db check`` verifies the chain with the key and compares
its end with the head; ``docs/tamper-evidence.md`` says what that does and does not prove.

Both are plain files: the key is 64 hexadecimal digits, made on first need with only the
owner allowed to read it (0600); a head is a small JSON object with a check sum, written in
place into one of two slots in turn, so a crash spoils at most the slot being written.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from triage_app.errors import TriageError

#: The key file's name in the audit folder, unless configuration names another path.
KEY_FILE = "audit.key"
#: The folder, beside the key by default, holding one head file per database.
HEADS_DIR = "heads"
#: Where ``Session.info`` carries a database's anchor, and a write's new head until commit.
ANCHOR_INFO = "triage_audit_anchor"
PENDING_INFO = "triage_audit_head"
_HEX64 = re.compile(r"[0-9a-f]{64}")
#: A head slot's fixed size: always written whole, in place.
_SLOT_BYTES = 1024
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AuditPlaces:
    """Where this PC keeps the audit key and the heads: configuration, passed in."""

    key_file: Path
    heads_dir: Path

    @classmethod
    def in_folder(cls, folder: Path, key_file: Path | None = None) -> AuditPlaces:
        """The key (unless ``key_file`` names where IT put it) and the heads in ``folder``."""
        return cls(key_file or folder / KEY_FILE, folder / HEADS_DIR)


@dataclass(frozen=True)
class Head:
    """The newest entry of a trail: its number and hash, and the entry keying started at."""

    entry: int
    hash: str
    keyed_from: int | None = None


def key_id(key: bytes) -> str:
    """A short fingerprint that names a key in messages and in the database, revealing nothing."""
    return hashlib.sha256(b"here-to-help audit key\n" + key).hexdigest()[:16]


def read_key(path: Path) -> bytes | None:
    """The key in ``path``, or None if there is no such file.

    Raises:
        TriageError: the file cannot be read or does not hold a key.
    """
    try:
        text = path.read_text(encoding="ascii").strip().lower()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as e:
        why = e.strerror if isinstance(e, OSError) else "not a key file"
        raise TriageError(f"the audit key {path} cannot be read ({why})") from None
    if not _HEX64.fullmatch(text):
        raise TriageError(
            f"the audit key {path} is damaged (it should hold 64 hexadecimal digits); "
            "put back the service's key file (see docs/tamper-evidence.md)"
        )
    return bytes.fromhex(text)


def create_key(path: Path) -> bytes:
    """Make a new key at ``path``, readable by this account alone; keep one made meanwhile.

    Written whole under a temporary name and linked into place, so two processes starting at
    once end with one key, and a crash never leaves half a key.
    """
    key = secrets.token_bytes(32)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
        handle = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(handle, key.hex().encode("ascii") + b"\n")
            os.fsync(handle)
        finally:
            os.close(handle)
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink(missing_ok=True)
    except OSError as e:
        raise TriageError(
            f"the audit key cannot be made at {path} ({e.strerror}); nothing was saved"
        ) from None
    made = read_key(path)
    if made is None:  # pragma: no cover - removed between the link and the read
        raise TriageError(f"the audit key at {path} disappeared as it was made")
    return made


class AuditAnchor:
    """One database's anchor on this PC: the key, and the head file for that database.

    Shared by the threads of one process; what it remembers (the key, and that the database
    is keyed with it) is only ever set, never changed back.
    """

    def __init__(self, places: AuditPlaces, database: str) -> None:
        self.places = places
        self.database = database
        name = hashlib.sha256(database.encode("utf-8")).hexdigest()[:16]
        #: Two slots written in turn (by the entry number's parity); the newer whole one counts.
        self.slots = (places.heads_dir / f"{name}.a.json", places.heads_dir / f"{name}.b.json")
        self.keyed_from: int | None = None  # set once the database is known to use this key
        self._key: bytes | None = None
        self._lock = threading.Lock()
        #: The newest head this process read or wrote, and the slots' signature then.
        self._cached: tuple[Head | None, tuple[int, ...]] | None = None

    @property
    def key_file(self) -> Path:
        return self.places.key_file

    def key(self, *, create: bool = False) -> bytes | None:
        """This PC's key; made now if there is none and ``create`` (a trail never keyed)."""
        if self._key is None:
            with self._lock:
                key = read_key(self.key_file)
                if key is None and create:
                    key = create_key(self.key_file)
                self._key = key
        return self._key

    def _signature(self) -> tuple[int, ...]:
        """The slots' sizes and change times: the same means their heads are unchanged."""
        out: list[int] = []
        for slot in self.slots:
            try:
                found = slot.stat()
            except OSError:
                out += (-1, -1)
            else:
                out += (found.st_size, found.st_mtime_ns)
        return tuple(out)

    def read_head(self) -> Head | None:
        """The head this PC last wrote for the database, or None if there is none.

        The newer of the two slots that reads whole: a write cut short by a power cut spoils
        only the slot it was writing, and the other still holds the head before it. Read
        again only when a slot changed since this process last read or wrote one.

        Raises:
            TriageError: a slot is there, but neither reads whole.
        """
        signature = self._signature()
        cached = self._cached
        if cached is not None and cached[1] == signature:
            return cached[0]
        heads, spoilt = [], []
        for slot in self.slots:
            try:
                heads.append(_parse(slot.read_bytes()))
            except FileNotFoundError:
                continue
            except (OSError, ValueError):
                spoilt.append(slot)
        if not heads and spoilt:
            raise TriageError(f"the audit head {spoilt[0]} is damaged")
        head = max(heads, key=lambda h: h.entry) if heads else None
        self._cached = (head, signature)
        return head

    def write_head(self, head: Head) -> None:
        """Write the head into its slot in place; a failure is logged, never raised.

        It runs after the write committed, so the work is saved whatever happens here; a
        head left behind only makes ``db check`` compare with an older entry. Written in
        place at a fixed size, not replaced by a rename: on ext4 a rename over a file waits
        for the new file to reach the disk, which cost a save several milliseconds.
        """
        slot = self.slots[head.entry % 2]
        try:
            try:
                handle = os.open(slot, os.O_WRONLY | os.O_CREAT, 0o600)
            except FileNotFoundError:
                slot.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                handle = os.open(slot, os.O_WRONLY | os.O_CREAT, 0o600)
            try:
                os.pwrite(handle, _body(head, self.database), 0)
            finally:
                os.close(handle)
        except OSError as e:
            self._cached = None
            _log.warning("the audit head could not be kept in %s (%s)", slot.parent, e.strerror)
            return
        # Heads only move on, so the one just written is the newer of the two slots.
        self._cached = (head, self._signature())


def _check(entry: int, digest: str, keyed_from: int | None) -> str:
    return hashlib.sha256(f"{entry}:{digest}:{keyed_from}".encode()).hexdigest()[:16]


def _body(head: Head, database: str) -> bytes:
    """The slot's bytes: JSON padded with spaces to ``_SLOT_BYTES``, so no write truncates."""
    data = {
        "database": database[:400],
        "entry": head.entry,
        "hash": head.hash,
        "keyed_from": head.keyed_from,
        "check": _check(head.entry, head.hash, head.keyed_from),
    }
    text = json.dumps(data, sort_keys=True).encode("utf-8")
    return text.ljust(_SLOT_BYTES - 1) + b"\n"


def _parse(raw: bytes) -> Head:
    """A slot's head; ValueError if it is not whole (cut short, or mixed with an older one)."""
    try:
        data: Any = json.loads(raw)
        keyed_from = data.get("keyed_from")
        head = Head(
            int(data["entry"]), str(data["hash"]), None if keyed_from is None else int(keyed_from)
        )
        whole = data["check"] == _check(head.entry, head.hash, head.keyed_from)
    except (AttributeError, KeyError, TypeError) as e:
        raise ValueError("not a head") from e
    if not whole:
        raise ValueError("not a whole head")
    return head
