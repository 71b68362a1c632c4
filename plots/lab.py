#!/usr/bin/env python3
"""Draw plots/lab.png from results/lab.csv: mails per gateway in each lab condition.

Usage: plots/lab.py [results/lab.csv] [plots/lab.png]
"""

import csv
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

TOP = Path(__file__).resolve().parent.parent
CONDITIONS = ["none", "delay-path1", "delay-path2", "ftp-path1", "ftp-path2"]


def main():
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else TOP / "results" / "lab.csv"
    target = Path(sys.argv[2]) if len(sys.argv) > 2 else TOP / "plots" / "lab.png"
    with open(source, newline="") as handle:
        rows = list(csv.DictReader(handle))

    conditions = [c for c in CONDITIONS if any(r["condition"] == c for r in rows)]
    means = {"via_mgw1": [], "via_mgw2": [], "lost": []}
    lows = {key: [] for key in means}
    highs = {key: [] for key in means}
    for condition in conditions:
        group = [r for r in rows if r["condition"] == condition]
        for key in means:
            values = [int(r[key]) for r in group]
            mean = sum(values) / len(values)
            means[key].append(mean)
            lows[key].append(mean - min(values))
            highs[key].append(max(values) - mean)
    seeds = len({r["seed"] for r in rows})
    sent = max(int(r["mails_sent"]) for r in rows)

    fig, ax = plt.subplots(figsize=(9, 5), dpi=120)
    width = 0.27
    positions = range(len(conditions))
    bars = [("via_mgw1", "via MGW1 (path 1)", "#1f77b4", -width),
            ("via_mgw2", "via MGW2 (path 2)", "#ff7f0e", 0.0),
            ("lost", "lost", "#7f7f7f", width)]
    for key, label, color, offset in bars:
        ax.bar([p + offset for p in positions], means[key], width, label=label, color=color,
               yerr=[lows[key], highs[key]], capsize=3)

    ax.set_xticks(list(positions))
    ax.set_xticklabels(conditions)
    ax.set_ylim(0, sent * 1.12)
    ax.set_xlabel("condition")
    ax.set_ylabel("mails received by the inside MTA (of %d sent)" % sent)
    ax.set_title("Laboratory experiment: gateway taken by each mail\n"
                 "mean over %d seeds, bars show min–max" % seeds)
    ax.legend(loc="upper center", ncol=3)
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(target)
    print("wrote", target)


if __name__ == "__main__":
    main()
