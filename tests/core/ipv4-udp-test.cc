// Unit tests of core/ipv4-udp: parsing against scapy-built and hand-changed datagrams, and
// building against scapy's datagrams byte for byte.

#include "core-test-support.h"

#include "core/ipv4-udp.h"

#include <gtest/gtest.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace mxrace
{
namespace core
{
namespace
{

using test::AddressParam;
using test::BytesEqual;
using test::ExpectOnlyCounterMoved;
using test::Field16;
using test::Param16;
using test::VectorExpected;
using test::VectorInput;

/** Sets the IHL nibble of \p datagram to \p ihl. */
void
SetIhl(std::vector<uint8_t>& datagram, unsigned ihl)
{
    datagram[0] = static_cast<uint8_t>((datagram[0] & 0xf0) | (ihl & 0x0f));
}

/** Sets the IPv4 total length field of \p datagram to \p totalLength. */
void
SetTotalLength(std::vector<uint8_t>& datagram, size_t totalLength)
{
    datagram[2] = static_cast<uint8_t>(totalLength >> 8);
    datagram[3] = static_cast<uint8_t>(totalLength & 0xff);
}

/** A valid datagram from make-vectors.py and what ParseIpv4Udp() must find in it. */
struct ValidCase
{
    std::string vector;                  //!< Vector name; EXPECTED holds the UDP payload.
    size_t headerLength;                 //!< IHL * 4.
    std::optional<uint16_t> udpChecksum; //!< Checksum field, where the case fixes it.
};

TEST(Ipv4Udp, ParsesValidDatagrams)
{
    std::vector<ValidCase> cases = {
        {"udp.valid", 20, std::nullopt},        {"udp.odd-payload", 20, std::nullopt},
        {"udp.length-8", 20, std::nullopt},     {"udp.checksum-zero", 20, 0},
        {"udp.checksum-ffff", 20, 0xffff},      {"ipv4.dont-fragment", 20, std::nullopt},
        {"ipv4.options-eol", 24, std::nullopt},
    };
    for (unsigned ihl = 6; ihl <= 15; ++ihl)
    {
        cases.push_back({"ipv4.options-ihl" + std::to_string(ihl), ihl * 4, std::nullopt});
    }

    for (const ValidCase& c : cases)
    {
        SCOPED_TRACE(c.vector);
        std::vector<uint8_t> datagram = VectorInput(c.vector);
        std::vector<uint8_t> payload = VectorExpected(c.vector);
        ASSERT_GE(datagram.size(), c.headerLength + kUdpHeaderLength);

        Ipv4UdpDatagram parsed;
        ASSERT_EQ(ParseIpv4Udp(datagram, parsed), DropReason::None);

        EXPECT_EQ(parsed.ip.headerLength, c.headerLength);
        EXPECT_EQ(parsed.ip.totalLength, datagram.size());
        EXPECT_EQ(parsed.ip.protocol, kProtocolUdp);
        EXPECT_EQ(parsed.ip.ttl, 64);
        EXPECT_EQ(parsed.ip.identification, 1);
        EXPECT_FALSE(parsed.ip.IsFragment());
        EXPECT_EQ(parsed.ip.source, AddressParam("client"));
        EXPECT_EQ(parsed.ip.destination, AddressParam("proxy"));
        EXPECT_EQ(parsed.sourcePort, Param16("client-port"));
        EXPECT_EQ(parsed.destinationPort, 53);
        EXPECT_EQ(parsed.udpChecksum, Field16(datagram, c.headerLength + 6));
        if (c.udpChecksum.has_value())
        {
            EXPECT_EQ(parsed.udpChecksum, *c.udpChecksum);
        }

        // The payload is a view into the buffer, just after the options and the UDP header
        // (an empty payload has no data pointer).
        if (!payload.empty())
        {
            EXPECT_EQ(parsed.payload.data, datagram.data() + c.headerLength + kUdpHeaderLength);
        }
        EXPECT_TRUE(BytesEqual(parsed.payload, payload));
    }
}

TEST(Ipv4Udp, HeaderOnlyParsesAsHeader)
{
    std::vector<uint8_t> datagram = VectorInput("ipv4.header-only");
    ASSERT_EQ(datagram.size(), 20u);

    Ipv4Header header;
    ASSERT_EQ(ParseIpv4Header(datagram, header), DropReason::None);
    EXPECT_EQ(header.headerLength, 20u);
    EXPECT_EQ(header.totalLength, 20u);
    EXPECT_EQ(header.protocol, kProtocolUdp);
}

TEST(Ipv4Udp, HeaderReadsFragmentFields)
{
    struct FragmentCase
    {
        std::string vector;
        bool moreFragments;
        uint16_t offset;
        bool isFragment;
    };
    std::vector<FragmentCase> cases = {
        {"ipv4.fragment-mf", true, 0, true},
        {"ipv4.fragment-offset", false, 3, true},
        {"ipv4.fragment-last", false, 185, true},
        {"ipv4.dont-fragment", false, 0, false},
    };
    for (const FragmentCase& c : cases)
    {
        SCOPED_TRACE(c.vector);
        Ipv4Header header;
        ASSERT_EQ(ParseIpv4Header(VectorInput(c.vector), header), DropReason::None);

        EXPECT_EQ(header.moreFragments, c.moreFragments);
        EXPECT_EQ(header.fragmentOffset, c.offset);
        EXPECT_EQ(header.IsFragment(), c.isFragment);
    }
}

TEST(Ipv4Udp, HeaderAcceptsOtherProtocols)
{
    Ipv4Header header;
    ASSERT_EQ(ParseIpv4Header(VectorInput("ipv4.not-udp-tcp"), header), DropReason::None);
    EXPECT_EQ(header.protocol, 6);
    ASSERT_EQ(ParseIpv4Header(VectorInput("ipv4.not-udp-icmp"), header), DropReason::None);
    EXPECT_EQ(header.protocol, 1);
}

/** A datagram that ParseIpv4Udp() must reject, and the reason. */
struct RejectCase
{
    std::string label;                                 //!< What the case is.
    std::string vector;                                //!< Starting bytes ("" for none).
    std::function<void(std::vector<uint8_t>&)> change; //!< Hand edit, or empty.
    DropReason reason;                                 //!< Expected reason.
};

std::vector<RejectCase>
RejectCases()
{
    std::vector<RejectCase> cases = {
        {"empty buffer", "", nullptr, DropReason::Ipv4TooShort},
        {"19 bytes", "ipv4.header-only", [](auto& d) { d.pop_back(); }, DropReason::Ipv4TooShort},
        {"20-byte header, no UDP", "ipv4.header-only", nullptr, DropReason::UdpTooShort},
        {"version 6", "udp.valid", [](auto& d) { d[0] = 0x65; }, DropReason::Ipv4BadVersion},
        {"version 0", "udp.valid", [](auto& d) { d[0] = 0x05; }, DropReason::Ipv4BadVersion},
        {"version 15", "udp.valid", [](auto& d) { d[0] = 0xf5; }, DropReason::Ipv4BadVersion},
        {"IHL 6 past a 20-byte buffer", "ipv4.header-only", [](auto& d) { SetIhl(d, 6); },
         DropReason::Ipv4BadIhl},
        {"IHL 15 past a 28-byte buffer", "udp.length-8", [](auto& d) { SetIhl(d, 15); },
         DropReason::Ipv4BadIhl},
        {"IHL 6 past total length 20 inside the buffer", "udp.valid",
         [](auto& d) {
             SetIhl(d, 6);
             SetTotalLength(d, 20);
         },
         DropReason::Ipv4BadTotalLength},
        {"total length 0", "udp.length-8", [](auto& d) { SetTotalLength(d, 0); },
         DropReason::Ipv4BadTotalLength},
        {"total length above the buffer", "udp.valid", [](auto& d) { d.pop_back(); },
         DropReason::Ipv4BadTotalLength},
        {"total length 65535 on a short buffer", "udp.valid",
         [](auto& d) { SetTotalLength(d, 65535); }, DropReason::Ipv4BadTotalLength},
        {"one trailing byte", "udp.valid", [](auto& d) { d.push_back(0); },
         DropReason::Ipv4TrailingBytes},
        {"total length one below the buffer", "udp.valid",
         [](auto& d) { SetTotalLength(d, d.size() - 1); }, DropReason::Ipv4TrailingBytes},
        {"header checksum changed", "udp.valid", [](auto& d) { d[11] ^= 0x01; },
         DropReason::Ipv4BadChecksum},
        {"TTL changed", "udp.valid", [](auto& d) { d[8] = 63; }, DropReason::Ipv4BadChecksum},
        {"option byte changed", "ipv4.options-ihl9", [](auto& d) { d[27] ^= 0x01; },
         DropReason::Ipv4BadChecksum},
        {"MF set", "ipv4.fragment-mf", nullptr, DropReason::Ipv4Fragment},
        {"offset 3", "ipv4.fragment-offset", nullptr, DropReason::Ipv4Fragment},
        {"last fragment", "ipv4.fragment-last", nullptr, DropReason::Ipv4Fragment},
        {"TCP", "ipv4.not-udp-tcp", nullptr, DropReason::NotUdp},
        {"ICMP", "ipv4.not-udp-icmp", nullptr, DropReason::NotUdp},
        {"7 bytes of UDP", "udp.too-short", nullptr, DropReason::UdpTooShort},
        {"UDP length 7", "udp.length-7", nullptr, DropReason::UdpBadLength},
        {"UDP length too long", "udp.length-long", nullptr, DropReason::UdpBadLength},
        {"UDP length too short", "udp.length-short", nullptr, DropReason::UdpBadLength},
        {"UDP checksum wrong", "udp.checksum-wrong", nullptr, DropReason::UdpBadChecksum},
        {"UDP checksum 0xFFFF, computed other", "udp.checksum-ffff-wrong", nullptr,
         DropReason::UdpBadChecksum},
        {"payload byte changed", "udp.valid", [](auto& d) { d[40] ^= 0x20; },
         DropReason::UdpBadChecksum},
        {"odd payload's last byte changed", "udp.odd-payload", [](auto& d) { d.back() ^= 0x01; },
         DropReason::UdpBadChecksum},
        {"UDP port changed", "udp.valid", [](auto& d) { d[23] = 0x36; },
         DropReason::UdpBadChecksum},
    };

    // IHL 0 to 4 name a header shorter than the fixed part.
    for (unsigned ihl = 0; ihl < 5; ++ihl)
    {
        cases.push_back({"IHL " + std::to_string(ihl), "udp.valid",
                         [ihl](auto& d) { SetIhl(d, ihl); }, DropReason::Ipv4BadIhl});
    }
    return cases;
}

TEST(Ipv4Udp, RejectsHandBuiltDatagrams)
{
    DropCounters counters;
    for (const RejectCase& c : RejectCases())
    {
        SCOPED_TRACE(c.label);
        std::vector<uint8_t> datagram;
        if (!c.vector.empty())
        {
            datagram = VectorInput(c.vector);
            ASSERT_FALSE(datagram.empty());
        }
        if (c.change)
        {
            c.change(datagram);
        }

        Ipv4UdpDatagram parsed;
        DropReason reason = ParseIpv4Udp(datagram, parsed);
        EXPECT_EQ(reason, c.reason);

        DropCounters before = counters;
        counters.Add(reason);
        ExpectOnlyCounterMoved(before, counters, c.reason);
    }
}

TEST(Ipv4Udp, HeaderChecksOnlyIpv4)
{
    // ParseIpv4Header() stops at the IPv4 layer: fragments and UDP errors pass it.
    for (const char* name :
         {"ipv4.fragment-mf", "udp.too-short", "udp.length-7", "udp.checksum-wrong"})
    {
        SCOPED_TRACE(name);
        Ipv4Header header;
        EXPECT_EQ(ParseIpv4Header(VectorInput(name), header), DropReason::None);
    }
}

TEST(Ipv4Udp, EmptySpanIsTooShort)
{
    Ipv4Header header;
    EXPECT_EQ(ParseIpv4Header(ByteSpan(), header), DropReason::Ipv4TooShort);
    Ipv4UdpDatagram parsed;
    EXPECT_EQ(ParseIpv4Udp(ByteSpan(nullptr, 0), parsed), DropReason::Ipv4TooShort);
}

Ipv4UdpEndpoints
BuildEndpoints()
{
    return Ipv4UdpEndpoints{AddressParam("client"), Param16("client-port"), AddressParam("dns1"),
                            53};
}

TEST(Ipv4Udp, BuildMatchesScapy)
{
    for (const char* name :
         {"build.empty", "build.one-byte", "build.query", "build.zero-checksum", "build.max"})
    {
        SCOPED_TRACE(name);
        std::vector<uint8_t> payload = VectorInput(name);
        std::vector<uint8_t> expected = VectorExpected(name);
        ASSERT_FALSE(expected.empty());

        std::vector<uint8_t> out;
        ASSERT_EQ(BuildIpv4Udp(BuildEndpoints(), Param16("build-id"),
                               static_cast<uint8_t>(Param16("build-ttl")), payload, out),
                  DropReason::None);
        EXPECT_TRUE(BytesEqual(out, expected));
    }
}

TEST(Ipv4Udp, BuildSendsComputedZeroAsFfff)
{
    std::vector<uint8_t> out;
    ASSERT_EQ(BuildIpv4Udp(BuildEndpoints(), Param16("build-id"),
                           static_cast<uint8_t>(Param16("build-ttl")),
                           VectorInput("build.zero-checksum"), out),
              DropReason::None);
    EXPECT_EQ(Field16(out, 26), 0xffff);
}

TEST(Ipv4Udp, BuildOutputParses)
{
    std::vector<uint8_t> payload = VectorInput("build.query");
    std::vector<uint8_t> out;
    ASSERT_EQ(BuildIpv4Udp(BuildEndpoints(), 9, 3, payload, out), DropReason::None);

    Ipv4UdpDatagram parsed;
    ASSERT_EQ(ParseIpv4Udp(out, parsed), DropReason::None);
    EXPECT_EQ(parsed.ip.identification, 9);
    EXPECT_EQ(parsed.ip.ttl, 3);
    EXPECT_TRUE(BytesEqual(parsed.payload, payload));
}

TEST(Ipv4Udp, BuildRejectsTooLarge)
{
    // 65507 bytes make a 65535-byte datagram (build.max); one more does not fit.
    std::vector<uint8_t> payload(kIpv4MaxLength - kIpv4MinHeaderLength - kUdpHeaderLength + 1);
    std::vector<uint8_t> out = {1, 2, 3};

    EXPECT_EQ(BuildIpv4Udp(BuildEndpoints(), 1, 64, payload, out), DropReason::TooLarge);
    EXPECT_TRUE(out.empty());
}

} // namespace
} // namespace core
} // namespace mxrace
