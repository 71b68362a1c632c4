#!/usr/bin/env python3
"""Draw plots/misasa.png from results/misasa.csv: the route each sender's mail took.

Usage: plots/misasa.py [results/misasa.csv] [plots/misasa.png]
One panel per sender; bars per condition show mails via Tottori and via OKIX.
"""

import csv
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

TOP = Path(__file__).resolve().parent.parent
SENDERS = [("tsushima", "Sender: Tsushima campus (Okayama U)"),
           ("osaka", "Sender: Osaka University")]
CONDITIONS = ["normal", "load-tottori", "load-okix"]


def summarise(rows, key):
    values = [int(r[key]) for r in rows]
    mean = sum(values) / len(values)
    return mean, mean - min(values), max(values) - mean


def main():
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else TOP / "results" / "misasa.csv"
    target = Path(sys.argv[2]) if len(sys.argv) > 2 else TOP / "plots" / "misasa.png"
    with open(source, newline="") as handle:
        rows = list(csv.DictReader(handle))
    seeds = len({r["seed"] for r in rows})
    sent = max(int(r["mails_sent"]) for r in rows)
    duplex = "full-duplex" if "full-duplex" in source.name else "half-duplex"

    fig, axes = plt.subplots(1, 2, figsize=(11, 4.8), dpi=120, sharey=True)
    width = 0.38
    for ax, (sender, title) in zip(axes, SENDERS):
        conditions = [c for c in CONDITIONS
                      if any(r["sender"] == sender and r["condition"] == c for r in rows)]
        for offset, key, label, color in [(-width / 2, "via_tottori", "via Tottori", "#2ca02c"),
                                          (width / 2, "via_okix", "via OKIX", "#9467bd")]:
            stats = [summarise([r for r in rows if r["sender"] == sender
                                and r["condition"] == c], key) for c in conditions]
            ax.bar([i + offset for i in range(len(conditions))], [s[0] for s in stats], width,
                   yerr=[[s[1] for s in stats], [s[2] for s in stats]], capsize=3,
                   label=label, color=color)
        ax.set_xticks(range(len(conditions)))
        ax.set_xticklabels(conditions)
        ax.set_title(title)
        ax.set_xlabel("condition")
        ax.grid(axis="y", alpha=0.3)
        ax.set_ylim(0, sent * 1.12)
    axes[0].set_ylabel("mails received at Misasa (of %d sent)" % sent)
    axes[0].legend(loc="upper center", ncol=2)
    fig.suptitle("Misasa experiment: route taken by each mail (%s server ports)\n"
                 "mean over %d seeds, bars show min–max" % (duplex, seeds))
    fig.tight_layout()
    fig.savefig(target)
    print("wrote", target)


if __name__ == "__main__":
    main()
