// Model tests of DnsRewriterApplication: the DNS server's answers are diverted, leave with
// the proxy's source address, and pass ns-3's checksum-checking UDP stack at the client;
// a datagram with a stale UDP checksum does not.
//
// Network: client n0 (10.0.1.1) -- 5 ms -- n1 DNS server (10.0.1.2), proxy address
// 10.0.9.53 (on n1's second link, to n2, so that it is a real address of the network).

#include "daemon/core/drop-reason.h"
#include "sim/helper/authoritative-dns-server-helper.h"
#include "sim/helper/dns-rewriter-helper.h"
#include "sim/model/dns-rewriter-application.h"
#include "sim/model/source-policy-routing.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/virtual-net-device.h"

#include <gtest/gtest.h>

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

std::vector<uint8_t>
MxQuery(uint16_t id)
{
    std::vector<uint8_t> query = {static_cast<uint8_t>(id >> 8), static_cast<uint8_t>(id), 0, 0,
                                  0, 1, 0, 0, 0, 0, 0, 0};
    const uint8_t question[] = {4, 'r', 'a', 'c', 'e', 4, 't', 'e', 's', 't', 0, 0, 15, 0, 1};
    query.insert(query.end(), question, question + sizeof(question));
    return query;
}

struct Arrival
{
    Address from;
    std::vector<uint8_t> payload;
    Time at;
};

void
Record(std::vector<Arrival>* out, Ptr<Socket> socket)
{
    Address from;
    while (Ptr<Packet> packet = socket->RecvFrom(from))
    {
        Arrival arrival{from, std::vector<uint8_t>(packet->GetSize()), Simulator::Now()};
        packet->CopyData(arrival.payload.data(), arrival.payload.size());
        out->push_back(arrival);
    }
}

void
RecordDatagram(std::vector<std::vector<uint8_t>>* out, Ptr<const Packet> packet)
{
    std::vector<uint8_t> bytes(packet->GetSize());
    packet->CopyData(bytes.data(), bytes.size());
    out->push_back(bytes);
}

void
RecordDrop(std::vector<std::string>* out, Ptr<const Packet>, const std::string& reason)
{
    out->push_back(reason);
}

class RewriterChecksumTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
        Ipv4AddressGenerator::Reset();

        nodes.Create(3);
        PointToPointHelper link;
        link.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
        link.SetChannelAttribute("Delay", StringValue("5ms"));
        InternetStackHelper stack;
        stack.Install(nodes);
        Ipv4AddressHelper addresses;
        addresses.SetBase("10.0.1.0", "255.255.255.0");
        backbone = link.Install(nodes.Get(0), nodes.Get(1));
        addresses.Assign(backbone);
        addresses.SetBase("10.0.9.0", "255.255.255.0", "0.0.0.53");
        addresses.Assign(link.Install(nodes.Get(2), nodes.Get(1)));

        AuthoritativeDnsServerHelper server(ZoneDirectory() + "dns1.race.test.zone", "race.test.");
        server.SetAttribute("Address", Ipv4AddressValue(kServer));
        server.Install(nodes.Get(1));
        server.AssignStreams(nodes, 11);

        client = Socket::CreateSocket(nodes.Get(0), UdpSocketFactory::GetTypeId());
        client->Bind(InetSocketAddress(Ipv4Address::GetAny(), 40000));
        client->SetRecvCallback(MakeBoundCallback(&Record, &arrivals));
    }

    void TearDown() override
    {
        Simulator::Destroy();
    }

    Ptr<DnsRewriterApplication> InstallRewriter(Time answerDelay = Seconds(0))
    {
        DnsRewriterHelper helper(kServer, kProxy);
        helper.SetAttribute("AnswerDelay", TimeValue(answerDelay));
        Ptr<DnsRewriterApplication> rewriter =
            DynamicCast<DnsRewriterApplication>(helper.Install(nodes.Get(1)).Get(0));
        rewriter->TraceConnectWithoutContext("Tx", MakeBoundCallback(&RecordDatagram, &sent));
        rewriter->TraceConnectWithoutContext("Drop", MakeBoundCallback(&RecordDrop, &drops));
        // Global routing runs after the divert device exists, as in a scenario.
        Ipv4GlobalRoutingHelper::PopulateRoutingTables();
        return rewriter;
    }

    void QueryAt(Time at, uint16_t id)
    {
        std::vector<uint8_t> query = MxQuery(id);
        Simulator::Schedule(at, [this, query]() {
            client->SendTo(Create<Packet>(query.data(), query.size()), 0,
                           InetSocketAddress(kServer, 53));
        });
    }

    // Sends \p datagram as it is through a header-including raw socket on the DNS node,
    // bound to its backbone device, the way the rewriter sends.
    void SendRawAt(Time at, std::vector<uint8_t> datagram)
    {
        Simulator::Schedule(at, [this, datagram]() {
            Ptr<Socket> raw = Socket::CreateSocket(nodes.Get(1), Ipv4RawSocketFactory::GetTypeId());
            raw->SetAttribute("IpHeaderInclude", BooleanValue(true));
            raw->BindToNetDevice(backbone.Get(1));
            raw->SendTo(Create<Packet>(datagram.data(), datagram.size()), 0,
                        InetSocketAddress(Ipv4Address("10.0.1.1"), 0));
        });
    }

    const Ipv4Address kServer{"10.0.1.2"};
    const Ipv4Address kProxy{"10.0.9.53"};
    NodeContainer nodes;
    NetDeviceContainer backbone;
    Ptr<Socket> client;
    std::vector<Arrival> arrivals;
    std::vector<std::vector<uint8_t>> sent;
    std::vector<std::string> drops;
};

TEST_F(RewriterChecksumTest, AnswerLeavesWithProxySource)
{
    Ptr<DnsRewriterApplication> rewriter = InstallRewriter();
    QueryAt(Seconds(1), 0x51);
    Simulator::Stop(Seconds(3));
    Simulator::Run();

    ASSERT_EQ(arrivals.size(), 1u);
    InetSocketAddress from = InetSocketAddress::ConvertFrom(arrivals[0].from);
    EXPECT_EQ(from.GetIpv4(), kProxy);
    EXPECT_EQ(from.GetPort(), 53);
    EXPECT_EQ(arrivals[0].payload[0], 0x00);
    EXPECT_EQ(arrivals[0].payload[1], 0x51);
    EXPECT_EQ(rewriter->GetReceivedCount(), 1u);
    EXPECT_EQ(rewriter->GetRewrittenCount(), 1u);
    EXPECT_EQ(rewriter->GetUnchangedCount(), 0u);
    EXPECT_EQ(rewriter->GetSentCount(), 1u);
    EXPECT_EQ(rewriter->GetDropCounters().Total(), 0u);
    ASSERT_EQ(sent.size(), 1u);
    // Source address bytes of the datagram sent: 10.0.9.53.
    EXPECT_EQ(std::vector<uint8_t>(sent[0].begin() + 12, sent[0].begin() + 16),
              (std::vector<uint8_t>{10, 0, 9, 53}));
}

TEST_F(RewriterChecksumTest, StaleUdpChecksumRejectedByClient)
{
    InstallRewriter();
    QueryAt(Seconds(1), 0x52);
    Simulator::Stop(Seconds(1.5));
    Simulator::Run();
    ASSERT_EQ(sent.size(), 1u);
    ASSERT_EQ(arrivals.size(), 1u);

    // The same bytes sent again reach the client. With the source changed and the UDP
    // checksum left as it was, as a rewriter that forgot the pseudo-header would send
    // them, they must not.
    std::vector<uint8_t> intact = sent[0];
    std::vector<uint8_t> corrupted = sent[0];
    corrupted[15] = 54; // source 10.0.9.54
    SendRawAt(Seconds(2), intact);
    SendRawAt(Seconds(3), corrupted);
    Simulator::Stop(Seconds(4));
    Simulator::Run();

    ASSERT_EQ(arrivals.size(), 2u);
    EXPECT_EQ(InetSocketAddress::ConvertFrom(arrivals[1].from).GetIpv4(), kProxy);
    EXPECT_EQ(arrivals[1].payload, arrivals[0].payload);
}

TEST_F(RewriterChecksumTest, AnswerDelayIsFifoDelayLine)
{
    Ptr<DnsRewriterApplication> rewriter = InstallRewriter(Seconds(2));
    for (uint16_t i = 0; i < 3; ++i)
    {
        QueryAt(Seconds(1) + MilliSeconds(2 * i), i + 1);
    }
    Simulator::Stop(Seconds(5));
    Simulator::Run();

    ASSERT_EQ(arrivals.size(), 3u);
    for (uint16_t i = 0; i < 3; ++i)
    {
        EXPECT_EQ(arrivals[i].payload[1], i + 1) << "arrival " << i;
        // Two 5 ms hops, processing of 0.1 to 1.0 ms, the 2 s delay line, and under
        // 0.1 ms of transmission.
        Time roundTrip = arrivals[i].at - (Seconds(1) + MilliSeconds(2 * i));
        EXPECT_GE(roundTrip, Seconds(2) + MicroSeconds(10100)) << "arrival " << i;
        EXPECT_LE(roundTrip, Seconds(2) + MicroSeconds(11100)) << "arrival " << i;
    }
    EXPECT_EQ(rewriter->GetSentCount(), 3u);
}

TEST_F(RewriterChecksumTest, OtherTrafficPassesUnchanged)
{
    Ptr<DnsRewriterApplication> rewriter = InstallRewriter();
    Ptr<Socket> other = Socket::CreateSocket(nodes.Get(1), UdpSocketFactory::GetTypeId());
    other->Bind(InetSocketAddress(kServer, 7000));
    Simulator::Schedule(Seconds(1), [other]() {
        other->SendTo(Create<Packet>(20), 0, InetSocketAddress(Ipv4Address("10.0.1.1"), 40000));
    });
    Simulator::Stop(Seconds(2));
    Simulator::Run();

    ASSERT_EQ(arrivals.size(), 1u);
    InetSocketAddress from = InetSocketAddress::ConvertFrom(arrivals[0].from);
    EXPECT_EQ(from.GetIpv4(), kServer);
    EXPECT_EQ(from.GetPort(), 7000);
    EXPECT_EQ(rewriter->GetReceivedCount(), 1u);
    EXPECT_EQ(rewriter->GetUnchangedCount(), 1u);
    EXPECT_EQ(rewriter->GetRewrittenCount(), 0u);
}

TEST_F(RewriterChecksumTest, MalformedDatagramDropped)
{
    Ptr<DnsRewriterApplication> rewriter = InstallRewriter();
    Ptr<VirtualNetDevice> divert = rewriter->GetDivertDevice();
    Simulator::Schedule(Seconds(1), [divert]() {
        divert->Send(Create<Packet>(10), divert->GetBroadcast(), 0x0800);
    });
    Simulator::Stop(Seconds(2));
    Simulator::Run();

    EXPECT_TRUE(arrivals.empty());
    EXPECT_EQ(rewriter->GetReceivedCount(), 1u);
    EXPECT_EQ(rewriter->GetSentCount(), 0u);
    EXPECT_EQ(rewriter->GetDropCounters().Get(mxrace::core::DropReason::Ipv4TooShort), 1u);
    ASSERT_EQ(drops.size(), 1u);
    EXPECT_EQ(drops[0], "ipv4-too-short");
}

TEST_F(RewriterChecksumTest, HelperAddsOnePolicyRoutingPerNode)
{
    DnsRewriterHelper first(kServer, kProxy);
    DnsRewriterHelper second(Ipv4Address("10.0.9.54"), kProxy);
    first.Install(nodes.Get(1));
    second.Install(nodes.Get(1));

    Ptr<SourcePolicyRouting> routing = DnsRewriterHelper::GetSourcePolicyRouting(nodes.Get(1), 100);
    EXPECT_EQ(routing->GetNRules(), 2u);
    Ptr<NetDevice> firstDevice = routing->GetRuleDevice(kServer);
    Ptr<NetDevice> secondDevice = routing->GetRuleDevice(Ipv4Address("10.0.9.54"));
    ASSERT_TRUE(firstDevice);
    ASSERT_TRUE(secondDevice);
    EXPECT_NE(firstDevice, secondDevice);
    EXPECT_FALSE(routing->GetRuleDevice(Ipv4Address("10.0.1.1")));
}

TEST_F(RewriterChecksumTest, StartWithoutChecksumsStops)
{
    InstallRewriter();
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(false));
    EXPECT_DEATH(
        {
            Simulator::Stop(Seconds(1));
            Simulator::Run();
        },
        "ChecksumEnabled is false");
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
}

TEST_F(RewriterChecksumTest, PolicyRouteFollowsSourceAndOutputDevice)
{
    Ptr<SourcePolicyRouting> routing = DnsRewriterHelper::GetSourcePolicyRouting(nodes.Get(1), 100);
    Ptr<NetDevice> backboneDevice = backbone.Get(1);
    routing->AddRule(kServer, backboneDevice, Ipv4Address("10.0.1.1"));

    Ipv4Header header;
    header.SetSource(kServer);
    header.SetDestination(Ipv4Address("192.0.2.1"));
    Socket::SocketErrno error = Socket::ERROR_NOTERROR;
    Ptr<Ipv4Route> route = routing->RouteOutput(Create<Packet>(), header, nullptr, error);
    ASSERT_TRUE(route);
    EXPECT_EQ(error, Socket::ERROR_NOTERROR);
    EXPECT_EQ(route->GetOutputDevice(), backboneDevice);
    EXPECT_EQ(route->GetGateway(), Ipv4Address("10.0.1.1"));
    EXPECT_EQ(route->GetSource(), kServer);

    // Another source, or a socket bound to another device, gets no route from the rule.
    header.SetSource(Ipv4Address("10.0.9.54"));
    EXPECT_FALSE(routing->RouteOutput(Create<Packet>(), header, nullptr, error));
    EXPECT_EQ(error, Socket::ERROR_NOROUTETOHOST);
    header.SetSource(kServer);
    Ptr<NetDevice> otherDevice = nodes.Get(1)->GetObject<Ipv4>()->GetNetDevice(2);
    EXPECT_FALSE(routing->RouteOutput(Create<Packet>(), header, otherDevice, error));

    EXPECT_TRUE(routing->RemoveRule(kServer));
    EXPECT_EQ(routing->GetNRules(), 0u);
    EXPECT_FALSE(routing->RemoveRule(kServer));
}

} // namespace
