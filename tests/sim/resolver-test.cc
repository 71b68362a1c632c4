// Model tests of RecursiveResolver: it keeps the first answer that matches RFC 5452's
// checks, counts the late one, retries on time-out, caches only TTLs above 0, and picks
// upstreams by smoothed RTT in Srtt mode.
//
// Network: n0 (10.0.0.1 and 10.0.0.3: the stub and the upstreams) -- 5 ms -- n1 resolver
// (10.0.0.2). The upstreams are scripted test sockets or a real AuthoritativeDnsServer.

#include "sim/helper/authoritative-dns-server-helper.h"
#include "sim/helper/recursive-resolver-helper.h"
#include "sim/model/authoritative-dns-server.h"
#include "sim/model/recursive-resolver.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <gtest/gtest.h>
#include <ldns/ldns.h>

#include <cctype>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

std::string
ZoneDirectory()
{
    std::string file = __FILE__;
    return file.substr(0, file.rfind('/')) + "/zones/";
}

struct PacketFree
{
    void operator()(ldns_pkt* packet) const
    {
        ldns_pkt_free(packet);
    }
};

using PacketPtr = std::unique_ptr<ldns_pkt, PacketFree>;

PacketPtr
Parse(const std::vector<uint8_t>& wire)
{
    ldns_pkt* packet = nullptr;
    EXPECT_EQ(ldns_wire2pkt(&packet, wire.data(), wire.size()), LDNS_STATUS_OK);
    return PacketPtr(packet);
}

std::vector<uint8_t>
ToWire(const ldns_pkt* packet)
{
    uint8_t* buffer = nullptr;
    size_t size = 0;
    EXPECT_EQ(ldns_pkt2wire(&buffer, packet, &size), LDNS_STATUS_OK);
    std::vector<uint8_t> wire(buffer, buffer + size);
    free(buffer);
    return wire;
}

std::string
RdfText(const ldns_rdf* rdf)
{
    char* text = ldns_rdf2str(rdf);
    std::string result = text;
    free(text);
    return result;
}

std::vector<uint8_t>
StubQuery(uint16_t id, const std::string& name, ldns_rr_type type)
{
    ldns_pkt* query = nullptr;
    EXPECT_EQ(ldns_pkt_query_new_frm_str(&query, name.c_str(), type, LDNS_RR_CLASS_IN, LDNS_RD),
              LDNS_STATUS_OK);
    ldns_pkt_set_id(query, id);
    std::vector<uint8_t> wire = ToWire(query);
    ldns_pkt_free(query);
    return wire;
}

// How a scripted answer departs from a correct one.
enum class Fault
{
    None,
    WrongId,
    WrongName,
    WrongType,
    LowerCaseName,
};

// An answer to \p query naming \p exchange as the only MX, with TTL 0.
std::vector<uint8_t>
ScriptedAnswer(const std::vector<uint8_t>& query, const std::string& exchange, Fault fault = Fault::None)
{
    PacketPtr request = Parse(query);
    PacketPtr answer(ldns_pkt_new());
    uint16_t id = ldns_pkt_id(request.get());
    ldns_pkt_set_id(answer.get(), fault == Fault::WrongId ? static_cast<uint16_t>(id + 1) : id);
    ldns_pkt_set_qr(answer.get(), true);
    ldns_pkt_set_aa(answer.get(), true);

    ldns_rr* question = ldns_rr_clone(ldns_rr_list_rr(ldns_pkt_question(request.get()), 0));
    if (fault == Fault::WrongName)
    {
        ldns_rdf_deep_free(ldns_rr_owner(question));
        ldns_rr_set_owner(question, ldns_dname_new_frm_str("other.test."));
    }
    if (fault == Fault::WrongType)
    {
        ldns_rr_set_type(question, LDNS_RR_TYPE_A);
    }
    if (fault == Fault::LowerCaseName)
    {
        ldns_dname2canonical(ldns_rr_owner(question));
    }
    ldns_pkt_push_rr(answer.get(), LDNS_SECTION_QUESTION, question);

    ldns_rr* mx = nullptr;
    std::string text = "race.test. 0 IN MX 10 " + exchange;
    EXPECT_EQ(ldns_rr_new_frm_str(&mx, text.c_str(), 0, nullptr, nullptr), LDNS_STATUS_OK);
    ldns_pkt_push_rr(answer.get(), LDNS_SECTION_ANSWER, mx);
    return ToWire(answer.get());
}

struct Datagram
{
    std::vector<uint8_t> bytes;
    Address from;
    Time at;
};

// A UDP socket that keeps what it receives and calls a script for each datagram.
struct ScriptedSocket
{
    Ptr<Socket> socket;
    std::vector<Datagram> received;
    std::function<void(size_t)> script;

    void Receive(Ptr<Socket> s)
    {
        Address from;
        while (Ptr<Packet> packet = s->RecvFrom(from))
        {
            Datagram datagram{std::vector<uint8_t>(packet->GetSize()), from, Simulator::Now()};
            packet->CopyData(datagram.bytes.data(), datagram.bytes.size());
            received.push_back(datagram);
            if (script)
            {
                script(received.size() - 1);
            }
        }
    }
};

void
SendFrom(Ptr<Socket> socket, std::vector<uint8_t> bytes, Address to)
{
    socket->SendTo(Create<Packet>(bytes.data(), bytes.size()), 0, to);
}

struct AnswerEvent
{
    std::string name;
    std::string preferred;
    Time rtt;
};

void
RecordAnswer(std::vector<AnswerEvent>* out, const std::string& name, const std::string& preferred, Time rtt)
{
    out->push_back({name, preferred, rtt});
}

void
RecordTimeout(std::vector<uint32_t>* out, const std::string&, uint32_t attempt)
{
    out->push_back(attempt);
}

class ResolverTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
        Ipv4AddressGenerator::Reset();

        nodes.Create(2);
        PointToPointHelper link;
        link.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
        link.SetChannelAttribute("Delay", StringValue("5ms"));
        NetDeviceContainer devices = link.Install(nodes);
        InternetStackHelper stack;
        stack.Install(nodes);
        Ipv4AddressHelper addresses("10.0.0.0", "255.255.255.0");
        addresses.Assign(devices);
        Ptr<Ipv4> ipv4 = nodes.Get(0)->GetObject<Ipv4>();
        ipv4->AddAddress(1, Ipv4InterfaceAddress(kSecondUpstream, Ipv4Mask("255.255.255.0")));

        stub.socket = Socket::CreateSocket(nodes.Get(0), UdpSocketFactory::GetTypeId());
        stub.socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), 40000));
        stub.socket->SetRecvCallback(MakeCallback(&ScriptedSocket::Receive, &stub));
    }

    void TearDown() override
    {
        Simulator::Destroy();
    }

    // A scripted upstream bound to address:port on n0.
    void AddUpstream(ScriptedSocket& upstream, Ipv4Address address, uint16_t port = 53)
    {
        upstream.socket = Socket::CreateSocket(nodes.Get(0), UdpSocketFactory::GetTypeId());
        upstream.socket->Bind(InetSocketAddress(address, port));
        upstream.socket->SetRecvCallback(MakeCallback(&ScriptedSocket::Receive, &upstream));
    }

    Ptr<RecursiveResolver> InstallResolver(std::vector<Ipv4Address> upstreams,
                                           std::vector<std::pair<std::string, Ptr<AttributeValue>>> attributes = {})
    {
        RecursiveResolverHelper helper(upstreams);
        for (const auto& attribute : attributes)
        {
            helper.SetAttribute(attribute.first, *attribute.second);
        }
        ApplicationContainer apps = helper.Install(nodes.Get(1));
        helper.AssignStreams(nodes, 3);
        Ptr<RecursiveResolver> resolver = DynamicCast<RecursiveResolver>(apps.Get(0));
        resolver->TraceConnectWithoutContext("FirstAnswer", MakeBoundCallback(&RecordAnswer, &firstAnswers));
        resolver->TraceConnectWithoutContext("LateAnswer", MakeBoundCallback(&RecordAnswer, &lateAnswers));
        resolver->TraceConnectWithoutContext("Timeout", MakeBoundCallback(&RecordTimeout, &timeouts));
        return resolver;
    }

    void StubQueryAt(Time at, uint16_t id, const std::string& name = "race.test.",
                     ldns_rr_type type = LDNS_RR_TYPE_MX)
    {
        Simulator::Schedule(at, &SendFrom, stub.socket, StubQuery(id, name, type),
                            InetSocketAddress(kResolver, 53));
    }

    // Sends a scripted answer to upstream.received[index] from \p socket after \p delay.
    void ReplyLater(ScriptedSocket& upstream, size_t index, Ptr<Socket> socket, Time delay,
                    const std::string& exchange, Fault fault = Fault::None)
    {
        Simulator::Schedule(delay, &SendFrom, socket,
                            ScriptedAnswer(upstream.received[index].bytes, exchange, fault),
                            upstream.received[index].from);
    }

    void Run(Time duration)
    {
        Simulator::Stop(duration);
        Simulator::Run();
    }

    const Ipv4Address kFirstUpstream{"10.0.0.1"};
    const Ipv4Address kSecondUpstream{"10.0.0.3"};
    const Ipv4Address kResolver{"10.0.0.2"};
    NodeContainer nodes;
    ScriptedSocket stub;
    std::vector<AnswerEvent> firstAnswers;
    std::vector<AnswerEvent> lateAnswers;
    std::vector<uint32_t> timeouts;
};

TEST_F(ResolverTest, FirstAnswerKeptLateOneCounted)
{
    ScriptedSocket upstream;
    AddUpstream(upstream, kFirstUpstream);
    upstream.script = [&](size_t index) {
        ReplyLater(upstream, index, upstream.socket, MilliSeconds(10), "mgw1.race.test.");
        ReplyLater(upstream, index, upstream.socket, MilliSeconds(100), "mgw2.race.test.");
    };
    Ptr<RecursiveResolver> resolver = InstallResolver({kFirstUpstream});
    StubQueryAt(Seconds(1), 0x7777);
    Run(Seconds(5));

    // The stub gets one answer, with its own ID, naming the first answer's exchange.
    ASSERT_EQ(stub.received.size(), 1u);
    PacketPtr reply = Parse(stub.received[0].bytes);
    EXPECT_EQ(ldns_pkt_id(reply.get()), 0x7777);
    EXPECT_TRUE(ldns_pkt_qr(reply.get()));
    EXPECT_TRUE(ldns_pkt_rd(reply.get()));
    EXPECT_TRUE(ldns_pkt_ra(reply.get()));
    EXPECT_FALSE(ldns_pkt_aa(reply.get()));
    ASSERT_EQ(ldns_rr_list_rr_count(ldns_pkt_answer(reply.get())), 1u);
    EXPECT_EQ(RdfText(ldns_rr_rdf(ldns_rr_list_rr(ldns_pkt_answer(reply.get()), 0), 1)), "mgw1.race.test.");

    // The upstream query: RD clear, from a random port other than the stub's.
    ASSERT_EQ(upstream.received.size(), 1u);
    PacketPtr query = Parse(upstream.received[0].bytes);
    EXPECT_FALSE(ldns_pkt_rd(query.get()));
    uint16_t port = InetSocketAddress::ConvertFrom(upstream.received[0].from).GetPort();
    EXPECT_GE(port, 1024);
    EXPECT_NE(port, 53);

    ASSERT_EQ(firstAnswers.size(), 1u);
    EXPECT_EQ(firstAnswers[0].name, "race.test.");
    EXPECT_EQ(firstAnswers[0].preferred, "mgw1.race.test.");
    // 10 ms of script delay and two 5 ms hops, plus transmission at 100 Mbit/s.
    EXPECT_GE(firstAnswers[0].rtt, MilliSeconds(20));
    EXPECT_LE(firstAnswers[0].rtt, MicroSeconds(20100));
    ASSERT_EQ(lateAnswers.size(), 1u);
    EXPECT_EQ(lateAnswers[0].preferred, "mgw2.race.test.");
    EXPECT_GE(lateAnswers[0].rtt, MilliSeconds(110));

    const RecursiveResolver::Statistics& statistics = resolver->GetStatistics();
    EXPECT_EQ(statistics.stubQueries, 1u);
    EXPECT_EQ(statistics.upstreamQueries, 1u);
    EXPECT_EQ(statistics.firstAnswers, 1u);
    EXPECT_EQ(statistics.lateAnswers, 1u);
    EXPECT_EQ(statistics.unmatchedAnswers, 0u);
    EXPECT_EQ(statistics.timeouts, 0u);
}

TEST_F(ResolverTest, UnmatchedAnswersDropped)
{
    ScriptedSocket upstream;
    ScriptedSocket wrongPort;
    ScriptedSocket wrongAddress;
    AddUpstream(upstream, kFirstUpstream);
    AddUpstream(wrongPort, kFirstUpstream, 5300);
    AddUpstream(wrongAddress, kSecondUpstream);
    upstream.script = [&](size_t index) {
        ReplyLater(upstream, index, upstream.socket, MilliSeconds(1), "bad1.race.test.", Fault::WrongId);
        ReplyLater(upstream, index, wrongPort.socket, MilliSeconds(2), "bad2.race.test.");
        ReplyLater(upstream, index, wrongAddress.socket, MilliSeconds(3), "bad3.race.test.");
        ReplyLater(upstream, index, upstream.socket, MilliSeconds(4), "bad4.race.test.", Fault::WrongName);
        ReplyLater(upstream, index, upstream.socket, MilliSeconds(5), "bad5.race.test.", Fault::WrongType);
        ReplyLater(upstream, index, upstream.socket, MilliSeconds(6), "good.race.test.");
    };
    Ptr<RecursiveResolver> resolver = InstallResolver({kFirstUpstream});
    StubQueryAt(Seconds(1), 1);
    Run(Seconds(5));

    ASSERT_EQ(firstAnswers.size(), 1u);
    EXPECT_EQ(firstAnswers[0].preferred, "good.race.test.");
    ASSERT_EQ(stub.received.size(), 1u);
    EXPECT_EQ(resolver->GetStatistics().unmatchedAnswers, 5u);
    EXPECT_EQ(resolver->GetStatistics().firstAnswers, 1u);
    EXPECT_EQ(resolver->GetStatistics().lateAnswers, 0u);
}

TEST_F(ResolverTest, TimeoutRetriesWithNewPortAndId)
{
    ScriptedSocket upstream;
    AddUpstream(upstream, kFirstUpstream);
    upstream.script = [&](size_t index) {
        if (index == 1)
        {
            ReplyLater(upstream, index, upstream.socket, MilliSeconds(1), "mgw2.race.test.");
        }
    };
    Ptr<RecursiveResolver> resolver = InstallResolver({kFirstUpstream});
    StubQueryAt(Seconds(1), 2);
    Run(Seconds(5));

    ASSERT_EQ(upstream.received.size(), 2u);
    // The second attempt leaves one Timeout (1 s by default) after the first.
    EXPECT_EQ(upstream.received[1].at - upstream.received[0].at, Seconds(1));
    EXPECT_NE(InetSocketAddress::ConvertFrom(upstream.received[0].from).GetPort(),
              InetSocketAddress::ConvertFrom(upstream.received[1].from).GetPort());
    EXPECT_NE(ldns_pkt_id(Parse(upstream.received[0].bytes).get()),
              ldns_pkt_id(Parse(upstream.received[1].bytes).get()));
    ASSERT_EQ(timeouts.size(), 1u);
    EXPECT_EQ(timeouts[0], 1u);
    ASSERT_EQ(firstAnswers.size(), 1u);
    EXPECT_EQ(firstAnswers[0].preferred, "mgw2.race.test.");
    EXPECT_EQ(stub.received.size(), 1u);
    EXPECT_EQ(resolver->GetStatistics().upstreamQueries, 2u);
    EXPECT_EQ(resolver->GetStatistics().timeouts, 1u);
}

TEST_F(ResolverTest, ServfailAfterAllRetries)
{
    ScriptedSocket upstream;
    AddUpstream(upstream, kFirstUpstream);
    Ptr<RecursiveResolver> resolver = InstallResolver({kFirstUpstream});
    StubQueryAt(Seconds(1), 3);
    Run(Seconds(10));

    EXPECT_EQ(upstream.received.size(), 3u);
    EXPECT_EQ(timeouts, (std::vector<uint32_t>{1, 2, 3}));
    ASSERT_EQ(stub.received.size(), 1u);
    PacketPtr reply = Parse(stub.received[0].bytes);
    EXPECT_EQ(ldns_pkt_id(reply.get()), 3);
    EXPECT_EQ(ldns_pkt_get_rcode(reply.get()), LDNS_RCODE_SERVFAIL);
    EXPECT_EQ(resolver->GetStatistics().failures, 1u);
    EXPECT_TRUE(firstAnswers.empty());
}

TEST_F(ResolverTest, ZeroLateWindowClosesPort)
{
    ScriptedSocket upstream;
    AddUpstream(upstream, kFirstUpstream);
    upstream.script = [&](size_t index) {
        ReplyLater(upstream, index, upstream.socket, MilliSeconds(10), "mgw1.race.test.");
        ReplyLater(upstream, index, upstream.socket, MilliSeconds(100), "mgw2.race.test.");
    };
    Ptr<RecursiveResolver> resolver =
        InstallResolver({kFirstUpstream}, {{"LateAnswerWindow", Create<TimeValue>(Seconds(0))}});
    StubQueryAt(Seconds(1), 4);
    Run(Seconds(5));

    EXPECT_EQ(firstAnswers.size(), 1u);
    EXPECT_TRUE(lateAnswers.empty());
    EXPECT_EQ(resolver->GetStatistics().lateAnswers, 0u);
    EXPECT_EQ(resolver->GetStatistics().unmatchedAnswers, 0u);
}

TEST_F(ResolverTest, TtlZeroNotCachedOtherTtlCached)
{
    AuthoritativeDnsServerHelper server(ZoneDirectory() + "dns1.race.test.zone", "race.test.");
    server.SetAttribute("Address", Ipv4AddressValue(kFirstUpstream));
    Ptr<AuthoritativeDnsServer> authority =
        DynamicCast<AuthoritativeDnsServer>(server.Install(nodes.Get(0)).Get(0));
    Ptr<RecursiveResolver> resolver = InstallResolver({kFirstUpstream});
    StubQueryAt(Seconds(1), 10, "race.test.", LDNS_RR_TYPE_MX);
    StubQueryAt(Seconds(2), 11, "race.test.", LDNS_RR_TYPE_MX);
    StubQueryAt(Seconds(3), 12, "cached.race.test.", LDNS_RR_TYPE_A);
    StubQueryAt(Seconds(5), 13, "cached.race.test.", LDNS_RR_TYPE_A);
    Run(Seconds(7));

    EXPECT_EQ(authority->GetReceivedCount(), 3u);
    EXPECT_EQ(resolver->GetStatistics().upstreamQueries, 3u);
    EXPECT_EQ(resolver->GetStatistics().cacheHits, 1u);
    ASSERT_EQ(stub.received.size(), 4u);
    PacketPtr cached = Parse(stub.received[3].bytes);
    EXPECT_EQ(ldns_pkt_id(cached.get()), 13);
    ASSERT_EQ(ldns_rr_list_rr_count(ldns_pkt_answer(cached.get())), 1u);
    // Stored at about 3.016 s and served at 5.005 s, 1.99 s later: the TTL of 300 s has
    // lost one whole second.
    EXPECT_EQ(ldns_rr_ttl(ldns_rr_list_rr(ldns_pkt_answer(cached.get()), 0)), 299u);
}

TEST_F(ResolverTest, RandomizedCaseEchoedByRealServer)
{
    AuthoritativeDnsServerHelper server(ZoneDirectory() + "dns1.race.test.zone", "race.test.");
    server.SetAttribute("Address", Ipv4AddressValue(kFirstUpstream));
    Ptr<AuthoritativeDnsServer> authority =
        DynamicCast<AuthoritativeDnsServer>(server.Install(nodes.Get(0)).Get(0));
    std::vector<std::vector<uint8_t>> queries;
    authority->TraceConnectWithoutContext(
        "Rx", MakeBoundCallback(+[](std::vector<std::vector<uint8_t>>* out, Ptr<const Packet> packet, const Address&) {
            std::vector<uint8_t> bytes(packet->GetSize());
            packet->CopyData(bytes.data(), bytes.size());
            out->push_back(bytes);
        }, &queries));
    Ptr<RecursiveResolver> resolver =
        InstallResolver({kFirstUpstream}, {{"RandomizeCase", Create<BooleanValue>(true)}});
    StubQueryAt(Seconds(1), 20, "mgw1.race.test.", LDNS_RR_TYPE_A);
    Run(Seconds(3));

    ASSERT_EQ(queries.size(), 1u);
    std::string sentName(queries[0].begin() + 13, queries[0].begin() + 17); // first label
    std::string lower = sentName;
    for (char& c : lower)
    {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    EXPECT_EQ(lower, "mgw1");
    EXPECT_NE(sentName, "mgw1"); // at least one of its three letters flipped with this seed
    ASSERT_EQ(firstAnswers.size(), 1u);
    EXPECT_EQ(firstAnswers[0].preferred, "10.1.1.25");
    EXPECT_EQ(resolver->GetStatistics().unmatchedAnswers, 0u);
    // The stub sees its own spelling of the name again.
    ASSERT_EQ(stub.received.size(), 1u);
    EXPECT_EQ(RdfText(ldns_rr_owner(ldns_rr_list_rr(ldns_pkt_question(Parse(stub.received[0].bytes).get()), 0))),
              "mgw1.race.test.");
}

TEST_F(ResolverTest, RandomizedCaseRejectsLowerCaseEcho)
{
    ScriptedSocket upstream;
    AddUpstream(upstream, kFirstUpstream);
    upstream.script = [&](size_t index) {
        ReplyLater(upstream, index, upstream.socket, MilliSeconds(1), "mgw1.race.test.", Fault::LowerCaseName);
    };
    Ptr<RecursiveResolver> resolver = InstallResolver(
        {kFirstUpstream},
        {{"RandomizeCase", Create<BooleanValue>(true)}, {"Retries", Create<UintegerValue>(0)}});
    StubQueryAt(Seconds(1), 21, "race.test.");
    Run(Seconds(3));

    // "race.test" has eight letters; with this seed at least one is sent in upper case, so
    // the lower-case echo does not match.
    PacketPtr query = Parse(upstream.received.at(0).bytes);
    EXPECT_NE(RdfText(ldns_rr_owner(ldns_rr_list_rr(ldns_pkt_question(query.get()), 0))), "race.test.");
    EXPECT_EQ(resolver->GetStatistics().unmatchedAnswers, 1u);
    EXPECT_TRUE(firstAnswers.empty());
    EXPECT_EQ(resolver->GetStatistics().failures, 1u);
}

TEST_F(ResolverTest, SrttModePrefersFasterUpstream)
{
    ScriptedSocket slow;
    ScriptedSocket fast;
    AddUpstream(slow, kFirstUpstream);
    AddUpstream(fast, kSecondUpstream);
    slow.script = [&](size_t index) {
        ReplyLater(slow, index, slow.socket, MilliSeconds(50), "slow.race.test.");
    };
    fast.script = [&](size_t index) {
        ReplyLater(fast, index, fast.socket, MilliSeconds(5), "fast.race.test.");
    };
    Ptr<RecursiveResolver> resolver = InstallResolver(
        {kFirstUpstream, kSecondUpstream}, {{"Selection", Create<StringValue>("Srtt")}});
    for (uint16_t i = 0; i < 10; ++i)
    {
        StubQueryAt(Seconds(1 + i), 100 + i);
    }
    Run(Seconds(15));

    EXPECT_EQ(slow.received.size() + fast.received.size(), 10u);
    EXPECT_GE(slow.received.size(), 1u); // every upstream is tried
    EXPECT_GE(fast.received.size(), 7u);
    EXPECT_LT(resolver->GetSrtt(kSecondUpstream), resolver->GetSrtt(kFirstUpstream));
    EXPECT_EQ(resolver->GetStatistics().firstAnswers, 10u);
}

TEST_F(ResolverTest, FirstModeUsesListOrder)
{
    ScriptedSocket slow;
    ScriptedSocket fast;
    AddUpstream(slow, kFirstUpstream);
    AddUpstream(fast, kSecondUpstream);
    slow.script = [&](size_t index) {
        ReplyLater(slow, index, slow.socket, MilliSeconds(50), "slow.race.test.");
    };
    fast.script = [&](size_t index) {
        ReplyLater(fast, index, fast.socket, MilliSeconds(5), "fast.race.test.");
    };
    InstallResolver({kFirstUpstream, kSecondUpstream});
    for (uint16_t i = 0; i < 5; ++i)
    {
        StubQueryAt(Seconds(1 + i), 200 + i);
    }
    Run(Seconds(8));

    EXPECT_EQ(slow.received.size(), 5u);
    EXPECT_TRUE(fast.received.empty());
}

} // namespace
