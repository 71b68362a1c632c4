#!/usr/bin/env python3
"""Reassemble the rewriter's fragments with scapy and verify the answer they carry.

Runs the GoogleTest AnswerRewriter.RewritesFragments with MXRACE_FRAGMENT_OUTPUT set, so
that it writes each fragment after the rewriter, in hex, one per line. Then scapy's
defragment() must rebuild one datagram from them: source the proxy, IPv4 and UDP
checksums as scapy computes them, and the payload of the original answer.

Usage: check-defragment.py TEST-BINARY VECTORS-FILE
Exits with status 0 if all checks pass, 1 with a message on the first that fails.
"""

import os
import subprocess
import sys
import tempfile

from scapy.all import IP, UDP, defragment  # pylint: disable=no-name-in-module


def read_vectors(path):
    vectors = {}
    with open(path, encoding="ascii") as lines:
        for line in lines:
            if line.startswith("#") or not line.strip():
                continue
            name, data_in, expected = line.split()
            vectors[name] = (
                b"" if data_in == "-" else bytes.fromhex(data_in),
                b"" if expected == "-" else bytes.fromhex(expected),
            )
    return vectors


def address(data):
    return ".".join(str(byte) for byte in data)


def fail(message):
    print("check-defragment: " + message, file=sys.stderr)
    sys.exit(1)


def run_rewriter_test(binary):
    """Return the rewritten fragments that the test wrote."""
    with tempfile.TemporaryDirectory() as directory:
        output_path = os.path.join(directory, "fragments.hex")
        environment = dict(os.environ, MXRACE_FRAGMENT_OUTPUT=output_path)
        completed = subprocess.run(
            [binary, "--gtest_filter=AnswerRewriter.RewritesFragments"],
            env=environment, capture_output=True, text=True, timeout=60, check=False)
        if completed.returncode != 0:
            fail("AnswerRewriter.RewritesFragments failed:\n" + completed.stdout + completed.stderr)
        if not os.path.exists(output_path):
            fail(f"the test wrote no fragments to {output_path}")
        with open(output_path, encoding="ascii") as lines:
            return [bytes.fromhex(line.strip()) for line in lines if line.strip()]


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: check-defragment.py TEST-BINARY VECTORS-FILE")
    vectors = read_vectors(sys.argv[2])
    proxy = address(vectors["param.proxy"][0])
    client = address(vectors["param.client"][0])
    fragment_count = int.from_bytes(vectors["param.frag-count"][0], "big")
    original_payload = vectors["rw.frag-whole-payload"][1]

    fragments = run_rewriter_test(sys.argv[1])
    if len(fragments) != fragment_count:
        fail(f"expected {fragment_count} fragments, the test wrote {len(fragments)}")

    # Check each fragment's IPv4 header checksum against the one scapy computes afresh.
    for index, data in enumerate(fragments):
        packet = IP(data)
        stored = packet.chksum
        del packet.chksum
        if IP(bytes(packet)).chksum != stored:
            fail(f"fragment {index}: IPv4 header checksum 0x{stored:04x} is wrong")
        if packet.src != proxy:
            fail(f"fragment {index}: source {packet.src}, expected the proxy {proxy}")

    reassembled = defragment([IP(data) for data in fragments])
    if len(reassembled) != 1:
        fail(f"defragment() returned {len(reassembled)} packets, expected 1")
    answer = IP(bytes(reassembled[0]))
    if answer.flags.MF or answer.frag != 0:
        fail("defragment() left a fragment: a fragment is missing or overlaps")
    if UDP not in answer:
        fail("the reassembled datagram carries no UDP")
    if answer.src != proxy or answer.dst != client:
        fail(f"reassembled {answer.src} -> {answer.dst}, expected {proxy} -> {client}")
    if answer[UDP].sport != 53:
        fail(f"reassembled source port {answer[UDP].sport}, expected 53")

    # Compare the UDP checksum that the rewriter updated with scapy's over the whole datagram.
    stored = answer[UDP].chksum
    recomputed = IP(bytes(answer))
    del recomputed[UDP].chksum
    expected = IP(bytes(recomputed))[UDP].chksum
    if stored != expected:
        fail(f"reassembled UDP checksum 0x{stored:04x}, scapy computes 0x{expected:04x}")
    if bytes(answer[UDP].payload) != original_payload:
        fail("the reassembled payload differs from the original answer")
    print(f"check-defragment: {fragment_count} fragments reassembled to {proxy} -> {client}, "
          f"UDP checksum 0x{stored:04x} verified")


if __name__ == "__main__":
    main()
