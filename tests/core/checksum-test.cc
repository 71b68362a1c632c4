// Unit tests of core/checksum: every expected checksum comes from scapy (make-vectors.py).

#include "core-test-support.h"

#include "core/checksum.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mxrace
{
namespace core
{
namespace
{

using test::AddressParam;
using test::Field16;
using test::Field32;
using test::VectorExpected;
using test::VectorInput;

constexpr size_t kUdpOffset = 20; // Every checksum.* datagram has a 20-byte IPv4 header.

const std::vector<std::string> kByteVectors = {
    "checksum.bytes-empty",           "checksum.bytes-one-byte",    "checksum.bytes-three-bytes",
    "checksum.bytes-all-ones",        "checksum.bytes-zeros",       "checksum.bytes-ip-header",
    "checksum.bytes-random-odd-1501", "checksum.bytes-ones-140001",
};

const std::vector<std::string> kUdpVectors = {
    "checksum.udp-even",
    "checksum.udp-odd",
    "checksum.udp-empty",
    "checksum.udp-zero-result",
};

const std::vector<std::string> kUpdateVectors = {
    "checksum.update-server-to-proxy",  "checksum.update-all-ones-to-zero",
    "checksum.update-zero-to-all-ones", "checksum.update-same",
    "checksum.update-random",
};

/** Returns the UDP segment of \p datagram with its checksum field set to \p checksum. */
std::vector<uint8_t>
SegmentWithChecksum(const std::vector<uint8_t>& datagram, uint16_t checksum)
{
    std::vector<uint8_t> segment(datagram.begin() + kUdpOffset, datagram.end());
    segment[6] = static_cast<uint8_t>(checksum >> 8);
    segment[7] = static_cast<uint8_t>(checksum & 0xff);
    return segment;
}

TEST(Checksum, BytesMatchScapy)
{
    for (const std::string& name : kByteVectors)
    {
        SCOPED_TRACE(name);
        std::vector<uint8_t> bytes = VectorInput(name);

        EXPECT_EQ(InternetChecksum(bytes), Field16(VectorExpected(name), 0));
    }
}

TEST(Checksum, AddInPiecesMatchesWhole)
{
    // Summing two pieces split at an even offset must give the checksum of the whole.
    for (const char* name : {"checksum.bytes-random-odd-1501", "checksum.bytes-ones-140001"})
    {
        SCOPED_TRACE(name);
        std::vector<uint8_t> bytes = VectorInput(name);
        ASSERT_GT(bytes.size(), 1000u);

        uint32_t sum = ChecksumAdd(0, ByteSpan(bytes.data(), 1000));
        sum = ChecksumAdd(sum, ByteSpan(bytes.data() + 1000, bytes.size() - 1000));
        EXPECT_EQ(ChecksumFinish(sum), Field16(VectorExpected(name), 0));
    }
}

TEST(Checksum, HeaderWithChecksumSumsToZero)
{
    std::vector<uint8_t> header = VectorInput("checksum.bytes-ip-header");
    std::vector<uint8_t> checksum = VectorExpected("checksum.bytes-ip-header");
    ASSERT_EQ(header.size(), 20u);
    ASSERT_EQ(checksum.size(), 2u);
    header[10] = checksum[0];
    header[11] = checksum[1];

    EXPECT_EQ(InternetChecksum(header), 0);
}

TEST(Checksum, UdpMatchesScapy)
{
    for (const std::string& name : kUdpVectors)
    {
        SCOPED_TRACE(name);
        std::vector<uint8_t> datagram = VectorInput(name);
        ASSERT_GE(datagram.size(), kUdpOffset + 8);
        std::vector<uint8_t> segment = SegmentWithChecksum(datagram, 0);

        EXPECT_EQ(UdpChecksum(Field32(datagram, 12), Field32(datagram, 16), segment),
                  Field16(VectorExpected(name), 0));
    }
}

TEST(Checksum, UdpComputedZeroIsFfff)
{
    std::vector<uint8_t> datagram = VectorInput("checksum.udp-zero-result");
    ASSERT_GE(datagram.size(), kUdpOffset + 8);
    ASSERT_EQ(Field16(VectorExpected("checksum.udp-zero-result"), 0), 0xffff);
    std::vector<uint8_t> segment = SegmentWithChecksum(datagram, 0);

    EXPECT_EQ(UdpChecksum(Field32(datagram, 12), Field32(datagram, 16), segment), 0xffff);
}

TEST(Checksum, UdpValidAcceptsScapyDatagrams)
{
    for (const std::string& name : kUdpVectors)
    {
        SCOPED_TRACE(name);
        std::vector<uint8_t> datagram = VectorInput(name);
        ASSERT_GE(datagram.size(), kUdpOffset + 8);
        std::vector<uint8_t> segment(datagram.begin() + kUdpOffset, datagram.end());

        EXPECT_TRUE(UdpChecksumValid(Field32(datagram, 12), Field32(datagram, 16), segment));
    }
}

TEST(Checksum, UdpValidRejectsChangedBytes)
{
    for (const std::string& name : kUdpVectors)
    {
        SCOPED_TRACE(name);
        std::vector<uint8_t> datagram = VectorInput(name);
        ASSERT_GE(datagram.size(), kUdpOffset + 8);
        Ipv4Addr source = Field32(datagram, 12);
        Ipv4Addr destination = Field32(datagram, 16);
        std::vector<uint8_t> segment(datagram.begin() + kUdpOffset, datagram.end());

        // Every byte except the checksum field, whose value 0 has a meaning of its own.
        for (size_t i = 0; i < segment.size(); ++i)
        {
            if (i == 6 || i == 7)
            {
                continue;
            }
            SCOPED_TRACE("segment byte " + std::to_string(i));
            std::vector<uint8_t> changed = segment;
            changed[i] ^= 0x01;
            EXPECT_FALSE(UdpChecksumValid(source, destination, changed));
        }

        // The pseudo-header: another source or destination address.
        EXPECT_FALSE(UdpChecksumValid(source + 1, destination, segment));
        EXPECT_FALSE(UdpChecksumValid(source, destination ^ 0x00010000, segment));
    }
}

TEST(Checksum, UdpValidRejectsWrongField)
{
    std::vector<uint8_t> datagram = VectorInput("checksum.udp-even");
    ASSERT_GE(datagram.size(), kUdpOffset + 8);
    uint16_t correct = Field16(VectorExpected("checksum.udp-even"), 0);
    Ipv4Addr source = Field32(datagram, 12);
    Ipv4Addr destination = Field32(datagram, 16);

    for (uint16_t wrong : {static_cast<uint16_t>(correct + 1), static_cast<uint16_t>(~correct),
                           static_cast<uint16_t>(0xffff)})
    {
        SCOPED_TRACE(wrong);
        ASSERT_NE(wrong, correct);
        EXPECT_FALSE(UdpChecksumValid(source, destination, SegmentWithChecksum(datagram, wrong)));
    }
}

TEST(Checksum, UdpValidAcceptsNoChecksum)
{
    // A zero field means the sender computed no checksum, so even changed bytes pass.
    std::vector<uint8_t> datagram = VectorInput("checksum.udp-odd");
    ASSERT_GE(datagram.size(), kUdpOffset + 9);
    std::vector<uint8_t> segment = SegmentWithChecksum(datagram, 0);
    segment[8] ^= 0xff;

    EXPECT_TRUE(UdpChecksumValid(Field32(datagram, 12), Field32(datagram, 16), segment));
}

TEST(Checksum, UdpValidRejectsShortSegment)
{
    std::vector<uint8_t> segment = {0x9c, 0x40, 0x00, 0x35, 0x00, 0x07, 0x00};

    EXPECT_FALSE(UdpChecksumValid(AddressParam("client"), AddressParam("dns1"), segment));
    EXPECT_FALSE(UdpChecksumValid(AddressParam("client"), AddressParam("dns1"), ByteSpan()));
}

TEST(Checksum, UpdateMatchesScapy)
{
    for (const std::string& name : kUpdateVectors)
    {
        SCOPED_TRACE(name);
        std::vector<uint8_t> before = VectorInput(name);
        std::vector<uint8_t> after = VectorExpected(name);
        ASSERT_GE(before.size(), kUdpOffset + 8);
        ASSERT_EQ(after.size(), before.size());
        Ipv4Addr oldSource = Field32(before, 12);
        Ipv4Addr newSource = Field32(after, 12);

        EXPECT_EQ(ChecksumUpdate32(Field16(before, 10), oldSource, newSource), Field16(after, 10))
            << "IPv4 header checksum";
        EXPECT_EQ(ChecksumUpdate32(Field16(before, kUdpOffset + 6), oldSource, newSource),
                  Field16(after, kUdpOffset + 6))
            << "UDP checksum";
    }
}

TEST(Checksum, UpdateBackAndForthRestores)
{
    std::vector<uint8_t> datagram = VectorInput("checksum.update-server-to-proxy");
    std::vector<uint8_t> rewritten = VectorExpected("checksum.update-server-to-proxy");
    Ipv4Addr server = Field32(datagram, 12);
    Ipv4Addr proxy = Field32(rewritten, 12);
    uint16_t original = Field16(datagram, 10);

    uint16_t there = ChecksumUpdate32(original, server, proxy);
    EXPECT_EQ(ChecksumUpdate32(there, proxy, server), original);
}

} // namespace
} // namespace core
} // namespace mxrace
