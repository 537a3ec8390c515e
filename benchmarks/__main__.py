"""`make bench`: run every benchmark and write benchmarks/results.md.

`python -m benchmarks --only web` runs one part and replaces only its section of results.md
(parts: decks, content, smart, monitoring, imports, web); `--no-web` leaves the web part out. The web
part (benchmarks/bench_speed.py: wrk against gunicorn, SQLite and PostgreSQL at 1x and 5x the
data) takes about 10-15 minutes on the shared 2-core machine; the rest about 3 minutes. The
older in-process web benchmark (requests/s against /healthz, SQL timings and plans) still runs
alone: `python -m benchmarks.bench_web`.
"""

from __future__ import annotations

import re
import sys

from benchmarks import bench_content, bench_decks, bench_imports, bench_monitoring, bench_smart, report

PARTS = {"decks": "Decks", "content": "Content", "smart": "SMART check",
         "monitoring": "Monitoring", "imports": "Imports", "web": "Web"}


def main(argv: list[str]) -> None:
    parts = [("Decks", bench_decks.run), ("Content", bench_content.run),
             ("SMART check", bench_smart.run), ("Monitoring", bench_monitoring.run),
             ("Imports", bench_imports.run)]
    if "--no-web" not in argv:
        from benchmarks import bench_speed

        parts.append(("Web", bench_speed.run))
    only = argv[argv.index("--only") + 1] if "--only" in argv else ""
    if only:
        parts = [(title, run) for title, run in parts if title == PARTS.get(only)]
    sections = []
    for title, run in parts:
        print(f"running {title.lower()} ...", flush=True)
        body = run()
        print("\n".join(body), flush=True)
        sections.append((title, body))
    if only and report.RESULTS.exists():
        _replace_sections(sections)
    else:
        report.write(sections)
    print(f"written to {report.RESULTS}")


def _replace_sections(sections: list[tuple[str, list[str]]]) -> None:
    text = report.RESULTS.read_text(encoding="utf-8")
    for title, body in sections:
        block = f"## {title}\n\n" + "\n".join(body) + "\n\n"
        pattern = re.compile(rf"^## {re.escape(title)}\n.*?(?=^## |\Z)", re.S | re.M)
        text = pattern.sub(lambda _m, new=block: new, text, count=1) if pattern.search(text) \
            else text.rstrip("\n") + "\n\n" + block
    report.RESULTS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
