"""Write results/README.md: each finding of the paper beside the simulated result.

Reads the CSV files that scenarios/reproduce.py wrote and decides each verdict from them
with the rules stated next to each finding, so that the report changes when the results
do. Findings whose CSV file is missing are listed as not run.
"""

import csv
from pathlib import Path


def _read(results, name):
    path = Path(results) / ("%s.csv" % name)
    if not path.exists():
        return None
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


def _share(rows, key, **match):
    """Percentage of mails_sent that went to column \\p key, over rows matching \\p match."""
    chosen = [r for r in rows if all(r[k] == v for k, v in match.items())]
    sent = sum(int(r["mails_sent"]) for r in chosen)
    return (100.0 * sum(int(r[key]) for r in chosen) / sent) if sent else None, len(chosen)


def _all_or_most(share):
    """Verdict for a finding of "all mails": 100 % reproduces it, 90 % or more partly."""
    if share == 100:
        return "reproduced"
    return "partly" if share >= 90 else "not reproduced"


def _lost(rows):
    return sum(int(r["lost"]) for r in rows)


def _ftp_files_detail(ftp_files):
    """Describes the idle path's share per FTP file size, or "" without that experiment."""
    if ftp_files is None:
        return ""
    parts = []
    for size in sorted({int(r["ftp_file_bytes"]) for r in ftp_files}):
        chosen = [r for r in ftp_files if int(r["ftp_file_bytes"]) == size]
        sent = sum(int(r["mails_sent"]) for r in chosen)
        idle = sum(int(r["via_mgw2"] if r["condition"] == "ftp-path1" else r["via_mgw1"])
                   for r in chosen)
        label = "continuous" if size == 0 else "%g MB files" % (size / 1e6)
        parts.append("%s %.1f %%" % (label, 100.0 * idle / sent))
    return (" With transfers as files with pauses (results/lab-ftp-files.md) the idle "
            "path takes: " + ", ".join(parts) + ".")


def _lab_findings(lab, sweep, ftp_files=None):
    findings = []
    if lab is None:
        return [("Laboratory experiment", "not run", "-", "results/lab.csv is missing.")]

    mgw1, runs = _share(lab, "via_mgw1", condition="none")
    verdict = "reproduced" if 30 <= mgw1 <= 70 else "not reproduced"
    findings.append((
        "No condition: both gateways used in about equal shares",
        verdict, "MGW1 %.0f %%, MGW2 %.0f %% (%d runs)" % (mgw1, 100 - mgw1, runs),
        "Rule: each gateway between 30 % and 70 %. The paths are identical, so the race is "
        "decided by the DNS servers' random processing times."))

    d1, runs1 = _share(lab, "via_mgw2", condition="delay-path1")
    d2, runs2 = _share(lab, "via_mgw1", condition="delay-path2")
    verdict = "reproduced" if d1 == 100 and d2 == 100 else "not reproduced"
    findings.append((
        "2 s delay on one path: the other path chosen every time",
        verdict, "%.0f %% and %.0f %% via the undelayed path (%d runs)" % (d1, d2, runs1 + runs2),
        "Rule: 100 % in both delay conditions. A 2 s delay on the answers (a Dummynet pipe "
        "in the original) is far longer than any difference between the paths."))

    if sweep is not None:
        delays = sorted({float(r["added_delay_ms"]) for r in sweep})
        moved = [d for d in delays
                 if _share(sweep, "via_mgw2", added_delay_ms=_fmt(sweep, d))[0] == 100]
        smallest = min(moved) if moved else None
        verdict = "reproduced" if smallest is not None else "not reproduced"
        findings.append((
            "Different delays: the lower-delay path preferred",
            verdict,
            ("all mail via MGW2 with %g ms or more of extra delay on path 1" % smallest)
            if smallest is not None else "no swept delay moved all mail",
            "Rule: some swept delay sends all mail to the other path. The threshold is set "
            "by the spread of the DNS servers' processing times (50-150 us, an assumption), "
            "so any delay above it decides the race; see results/lab-sweep.md."))

    f1, runs1 = _share(lab, "via_mgw2", condition="ftp-path1")
    f2, runs2 = _share(lab, "via_mgw1", condition="ftp-path2")
    idle = (f1 + f2) / 2
    if idle >= 50 and abs(idle - 90) <= 5:
        verdict = "reproduced"
    elif idle >= 50:
        verdict = "partly"
    else:
        verdict = "not reproduced"
    findings.append((
        "FTP traffic on one path: the path with less traffic preferred in most cases "
        "(about 90 % in the 2008 talk)",
        verdict, "%.1f %% via the idle path (%d runs)" % (idle, runs1 + runs2),
        "Rule: reproduced if the idle path takes most mail and within 5 points of 90 %, "
        "partly if it takes most mail. Continuous greedy TCP transfers keep the drop-tail "
        "queue of the loaded path nearly full, so an answer on it almost never wins; the "
        "original FTP traffic's volume, timing and direction are not known, and "
        "transfers with pauses let more answers through." + _ftp_files_detail(ftp_files)))

    if _lost(lab):
        findings.append(("Nothing lost", "not reproduced", "%d mails lost" % _lost(lab), ""))
    return findings


def _fmt(rows, value):
    """Returns the added_delay_ms text of \\p rows that equals \\p value."""
    for row in rows:
        if float(row["added_delay_ms"]) == value:
            return row["added_delay_ms"]
    return str(value)


def _misasa_findings(misasa, full_duplex):
    if misasa is None:
        return [("Misasa experiment", "not run", "-", "results/misasa.csv is missing.")]
    findings = []

    share, runs = _share(misasa, "via_okix", sender="tsushima", condition="normal")
    findings.append((
        "Tsushima sender, normal state: all 100 mails via OKIX",
        _all_or_most(share),
        "%.1f %% via OKIX (%d runs)" % (share, runs),
        "Rule: 100 % reproduces, 90 % or more partly. Tsushima sits on the OKIX route: its "
        "answers via OKIX travel about 1 ms, via Tottori about 2.8 ms "
        "(scenarios/misasa/network.md)."))

    share, runs = _share(misasa, "via_tottori", sender="osaka", condition="normal")
    findings.append((
        "Osaka sender, normal state: all 100 mails via Tottori",
        _all_or_most(share) + ", given the assumed OKIX line via Tottori",
        "%.1f %% via Tottori (%d runs)" % (share, runs),
        "Rule: 100 % reproduces, 90 % or more partly. Tottori wins for Osaka by only about "
        "0.25 ms, and only with the OKIX access line routed through Tottori (an assumption "
        "of network.md, section 6); with a direct Misasa-Okayama line OKIX would win. An "
        "answer that waits behind background frames on a half-duplex server port can lose "
        "that margin."))

    parts = []
    partial_everywhere = True
    for condition, sender, key in [("load-tottori", "osaka", "via_okix"),
                                   ("load-okix", "tsushima", "via_tottori")]:
        share, runs = _share(misasa, key, sender=sender, condition=condition)
        parts.append("%s: %.1f %% of %s's mail moved (%d runs)" % (condition, share, sender, runs))
        partial_everywhere = partial_everywhere and 5 <= share < 100
    detail = "; ".join(parts)
    if full_duplex is not None:
        fd = []
        for condition, sender, key in [("load-tottori", "osaka", "via_okix"),
                                       ("load-okix", "tsushima", "via_tottori")]:
            share, runs = _share(full_duplex, key, sender=sender, condition=condition)
            fd.append("%s %.1f %%" % (condition, share))
        detail += ". With full-duplex server ports: " + ", ".join(fd)
    findings.append((
        "Load on a route: part of the mail moved to the other route",
        "partly, with half-duplex server ports (an assumption)" if partial_everywhere
        else "not reproduced",
        detail,
        "Rule: partly when, in each load condition, the sender whose usual route is loaded "
        "has between 5 % and 100 % (exclusive) of its mail moved; the paper gives no counts, so "
        "no closer comparison is possible. The load flows towards Misasa and the answers "
        "away from it, so the load can only delay answers where both directions share a "
        "medium: the model's half-duplex server ports, an assumption. A sender whose "
        "usual route is the unloaded one keeps it."))

    if _lost(misasa):
        findings.append(("Nothing lost", "not reproduced", "%d mails lost" % _lost(misasa), ""))
    return findings


LIMITS = """## Scope and limits of the models

- The DNS servers model an authoritative server that answers from memory after a random
  processing time (uniform, 50-150 us, an assumption). They do not queue under load.
- The resolver forwards to one upstream (the proxy's address), retries on time-out and
  keeps the first matching answer (RFC 5452). It does not iterate from the root, and it
  does not retry over TCP after a truncated answer.
- SMTP: full dialogue over ns-3 TCP; the servers reply at once, without processing time.
- Links are point-to-point with drop-tail queues (no AQM), as routers of 2007 had; ns-3's
  default FqCoDel queue discs are removed. The Misasa server's two ports are half-duplex
  Ethernet segments (ns-3's CSMA model) unless `server-port.duplex = full`.
- The laboratory's link rates, message size, FTP volume and direction are not in the
  paper and are assumptions, marked in scenarios/lab/lab.conf. The Misasa topology, rates
  and delays come from public sources or are marked assumptions in
  scenarios/misasa/network.md and misasa.conf.
- The Misasa load conditions rely on half-duplex server ports (an assumption) for the
  load to reach the answers at all; results/misasa-full-duplex.md, where present, shows
  the full-duplex model.
- Background traffic at Misasa is on/off UDP at an assumed 5 Mb/s each way on each route.
"""


def write(results):
    """Writes results/README.md from the CSV files in \\p results."""
    results = Path(results)
    lab = _read(results, "lab")
    sweep = _read(results, "lab-sweep")
    ftp_files = _read(results, "lab-ftp-files")
    misasa = _read(results, "misasa")
    full_duplex = _read(results, "misasa-full-duplex")

    lines = [
        "# Reproduction report",
        "",
        "Generated by `scenarios/reproduce.py` from the CSV files in this folder; each "
        "verdict follows the rule given with it. The tables: [lab.md](lab.md), "
        "[lab-sweep.md](lab-sweep.md), [lab-ftp-files.md](lab-ftp-files.md), "
        "[misasa.md](misasa.md), [misasa-full-duplex.md](misasa-full-duplex.md); timings: "
        "[speed.md](speed.md). The paper's findings are restated in English from its text "
        "(its tables of counts are not in the text).",
        "",
        "| finding of the paper | verdict | simulated | why |",
        "|---|---|---|---|",
    ]
    for finding, verdict, simulated, why in (_lab_findings(lab, sweep, ftp_files) +
                                             _misasa_findings(misasa, full_duplex)):
        lines.append("| %s | **%s** | %s | %s |" % (finding, verdict, simulated, why))
    lines += ["", LIMITS]
    (results / "README.md").write_text("\n".join(lines))
