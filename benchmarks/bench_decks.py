"""Deck build time per module (in-process median) and pandoc's time on the same Markdown."""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from app.content.services import load_library
from app.decks.builder import build_deck, context_for

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
    context = context_for(library)  # the course's exercises and cycle, as `spilno deck` uses
    build_deck(library.modules[0], context)  # warm the template cache
    rows = ["| module | slides | build (median of 15) | pandoc (median of 5) | ratio pandoc/ours | target < 0.3 s |",
            "|---|---|---|---|---|---|"]
    total = 0.0
    for module in library.modules:
        seconds = _median(lambda m=module: build_deck(m, context))
        total += seconds
        from io import BytesIO

        from pptx import Presentation

        slides = len(Presentation(BytesIO(build_deck(module, context))).slides)
        pandoc = _pandoc(ROOT / module.path)
        ratio = f"{pandoc / seconds:.1f}x" if pandoc else "pandoc not installed"
        rows.append(f"| {module.id} | {slides} | {seconds * 1000:.0f} ms | "
                    f"{f'{pandoc * 1000:.0f} ms' if pandoc else '—'} | {ratio} | "
                    f"{'met' if seconds < TARGET else 'MISSED'} |")
    all_five = _median(lambda: [build_deck(m, context) for m in library.modules], runs=5)
    rows.append(f"| all five | | {all_five * 1000:.0f} ms | | | |")
    return rows + [""] + startup(library)


def _command(args: list[str], runs: int = 5) -> float:
    return _median(lambda: subprocess.run(args, check=True, capture_output=True, cwd=ROOT),
                   runs=runs)


def startup(library) -> list[str]:
    """`spilno deck M2` as a trainer runs it, beside pandoc's command, and where its time
    goes: the interpreter and imports, reading the course, building the deck."""
    python = str(Path(sys.executable))
    spilno = str(Path(sys.executable).with_name("spilno"))
    module = library.module("M2")
    with tempfile.TemporaryDirectory() as folder:
        out = str(Path(folder) / "M2.pptx")
        whole = _command([spilno, "deck", "M2", "-o", out])
        modules = "import app.console, app.cli, app.decks.builder, app.content.services"
        imports = _command([python, "-c", modules])
        reading = _command([python, "-c", f"{modules}; from pathlib import Path; "
                                          "from app.content.files import cached_library; "
                                          f"cached_library(Path({str(ROOT)!r}))"])
        web_app = _command([python, "-c", "from app import create_app; create_app()"])
        bare = _command([python, "-c", "pass"])
        pandoc = shutil.which("pandoc")
        pandoc_s = _command([pandoc, str(ROOT / module.path), "-o", out]) if pandoc else None
    read = max(0.0, reading - imports)  # in a fresh process, as a command meets it
    build = _median(lambda: build_deck(module, context_for(library)), runs=5)
    rows = ["| `spilno deck M2 -o M2.pptx`, start-up included | median of 5 |", "|---|---|",
            f"| whole command | {ms(whole)} |",
            f"| of which Python itself | {ms(bare)} |",
            f"| of which imports (python-pptx, the commands) | {ms(max(0.0, imports - bare))} |",
            f"| of which reading the course (from the cache kept between commands) | {ms(read)} |",
            f"| of which building the deck | {ms(build)} |",
            f"| the web app (`create_app()`), no longer built by deck, agenda, content check, smart-check | {ms(web_app - bare)} |",
            f"| pandoc on the same Markdown (command) | {ms(pandoc_s) if pandoc_s else 'pandoc not installed'} |",
            "",
            ("Start-up, done: the commands that read only files run without Flask or the web"
             " app, and read the course from a cache kept between commands (issue 21, item 4)."
             " Plan for the rest: (1) python-pptx's import (its XML class registry) is now the"
             " largest part: let one command build several decks (`spilno deck M1 M2 ... -o"
             " DIR`), paying it once; (2) import the diagram and card code only for a module"
             " that draws them; (3) the web download pays no start-up at all, so trainers who"
             " build decks often can use it.")]
    return rows


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"
