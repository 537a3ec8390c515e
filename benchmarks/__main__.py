"""`make bench`: run every benchmark and write benchmarks/results.md."""

from __future__ import annotations

import sys

from benchmarks import bench_content, bench_decks, bench_monitoring, bench_smart, report


def main(argv: list[str]) -> None:
    parts = [("Decks", bench_decks.run), ("Content", bench_content.run),
             ("SMART check", bench_smart.run), ("Monitoring", bench_monitoring.run)]
    try:
        from benchmarks import bench_web
    except ImportError:
        bench_web = None
    if bench_web is not None and "--no-web" not in argv:
        parts.append(("Web", bench_web.run))
    if "--no-browser" not in argv:  # issue 17: clicks from login to invitations sent
        from benchmarks import bench_journey

        parts.append(("Trainer journey", bench_journey.run))
    sections = []
    for title, run in parts:
        print(f"running {title.lower()} ...", flush=True)
        body = run()
        print("\n".join(body), flush=True)
        sections.append((title, body))
    report.write(sections)
    print(f"written to {report.RESULTS}")


if __name__ == "__main__":
    main(sys.argv[1:])
