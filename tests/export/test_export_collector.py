"""The cycle collector paused during an export runs again afterwards, whatever happened."""

from __future__ import annotations

import gc

import pytest

from triage_app.export.collector import collector_paused


def test_the_collector_runs_again_after_overlapping_exports_and_a_failure() -> None:
    assert gc.isenabled()
    first, second = collector_paused(), collector_paused()
    first.__enter__()
    second.__enter__()
    assert not gc.isenabled()
    first.__exit__(None, None, None)
    assert not gc.isenabled()  # the second export is still building its files
    second.__exit__(None, None, None)
    assert gc.isenabled()
    with pytest.raises(OSError), collector_paused():
        raise OSError("disk full")
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_app_stays_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
