#!/usr/bin/env python3
"""Run the paper's experiments in the ns-3 testbed and regenerate results/ and plots/.

Each experiment is a scenario program (built from scenarios/*.cc) run once per condition,
sender and seed. Every run writes one CSV row; this script runs them in parallel, merges
the rows into results/<experiment>.csv, writes the Markdown table results/<experiment>.md,
draws plots/<experiment>.png and records the wall-clock time in results/speed.md.
"""

import argparse
import concurrent.futures
import csv
import os
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TOP = Path(__file__).resolve().parent.parent
# Where tables and plots go; main() points both into the build folder for --quick runs,
# so that a smoke test never overwrites the published results.
RESULTS = TOP / "results"
PLOTS = TOP / "plots"


def source_commit():
    """Returns the git commit of the source tree, with "+changes" if files are modified."""
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=TOP,
                                capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=TOP, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return commit + ("+changes" if dirty.strip() else "")

sys.path.insert(0, str(TOP / "scenarios"))
import experiments  # noqa: E402  (scenarios/experiments.py: what each experiment runs)
import report  # noqa: E402  (scenarios/report.py: the reproduction report)


def run_one(binary, config, run, workdir):
    """Runs one scenario run and returns its CSV row as a dict (raises on failure)."""
    row_file = Path(workdir) / ("row-%d.csv" % run["index"])
    command = [str(binary), "--config=%s" % config, "--row-file=%s" % row_file]
    command += ["--%s=%s" % (key, value) for key, value in run["args"].items()]
    command += ["--set=%s" % item for item in run.get("overrides", [])]
    started = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True, cwd=TOP, check=False)
    elapsed = time.monotonic() - started
    if result.returncode != 0:
        raise RuntimeError(
            "scenario run failed (exit %d): %s\n%s"
            % (result.returncode, shlex.join(command), result.stderr[-3000:])
        )
    with open(row_file, newline="") as handle:
        rows = list(csv.DictReader(handle))
    if len(rows) != 1:
        raise RuntimeError("%s wrote %d rows, expected 1" % (row_file, len(rows)))
    row = rows[0]
    row["wall_seconds"] = "%.2f" % elapsed
    row["overrides"] = " ".join(run.get("overrides", []))
    row["commit"] = run["commit"]
    return row


def write_outputs(name, rows, seeds, quick):
    """Writes the Markdown table and the plot of experiment \\p name from its CSV rows."""
    spec = experiments.EXPERIMENTS[name]
    config = TOP / spec["config"]
    csv_path = RESULTS / ("%s.csv" % name)
    command = "scenarios/reproduce.py --experiment %s --seeds %d%s" % (
        name, seeds, " --quick" if quick else "")
    (RESULTS / ("%s.md" % name)).write_text(spec["report"](rows, command, config))
    plot_script = spec.get("plot", "%s.py" % name)
    subprocess.run([sys.executable, str(TOP / "plots" / plot_script),
                    str(csv_path), str(PLOTS / ("%s.png" % name))], check=True)


def rewrite_outputs(name):
    """Rewrites the table and plot of \\p name from results/<name>.csv, without running."""
    csv_path = RESULTS / ("%s.csv" % name)
    if not csv_path.exists():
        print("[%s] %s not found: run the experiment first" % (name, csv_path), flush=True)
        return
    with open(csv_path, newline="") as handle:
        rows = list(csv.DictReader(handle))
    seeds = len({row["seed"] for row in rows})
    quick = any(int(row["mails_sent"]) < 100 for row in rows)
    write_outputs(name, rows, seeds, quick)


def run_experiment(name, build_dir, jobs, seeds, quick):
    """Runs every run of experiment \\p name and writes its CSV, Markdown and plot."""
    spec = experiments.EXPERIMENTS[name]
    binary = Path(build_dir) / "scenarios" / spec["binary"]
    if not binary.exists():
        sys.exit("reproduce: %s not found: build first (cmake --build %s)" % (binary, build_dir))
    config = TOP / spec["config"]
    runs = spec["runs"](seeds, quick)
    commit = source_commit()
    for index, run in enumerate(runs):
        run["index"] = index
        run["commit"] = commit

    print("[%s] %d runs on %d jobs" % (name, len(runs), jobs), flush=True)
    rows = [None] * len(runs)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="mxrace-%s-" % name) as workdir:
        with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
            futures = {pool.submit(run_one, binary, config, run, workdir): run for run in runs}
            done = 0
            for future in concurrent.futures.as_completed(futures):
                run = futures[future]
                rows[run["index"]] = future.result()
                done += 1
                label = " ".join("%s=%s" % item for item in run["args"].items())
                print("[%s] %3d/%d done: %s" % (name, done, len(runs), label), flush=True)
    elapsed = time.monotonic() - started

    RESULTS.mkdir(parents=True, exist_ok=True)
    PLOTS.mkdir(parents=True, exist_ok=True)
    csv_path = RESULTS / ("%s.csv" % name)
    fields = list(rows[0].keys())
    with open(csv_path, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)

    write_outputs(name, rows, seeds, quick)
    print("[%s] wrote %s, %s.md and %s.png in %.1f s"
          % (name, csv_path, name, name, elapsed), flush=True)
    return elapsed, len(runs), rows


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--experiment", action="append", choices=sorted(experiments.EXPERIMENTS),
                        help="experiment to run (repeatable; default: all)")
    parser.add_argument("--build-dir", default=str(TOP / "build"),
                        help="CMake build directory holding scenarios/ (default: build/)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2,
                        help="runs in parallel (default: number of CPUs)")
    parser.add_argument("--seeds", type=int, default=10,
                        help="seeds per condition (default: 10, the minimum for the tables)")
    parser.add_argument("--quick", action="store_true",
                        help="20 mails per run, for a smoke test; writes into BUILD_DIR/quick/ "
                             "instead of results/ and plots/")
    parser.add_argument("--report-only", action="store_true",
                        help="run nothing: rewrite the tables, plots and report from the CSV "
                             "files already in results/")
    args = parser.parse_args()
    if args.seeds < 1 or args.jobs < 1:
        parser.error("--seeds and --jobs must be at least 1")

    names = args.experiment or experiments.DEFAULT_EXPERIMENTS
    global RESULTS, PLOTS
    if args.quick:
        RESULTS = Path(args.build_dir) / "quick" / "results"
        PLOTS = Path(args.build_dir) / "quick" / "plots"
        print("quick run: writing into %s and %s" % (RESULTS, PLOTS), flush=True)
    if args.report_only:
        for name in names:
            rewrite_outputs(name)
        report.write(RESULTS)
        print("wrote %s/README.md (reproduction report)" % RESULTS, flush=True)
        return
    speed = []
    for name in names:
        elapsed, count, rows = run_experiment(name, args.build_dir, args.jobs, args.seeds,
                                              args.quick)
        events = sum(float(row.get("events", 0) or 0) for row in rows)
        busy = sum(float(row["wall_seconds"]) for row in rows)
        speed.append((name, count, elapsed, events, busy, rows[0]["commit"]))
    experiments.write_speed(RESULTS / "speed.md", speed, args.jobs)
    report.write(RESULTS)
    print("wrote %s/README.md (reproduction report)" % RESULTS, flush=True)


if __name__ == "__main__":
    main()
