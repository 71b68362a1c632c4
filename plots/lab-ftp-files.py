#!/usr/bin/env python3
"""Draw plots/lab-ftp-files.png from results/lab-ftp-files.csv: the idle path's share of
the mail against the size of the FTP files (transfers with pauses between files).

Usage: plots/lab-ftp-files.py [results/lab-ftp-files.csv] [plots/lab-ftp-files.png]
"""

import csv
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

TOP = Path(__file__).resolve().parent.parent


def idle_share(row):
    idle = row["via_mgw2"] if row["condition"] == "ftp-path1" else row["via_mgw1"]
    return 100.0 * int(idle) / int(row["mails_sent"])


def main():
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else TOP / "results" / "lab-ftp-files.csv"
    target = Path(sys.argv[2]) if len(sys.argv) > 2 else TOP / "plots" / "lab-ftp-files.png"
    with open(source, newline="") as handle:
        rows = list(csv.DictReader(handle))

    sizes = sorted({int(r["ftp_file_bytes"]) for r in rows}, key=lambda s: (s == 0, s))
    labels, means, lows, highs = [], [], [], []
    for size in sizes:
        shares = [idle_share(r) for r in rows if int(r["ftp_file_bytes"]) == size]
        mean = sum(shares) / len(shares)
        labels.append("continuous" if size == 0 else "%g MB" % (size / 1e6))
        means.append(mean)
        lows.append(mean - min(shares))
        highs.append(max(shares) - mean)
    seeds = len({r["seed"] for r in rows})

    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=120)
    ax.bar(range(len(sizes)), means, 0.6, yerr=[lows, highs], capsize=4, color="#17becf",
           label="mails via the path without FTP (mean, min–max over runs)")
    ax.axhline(90, color="gray", linestyle=":", label="about 90 % (reported for the original)")
    ax.set_xticks(range(len(sizes)))
    ax.set_xticklabels(labels)
    ax.set_ylim(0, 128)
    ax.set_xlabel("FTP file size (files one after another, exponential pauses between them)")
    ax.set_ylabel("share of mails via the idle path (%)")
    ax.set_title("Laboratory experiment: FTP load as files with pauses\n"
                 "ftp-path1 and ftp-path2, %d seeds each" % seeds)
    ax.legend(loc="upper left")
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(target)
    print("wrote", target)


if __name__ == "__main__":
    main()
