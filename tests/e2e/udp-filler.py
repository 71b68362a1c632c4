#!/usr/bin/env python3
"""Send paced UDP filler traffic to one address for a bounded time.

The end-to-end tests congest a backbone with it: the filler crosses the backbone's rate
limit at a higher rate, so the queue in front of the link stays full. The sender stops
after --seconds or after the number of packets that the rate allows in that time,
whichever comes first, and reports what it sent on its last output line.
"""

import argparse
import errno
import signal
import socket
import sys
import time


def parse_arguments():
    """Return the command line options."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--destination", required=True, help="IPv4 address to send to")
    parser.add_argument("--port", type=int, default=9, help="UDP port (default 9, discard)")
    parser.add_argument("--rate-kbit", type=int, required=True,
                        help="sending rate in kbit/s of UDP payload")
    parser.add_argument("--seconds", type=float, required=True,
                        help="how long to send, in seconds (at most 60)")
    parser.add_argument("--size", type=int, default=1200,
                        help="UDP payload bytes per packet (default 1200)")
    options = parser.parse_args()
    if not 0 < options.seconds <= 60:
        parser.error(f"--seconds must be in (0, 60], got {options.seconds}")
    if options.rate_kbit <= 0:
        parser.error(f"--rate-kbit must be positive, got {options.rate_kbit}")
    if not 1 <= options.size <= 1472:
        parser.error(f"--size must be in [1, 1472] to fit one Ethernet frame, got {options.size}")
    return options


def main():
    """Send the filler and print the packet count."""
    options = parse_arguments()
    packets_per_second = options.rate_kbit * 1000 / 8 / options.size
    max_packets = int(packets_per_second * options.seconds) + 1
    payload = bytes(options.size)

    # SIGTERM ends the loop instead of the process, so the report is still printed.
    stop_requested = []
    signal.signal(signal.SIGTERM, lambda signum, frame: stop_requested.append(signum))

    sender = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    start = time.monotonic()
    deadline = start + options.seconds
    sent = 0
    rejected = 0
    while sent + rejected < max_packets and not stop_requested:
        now = time.monotonic()
        if now >= deadline:
            break

        # Pace the packets: sleep until the next one is due, and catch up without sleeping
        # when behind.
        due = start + (sent + rejected) / packets_per_second
        if due > now:
            time.sleep(min(due - now, deadline - now))
            continue
        try:
            sender.sendto(payload, (options.destination, options.port))
            sent += 1
        except OSError as error:
            # A full queue or a link that went down loses this packet; the filler goes on.
            if error.errno not in (errno.ENOBUFS, errno.ENETDOWN, errno.ENETUNREACH,
                                   errno.EHOSTUNREACH, errno.ECONNREFUSED):
                raise
            rejected += 1

    elapsed = time.monotonic() - start
    print(f"udp-filler: sent {sent} packets of {options.size} bytes in {elapsed:.1f} s, "
          f"{rejected} rejected by the local stack")
    return 0


if __name__ == "__main__":
    sys.exit(main())
