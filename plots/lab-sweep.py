#!/usr/bin/env python3
"""Draw plots/lab-sweep.png from results/lab-sweep.csv: MGW1's share against path 1's delay.

Usage: plots/lab-sweep.py [results/lab-sweep.csv] [plots/lab-sweep.png]
"""

import csv
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

TOP = Path(__file__).resolve().parent.parent


def main():
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else TOP / "results" / "lab-sweep.csv"
    target = Path(sys.argv[2]) if len(sys.argv) > 2 else TOP / "plots" / "lab-sweep.png"
    with open(source, newline="") as handle:
        rows = list(csv.DictReader(handle))

    delays = sorted({float(r["added_delay_ms"]) for r in rows})
    means, lows, highs = [], [], []
    for delay in delays:
        shares = [100.0 * int(r["via_mgw1"]) / int(r["mails_sent"])
                  for r in rows if float(r["added_delay_ms"]) == delay]
        mean = sum(shares) / len(shares)
        means.append(mean)
        lows.append(mean - min(shares))
        highs.append(max(shares) - mean)
    seeds = len({r["seed"] for r in rows})

    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=120)
    ax.errorbar(delays, means, yerr=[lows, highs], marker="o", capsize=3,
                label="mails via MGW1 (mean, min–max over %d seeds)" % seeds)
    ax.axhline(50, color="gray", linestyle=":", label="equal shares")
    ax.set_xscale("symlog", linthresh=0.01)
    ax.set_ylim(-3, 103)
    ax.set_xlim(left=-0.002, right=max(delays) * 1.6)
    ax.set_xlabel("delay added to DNS1's answers on path 1 (ms, symmetric log scale)")
    ax.set_ylabel("share of mails via MGW1 (%)")
    ax.set_title("Laboratory experiment: how much delay moves the mail off path 1")
    ax.legend(loc="upper right")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(target)
    print("wrote", target)


if __name__ == "__main__":
    main()
