"""Run a command as a child process and measure it: wall time (start to exit) and peak memory.

Peak memory is the process's own ``ru_maxrss`` from ``os.wait4``. Linux carries the parent's resident
high-water mark into a forked child (through ``exec``), so a big benchmark process would inflate every
figure: the command is started by a small launcher process, which times it and reports its rusage.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
# Benchmark files are far above the upload page's limit; the CLI honours the same setting.
BENCH_ENV = {"GOVDASH_MAX_UPLOAD_MB": "1000000", "GOVDASH_USER": "bench"}


class CommandError(RuntimeError):
    """A measured command exited with an error (message: command, exit code, end of its output)."""


@dataclass(frozen=True)
class Measured:
    seconds: float
    peak_mb: float
    stdout: str


# argv: result file, command...; writes [seconds, ru_maxrss KiB, exit code] of the command.
LAUNCHER = """
import json, os, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(proc.pid, 0)
seconds = time.perf_counter() - start
with open(sys.argv[1], "w") as fh:
    json.dump([seconds, usage.ru_maxrss, os.waitstatus_to_exitcode(status)], fh)
"""


def measure(cmd: list[str], env: dict[str, str] | None = None, check: bool = True) -> Measured:
    """Run ``cmd`` from the repo root; wall time from spawn to exit, its peak RSS in MiB."""
    full_env = {**os.environ, **BENCH_ENV, **(env or {})}
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.NamedTemporaryFile("r", suffix=".json") as result,
    ):
        launcher = [sys.executable, "-c", LAUNCHER, result.name, *map(str, cmd)]
        code = subprocess.run(launcher, cwd=REPO_ROOT, env=full_env, stdout=out, stderr=err).returncode
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
        text = result.read()
    seconds, maxrss, code = json.loads(text) if text else (0.0, 0, code or 1)
    if check and code != 0:
        tail = (stderr or stdout).strip().splitlines()[-15:]
        raise CommandError(f"{' '.join(map(str, cmd))} exited with {code}:\n" + "\n".join(tail))
    return Measured(seconds, maxrss / 1024, stdout)


def python(*args: str) -> list[str]:
    """``[sys.executable, *args]``: the same interpreter (venv) as the benchmark."""
    return [sys.executable, *map(str, args)]
