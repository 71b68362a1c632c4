// Unit tests of core/ipv4-address: strict dotted-quad parsing, formatting, masks and the
// source addresses no genuine query can come from.

#include "core/ipv4-address.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace mxrace
{
namespace core
{
namespace
{

TEST(Ipv4Address, ParsesDottedQuad)
{
    struct ValidCase
    {
        std::string text;
        Ipv4Addr address;
    };
    std::vector<ValidCase> cases = {
        {"192.0.2.1", 0xc0000201},  {"0.0.0.0", 0x00000000}, {"255.255.255.255", 0xffffffff},
        {"10.0.0.255", 0x0a0000ff}, {"1.2.3.4", 0x01020304}, {"100.64.0.10", 0x6440000a},
    };
    for (const ValidCase& c : cases)
    {
        SCOPED_TRACE(c.text);
        std::optional<Ipv4Addr> parsed = ParseIpv4(c.text);

        ASSERT_TRUE(parsed.has_value());
        EXPECT_EQ(*parsed, c.address);
    }
}

TEST(Ipv4Address, RejectsMalformedText)
{
    for (const char* text :
         {"",         "1.2.3",      "1.2.3.4.5",  "256.1.1.1", "1.2.3.256", "01.2.3.4",
          "1.2.3.04", "00.1.1.1",   "1234.1.1.1", " 1.2.3.4",  "1.2.3.4 ",  "1..2.3",
          "1.2.3.",   ".1.2.3",     "1.2.3.-4",   "1.2.3.+4",  "a.b.c.d",   "0x1.2.3.4",
          "1,2,3,4",  "1.2.3.4/24", "::1",        "1.2.3.4\n"})
    {
        SCOPED_TRACE(std::string("\"") + text + "\"");
        EXPECT_FALSE(ParseIpv4(text).has_value());
    }

    // A NUL byte after the address is a trailing character like any other.
    EXPECT_FALSE(ParseIpv4(std::string("1.2.3.4\0", 8)).has_value());
}

TEST(Ipv4Address, FormatsDottedQuad)
{
    EXPECT_EQ(FormatIpv4(0xc0000201), "192.0.2.1");
    EXPECT_EQ(FormatIpv4(0), "0.0.0.0");
    EXPECT_EQ(FormatIpv4(0xffffffff), "255.255.255.255");
    EXPECT_EQ(FormatIpv4(0x0a00ff01), "10.0.255.1");
}

TEST(Ipv4Address, FormatThenParseRoundTrips)
{
    for (Ipv4Addr address : {0x00000000u, 0x01020304u, 0x7f000001u, 0xc6336407u, 0xfffffffeu})
    {
        SCOPED_TRACE(address);
        std::optional<Ipv4Addr> parsed = ParseIpv4(FormatIpv4(address));

        ASSERT_TRUE(parsed.has_value());
        EXPECT_EQ(*parsed, address);
    }
}

TEST(Ipv4Address, PrefixMask)
{
    struct MaskCase
    {
        unsigned length;
        Ipv4Addr mask;
    };
    std::vector<MaskCase> cases = {
        {0, 0x00000000},  {1, 0x80000000},  {8, 0xff000000},  {16, 0xffff0000}, {23, 0xfffffe00},
        {24, 0xffffff00}, {31, 0xfffffffe}, {32, 0xffffffff}, {33, 0xffffffff}, {1000, 0xffffffff},
    };
    for (const MaskCase& c : cases)
    {
        SCOPED_TRACE(c.length);
        EXPECT_EQ(PrefixMask(c.length), c.mask);
    }
}

TEST(Ipv4Address, UnusableSources)
{
    struct SourceCase
    {
        Ipv4Addr address;
        bool unusable;
    };
    std::vector<SourceCase> cases = {
        {0x00000000, true},  // 0.0.0.0
        {0x00ffffff, true},  // 0.255.255.255
        {0x7f000001, true},  // 127.0.0.1
        {0x7fffffff, true},  // 127.255.255.255
        {0xe0000001, true},  // 224.0.0.1
        {0xefffffff, true},  // 239.255.255.255
        {0xf0000001, true},  // 240.0.0.1
        {0xffffffff, true},  // 255.255.255.255
        {0x01000000, false}, // 1.0.0.0
        {0x0a000001, false}, // 10.0.0.1
        {0x7effffff, false}, // 126.255.255.255
        {0x80000000, false}, // 128.0.0.0
        {0xc6336407, false}, // 198.51.100.7
        {0xdfffffff, false}, // 223.255.255.255
    };
    for (const SourceCase& c : cases)
    {
        SCOPED_TRACE(FormatIpv4(c.address));
        EXPECT_EQ(IsUnusableSource(c.address), c.unusable);
    }
}

} // namespace
} // namespace core
} // namespace mxrace
