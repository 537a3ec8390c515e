"""Deck build time per module (in-process median) and pandoc's time on the same Markdown."""

from __future__ import annotations

import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from app.content.services import load_library
from app.decks.builder import DeckContext, build_deck

ROOT = Path(__file__).resolve().parents[1]
RUNS = 15
TARGET = 0.3


def _median(fn, runs: int = RUNS) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def _pandoc(path: Path) -> float | None:
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        return None
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "deck.pptx"
        return _median(lambda: subprocess.run([pandoc, str(path), "-o", str(out)], check=True,
                                              capture_output=True), runs=5)


def run() -> list[str]:
    library = load_library(ROOT)
    build_deck(library.modules[0], DeckContext())  # warm the template cache
    rows = ["| module | slides | build (median of 15) | pandoc (median of 5) | ratio pandoc/ours | target < 0.3 s |",
            "|---|---|---|---|---|---|"]
    total = 0.0
    for module in library.modules:
        seconds = _median(lambda m=module: build_deck(m, DeckContext()))
        total += seconds
        from io import BytesIO

        from pptx import Presentation

        slides = len(Presentation(BytesIO(build_deck(module, DeckContext()))).slides)
        pandoc = _pandoc(ROOT / module.path)
        ratio = f"{pandoc / seconds:.1f}x" if pandoc else "pandoc not installed"
        rows.append(f"| {module.id} | {slides} | {seconds * 1000:.0f} ms | "
                    f"{f'{pandoc * 1000:.0f} ms' if pandoc else '—'} | {ratio} | "
                    f"{'met' if seconds < TARGET else 'MISSED'} |")
    all_five = _median(lambda: [build_deck(m, DeckContext()) for m in library.modules], runs=5)
    rows.append(f"| all five | | {all_five * 1000:.0f} ms | | | |")
    return rows
