// Unit tests of core/query-duplicator: the copies against scapy's datagrams, every check a
// query passes, the rate limit and the configuration check.

#include "core-test-support.h"

#include "core/query-duplicator.h"

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
using test::BytesEqual;
using test::ExpectOnlyCounterMoved;
using test::Field16;
using test::Param16;
using test::VectorExpected;
using test::VectorInput;

constexpr uint64_t kMs = 1000000; // Nanoseconds per millisecond.
constexpr uint64_t kSecond = 1000 * kMs;

/** Returns the two-route configuration of make-vectors.py's address plan. */
DuplicatorConfig
TwoRoutes()
{
    DuplicatorConfig config;
    config.routes = {
        ProxyRoute{AddressParam("proxy"), {AddressParam("dns1"), AddressParam("dns2")}},
        ProxyRoute{AddressParam("proxy2"), {AddressParam("dns1-r2"), AddressParam("dns2-r2")}},
    };
    return config;
}

/** Returns \p payload as the client sent it to \p proxyAddress; the query refers to
 *  \p payload, which must outlive it. */
ReceivedQuery
ClientQuery(const std::vector<uint8_t>& payload, Ipv4Addr proxyAddress)
{
    return ReceivedQuery{AddressParam("client"), Param16("client-port"), proxyAddress, payload};
}

/** Returns a query with ID 0x1234 and \p flags for \p wireName, QTYPE MX, QCLASS IN. */
std::vector<uint8_t>
QueryFor(const std::vector<uint8_t>& wireName, uint16_t flags = 0x0100)
{
    std::vector<uint8_t> message = {0x12,
                                    0x34,
                                    static_cast<uint8_t>(flags >> 8),
                                    static_cast<uint8_t>(flags & 0xff),
                                    0,
                                    1,
                                    0,
                                    0,
                                    0,
                                    0,
                                    0,
                                    0};
    for (uint8_t byte : wireName)
    {
        message.push_back(byte);
    }
    const uint8_t typeAndClass[] = {0x00, 0x0f, 0x00, 0x01};
    for (uint8_t byte : typeAndClass)
    {
        message.push_back(byte);
    }
    return message;
}

std::vector<uint8_t>
Wire(const std::string& text)
{
    std::vector<uint8_t> wire;
    EXPECT_TRUE(DnsNameFromText(text, wire)) << text;
    return wire;
}

/** Checks that \p copies are the vectors \p names, in order. */
void
ExpectCopies(const std::vector<std::vector<uint8_t>>& copies, const std::vector<std::string>& names)
{
    ASSERT_EQ(copies.size(), names.size());
    for (size_t i = 0; i < names.size(); ++i)
    {
        SCOPED_TRACE(names[i]);
        EXPECT_TRUE(BytesEqual(copies[i], VectorExpected(names[i])));
    }
}

TEST(QueryDuplicator, CopiesMatchScapy)
{
    QueryDuplicator duplicator(TwoRoutes());
    std::vector<std::vector<uint8_t>> copies;

    ASSERT_EQ(duplicator.DuplicateDatagram(VectorInput("dup.query"), 0, copies), DropReason::None);
    ExpectCopies(copies, {"dup.copy-1", "dup.copy-2"});
}

TEST(QueryDuplicator, DuplicateMatchesDatagramPath)
{
    QueryDuplicator duplicator(TwoRoutes());
    std::vector<uint8_t> payload = VectorExpected("dup.query");
    std::vector<std::vector<uint8_t>> copies;

    ASSERT_EQ(duplicator.Duplicate(ClientQuery(payload, AddressParam("proxy")), 0, copies),
              DropReason::None);
    ExpectCopies(copies, {"dup.copy-1", "dup.copy-2"});
}

TEST(QueryDuplicator, AcceptsQueryWithoutUdpChecksum)
{
    QueryDuplicator duplicator(TwoRoutes());
    std::vector<std::vector<uint8_t>> copies;

    ASSERT_EQ(duplicator.DuplicateDatagram(VectorInput("dup.query-zero-checksum"), 0, copies),
              DropReason::None);
    ExpectCopies(copies, {"dup.copy-1", "dup.copy-2"});
}

TEST(QueryDuplicator, SecondRouteGetsItsServers)
{
    // An odd-length payload, sent to the second proxy address.
    QueryDuplicator duplicator(TwoRoutes());
    std::vector<std::vector<uint8_t>> copies;

    ASSERT_EQ(duplicator.DuplicateDatagram(VectorInput("dup.query-odd"), 0, copies),
              DropReason::None);
    ExpectCopies(copies, {"dup.copy-r2-1", "dup.copy-r2-2"});
}

TEST(QueryDuplicator, ThreeServersThreeCopies)
{
    DuplicatorConfig config = TwoRoutes();
    config.routes[0].servers.push_back(AddressParam("other-host"));
    QueryDuplicator duplicator(config);
    std::vector<std::vector<uint8_t>> copies;

    ASSERT_EQ(duplicator.DuplicateDatagram(VectorInput("dup.query"), 0, copies), DropReason::None);
    ASSERT_EQ(copies.size(), 3u);
    EXPECT_TRUE(BytesEqual(copies[0], VectorExpected("dup.copy-1")));
    EXPECT_TRUE(BytesEqual(copies[1], VectorExpected("dup.copy-2")));
    Ipv4UdpDatagram third;
    ASSERT_EQ(ParseIpv4Udp(copies[2], third), DropReason::None);
    EXPECT_EQ(third.ip.destination, AddressParam("other-host"));
    EXPECT_EQ(third.ip.identification, 3);
}

TEST(QueryDuplicator, TtlFromConfig)
{
    DuplicatorConfig config = TwoRoutes();
    config.ttl = 7;
    QueryDuplicator duplicator(config);
    std::vector<std::vector<uint8_t>> copies;

    ASSERT_EQ(duplicator.DuplicateDatagram(VectorInput("dup.query"), 0, copies), DropReason::None);
    ExpectCopies(copies, {"dup.copy-ttl7-1", "dup.copy-ttl7-2"});
}

TEST(QueryDuplicator, CopyChecksumZeroSentAsFfff)
{
    QueryDuplicator duplicator(TwoRoutes());
    std::vector<std::vector<uint8_t>> copies;

    ASSERT_EQ(duplicator.DuplicateDatagram(VectorInput("dup.query-ffff"), 0, copies),
              DropReason::None);
    ExpectCopies(copies, {"dup.copy-ffff-1", "dup.copy-ffff-2"});
    EXPECT_EQ(Field16(copies[0], 26), 0xffff);
}

TEST(QueryDuplicator, IdentificationAdvances)
{
    QueryDuplicator duplicator(TwoRoutes());
    std::vector<std::vector<uint8_t>> copies;
    std::vector<uint8_t> query = VectorInput("dup.query");

    for (int first = 1; first <= 5; first += 2)
    {
        SCOPED_TRACE(first);
        ASSERT_EQ(duplicator.DuplicateDatagram(query, 0, copies), DropReason::None);
        ASSERT_EQ(copies.size(), 2u);
        EXPECT_EQ(Field16(copies[0], 4), first);
        EXPECT_EQ(Field16(copies[1], 4), first + 1);
    }
}

TEST(QueryDuplicator, ServersFor)
{
    QueryDuplicator duplicator(TwoRoutes());

    const std::vector<Ipv4Addr>* servers = duplicator.ServersFor(AddressParam("proxy2"));
    ASSERT_NE(servers, nullptr);
    EXPECT_EQ(*servers, (std::vector<Ipv4Addr>{AddressParam("dns1-r2"), AddressParam("dns2-r2")}));
    EXPECT_EQ(duplicator.ServersFor(AddressParam("other-host")), nullptr);
}

/** A query that the duplicator must drop, and the reason. */
struct DropCase
{
    std::string label;   //!< What the case is.
    ReceivedQuery query; //!< The query.
    DropReason reason;   //!< Expected reason.
};

TEST(QueryDuplicator, DropsBadSources)
{
    std::vector<uint8_t> payload = VectorExpected("dup.query");
    Ipv4Addr proxy = AddressParam("proxy");
    uint16_t port = Param16("client-port");
    std::vector<DropCase> cases = {
        {"127.0.0.1", {0x7f000001, port, proxy, payload}, DropReason::BadSource},
        {"0.0.0.0", {0x00000000, port, proxy, payload}, DropReason::BadSource},
        {"224.0.0.1", {0xe0000001, port, proxy, payload}, DropReason::BadSource},
        {"240.0.0.1", {0xf0000001, port, proxy, payload}, DropReason::BadSource},
        {"255.255.255.255", {0xffffffff, port, proxy, payload}, DropReason::BadSource},
        {"the proxy's own address", {proxy, port, proxy, payload}, DropReason::BadSource},
        {"the other proxy address",
         {AddressParam("proxy2"), port, proxy, payload},
         DropReason::BadSource},
        {"a server of the route",
         {AddressParam("dns2"), port, proxy, payload},
         DropReason::BadSource},
        {"a server of the other route",
         {AddressParam("dns1-r2"), port, proxy, payload},
         DropReason::BadSource},
        {"port 0", {AddressParam("client"), 0, proxy, payload}, DropReason::BadSource},
        {"unknown proxy address", ClientQuery(payload, AddressParam("other-host")),
         DropReason::NoServers},
    };

    QueryDuplicator duplicator(TwoRoutes());
    DropCounters counters;
    for (const DropCase& c : cases)
    {
        SCOPED_TRACE(c.label);
        std::vector<std::vector<uint8_t>> copies = {{1, 2, 3}};
        DropReason reason = duplicator.Duplicate(c.query, 0, copies);
        EXPECT_EQ(reason, c.reason);
        EXPECT_TRUE(copies.empty());

        DropCounters before = counters;
        counters.Add(reason);
        ExpectOnlyCounterMoved(before, counters, c.reason);
    }
}

TEST(QueryDuplicator, DropsBadDatagramsAndQueries)
{
    // One case per layer shows that the duplicator passes on the parsers' reasons.
    struct DatagramCase
    {
        std::string vector;
        DropReason reason;
    };
    std::vector<DatagramCase> cases = {
        {"ipv4.fragment-mf", DropReason::Ipv4Fragment},
        {"ipv4.not-udp-icmp", DropReason::NotUdp},
        {"udp.length-short", DropReason::UdpBadLength},
        {"udp.checksum-wrong", DropReason::UdpBadChecksum},
        {"udp.too-short", DropReason::UdpTooShort},
    };
    QueryDuplicator duplicator(TwoRoutes());
    DropCounters counters;
    for (const DatagramCase& c : cases)
    {
        SCOPED_TRACE(c.vector);
        std::vector<std::vector<uint8_t>> copies = {{1}};
        DropReason reason = duplicator.DuplicateDatagram(VectorInput(c.vector), 0, copies);
        EXPECT_EQ(reason, c.reason);
        EXPECT_TRUE(copies.empty());

        DropCounters before = counters;
        counters.Add(reason);
        ExpectOnlyCounterMoved(before, counters, c.reason);
    }

    // A response (QR set) sent to the proxy.
    std::vector<std::vector<uint8_t>> copies;
    EXPECT_EQ(
        duplicator.Duplicate(
            ClientQuery(QueryFor(Wire("example.org"), 0x8180), AddressParam("proxy")), 0, copies),
        DropReason::DnsNotQuery);
    EXPECT_TRUE(copies.empty());
}

TEST(QueryDuplicator, ZonesServed)
{
    struct ZoneCase
    {
        std::vector<std::string> zones;
        std::vector<uint8_t> name;
        DropReason reason;
    };
    std::vector<uint8_t> upperCase = {0x04, 'M', 'A', 'I', 'L',  0x07, 'E', 'x', 'A',
                                      'm',  'p', 'l', 'e', 0x03, 'O',  'R', 'G', 0x00};
    std::vector<ZoneCase> cases = {
        {{"example.org"}, upperCase, DropReason::None},
        {{"example.org"}, Wire("example.org"), DropReason::None},
        {{"example.org"}, Wire("badexample.org"), DropReason::ZoneNotServed},
        {{"example.org"}, Wire("org"), DropReason::ZoneNotServed},
        {{"example.org"}, Wire("."), DropReason::ZoneNotServed},
        {{"example.com", "Example.ORG."}, upperCase, DropReason::None},
        {{"."}, Wire("anything.test"), DropReason::None},
        {{"."}, Wire("."), DropReason::None},
        {{}, Wire("anything.test"), DropReason::None},
    };
    DropCounters counters;
    for (const ZoneCase& c : cases)
    {
        SCOPED_TRACE(DnsNameToText(c.name) + " in " + std::to_string(c.zones.size()) + " zones");
        DuplicatorConfig config = TwoRoutes();
        config.zones = c.zones;
        QueryDuplicator duplicator(config);
        std::vector<std::vector<uint8_t>> copies;

        DropReason reason =
            duplicator.Duplicate(ClientQuery(QueryFor(c.name), AddressParam("proxy")), 0, copies);
        EXPECT_EQ(reason, c.reason);
        EXPECT_EQ(copies.size(), c.reason == DropReason::None ? 2u : 0u);

        DropCounters before = counters;
        counters.Add(reason);
        ExpectOnlyCounterMoved(before, counters, c.reason);
    }
}

TEST(QueryDuplicator, DropsTooLargeCopies)
{
    // A valid question followed by bytes up to 65508, one more than a datagram can carry.
    std::vector<uint8_t> payload = QueryFor(Wire("example.org"));
    payload.resize(kIpv4MaxLength - kIpv4MinHeaderLength - kUdpHeaderLength + 1, 0);
    DuplicatorConfig config = TwoRoutes();
    config.maxDatagramSize = kIpv4MaxLength;
    QueryDuplicator duplicator(config);
    std::vector<std::vector<uint8_t>> copies;

    DropReason reason =
        duplicator.Duplicate(ClientQuery(payload, AddressParam("proxy")), 0, copies);
    EXPECT_EQ(reason, DropReason::TooLarge);
    EXPECT_TRUE(copies.empty());

    DropCounters counters;
    counters.Add(reason);
    ExpectOnlyCounterMoved(DropCounters(), counters, DropReason::TooLarge);
}

TEST(QueryDuplicator, MaxDatagramSizeBoundary)
{
    // 1500 bytes with headers is the default limit: a 1472-byte payload fits, 1473 does not.
    DuplicatorConfig config = TwoRoutes();
    QueryDuplicator duplicator(config);
    std::vector<std::vector<uint8_t>> copies;

    std::vector<uint8_t> payload = QueryFor(Wire("example.org"));
    payload.resize(1472, 0);
    EXPECT_EQ(duplicator.Duplicate(ClientQuery(payload, AddressParam("proxy")), 0, copies),
              DropReason::None);
    ASSERT_EQ(copies.size(), 2u);
    EXPECT_EQ(copies[0].size(), 1500u);

    payload.resize(1473, 0);
    EXPECT_EQ(duplicator.Duplicate(ClientQuery(payload, AddressParam("proxy")), 0, copies),
              DropReason::TooLarge);
    EXPECT_TRUE(copies.empty());
}

TEST(QueryDuplicator, ValidateRejectsMaxDatagramSize)
{
    DuplicatorConfig small = TwoRoutes();
    small.maxDatagramSize = 575;
    EXPECT_NE(QueryDuplicator::ValidateConfig(small).find("575"), std::string::npos);

    DuplicatorConfig large = TwoRoutes();
    large.maxDatagramSize = 65536;
    EXPECT_NE(QueryDuplicator::ValidateConfig(large).find("65536"), std::string::npos);

    DuplicatorConfig fine = TwoRoutes();
    fine.maxDatagramSize = 576;
    EXPECT_EQ(QueryDuplicator::ValidateConfig(fine), "");
}

DuplicatorConfig
RateLimited(double rate, double burst)
{
    DuplicatorConfig config = TwoRoutes();
    config.rateLimit.queriesPerSecond = rate;
    config.rateLimit.burst = burst;
    return config;
}

TEST(QueryDuplicator, RateLimitBurstThenRefused)
{
    QueryDuplicator duplicator(RateLimited(10, 2));
    std::vector<uint8_t> query = VectorInput("dup.query");
    std::vector<std::vector<uint8_t>> copies;
    DropCounters counters;

    ASSERT_EQ(duplicator.DuplicateDatagram(query, 0, copies), DropReason::None);
    ASSERT_EQ(duplicator.DuplicateDatagram(query, 0, copies), DropReason::None);
    DropReason reason = duplicator.DuplicateDatagram(query, 0, copies);
    EXPECT_EQ(reason, DropReason::RateLimited);
    EXPECT_TRUE(copies.empty());
    counters.Add(reason);
    ExpectOnlyCounterMoved(DropCounters(), counters, DropReason::RateLimited);

    // At 10 per second a token takes 100 ms.
    EXPECT_EQ(duplicator.DuplicateDatagram(query, 50 * kMs, copies), DropReason::RateLimited);
    EXPECT_EQ(duplicator.DuplicateDatagram(query, 150 * kMs, copies), DropReason::None);
    EXPECT_EQ(copies.size(), 2u);
    EXPECT_EQ(duplicator.DuplicateDatagram(query, 150 * kMs, copies), DropReason::RateLimited);
}

TEST(QueryDuplicator, RateLimitPerPrefix)
{
    QueryDuplicator duplicator(RateLimited(1, 1));
    std::vector<uint8_t> payload = VectorExpected("dup.query");
    Ipv4Addr proxy = AddressParam("proxy");
    Ipv4Addr client = AddressParam("client");
    std::vector<std::vector<uint8_t>> copies;

    EXPECT_EQ(duplicator.Duplicate({client, 1000, proxy, payload}, 0, copies), DropReason::None);
    EXPECT_EQ(duplicator.Duplicate({client ^ 0x01, 1000, proxy, payload}, 0, copies),
              DropReason::RateLimited)
        << "same /24";
    EXPECT_EQ(duplicator.Duplicate({client + 0x100, 1000, proxy, payload}, 0, copies),
              DropReason::None)
        << "next /24";
}

TEST(QueryDuplicator, RateLimitGlobal)
{
    DuplicatorConfig config = TwoRoutes();
    config.rateLimit.globalQueriesPerSecond = 1;
    config.rateLimit.globalBurst = 1;
    QueryDuplicator duplicator(config);
    std::vector<uint8_t> payload = VectorExpected("dup.query");
    Ipv4Addr proxy = AddressParam("proxy");
    std::vector<std::vector<uint8_t>> copies;

    EXPECT_EQ(duplicator.Duplicate({0x0a000001, 1000, proxy, payload}, 0, copies),
              DropReason::None);
    EXPECT_EQ(duplicator.Duplicate({0xac100001, 1000, proxy, payload}, 0, copies),
              DropReason::RateLimited);
    EXPECT_EQ(duplicator.Duplicate({0xac100001, 1000, proxy, payload}, 1 * kSecond, copies),
              DropReason::None);
}

TEST(QueryDuplicator, RateLimitEvictsWhenTableFull)
{
    DuplicatorConfig config = RateLimited(0.001, 1);
    config.rateLimit.maxPrefixes = 1;
    QueryDuplicator duplicator(config);
    std::vector<uint8_t> payload = VectorExpected("dup.query");
    Ipv4Addr proxy = AddressParam("proxy");
    std::vector<std::vector<uint8_t>> copies;

    EXPECT_EQ(duplicator.Duplicate({0x0a000001, 1000, proxy, payload}, 0, copies),
              DropReason::None);
    EXPECT_EQ(duplicator.Duplicate({0x0a000001, 1000, proxy, payload}, 0, copies),
              DropReason::RateLimited);
    EXPECT_EQ(duplicator.Duplicate({0xac100001, 1000, proxy, payload}, 0, copies), DropReason::None)
        << "a new prefix takes the only slot";
    EXPECT_EQ(duplicator.Duplicate({0x0a000001, 1000, proxy, payload}, 0, copies), DropReason::None)
        << "the evicted prefix starts with a full bucket";
}

TEST(QueryDuplicator, DroppedQueriesCostNoTokens)
{
    QueryDuplicator duplicator(RateLimited(0.001, 1));
    std::vector<std::vector<uint8_t>> copies;
    std::vector<uint8_t> payload = QueryFor(Wire("example.org"), 0x8180);
    ReceivedQuery response = ClientQuery(payload, AddressParam("proxy"));

    for (int i = 0; i < 5; ++i)
    {
        ASSERT_EQ(duplicator.Duplicate(response, 0, copies), DropReason::DnsNotQuery);
    }
    EXPECT_EQ(duplicator.DuplicateDatagram(VectorInput("dup.query"), 0, copies), DropReason::None);
}

TEST(QueryDuplicator, CheckWithoutChargeIgnoresLimit)
{
    // Queries over TCP come from a real connection, so Check() is told not to charge them.
    QueryDuplicator duplicator(RateLimited(0.001, 1));
    std::vector<uint8_t> payload = VectorExpected("dup.query");
    ReceivedQuery query = ClientQuery(payload, AddressParam("proxy"));
    DnsQuestion question;

    ASSERT_EQ(duplicator.Check(query, 0, true, question), DropReason::None);
    ASSERT_EQ(duplicator.Check(query, 0, true, question), DropReason::RateLimited);
    for (int i = 0; i < 3; ++i)
    {
        EXPECT_EQ(duplicator.Check(query, 0, false, question), DropReason::None);
    }
    EXPECT_EQ(question.qtype, 15);
    EXPECT_EQ(question.id, 0x2b67);
}

/** A configuration that ValidateConfig() must reject, and what its message must contain. */
struct ConfigCase
{
    std::string label;                  //!< What is wrong.
    DuplicatorConfig config;            //!< The configuration.
    std::vector<std::string> fragments; //!< Texts the message must contain.
};

std::vector<ConfigCase>
InvalidConfigs()
{
    std::vector<ConfigCase> cases;
    DuplicatorConfig config;

    config = TwoRoutes();
    config.routes.clear();
    cases.push_back({"no routes", config, {"no proxy address", "at least one"}});

    config = TwoRoutes();
    config.routes[1].servers.clear();
    cases.push_back({"route without servers", config, {"192.0.2.153", "no DNS server"}});

    config = TwoRoutes();
    config.routes[1].proxyAddress = config.routes[0].proxyAddress;
    cases.push_back({"proxy address twice", config, {"192.0.2.53", "twice"}});

    config = TwoRoutes();
    config.routes[0].servers[1] = config.routes[0].proxyAddress;
    cases.push_back({"server is its proxy", config, {"DNS server 192.0.2.53", "proxy"}});

    config = TwoRoutes();
    config.routes[0].servers[0] = config.routes[1].proxyAddress;
    cases.push_back(
        {"server is another proxy address", config, {"DNS server 192.0.2.153", "proxy"}});

    for (Ipv4Addr unusable : {0x7f000001u, 0x00000000u, 0xe0000001u, 0xffffffffu})
    {
        config = TwoRoutes();
        config.routes[1].servers[0] = unusable;
        cases.push_back({"server " + FormatIpv4(unusable),
                         config,
                         {"DNS server " + FormatIpv4(unusable), "unicast"}});
    }

    for (const char* zone : {"a..b", "", ".org"})
    {
        config = TwoRoutes();
        config.zones = {"example.org", zone};
        cases.push_back({std::string("zone \"") + zone + "\"",
                         config,
                         {std::string("zone \"") + zone + "\"", "not a valid domain name"}});
    }
    config = TwoRoutes();
    config.zones = {std::string(64, 'a') + ".org"};
    cases.push_back({"zone with a 64-byte label", config, {"63 bytes"}});

    config = TwoRoutes();
    config.rateLimit.queriesPerSecond = -1;
    cases.push_back({"negative rate", config, {"negative", ">= 0"}});

    config = TwoRoutes();
    config.rateLimit.globalQueriesPerSecond = -0.5;
    cases.push_back({"negative global rate", config, {"negative", ">= 0"}});

    config = TwoRoutes();
    config.rateLimit.prefixLength = 33;
    cases.push_back({"prefix length 33", config, {"prefix length 33", "0 to 32"}});

    config = TwoRoutes();
    config.ttl = 0;
    cases.push_back({"TTL 0", config, {"TTL 0", "1 to 255"}});

    config = TwoRoutes();
    config.serverPort = 0;
    cases.push_back({"server port 0", config, {"port 0", "1 to 65535"}});
    return cases;
}

TEST(QueryDuplicator, ValidateConfigAcceptsValid)
{
    EXPECT_EQ(QueryDuplicator::ValidateConfig(TwoRoutes()), "");

    DuplicatorConfig config = TwoRoutes();
    config.zones = {"example.org", ".", "Example.COM."};
    config.rateLimit.queriesPerSecond = 100;
    config.rateLimit.prefixLength = 32;
    config.ttl = 1;
    EXPECT_EQ(QueryDuplicator::ValidateConfig(config), "");
}

TEST(QueryDuplicator, ValidateConfigNamesFault)
{
    for (const ConfigCase& c : InvalidConfigs())
    {
        SCOPED_TRACE(c.label);
        std::string message = QueryDuplicator::ValidateConfig(c.config);

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
