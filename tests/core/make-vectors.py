#!/usr/bin/env python3
"""Write the core unit tests' expected checksums and datagrams, built with scapy.

The tests compare what daemon/core computes against these vectors, so every checksum in
them must come from scapy, not from the code under test: the script leaves each `chksum`
field to scapy unless a case needs a specific wrong or zero value.

Output: one vector per line, "NAME INPUT EXPECTED", both as lower-case hex, "-" for none.
Lines starting with "#" are comments. What INPUT and EXPECTED mean depends on the name's
family, which the comment above each family below describes. Names starting with
"param." carry the address plan (4-byte addresses, 2-byte ports) that the tests share
with this script.

Usage: make-vectors.py OUTPUT-FILE
"""

import random
import sys

from scapy.all import (  # pylint: disable=no-name-in-module
    DNS,
    DNSQR,
    DNSRR,
    ICMP,
    IP,
    TCP,
    UDP,
    IPOption_NOP,
    IPOption_RR,
    Raw,
    fragment,
)
from scapy.utils import checksum

# Address plan. Two proxy addresses (one route each) with two DNS servers per route.
CLIENT = "198.51.100.7"
CLIENT_PORT = 40000
PROXY = "192.0.2.53"
PROXY2 = "192.0.2.153"
DNS1 = "203.0.113.1"
DNS2 = "198.18.0.1"
DNS1_R2 = "203.0.113.2"
DNS2_R2 = "198.18.0.2"
OTHER_HOST = "198.51.100.99"
DNS_PORT = 53
BUILD_ID = 0x1234
BUILD_TTL = 64
FRAGMENT_ID = 0x4242
RING_FIRST_ID = 0x5000
RING_FIRST_COUNT = 65


class VectorWriter:
    """Collects vectors and rejects a name used twice."""

    def __init__(self):
        self.lines = []
        self.names = set()

    def comment(self, text):
        self.lines.append("# " + text)

    def add(self, name, data_in=None, expected=None):
        if name in self.names or " " in name:
            raise ValueError(f"vector name {name!r} is used twice or contains a space")
        self.names.add(name)
        self.lines.append(f"{name} {hex_or_dash(data_in)} {hex_or_dash(expected)}")

    def write(self, path):
        with open(path, "w", encoding="ascii") as output:
            output.write("\n".join(self.lines) + "\n")


def hex_or_dash(data):
    if data is None or len(data) == 0:
        return "-"
    return bytes(data).hex()


def address_bytes(text):
    return bytes(int(field) for field in text.split("."))


def udp_checksum_of(datagram):
    """Return the UDP checksum field that scapy wrote into a datagram."""
    return IP(datagram)[UDP].chksum


def solve_zero_checksum(build):
    """Return the datagram build(word) whose UDP checksum computes to 0 (sent as 0xFFFF).

    build(word) must place the 16-bit word at an even offset of the UDP segment, so that
    changing it changes the one's-complement sum by exactly the word. With word 0 the
    segment sums to S (scapy writes ~S). The sum becomes 0xFFFF (checksum 0) when the
    word is 0xFFFF - S. Scapy's result confirms it.
    """
    base = udp_checksum_of(bytes(build(0)))
    partial_sum = (~base) & 0xFFFF
    word = (0xFFFF - partial_sum) & 0xFFFF
    datagram = bytes(build(word))
    if udp_checksum_of(datagram) != 0xFFFF:
        raise RuntimeError("could not construct a datagram whose UDP checksum computes to 0")
    return datagram


def dns_query(name, qtype="MX", query_id=0x2B67):
    return bytes(DNS(id=query_id, rd=1, qd=DNSQR(qname=name, qtype=qtype)))


def dns_answer(query_id, size_hint=0):
    """Return an MX answer; size_hint adds TXT records to reach a size that fragments."""
    answers = DNSRR(rrname="example.org", type="MX", ttl=0, rdata=b"\x00\x0a\x04mgw1\xc0\x0c")
    count = 1
    while size_hint > 0:
        answers = answers / DNSRR(rrname="example.org", type="TXT", ttl=0, rdata=b"x" * 200)
        count += 1
        size_hint -= 212
    return bytes(
        DNS(id=query_id, qr=1, aa=1, rd=1, qd=DNSQR(qname="example.org", qtype="MX"),
            ancount=count, an=answers)
    )


def add_params(writer):
    writer.comment("param.*: the address plan; INPUT is the address or port, big-endian.")
    for name, address in [
        ("client", CLIENT), ("proxy", PROXY), ("proxy2", PROXY2), ("dns1", DNS1),
        ("dns2", DNS2), ("dns1-r2", DNS1_R2), ("dns2-r2", DNS2_R2), ("other-host", OTHER_HOST),
    ]:
        writer.add("param." + name, address_bytes(address))
    for name, value in [
        ("client-port", CLIENT_PORT), ("build-id", BUILD_ID), ("build-ttl", BUILD_TTL),
        ("fragment-id", FRAGMENT_ID), ("ring-first-id", RING_FIRST_ID),
        ("ring-first-count", RING_FIRST_COUNT),
    ]:
        writer.add("param." + name, value.to_bytes(2, "big"))


def add_checksum_vectors(writer, rng):
    writer.comment("checksum.bytes-*: INPUT bytes, EXPECTED their RFC 1071 checksum (2 bytes).")
    cases = {
        "empty": b"",
        "one-byte": b"\x01",
        "three-bytes": b"\xab\xcd\xef",
        "all-ones": b"\xff\xff",
        "zeros": b"\x00\x00\x00\x00",
        "ip-header": bytes(IP(src=DNS1, dst=CLIENT, id=7, chksum=0))[:20],
        "random-odd-1501": bytes(rng.getrandbits(8) for _ in range(1501)),
        # 0xFF bytes make the sum exceed 32 bits, which the running sum must fold.
        "ones-140001": b"\xff" * 140001,
    }
    for name, data in cases.items():
        writer.add("checksum.bytes-" + name, data, checksum(data).to_bytes(2, "big"))

    writer.comment("checksum.udp-*: INPUT a datagram, EXPECTED the UDP checksum scapy wrote.")
    to_dns1 = IP(src=CLIENT, dst=DNS1) / UDP(sport=CLIENT_PORT, dport=53)
    udp_cases = {
        "even": bytes(to_dns1 / Raw(b"0123456789")),
        "odd": bytes(to_dns1 / Raw(b"abcdefg")),
        "empty": bytes(to_dns1),
        "zero-result": solve_zero_checksum(
            lambda word: to_dns1 / Raw(word.to_bytes(2, "big") + b"pad")),
    }
    for name, datagram in udp_cases.items():
        writer.add("checksum.udp-" + name, datagram, udp_checksum_of(datagram).to_bytes(2, "big"))

    writer.comment("checksum.update-*: INPUT a datagram from one source, EXPECTED the same "
                   "datagram from another source; both checksums by scapy.")
    pairs = [
        ("server-to-proxy", DNS1, PROXY),
        ("all-ones-to-zero", "255.255.255.255", "0.0.0.0"),
        ("zero-to-all-ones", "0.0.0.0", "255.255.255.255"),
        ("same", DNS1, DNS1),
        ("random", "10.20.30.40", "172.16.99.201"),
    ]
    for name, old, new in pairs:
        def build(source):
            return bytes(IP(src=source, dst=CLIENT, id=99) / UDP(sport=53, dport=CLIENT_PORT)
                         / Raw(b"answer"))

        before, after = build(old), build(new)
        # The update function has no 0 -> 0xFFFF step; the rewriter tests cover that.
        if udp_checksum_of(after) == 0xFFFF:
            raise RuntimeError(f"checksum.update-{name}: pick other addresses")
        writer.add("checksum.update-" + name, before, after)


def add_ipv4_udp_vectors(writer):
    query = dns_query("Mail.Example.ORG")

    def to_proxy(**ip_fields):
        return IP(src=CLIENT, dst=PROXY, **ip_fields)

    writer.comment("ipv4.options-ihl*: INPUT a valid datagram with options, EXPECTED its payload.")
    for words in range(1, 11):
        # A NOP and a Record Route option with room for words - 1 addresses fill 4 * words bytes.
        options = [IPOption_NOP(), IPOption_RR(routers=["0.0.0.0"] * (words - 1))]
        datagram = bytes(to_proxy(options=options) / UDP(sport=CLIENT_PORT, dport=53) / Raw(query))
        if datagram[0] & 0x0F != 5 + words:
            raise RuntimeError("scapy laid out the options differently than expected")
        writer.add(f"ipv4.options-ihl{5 + words}", datagram, query)
    # Record Route with no room (3 bytes), padded by scapy with an End of Option List byte.
    datagram = bytes(to_proxy(options=[IPOption_RR(routers=[])]) / UDP(sport=CLIENT_PORT, dport=53)
                     / Raw(query))
    writer.add("ipv4.options-eol", datagram, query)

    writer.comment("ipv4.* and udp.*: INPUT a datagram, EXPECTED its UDP payload if it is valid.")
    writer.add("ipv4.header-only", bytes(to_proxy(proto=17)))
    writer.add("ipv4.fragment-mf",
               bytes(to_proxy(flags="MF", id=5) / UDP(sport=CLIENT_PORT, dport=53) / Raw(query)))
    writer.add("ipv4.fragment-offset", bytes(to_proxy(frag=3, id=5, proto=17) / Raw(query)))
    writer.add("ipv4.fragment-last", bytes(to_proxy(frag=185, id=5, proto=17) / Raw(b"end")))
    writer.add("ipv4.dont-fragment",
               bytes(to_proxy(flags="DF") / UDP(sport=CLIENT_PORT, dport=53) / Raw(query)), query)
    writer.add("ipv4.not-udp-tcp", bytes(to_proxy() / TCP(sport=CLIENT_PORT, dport=53)))
    writer.add("ipv4.not-udp-icmp", bytes(to_proxy() / ICMP()))
    writer.add("udp.valid",
               bytes(to_proxy() / UDP(sport=CLIENT_PORT, dport=53) / Raw(query)), query)
    writer.add("udp.too-short", bytes(to_proxy(proto=17) / Raw(b"\x9c\x40\x00\x35\x00\x07\x00")))
    writer.add("udp.length-7",
               bytes(to_proxy() / UDP(sport=CLIENT_PORT, dport=53, len=7, chksum=0) / Raw(query)))
    writer.add("udp.length-8", bytes(to_proxy() / UDP(sport=CLIENT_PORT, dport=53)))
    writer.add("udp.length-long", bytes(to_proxy() / UDP(sport=CLIENT_PORT, dport=53,
                                                          len=8 + len(query) + 1) / Raw(query)))
    writer.add("udp.length-short", bytes(to_proxy() / UDP(sport=CLIENT_PORT, dport=53,
                                                           len=8 + len(query) - 1) / Raw(query)))
    writer.add("udp.checksum-zero",
               bytes(to_proxy() / UDP(sport=CLIENT_PORT, dport=53, chksum=0) / Raw(query)), query)
    ffff = solve_zero_checksum(
        lambda word: to_proxy() / UDP(sport=CLIENT_PORT, dport=53)
        / Raw(word.to_bytes(2, "big") + query[2:]))
    writer.add("udp.checksum-ffff", ffff, ffff[28:])
    good = bytes(to_proxy() / UDP(sport=CLIENT_PORT, dport=53) / Raw(query))
    correct = udp_checksum_of(good)
    writer.add("udp.checksum-wrong",
               bytes(to_proxy() / UDP(sport=CLIENT_PORT, dport=53, chksum=correct ^ 0x0100)
                     / Raw(query)))
    # 0xFFFF stands for a computed 0 only; here the computed value is something else.
    writer.add("udp.checksum-ffff-wrong",
               bytes(to_proxy() / UDP(sport=CLIENT_PORT, dport=53, chksum=0xFFFF) / Raw(query)))
    writer.add("udp.odd-payload",
               bytes(to_proxy() / UDP(sport=CLIENT_PORT, dport=53) / Raw(b"odd")), b"odd")

    writer.comment("build.*: INPUT a payload, EXPECTED the datagram client:client-port -> "
                   "dns1:53 with ID build-id, TTL build-ttl, no flags.")

    def build(payload):
        return bytes(IP(src=CLIENT, dst=DNS1, id=BUILD_ID, ttl=BUILD_TTL, flags=0, tos=0)
                     / UDP(sport=CLIENT_PORT, dport=DNS_PORT) / Raw(payload))

    rng = random.Random(7)
    payloads = {
        "empty": b"",
        "one-byte": b"\x5a",
        "query": query,
        "max": bytes(rng.getrandbits(8) for _ in range(65535 - 28)),
    }
    for name, payload in payloads.items():
        writer.add("build." + name, payload, build(payload))
    zero = solve_zero_checksum(lambda word: IP(src=CLIENT, dst=DNS1, id=BUILD_ID, ttl=BUILD_TTL)
                               / UDP(sport=CLIENT_PORT, dport=DNS_PORT)
                               / Raw(word.to_bytes(2, "big") + query[2:]))
    writer.add("build.zero-checksum", zero[28:], zero)


def add_duplicator_vectors(writer):
    writer.comment("dup.query-*: INPUT the client's datagram to a proxy address, EXPECTED the "
                   "DNS payload. dup.copy-*: EXPECTED a copy sent to a DNS server.")
    query = dns_query("Mail.Example.ORG")
    odd_query = dns_query("abc.example.org", qtype="A", query_id=0x0102)
    if len(odd_query) % 2 != 1:
        raise RuntimeError("dup.query-odd must have an odd length")

    def client_datagram(proxy, payload, **udp_fields):
        return bytes(IP(src=CLIENT, dst=proxy, id=4321, ttl=58)
                     / UDP(sport=CLIENT_PORT, dport=53, **udp_fields) / Raw(payload))

    def copy(server, identification, payload, ttl=64):
        return bytes(IP(src=CLIENT, dst=server, id=identification, ttl=ttl, flags=0)
                     / UDP(sport=CLIENT_PORT, dport=DNS_PORT) / Raw(payload))

    writer.add("dup.query", client_datagram(PROXY, query), query)
    writer.add("dup.query-zero-checksum", client_datagram(PROXY, query, chksum=0), query)
    writer.add("dup.copy-1", None, copy(DNS1, 1, query))
    writer.add("dup.copy-2", None, copy(DNS2, 2, query))
    writer.add("dup.copy-ttl7-1", None, copy(DNS1, 1, query, ttl=7))
    writer.add("dup.copy-ttl7-2", None, copy(DNS2, 2, query, ttl=7))

    writer.add("dup.query-odd", client_datagram(PROXY2, odd_query), odd_query)
    writer.add("dup.copy-r2-1", None, copy(DNS1_R2, 1, odd_query))
    writer.add("dup.copy-r2-2", None, copy(DNS2_R2, 2, odd_query))

    # A query whose copy to dns1 (IPv4 ID 1) has a UDP checksum that computes to 0.
    zero_copy = solve_zero_checksum(
        lambda word: IP(src=CLIENT, dst=DNS1, id=1, ttl=64)
        / UDP(sport=CLIENT_PORT, dport=DNS_PORT) / Raw(word.to_bytes(2, "big") + query[2:]))
    zero_query = zero_copy[28:]
    writer.add("dup.query-ffff", client_datagram(PROXY, zero_query), zero_query)
    writer.add("dup.copy-ffff-1", None, zero_copy)
    writer.add("dup.copy-ffff-2", None, copy(DNS2, 2, zero_query))


def add_rewriter_vectors(writer):
    writer.comment("rw.*: INPUT a datagram leaving a DNS server host, EXPECTED it after the "
                   "rewriter (equal to INPUT when it passes unchanged, none when dropped).")
    answer = dns_answer(0x2B67)

    def from_host(source, payload=answer, sport=53, ip_fields=None, udp_fields=None):
        return (IP(src=source, dst=CLIENT, id=777, ttl=64, **(ip_fields or {}))
                / UDP(sport=sport, dport=CLIENT_PORT, **(udp_fields or {})) / Raw(payload))

    writer.add("rw.answer", bytes(from_host(DNS1)), bytes(from_host(PROXY)))
    writer.add("rw.answer-dns2", bytes(from_host(DNS2)), bytes(from_host(PROXY)))
    writer.add("rw.answer-r2", bytes(from_host(DNS1_R2)), bytes(from_host(PROXY2)))
    options = {"options": [IPOption_NOP(), IPOption_RR(routers=["0.0.0.0"] * 2)]}
    writer.add("rw.ip-options", bytes(from_host(DNS1, ip_fields=options)),
               bytes(from_host(PROXY, ip_fields=options)))
    writer.add("rw.checksum-zero", bytes(from_host(DNS1, udp_fields={"chksum": 0})),
               bytes(from_host(PROXY, udp_fields={"chksum": 0})))

    # The rewritten answer's UDP checksum computes to 0, so it must leave as 0xFFFF.
    out_ffff = solve_zero_checksum(
        lambda word: from_host(PROXY, payload=word.to_bytes(2, "big") + answer[2:]))
    payload = out_ffff[28:]
    writer.add("rw.result-ffff", bytes(from_host(DNS1, payload=payload)), out_ffff)
    # The server's answer arrives with 0xFFFF (a computed 0) and leaves with a normal value.
    in_ffff = solve_zero_checksum(
        lambda word: from_host(DNS1, payload=word.to_bytes(2, "big") + answer[2:]))
    writer.add("rw.input-ffff", in_ffff, bytes(from_host(PROXY, payload=in_ffff[28:])))

    # For a rewriter configured with server port 5353.
    writer.add("rw.port-5353", bytes(from_host(DNS1, sport=5353)),
               bytes(from_host(PROXY, sport=5353)))

    unchanged = {
        "rw.other-port": bytes(from_host(DNS1, sport=5353)),
        "rw.other-source": bytes(from_host(OTHER_HOST)),
        "rw.proxy-source": bytes(from_host(PROXY)),
        "rw.tcp": bytes(IP(src=DNS1, dst=CLIENT) / TCP(sport=53, dport=CLIENT_PORT, flags="SA")),
        "rw.icmp": bytes(IP(src=DNS1, dst=CLIENT) / ICMP(type=3, code=3)),
    }
    for name, datagram in unchanged.items():
        writer.add(name, datagram, datagram)

    correct = from_host(DNS1)
    correct_sum = IP(bytes(correct))[UDP].chksum
    writer.add("rw.bad-checksum",
               bytes(from_host(DNS1, udp_fields={"chksum": correct_sum ^ 0x0001})))
    writer.add("rw.length-long",
               bytes(from_host(DNS1, udp_fields={"len": 8 + len(answer) + 2})))
    writer.add("rw.length-short",
               bytes(from_host(DNS1, udp_fields={"len": 8 + len(answer) - 2})))
    writer.add("rw.udp-too-short",
               bytes(IP(src=DNS1, dst=CLIENT, proto=17) / Raw(b"\x00\x35\x9c\x40")))

    writer.comment("rw.frag-*: INPUT the fragments of one large answer, EXPECTED the fragments "
                   "of the same answer sent from the proxy; both fragmented by scapy.")
    big = dns_answer(0x3131, size_hint=1100)
    whole_in = (IP(src=DNS1, dst=CLIENT, id=FRAGMENT_ID, ttl=64)
                / UDP(sport=53, dport=CLIENT_PORT) / Raw(big))
    whole_out = (IP(src=PROXY, dst=CLIENT, id=FRAGMENT_ID, ttl=64)
                 / UDP(sport=53, dport=CLIENT_PORT) / Raw(big))
    fragments_in = [bytes(f) for f in fragment(whole_in, fragsize=400)]
    fragments_out = [bytes(f) for f in fragment(whole_out, fragsize=400)]
    if len(fragments_in) < 3 or len(fragments_in) != len(fragments_out):
        raise RuntimeError("the large answer should give at least 3 fragments")
    for index, (data_in, data_out) in enumerate(zip(fragments_in, fragments_out)):
        writer.add(f"rw.frag-{index}", data_in, data_out)
    writer.add("param.frag-count", len(fragments_in).to_bytes(2, "big"))
    writer.add("rw.frag-whole-payload", None, big)

    # A later fragment of a datagram whose first fragment the rewriter never saw.
    other = fragment(IP(src=DNS1, dst=CLIENT, id=FRAGMENT_ID + 1, ttl=64)
                     / UDP(sport=53, dport=CLIENT_PORT) / Raw(big), fragsize=400)
    writer.add("rw.frag-unknown-id", bytes(other[1]), bytes(other[1]))

    # The fragments of an answer from another port: none of them is rewritten.
    other_port = fragment(IP(src=DNS1, dst=CLIENT, id=FRAGMENT_ID + 2, ttl=64)
                          / UDP(sport=5353, dport=CLIENT_PORT) / Raw(big), fragsize=400)
    writer.add("rw.frag-other-port-0", bytes(other_port[0]), bytes(other_port[0]))
    writer.add("rw.frag-other-port-1", bytes(other_port[1]), bytes(other_port[1]))

    # A first fragment whose UDP length is shorter than the bytes it already carries.
    udp_header = ((53).to_bytes(2, "big") + CLIENT_PORT.to_bytes(2, "big")
                  + (100).to_bytes(2, "big") + b"\x12\x34")
    writer.add("rw.frag-first-short-length",
               bytes(IP(src=DNS1, dst=CLIENT, id=FRAGMENT_ID + 3, flags="MF", proto=17)
                     / Raw(udp_header + big[:392])))

    writer.comment("rw.ring-first-N: first fragments with IDs ring-first-id + N. "
                   "rw.ring-later-N: a later fragment of the same datagram.")
    for index in range(RING_FIRST_COUNT):
        identification = RING_FIRST_ID + index
        udp = UDP(sport=53, dport=CLIENT_PORT) / Raw(b"0123456789abcdef")
        small_in = fragment(IP(src=DNS1, dst=CLIENT, id=identification) / udp, fragsize=8)
        small_out = fragment(IP(src=PROXY, dst=CLIENT, id=identification) / udp, fragsize=8)
        writer.add(f"rw.ring-first-{index}", bytes(small_in[0]), bytes(small_out[0]))
        writer.add(f"rw.ring-later-{index}", bytes(small_in[1]), bytes(small_out[1]))


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make-vectors.py OUTPUT-FILE")
    writer = VectorWriter()
    writer.comment("Generated by tests/core/make-vectors.py with scapy; do not edit.")
    rng = random.Random(1)
    add_params(writer)
    add_checksum_vectors(writer, rng)
    add_ipv4_udp_vectors(writer)
    add_duplicator_vectors(writer)
    add_rewriter_vectors(writer)
    writer.write(sys.argv[1])


if __name__ == "__main__":
    main()
