// Unit tests of core/dns-message: the proxy's query check, on hand-built DNS messages.

#include "core-test-support.h"

#include "core/dns-message.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <string>
#include <vector>

namespace mxrace
{
namespace core
{
namespace
{

using test::BytesEqual;
using test::ExpectOnlyCounterMoved;

constexpr uint16_t kFlagsRd = 0x0100; // A resolver's usual query: RD set.
constexpr uint16_t kTypeMx = 15;
constexpr uint16_t kClassIn = 1;

/** Returns \p text as a wire-format label: length byte, then the bytes as given. */
std::vector<uint8_t>
Label(const std::string& text)
{
    std::vector<uint8_t> label = {static_cast<uint8_t>(text.size())};
    label.insert(label.end(), text.begin(), text.end());
    return label;
}

/** Returns the wire name of \p labels, root label included, with case kept. */
std::vector<uint8_t>
WireName(const std::vector<std::string>& labels)
{
    std::vector<uint8_t> name;
    for (const std::string& text : labels)
    {
        std::vector<uint8_t> label = Label(text);
        name.insert(name.end(), label.begin(), label.end());
    }
    name.push_back(0);
    return name;
}

/** Returns a name of \p length wire bytes: labels of 63 bytes and a shorter last one. */
std::vector<uint8_t>
WireNameOfLength(size_t length)
{
    std::vector<std::string> labels;
    size_t left = length - 1; // the root label
    while (left > 0)
    {
        size_t labelLength = std::min<size_t>(63, left - 1);
        labels.emplace_back(labelLength, 'a');
        left -= labelLength + 1;
    }
    return WireName(labels);
}

/** Returns a DNS header with ID 0x2b67, \p flags and \p qdcount, other counts 0. */
std::vector<uint8_t>
Header(uint16_t flags, uint16_t qdcount)
{
    return {0x2b,
            0x67,
            static_cast<uint8_t>(flags >> 8),
            static_cast<uint8_t>(flags & 0xff),
            static_cast<uint8_t>(qdcount >> 8),
            static_cast<uint8_t>(qdcount & 0xff),
            0,
            0,
            0,
            0,
            0,
            0};
}

/** Returns a message: header, \p name, then \p tail (QTYPE, QCLASS and anything after). */
std::vector<uint8_t>
Message(uint16_t flags,
        uint16_t qdcount,
        const std::vector<uint8_t>& name,
        const std::vector<uint8_t>& tail = {0x00, 0x0f, 0x00, 0x01})
{
    // Appended with a back_inserter: GCC 12 reports a false -Warray-bounds on insert() here.
    std::vector<uint8_t> message = Header(flags, qdcount);
    std::copy(name.begin(), name.end(), std::back_inserter(message));
    std::copy(tail.begin(), tail.end(), std::back_inserter(message));
    return message;
}

std::vector<uint8_t>
MailName()
{
    return WireName({"Mail", "Example", "ORG"});
}

TEST(DnsMessage, AcceptsQuery)
{
    std::vector<uint8_t> message = Message(kFlagsRd, 1, MailName());

    DnsQuestion question;
    ASSERT_EQ(CheckDnsQuery(message, question), DropReason::None);
    EXPECT_EQ(question.id, 0x2b67);
    EXPECT_EQ(question.flags, kFlagsRd);
    EXPECT_EQ(question.qtype, kTypeMx);
    EXPECT_EQ(question.qclass, kClassIn);
    // Case is kept: the servers must echo the question exactly as the resolver sent it.
    EXPECT_TRUE(BytesEqual(question.wireName, MailName()));
}

TEST(DnsMessage, AcceptsRootName)
{
    DnsQuestion question;
    ASSERT_EQ(CheckDnsQuery(Message(0, 1, {0x00}, {0x00, 0x02, 0x00, 0x01}), question),
              DropReason::None);
    EXPECT_EQ(question.wireName, std::vector<uint8_t>{0x00});
    EXPECT_EQ(question.qtype, 2);
}

TEST(DnsMessage, IgnoresSectionsAfterQuestion)
{
    // An EDNS OPT record in the additional section (ARCOUNT 1) follows the question.
    std::vector<uint8_t> tail = {0x00, 0x0f, 0x00, 0x01, 0x00, 0x00, 0x29, 0x04,
                                 0xd0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
    std::vector<uint8_t> message = Message(kFlagsRd, 1, MailName(), tail);
    message[11] = 1;

    DnsQuestion question;
    ASSERT_EQ(CheckDnsQuery(message, question), DropReason::None);
    EXPECT_EQ(question.qtype, kTypeMx);
}

TEST(DnsMessage, AcceptsOtherFlags)
{
    // Flag bits other than QR and the opcode (AA, TC, RD, RA, Z, AD, CD, RCODE) are accepted.
    const uint16_t acceptedFlags[] = {0x0000, 0x0120, 0x0110, 0x0140,
                                      0x0300, 0x0400, 0x0080, 0x000f};
    for (uint16_t flags : acceptedFlags)
    {
        SCOPED_TRACE(flags);
        DnsQuestion question;
        EXPECT_EQ(CheckDnsQuery(Message(flags, 1, MailName()), question), DropReason::None);
        EXPECT_EQ(question.flags, flags);
    }
}

TEST(DnsMessage, AcceptsLongestLabelAndName)
{
    DnsQuestion question;
    std::vector<uint8_t> label63 = WireName({std::string(63, 'x'), "org"});
    ASSERT_EQ(CheckDnsQuery(Message(0, 1, label63), question), DropReason::None);
    EXPECT_TRUE(BytesEqual(question.wireName, label63));

    std::vector<uint8_t> name255 = WireNameOfLength(255);
    ASSERT_EQ(name255.size(), 255u);
    ASSERT_EQ(CheckDnsQuery(Message(0, 1, name255), question), DropReason::None);
    EXPECT_EQ(question.wireName.size(), 255u);
}

/** A message that CheckDnsQuery() must reject, and the reason. */
struct RejectCase
{
    std::string label;            //!< What the case is.
    std::vector<uint8_t> message; //!< The DNS message.
    DropReason reason;            //!< Expected reason.
};

std::vector<RejectCase>
RejectCases()
{
    std::vector<uint8_t> header = Header(kFlagsRd, 1);
    std::vector<uint8_t> elevenBytes(header.begin(), header.begin() + 11);
    std::vector<uint8_t> nameOnly = Message(kFlagsRd, 1, MailName(), {});

    std::vector<RejectCase> cases = {
        {"empty", {}, DropReason::DnsTooShort},
        {"11 bytes", elevenBytes, DropReason::DnsTooShort},
        {"12-byte header, no question", header, DropReason::DnsBadName},
        {"QR set", Message(0x8100, 1, MailName()), DropReason::DnsNotQuery},
        {"QR set with opcode 2", Message(0x9100, 1, MailName()), DropReason::DnsNotQuery},
        {"QDCOUNT 0", Message(kFlagsRd, 0, MailName()), DropReason::DnsBadQuestionCount},
        {"QDCOUNT 2", Message(kFlagsRd, 2, MailName()), DropReason::DnsBadQuestionCount},
        {"QDCOUNT 65535", Message(kFlagsRd, 0xffff, MailName()), DropReason::DnsBadQuestionCount},
        {"label of 64 (0x40: reserved label type)",
         Message(0, 1, WireName({std::string(64, 'x'), "org"})), DropReason::DnsBadName},
        {"label type 0x80", Message(0, 1, {0x80, 'a', 0x00}), DropReason::DnsBadName},
        {"compression pointer", Message(0, 1, {0xc0, 0x0c}), DropReason::DnsBadName},
        {"pointer after a label", Message(0, 1, {0x01, 'a', 0xc0, 0x0c}), DropReason::DnsBadName},
        {"name of 256 bytes", Message(0, 1, WireNameOfLength(256)), DropReason::DnsBadName},
        {"label past the end", Message(0, 1, {0x05, 'a', 'b', 'c'}, {}), DropReason::DnsBadName},
        {"no root label", Message(0, 1, {0x03, 'o', 'r', 'g'}, {}), DropReason::DnsBadName},
        {"nothing after the name", nameOnly, DropReason::DnsQuestionTruncated},
        {"1 byte after the name", Message(kFlagsRd, 1, MailName(), {0x00}),
         DropReason::DnsQuestionTruncated},
        {"2 bytes after the name", Message(kFlagsRd, 1, MailName(), {0x00, 0x0f}),
         DropReason::DnsQuestionTruncated},
        {"3 bytes after the name", Message(kFlagsRd, 1, MailName(), {0x00, 0x0f, 0x00}),
         DropReason::DnsQuestionTruncated},
    };

    // Opcodes 1 (IQUERY), 2 (STATUS), 4 (NOTIFY), 5 (UPDATE) and the unassigned ones.
    for (uint16_t opcode = 1; opcode <= 15; ++opcode)
    {
        cases.push_back({"opcode " + std::to_string(opcode),
                         Message(static_cast<uint16_t>(kFlagsRd | (opcode << 11)), 1, MailName()),
                         DropReason::DnsBadOpcode});
    }
    return cases;
}

TEST(DnsMessage, RejectsMalformedQueries)
{
    DropCounters counters;
    for (const RejectCase& c : RejectCases())
    {
        SCOPED_TRACE(c.label);
        DnsQuestion question;
        DropReason reason = CheckDnsQuery(c.message, question);
        EXPECT_EQ(reason, c.reason);

        DropCounters before = counters;
        counters.Add(reason);
        ExpectOnlyCounterMoved(before, counters, c.reason);
    }
}

TEST(DnsMessage, ParseNameReportsEnd)
{
    // A name at offset 3 of a buffer, followed by two more bytes.
    std::vector<uint8_t> buffer = {0xee, 0xee, 0xee};
    std::vector<uint8_t> name = MailName();
    buffer.insert(buffer.end(), name.begin(), name.end());
    buffer.push_back(0xaa);
    buffer.push_back(0xbb);

    std::vector<uint8_t> wireName = {9, 9};
    size_t end = 0;
    ASSERT_EQ(ParseDnsName(buffer, 3, wireName, end), DropReason::None);
    EXPECT_EQ(end, 3 + name.size());
    EXPECT_TRUE(BytesEqual(wireName, name));

    EXPECT_EQ(ParseDnsName(buffer, buffer.size(), wireName, end), DropReason::DnsBadName);
    EXPECT_EQ(ParseDnsName(buffer, buffer.size() + 10, wireName, end), DropReason::DnsBadName);
}

TEST(DnsMessage, NameFromText)
{
    struct TextCase
    {
        std::string text;
        bool valid;
        std::vector<uint8_t> wire;
    };
    std::string label63(63, 'a');
    std::string label61(61, 'a');
    std::string name255 = label63 + "." + label63 + "." + label63 + "." + label61;
    std::vector<TextCase> cases = {
        {"mail.Example.ORG", true, WireName({"mail", "example", "org"})},
        {"example.org.", true, WireName({"example", "org"})},
        {"org", true, WireName({"org"})},
        {".", true, {0x00}},
        {label63 + ".org", true, WireName({label63, "org"})},
        {name255, true, WireNameOfLength(255)},
        {"", false, {}},
        {"..", false, {}},
        {"a..b", false, {}},
        {".a", false, {}},
        {"a..", false, {}},
        {std::string(64, 'a') + ".org", false, {}},
        {name255 + "a", false, {}},
    };
    for (const TextCase& c : cases)
    {
        SCOPED_TRACE("\"" + c.text + "\"");
        std::vector<uint8_t> wire;
        ASSERT_EQ(DnsNameFromText(c.text, wire), c.valid);
        if (c.valid)
        {
            EXPECT_TRUE(BytesEqual(wire, c.wire));
        }
    }
}

TEST(DnsMessage, NameToText)
{
    EXPECT_EQ(DnsNameToText({0x00}), ".");
    EXPECT_EQ(DnsNameToText(MailName()), "Mail.Example.ORG.");

    // A dot, a backslash, a space and bytes outside printable ASCII are escaped as \DDD.
    std::vector<uint8_t> odd = {0x06, 'a', '.', '\\', ' ', 0x00, 0xff, 0x03, 'o', 'r', 'g', 0x00};
    EXPECT_EQ(DnsNameToText(odd), "a\\046\\092\\032\\000\\255.org.");
}

TEST(DnsMessage, NameInZone)
{
    struct ZoneCase
    {
        std::string label;
        std::vector<uint8_t> name;
        std::string zone;
        bool inZone;
    };
    std::vector<ZoneCase> cases = {
        {"below the zone, other case", MailName(), "example.org", true},
        {"equal to the zone", WireName({"example", "org"}), "example.org", true},
        {"equal, other case", WireName({"EXAMPLE", "Org"}), "example.org", true},
        {"two labels below", WireName({"a", "b", "example", "org"}), "example.org", true},
        {"root zone, any name", MailName(), ".", true},
        {"root zone, root name", {0x00}, ".", true},
        {"label boundary: badexample.org", WireName({"badexample", "org"}), "example.org", false},
        {"sibling zone", WireName({"example", "com"}), "example.org", false},
        {"parent of the zone", WireName({"org"}), "example.org", false},
        {"root name, other zone", {0x00}, "example.org", false},
        {"zone bytes inside a label", WireName({std::string("x\x07") + "example", "org"}),
         "example.org", false},
        {"zone as a prefix", WireName({"example", "org", "net"}), "example.org", false},
    };
    for (const ZoneCase& c : cases)
    {
        SCOPED_TRACE(c.label);
        std::vector<uint8_t> zone;
        ASSERT_TRUE(DnsNameFromText(c.zone, zone));

        EXPECT_EQ(DnsNameInZone(c.name, zone), c.inZone);
    }
}

} // namespace
} // namespace core
} // namespace mxrace
