// Unit tests of core/answer-rewriter: rewritten answers against scapy's datagrams, answers
// that pass unchanged byte for byte, drops, fragments and the configuration check.

#include "core-test-support.h"

#include "core/answer-rewriter.h"
#include "core/ipv4-udp.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

namespace mxrace
{
namespace core
{

/** Prints \p verdict by name in GoogleTest messages. */
void
PrintTo(RewriteVerdict verdict, std::ostream* os)
{
    switch (verdict)
    {
    case RewriteVerdict::Rewritten:
        *os << "Rewritten";
        return;
    case RewriteVerdict::Unchanged:
        *os << "Unchanged";
        return;
    case RewriteVerdict::Dropped:
        *os << "Dropped";
        return;
    }
    *os << "RewriteVerdict " << static_cast<int>(verdict);
}

namespace
{

using test::AddressParam;
using test::BytesEqual;
using test::ExpectOnlyCounterMoved;
using test::Field16;
using test::Param16;
using test::VectorExpected;
using test::VectorInput;

/** Returns the rules of make-vectors.py's address plan: two servers per proxy address. */
RewriterConfig
TwoProxies()
{
    RewriterConfig config;
    config.rules = {
        RewriteRule{AddressParam("dns1"), AddressParam("proxy")},
        RewriteRule{AddressParam("dns2"), AddressParam("proxy")},
        RewriteRule{AddressParam("dns1-r2"), AddressParam("proxy2")},
        RewriteRule{AddressParam("dns2-r2"), AddressParam("proxy2")},
    };
    return config;
}

/** Runs vector \p name through \p rewriter, expects \p verdict and EXPECTED's bytes. */
void
ExpectRewrite(AnswerRewriter& rewriter, const std::string& name, RewriteVerdict verdict)
{
    SCOPED_TRACE(name);
    std::vector<uint8_t> datagram = VectorInput(name);
    std::vector<uint8_t> expected = VectorExpected(name);
    ASSERT_FALSE(datagram.empty());

    RewriteResult result = rewriter.Rewrite(datagram.data(), datagram.size());
    EXPECT_EQ(result.verdict, verdict);
    EXPECT_EQ(result.reason, DropReason::None);
    EXPECT_TRUE(BytesEqual(datagram, expected));
}

TEST(AnswerRewriter, RewritesAnswers)
{
    AnswerRewriter rewriter(TwoProxies());
    for (const char* name :
         {"rw.answer", "rw.answer-dns2", "rw.answer-r2", "rw.ip-options", "rw.input-ffff"})
    {
        ExpectRewrite(rewriter, name, RewriteVerdict::Rewritten);
    }
}

TEST(AnswerRewriter, KeepsZeroUdpChecksum)
{
    AnswerRewriter rewriter(TwoProxies());
    ExpectRewrite(rewriter, "rw.checksum-zero", RewriteVerdict::Rewritten);

    std::vector<uint8_t> datagram = VectorInput("rw.checksum-zero");
    ASSERT_EQ(rewriter.Rewrite(datagram.data(), datagram.size()).verdict,
              RewriteVerdict::Rewritten);
    EXPECT_EQ(Field16(datagram, 26), 0);
}

TEST(AnswerRewriter, SendsComputedZeroAsFfff)
{
    AnswerRewriter rewriter(TwoProxies());
    ExpectRewrite(rewriter, "rw.result-ffff", RewriteVerdict::Rewritten);

    std::vector<uint8_t> datagram = VectorInput("rw.result-ffff");
    ASSERT_EQ(rewriter.Rewrite(datagram.data(), datagram.size()).verdict,
              RewriteVerdict::Rewritten);
    EXPECT_EQ(Field16(datagram, 26), 0xffff);
}

TEST(AnswerRewriter, RewrittenAnswerParses)
{
    AnswerRewriter rewriter(TwoProxies());
    std::vector<uint8_t> datagram = VectorInput("rw.answer");
    ASSERT_EQ(rewriter.Rewrite(datagram.data(), datagram.size()).verdict,
              RewriteVerdict::Rewritten);

    Ipv4UdpDatagram parsed;
    ASSERT_EQ(ParseIpv4Udp(datagram, parsed), DropReason::None);
    EXPECT_EQ(parsed.ip.source, AddressParam("proxy"));
    EXPECT_EQ(parsed.ip.destination, AddressParam("client"));
    EXPECT_EQ(parsed.sourcePort, 53);
    EXPECT_EQ(parsed.destinationPort, Param16("client-port"));
}

TEST(AnswerRewriter, LeavesOtherTrafficUnchanged)
{
    AnswerRewriter rewriter(TwoProxies());
    for (const char* name :
         {"rw.other-port", "rw.other-source", "rw.proxy-source", "rw.tcp", "rw.icmp"})
    {
        ExpectRewrite(rewriter, name, RewriteVerdict::Unchanged);
    }
}

TEST(AnswerRewriter, ServerPortFromConfig)
{
    RewriterConfig config = TwoProxies();
    config.serverPort = 5353;
    AnswerRewriter rewriter(config);

    ExpectRewrite(rewriter, "rw.port-5353", RewriteVerdict::Rewritten);
    std::vector<uint8_t> answer = VectorInput("rw.answer");
    std::vector<uint8_t> original = answer;
    EXPECT_EQ(rewriter.Rewrite(answer.data(), answer.size()).verdict, RewriteVerdict::Unchanged);
    EXPECT_TRUE(BytesEqual(answer, original));
}

/** A datagram that the rewriter must drop, and the reason. */
struct DropCase
{
    std::string label;             //!< What the case is.
    std::vector<uint8_t> datagram; //!< The datagram.
    DropReason reason;             //!< Expected reason.
};

std::vector<DropCase>
DropCases()
{
    std::vector<uint8_t> answer = VectorInput("rw.answer");
    std::vector<DropCase> cases = {
        {"empty", {}, DropReason::Ipv4TooShort},
        {"19 bytes", std::vector<uint8_t>(answer.begin(), answer.begin() + 19),
         DropReason::Ipv4TooShort},
        {"UDP checksum wrong", VectorInput("rw.bad-checksum"), DropReason::UdpBadChecksum},
        {"UDP length too long", VectorInput("rw.length-long"), DropReason::UdpBadLength},
        {"UDP length too short", VectorInput("rw.length-short"), DropReason::UdpBadLength},
        {"4 bytes of UDP", VectorInput("rw.udp-too-short"), DropReason::UdpTooShort},
        {"first fragment, UDP length shorter than its bytes",
         VectorInput("rw.frag-first-short-length"), DropReason::UdpBadLength},
    };

    std::vector<uint8_t> changed = answer;
    changed[0] = 0x65;
    cases.push_back({"version 6", changed, DropReason::Ipv4BadVersion});
    changed = answer;
    changed[0] = 0x44;
    cases.push_back({"IHL 4", changed, DropReason::Ipv4BadIhl});
    changed = answer;
    changed[10] ^= 0x80;
    cases.push_back({"IPv4 checksum wrong", changed, DropReason::Ipv4BadChecksum});
    changed = answer;
    changed.pop_back();
    cases.push_back({"truncated", changed, DropReason::Ipv4BadTotalLength});
    changed = answer;
    changed.push_back(0);
    cases.push_back({"trailing byte", changed, DropReason::Ipv4TrailingBytes});
    changed = answer;
    changed.back() ^= 0x01;
    cases.push_back({"payload changed", changed, DropReason::UdpBadChecksum});
    return cases;
}

TEST(AnswerRewriter, DropsMalformedAnswers)
{
    AnswerRewriter rewriter(TwoProxies());
    DropCounters counters;
    for (const DropCase& c : DropCases())
    {
        SCOPED_TRACE(c.label);
        std::vector<uint8_t> datagram = c.datagram;

        RewriteResult result = rewriter.Rewrite(datagram.data(), datagram.size());
        EXPECT_EQ(result.verdict, RewriteVerdict::Dropped);
        EXPECT_EQ(result.reason, c.reason);
        EXPECT_TRUE(BytesEqual(datagram, c.datagram)) << "a dropped datagram is not modified";

        DropCounters before = counters;
        counters.Add(result.reason);
        ExpectOnlyCounterMoved(before, counters, c.reason);
    }
}

TEST(AnswerRewriter, RewritesFragments)
{
    // check-defragment.py runs this test with MXRACE_FRAGMENT_OUTPUT set, reassembles the
    // fragments written there with scapy and verifies the answer.
    const char* outputPath = std::getenv("MXRACE_FRAGMENT_OUTPUT");
    std::ofstream output;
    if (outputPath != nullptr)
    {
        output.open(outputPath);
        ASSERT_TRUE(output) << "cannot write " << outputPath;
    }

    // The first fragment goes first and the later ones follow from the last backwards,
    // because once the first fragment is known their order does not matter.
    size_t count = Param16("frag-count");
    ASSERT_GE(count, 3u);
    std::vector<size_t> order = {0};
    for (size_t i = count - 1; i > 0; --i)
    {
        order.push_back(i);
    }

    AnswerRewriter rewriter(TwoProxies());
    for (size_t i : order)
    {
        std::string name = "rw.frag-" + std::to_string(i);
        SCOPED_TRACE(name);
        std::vector<uint8_t> fragment = VectorInput(name);
        ASSERT_FALSE(fragment.empty());

        RewriteResult result = rewriter.Rewrite(fragment.data(), fragment.size());
        EXPECT_EQ(result.verdict, RewriteVerdict::Rewritten);
        EXPECT_EQ(result.reason, DropReason::None);
        EXPECT_TRUE(BytesEqual(fragment, VectorExpected(name)));
        if (output.is_open())
        {
            output << test::ToHex(fragment) << "\n";
        }
    }
}

TEST(AnswerRewriter, LaterFragmentOfUnknownIdUnchanged)
{
    AnswerRewriter rewriter(TwoProxies());
    ExpectRewrite(rewriter, "rw.frag-0", RewriteVerdict::Rewritten);

    ExpectRewrite(rewriter, "rw.frag-unknown-id", RewriteVerdict::Unchanged);
}

TEST(AnswerRewriter, LaterFragmentFirstUnchanged)
{
    // A later fragment that arrives before its first fragment passes unchanged.
    AnswerRewriter rewriter(TwoProxies());
    std::vector<uint8_t> later = VectorInput("rw.frag-1");
    std::vector<uint8_t> original = later;

    EXPECT_EQ(rewriter.Rewrite(later.data(), later.size()).verdict, RewriteVerdict::Unchanged);
    EXPECT_TRUE(BytesEqual(later, original));
}

TEST(AnswerRewriter, FragmentsOfOtherPortUnchanged)
{
    AnswerRewriter rewriter(TwoProxies());
    ExpectRewrite(rewriter, "rw.frag-other-port-0", RewriteVerdict::Unchanged);
    ExpectRewrite(rewriter, "rw.frag-other-port-1", RewriteVerdict::Unchanged);
}

TEST(AnswerRewriter, ForgetsOldestFirstFragment)
{
    // The rewriter remembers the last 64 first fragments (AnswerRewriter::kFragmentSlots).
    const size_t remembered = 64;
    ASSERT_EQ(Param16("ring-first-count"), remembered + 1);
    AnswerRewriter rewriter(TwoProxies());

    for (size_t i = 0; i < remembered; ++i)
    {
        ExpectRewrite(rewriter, "rw.ring-first-" + std::to_string(i), RewriteVerdict::Rewritten);
    }
    ExpectRewrite(rewriter, "rw.ring-later-0", RewriteVerdict::Rewritten);

    // One more first fragment takes the oldest slot, the one of ID ring-first-id + 0.
    std::string newest = std::to_string(remembered);
    ExpectRewrite(rewriter, "rw.ring-first-" + newest, RewriteVerdict::Rewritten);
    std::vector<uint8_t> forgotten = VectorInput("rw.ring-later-0");
    std::vector<uint8_t> original = forgotten;
    EXPECT_EQ(rewriter.Rewrite(forgotten.data(), forgotten.size()).verdict,
              RewriteVerdict::Unchanged);
    EXPECT_TRUE(BytesEqual(forgotten, original));
    ExpectRewrite(rewriter, "rw.ring-later-1", RewriteVerdict::Rewritten);
    ExpectRewrite(rewriter, "rw.ring-later-" + newest, RewriteVerdict::Rewritten);
}

/** A configuration that ValidateConfig() must reject, and what its message must contain. */
struct ConfigCase
{
    std::string label;                  //!< What is wrong.
    RewriterConfig config;              //!< The configuration.
    std::vector<std::string> fragments; //!< Texts the message must contain.
};

TEST(AnswerRewriter, ValidateConfigAcceptsValid)
{
    EXPECT_EQ(AnswerRewriter::ValidateConfig(TwoProxies()), "");
}

TEST(AnswerRewriter, ValidateConfigNamesFault)
{
    std::vector<ConfigCase> cases;
    RewriterConfig config;
    cases.push_back({"no rules", config, {"no rewrite rule"}});

    config = TwoProxies();
    config.rules[1].server = 0x7f000001;
    cases.push_back({"loopback server", config, {"127.0.0.1 -> 192.0.2.53", "unicast"}});

    config = TwoProxies();
    config.rules[2].proxy = 0xe0000001;
    cases.push_back({"multicast proxy", config, {"203.0.113.2 -> 224.0.0.1", "unicast"}});

    config = TwoProxies();
    config.rules[0].proxy = config.rules[0].server;
    cases.push_back({"server maps to itself", config, {"203.0.113.1 -> 203.0.113.1", "itself"}});

    config = TwoProxies();
    config.rules[3].server = config.rules[0].server;
    cases.push_back({"server twice", config, {"DNS server 203.0.113.1", "two rules"}});

    config = TwoProxies();
    config.serverPort = 0;
    cases.push_back({"server port 0", config, {"port 0", "1 to 65535"}});

    for (const ConfigCase& c : cases)
    {
        SCOPED_TRACE(c.label);
        std::string message = AnswerRewriter::ValidateConfig(c.config);

        EXPECT_FALSE(message.empty());
        for (const std::string& fragment : c.fragments)
        {
            EXPECT_NE(message.find(fragment), std::string::npos)
                << "\"" << fragment << "\" not in: " << message;
        }
    }
}

} // namespace
} // namespace core
} // namespace mxrace
