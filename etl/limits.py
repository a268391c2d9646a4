"""A time bound for the work on one untrusted file (``max_check_seconds`` in ``etl.settings``).

DuckDB queries are interrupted when the time is up (``connection.interrupt``); the Python readers
are bounded by the file limits instead (size, ``.xlsx`` rows and unpacked size, checked before
parsing), so a file can make neither the CLI nor the upload page work for long.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb


class TimedOut(Exception):
    """The work on one file passed its time bound."""


@contextmanager
def deadline(con: duckdb.DuckDBPyConnection, seconds: float) -> Iterator[None]:
    """Interrupt ``con``'s running query after ``seconds``; raise TimedOut if that is what stopped it."""
    fired = threading.Event()

    def stop() -> None:
        fired.set()
        con.interrupt()

    timer = threading.Timer(seconds, stop)
    timer.daemon = True
    timer.start()
    try:
        yield
    except duckdb.InterruptException as exc:
        if fired.is_set():
            raise TimedOut from exc
        raise
    except Exception as exc:
        # an interrupt can surface as another DuckDB error, or after the block in Python code
        if fired.is_set() and isinstance(exc, duckdb.Error):
            raise TimedOut from exc
        raise
    finally:
        timer.cancel()
    if fired.is_set():  # the time was up while Python code ran (nothing to interrupt): still too slow
        raise TimedOut
