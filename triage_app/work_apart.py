"""Work done in a process of its own, for a caller that must not wait for it: the window.

A month's figures at a million requests take over a second, and the window must keep taking
keys meanwhile. A Python thread beside PySide is not safe (``docs/benchmarks.md``), so such
work runs in a spawned process (the window's own executable, see ``packaging/entry.py``),
which opens its own connection to the same database and sends one answer back through a
pipe. :func:`serve` is what that process runs: it never raises, so the answer always comes.
"""

from __future__ import annotations

from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from triage_app.cli.logs import scrubbed_traceback
from triage_app.errors import TriageError

#: How an answer begins: the value, a known condition's message, or a bug's scrubbed traceback.
DONE, REFUSED, FAILED = "done", "refused", "failed"


def serve(send: Connection, work: Callable[..., Any], args: tuple[Any, ...]) -> None:
    """Send ``(DONE, work(*args))``, or why not: never personal data, never a raised error."""
    try:
        answer: tuple[str, Any] = (DONE, work(*args))
    except TriageError as e:
        answer = (REFUSED, str(e))
    except Exception as e:  # a bug: its frames, without the message that may hold data
        answer = (FAILED, scrubbed_traceback(e))
    try:
        send.send(answer)
    except Exception as e:  # an answer that cannot be pickled is a bug too
        send.send((FAILED, scrubbed_traceback(e)))
    finally:
        send.close()
