"""Writing benchmarks/results.md: the machine, date and commit, then one table per part."""

from __future__ import annotations

import os
import platform
import subprocess
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results.md"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        model = next(line.split(":", 1)[1].strip() for line in
                     Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name"))
        cpu = model
    except (OSError, StopIteration):
        pass
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, {platform.system()}"


def commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              check=True, cwd=RESULTS.parent).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def write(sections: list[tuple[str, list[str]]]) -> None:
    lines = ["# Benchmark results", "",
             f"- machine: {machine()}",
             f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M UTC}",
             f"- commit: {commit()}", ""]
    for title, body in sections:
        lines += [f"## {title}", "", *body, ""]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
