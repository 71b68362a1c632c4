// Model tests of DnsProxyApplication: the copies of a query reach every DNS server with the
// client's source address and port, through ns-3's checksum-checking UDP stack.
//
// Network: client n0 (10.0.1.1) -- n1 proxy (10.0.1.2, 10.0.2.1, 10.0.3.1)
//          n1 -- n2 server 1 (10.0.2.2); n1 -- n3 server 2 (10.0.3.2)

#include "daemon/core/drop-reason.h"
#include "sim/helper/dns-proxy-helper.h"
#include "sim/model/dns-proxy-application.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace ns3;
using mxrace::core::DropReason;

namespace
{

constexpr uint16_t kClientPort = 40000;

// A DNS query for race.test MX with ID 0x2a, built by hand: header, question.
std::vector<uint8_t>
RaceQuery(uint16_t id = 0x2a)
{
    std::vector<uint8_t> query = {static_cast<uint8_t>(id >> 8), static_cast<uint8_t>(id), 0x00, 0x00,
                                  0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
    const uint8_t name[] = {4, 'r', 'a', 'c', 'e', 4, 't', 'e', 's', 't', 0};
    query.insert(query.end(), name, name + sizeof(name));
    const uint8_t typeClass[] = {0x00, 0x0f, 0x00, 0x01}; // MX, IN
    query.insert(query.end(), typeClass, typeClass + sizeof(typeClass));
    return query;
}

// What a server socket received.
struct Received
{
    Address from;
    std::vector<uint8_t> payload;
};

void
Record(std::vector<Received>* out, Ptr<Socket> socket)
{
    Address from;
    while (Ptr<Packet> packet = socket->RecvFrom(from))
    {
        Received received{from, std::vector<uint8_t>(packet->GetSize())};
        packet->CopyData(received.payload.data(), received.payload.size());
        out->push_back(received);
    }
}

void
RecordTx(std::vector<Ipv4Address>* out, Ptr<const Packet>, Ipv4Address server)
{
    out->push_back(server);
}

void
RecordDrop(std::vector<std::string>* out, Ptr<const Packet>, const std::string& reason)
{
    out->push_back(reason);
}

class ProxyDuplicationTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
        Ipv4AddressGenerator::Reset();

        nodes.Create(4);
        PointToPointHelper link;
        link.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
        link.SetChannelAttribute("Delay", StringValue("1ms"));
        InternetStackHelper stack;
        stack.Install(nodes);
        Ipv4AddressHelper addresses;
        addresses.SetBase("10.0.1.0", "255.255.255.0");
        addresses.Assign(link.Install(nodes.Get(0), nodes.Get(1)));
        addresses.SetBase("10.0.2.0", "255.255.255.0");
        addresses.Assign(link.Install(nodes.Get(1), nodes.Get(2)));
        addresses.SetBase("10.0.3.0", "255.255.255.0");
        addresses.Assign(link.Install(nodes.Get(1), nodes.Get(3)));
        Ipv4GlobalRoutingHelper::PopulateRoutingTables();

        for (uint32_t i = 0; i < 2; ++i)
        {
            serverSockets[i] = Socket::CreateSocket(nodes.Get(2 + i), UdpSocketFactory::GetTypeId());
            serverSockets[i]->Bind(InetSocketAddress(kServers[i], 53));
            serverSockets[i]->SetRecvCallback(MakeBoundCallback(&Record, &received[i]));
        }
        client = Socket::CreateSocket(nodes.Get(0), UdpSocketFactory::GetTypeId());
        client->Bind(InetSocketAddress(Ipv4Address::GetAny(), kClientPort));
    }

    void TearDown() override
    {
        Simulator::Destroy();
    }

    Ptr<DnsProxyApplication> Install(DnsProxyHelper& helper)
    {
        ApplicationContainer apps = helper.Install(nodes.Get(1));
        Ptr<DnsProxyApplication> proxy = DynamicCast<DnsProxyApplication>(apps.Get(0));
        proxy->TraceConnectWithoutContext("Tx", MakeBoundCallback(&RecordTx, &txServers));
        proxy->TraceConnectWithoutContext("Drop", MakeBoundCallback(&RecordDrop, &dropReasons));
        return proxy;
    }

    void SendAt(Time at, std::vector<uint8_t> query, Ipv4Address to)
    {
        Simulator::Schedule(at, [this, query, to]() {
            client->SendTo(Create<Packet>(query.data(), query.size()), 0, InetSocketAddress(to, 53));
        });
    }

    void Run()
    {
        Simulator::Stop(Seconds(5));
        Simulator::Run();
    }

    const Ipv4Address kClient{"10.0.1.1"};
    const Ipv4Address kProxy{"10.0.1.2"};
    const Ipv4Address kServers[2] = {Ipv4Address("10.0.2.2"), Ipv4Address("10.0.3.2")};
    NodeContainer nodes;
    Ptr<Socket> serverSockets[2];
    std::vector<Received> received[2];
    Ptr<Socket> client;
    std::vector<Ipv4Address> txServers;
    std::vector<std::string> dropReasons;
};

TEST_F(ProxyDuplicationTest, CopiesKeepClientSource)
{
    DnsProxyHelper helper(kProxy, {kServers[0], kServers[1]});
    Ptr<DnsProxyApplication> proxy = Install(helper);
    SendAt(Seconds(1), RaceQuery(), kProxy);
    Run();

    for (int i = 0; i < 2; ++i)
    {
        ASSERT_EQ(received[i].size(), 1u) << "server " << i;
        InetSocketAddress from = InetSocketAddress::ConvertFrom(received[i][0].from);
        EXPECT_EQ(from.GetIpv4(), kClient) << "server " << i;
        EXPECT_EQ(from.GetPort(), kClientPort) << "server " << i;
        EXPECT_EQ(received[i][0].payload, RaceQuery()) << "server " << i;
    }
    EXPECT_EQ(proxy->GetReceivedCount(), 1u);
    EXPECT_EQ(proxy->GetSentCount(), 2u);
    EXPECT_EQ(proxy->GetDropCounters().Total(), 0u);
    ASSERT_EQ(txServers.size(), 2u);
    EXPECT_EQ(txServers[0], kServers[0]);
    EXPECT_EQ(txServers[1], kServers[1]);
}

TEST_F(ProxyDuplicationTest, InvalidQueriesDroppedByReason)
{
    DnsProxyHelper helper(kProxy, {kServers[0], kServers[1]});
    helper.SetAttribute("Zones", StringValue("race.test"));
    Ptr<DnsProxyApplication> proxy = Install(helper);

    std::vector<uint8_t> response = RaceQuery();
    response[2] = 0x80; // QR set
    std::vector<uint8_t> otherZone = RaceQuery();
    otherZone[13] = 'f'; // "face.test"
    std::vector<uint8_t> shortMessage(5, 0);
    SendAt(Seconds(1), response, kProxy);
    SendAt(Seconds(1.1), otherZone, kProxy);
    SendAt(Seconds(1.2), shortMessage, kProxy);
    Run();

    EXPECT_TRUE(received[0].empty());
    EXPECT_TRUE(received[1].empty());
    EXPECT_EQ(proxy->GetReceivedCount(), 3u);
    EXPECT_EQ(proxy->GetSentCount(), 0u);
    EXPECT_EQ(proxy->GetDropCounters().Get(DropReason::DnsNotQuery), 1u);
    EXPECT_EQ(proxy->GetDropCounters().Get(DropReason::ZoneNotServed), 1u);
    EXPECT_EQ(proxy->GetDropCounters().Get(DropReason::DnsTooShort), 1u);
    EXPECT_EQ(proxy->GetDropCounters().Total(), 3u);
    ASSERT_EQ(dropReasons.size(), 3u);
    EXPECT_EQ(dropReasons[0], "dns-not-query");
    EXPECT_EQ(dropReasons[1], "zone-not-served");
    EXPECT_EQ(dropReasons[2], "dns-too-short");
}

TEST_F(ProxyDuplicationTest, RateLimitChargedBeforeDuplication)
{
    DnsProxyHelper helper(kProxy, {kServers[0], kServers[1]});
    helper.SetAttribute("RateLimit", DoubleValue(1));
    helper.SetAttribute("RateLimitBurst", DoubleValue(2));
    Ptr<DnsProxyApplication> proxy = Install(helper);
    for (uint16_t i = 0; i < 5; ++i)
    {
        SendAt(Seconds(1) + MicroSeconds(100 * i), RaceQuery(i), kProxy);
    }
    Run();

    EXPECT_EQ(received[0].size(), 2u);
    EXPECT_EQ(received[1].size(), 2u);
    EXPECT_EQ(proxy->GetSentCount(), 4u);
    EXPECT_EQ(proxy->GetDropCounters().Get(DropReason::RateLimited), 3u);
}

TEST_F(ProxyDuplicationTest, ServerWithoutRouteCounted)
{
    // 10.9.9.9 matches no route: global routing gives none and there is no default route.
    DnsProxyHelper helper(kProxy, {Ipv4Address("10.9.9.9"), kServers[1]});
    Ptr<DnsProxyApplication> proxy = Install(helper);
    SendAt(Seconds(1), RaceQuery(), kProxy);
    Run();

    EXPECT_TRUE(received[0].empty());
    EXPECT_EQ(received[1].size(), 1u);
    EXPECT_EQ(proxy->GetSentCount(), 1u);
    EXPECT_EQ(proxy->GetNoRouteCount(), 1u);
    ASSERT_EQ(dropReasons.size(), 1u);
    EXPECT_EQ(dropReasons[0], "no-route");
}

TEST_F(ProxyDuplicationTest, EachProxyAddressHasItsServers)
{
    // The proxy's address on the link to server 1 sends its copies to server 2 only.
    const Ipv4Address secondProxy("10.0.2.1");
    DnsProxyHelper helper(kProxy, {kServers[0], kServers[1]});
    helper.AddRoute(secondProxy, {kServers[1]});
    Ptr<DnsProxyApplication> proxy = Install(helper);
    SendAt(Seconds(1), RaceQuery(1), secondProxy);
    SendAt(Seconds(2), RaceQuery(2), kProxy);
    Run();

    ASSERT_EQ(received[0].size(), 1u);
    EXPECT_EQ(received[0][0].payload, RaceQuery(2));
    ASSERT_EQ(received[1].size(), 2u);
    EXPECT_EQ(received[1][0].payload, RaceQuery(1));
    EXPECT_EQ(received[1][1].payload, RaceQuery(2));
    EXPECT_EQ(proxy->GetSentCount(), 3u);
}

} // namespace
