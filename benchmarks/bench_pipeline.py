"""Throughput and memory of `marsad extract` and `marsad run`, as whole commands.

Prints the machine (nproc, CPU model, RAM, load), then for generated corpora
(benchmarks/make_corpus.py, built from our sample articles):
- extract: articles/second on one core (wall clock) and per CPU-second;
- run (in-process engine): the same, for each corpus size, and the peak RSS,
  which must stay flat as the corpus grows (everything streams);
- run --engine dask with 1 and 2 workers: the speed-up.
Each figure is the median of --repeats runs. Every command is a subprocess, and
its CPU time and peak RSS come from os.wait4.

    python benchmarks/bench_pipeline.py                       # 1k and 10k, median of 3
    python benchmarks/bench_pipeline.py --sizes 200 1000 --repeats 1
    python benchmarks/bench_pipeline.py --lang ar --extract-only --repeats 5 --one-core
        # issue #3: the Arabic articles of the 1k corpus, `marsad extract` on one core
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


@dataclass
class Measure:
    label: str
    docs: int
    wall: float
    cpu: float
    peak_rss_mb: float
    status: int

    @property
    def per_second(self) -> float:
        return self.docs / self.wall

    @property
    def per_cpu_second(self) -> float:
        return self.docs / self.cpu if self.cpu else 0.0


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                          if line.startswith("MemTotal")))
    except (OSError, StopIteration, ValueError):
        mem_kb = 0
    load = os.getloadavg()
    return (f"nproc={os.cpu_count()}, CPU: {cpu}, RAM: {mem_kb / 1_048_576:.1f} GiB, "
            f"Python {platform.python_version()}, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


def measured(label: str, docs: int, argv: list[str], env: dict[str, str] | None = None) -> Measure:
    """Run one command; wall time, CPU time (user+sys incl. its children) and peak RSS."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env={**os.environ, **(env or {})})
    _stderr = process.stderr.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        print(f"  {label}: exit {process.returncode}: {_stderr.decode(errors='replace')[-400:]}", file=sys.stderr)
    return Measure(label, docs, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, process.returncode)


def median(runs: list[Measure]) -> Measure:
    runs = sorted(runs, key=lambda m: m.wall)
    middle = runs[len(runs) // 2]
    middle.peak_rss_mb = max(m.peak_rss_mb for m in runs)
    return middle


def marsad(*args: str, one_core: bool = False) -> list[str]:
    """The command line of a marsad subcommand, pinned to CPU 0 when asked (and taskset exists)."""
    pin = ["taskset", "-c", "0"] if one_core and shutil.which("taskset") else []
    return [*pin, PYTHON, "-m", "marsad", *args]


def language_only(corpus: Path, language: str, target: Path) -> int:
    """Write the articles of `corpus` in `language` to `target`; how many there are."""
    count = 0
    with corpus.open(encoding="utf-8") as source, target.open("w", encoding="utf-8") as out:
        for line in source:
            if json.loads(line).get("lang") == language:
                out.write(line)
                count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="corpus sizes")
    parser.add_argument("--extract-size", type=int, default=1000, help="corpus size for extract")
    parser.add_argument("--dask-size", type=int, default=1000, help="corpus size for the Dask speed-up")
    parser.add_argument("--repeats", type=int, default=3, help="median of this many runs")
    parser.add_argument("--workdir", help="where corpora and databases go (default: a temporary directory)")
    parser.add_argument("--lang", help="keep only the articles in this language (ar, fr, en)")
    parser.add_argument("--extract-only", action="store_true", help="measure `marsad extract` alone")
    parser.add_argument("--one-core", action="store_true", help="pin extract to CPU 0 (taskset -c 0)")
    args = parser.parse_args(argv)

    print("machine:", machine())
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="marsad-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    sizes = {args.extract_size} if args.extract_only else set(args.sizes) | {args.extract_size, args.dask_size}
    corpora: dict[int, Path] = {}
    counts: dict[int, int] = {}
    for size in sorted(sizes):
        corpora[size] = workdir / f"corpus-{size}.jsonl"
        if not corpora[size].exists():
            subprocess.run([PYTHON, str(ROOT / "benchmarks" / "make_corpus.py"), str(size), "-o",
                            str(corpora[size])], check=True)
        counts[size] = size
        if args.lang:
            mixed, corpora[size] = corpora[size], workdir / f"corpus-{size}-{args.lang}.jsonl"
            counts[size] = language_only(mixed, args.lang, corpora[size])

    rows: list[Measure] = []

    def repeat(label: str, docs: int, make_argv) -> Measure:
        runs = []
        for attempt in range(args.repeats):
            runs.append(measured(label, docs, make_argv(attempt)))
        result = median(runs)
        rows.append(result)
        print(f"{label:<34} {docs:>6} docs  {result.wall:8.1f} s  {result.per_second:7.1f} docs/s  "
              f"{result.per_cpu_second:7.1f} docs/CPU-s  peak RSS {result.peak_rss_mb:7.0f} MB", flush=True)
        return result

    size = args.extract_size
    label = f"extract{' ' + args.lang if args.lang else ''} ({'one core' if args.one_core else '1 process'})"
    repeat(label, counts[size], lambda _a: marsad("extract", str(corpora[size]), "-o", os.devnull,
                                                  "--no-progress", one_core=args.one_core))
    if not args.extract_only:
        measure_run(args, corpora, counts, workdir, repeat)
    print("machine after:", machine())
    print("\n| command | documents | wall s | docs/s | docs per CPU-s | peak RSS MB |")
    print("|---|---:|---:|---:|---:|---:|")
    for m in rows:
        print(f"| `{m.label}` | {m.docs} | {m.wall:.1f} | {m.per_second:.1f} | {m.per_cpu_second:.1f} | "
              f"{m.peak_rss_mb:.0f} |")
    return 1 if any(m.status for m in rows) else 0


def measure_run(args, corpora: dict[int, Path], counts: dict[int, int], workdir: Path, repeat) -> None:
    """`marsad run` in-process for every size, then on Dask with 1 and 2 workers."""
    for size in sorted(args.sizes):
        repeat("run --engine local", counts[size], lambda a, size=size: marsad(
            "run", str(corpora[size]), "--db", str(workdir / f"local-{size}-{a}.sqlite"), "--quiet",
            "--no-progress"))
    size = args.dask_size
    one = repeat("run --engine dask --workers 1", counts[size], lambda a: marsad(
        "run", str(corpora[size]), "--db", str(workdir / f"dask1-{a}.sqlite"), "--engine", "dask",
        "--workers", "1", "--quiet", "--no-progress"))
    two = repeat("run --engine dask --workers 2", counts[size], lambda a: marsad(
        "run", str(corpora[size]), "--db", str(workdir / f"dask2-{a}.sqlite"), "--engine", "dask",
        "--workers", "2", "--quiet", "--no-progress"))
    print(f"Dask speed-up from 1 to 2 workers: {one.wall / two.wall:.2f}x")


if __name__ == "__main__":
    raise SystemExit(main())
