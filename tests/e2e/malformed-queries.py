#!/usr/bin/env python3
"""Send malformed DNS datagrams to mxrace-proxy, then check its drop counters.

`send` sends every case of the table below once, from one UDP socket. `check` compares two
statistics files of the proxy ("name value" lines), written before and after `send`. It
fails unless each drop counter moved by exactly the number of cases expected to land in it,
no other drop counter moved, and the received counter moved by the number of datagrams.
"""

import argparse
import socket
import struct
import sys

ZONE = "mxrace.example"
TYPE_MX = 15
CLASS_IN = 1


def wire_name(text):
    """Return a presentation-format name in DNS wire format."""
    labels = [label.encode("ascii") for label in text.rstrip(".").split(".") if label]
    return b"".join(bytes([len(label)]) + label for label in labels) + b"\x00"


def header(message_id=0x1234, flags=0x0100, qdcount=1):
    """Return a DNS header: ID, flags (RD set by default), QDCOUNT, and zero other counts."""
    return struct.pack("!HHHHHH", message_id, flags, qdcount, 0, 0, 0)


def question(name=ZONE, qtype=TYPE_MX):
    """Return a question section for name, class IN."""
    return wire_name(name) + struct.pack("!HH", qtype, CLASS_IN)


VALID_QUERY = header() + question()

# (description, datagram payload, drop reason named as in core::ToString(DropReason)).
CASES = [
    ("empty datagram", b"", "dns-too-short"),
    ("header cut after 7 bytes", VALID_QUERY[:7], "dns-too-short"),
    # Flags 0x5420 ("T "): QR clear, opcode 10.
    ("not DNS: an HTTP request", b"GET / HTTP/1.0\r\n\r\n", "dns-bad-opcode"),
    ("opcode NOTIFY", header(flags=4 << 11) + question(), "dns-bad-opcode"),
    ("response (QR set)", header(flags=0x8180) + question(), "dns-not-query"),
    ("two questions", header(qdcount=2) + question() + question(), "dns-bad-question-count"),
    ("no question", header(qdcount=0), "dns-bad-question-count"),
    ("label of 64 bytes", header() + b"\x40" + b"a" * 64 + b"\x00" + b"\x00\x0f\x00\x01",
     "dns-bad-name"),
    ("compression pointer in the question", header() + b"\xc0\x0c\x00\x0f\x00\x01",
     "dns-bad-name"),
    ("name cut inside a label", header() + b"\x06mxrace\x07exam", "dns-bad-name"),
    ("name over 255 bytes",
     header() + (b"\x3f" + b"a" * 63) * 4 + b"\x00" + b"\x00\x0f\x00\x01", "dns-bad-name"),
    ("question without QTYPE and QCLASS", header() + wire_name(ZONE), "dns-question-truncated"),
    ("name outside the served zone", header() + question("mxrace.invalid"), "zone-not-served"),
]


def send(options):
    """Send every case to the proxy."""
    sender = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for description, payload, reason in CASES:
        sender.sendto(payload, (options.server, options.port))
        print(f"sent {len(payload):3d} bytes: {description} (expected drop: {reason})")
    return 0


def read_stats(path):
    """Return the counters of a statistics file as a name -> value dictionary."""
    counters = {}
    with open(path, encoding="ascii") as stats:
        for number, line in enumerate(stats, start=1):
            fields = line.split()
            if not fields:
                continue
            if len(fields) != 2 or not fields[1].isdigit():
                raise ValueError(f"{path}:{number}: expected 'name value', got {line!r}")
            counters[fields[0]] = int(fields[1])
    return counters


def check(options):
    """Compare the counter deltas with the table and return 0 if every one matches."""
    before = read_stats(options.before)
    after = read_stats(options.after)
    prefix = options.drop_prefix + "."

    expected = {}
    for _, _, reason in CASES:
        expected[prefix + reason] = expected.get(prefix + reason, 0) + 1
    expected[options.received_counter] = len(CASES)

    failures = 0
    for name, value in sorted(expected.items()):
        delta = after.get(name, 0) - before.get(name, 0)
        if name not in after:
            print(f"FAIL: counter '{name}' is missing from {options.after}")
            failures += 1
        elif delta != value:
            print(f"FAIL: counter '{name}' moved by {delta}, expected {value}")
            failures += 1
        else:
            print(f"ok:   counter '{name}' moved by {delta}")

    # Every other drop counter must stay where it was.
    for name in sorted(after):
        if name.startswith(prefix) and name not in expected:
            delta = after[name] - before.get(name, 0)
            if delta != 0:
                print(f"FAIL: counter '{name}' moved by {delta}, expected 0")
                failures += 1
    return 1 if failures else 0


def main():
    """Run the subcommand given on the command line."""
    parser = argparse.ArgumentParser(description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    send_parser = commands.add_parser("send", help="send the malformed datagrams")
    send_parser.add_argument("--server", required=True, help="proxy address")
    send_parser.add_argument("--port", type=int, default=53, help="proxy port (default 53)")

    check_parser = commands.add_parser("check", help="compare two statistics files")
    check_parser.add_argument("--before", required=True, help="statistics file before sending")
    check_parser.add_argument("--after", required=True, help="statistics file after sending")
    check_parser.add_argument("--drop-prefix", default="dropped",
                              help="prefix of the per-reason drop counters (default dropped)")
    check_parser.add_argument("--received-counter", default="received",
                              help="name of the received-datagram counter (default received)")

    options = parser.parse_args()
    if options.command == "send":
        return send(options)
    return check(options)


if __name__ == "__main__":
    sys.exit(main())
