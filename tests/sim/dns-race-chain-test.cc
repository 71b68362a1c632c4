// Model test of the whole DNS race: stub -> resolver -> proxy -> two DNS servers ->
// rewriters -> resolver, over four nodes with ns-3's checksums on.
//
//   n0 outside: stub and resolver     10.0.0.1 --1 ms-- 10.0.0.2 n1 proxy
//   n1 --1 ms-- n2 DNS1 (10.0.12.0/24);  n1 --1 ms-- n3 DNS2 (10.0.13.0/24)
//   backbone 1: n2 10.1.0.1 (DNS1) --5 ms-- n0 10.1.0.2
//   backbone 2: n3 10.2.0.1 (DNS2) --10 ms-- n0 10.2.0.2
//
// Each DNS server answers through its own backbone, with the proxy's address as source.

#include "sim/helper/authoritative-dns-server-helper.h"
#include "sim/helper/dns-proxy-helper.h"
#include "sim/helper/dns-rewriter-helper.h"
#include "sim/helper/recursive-resolver-helper.h"
#include "sim/model/authoritative-dns-server.h"
#include "sim/model/dns-proxy-application.h"
#include "sim/model/dns-rewriter-application.h"
#include "sim/model/recursive-resolver.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <gtest/gtest.h>
#include <ldns/ldns.h>

#include <algorithm>
#include <cstdlib>
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
StubQuery(uint16_t id)
{
    ldns_pkt* query = nullptr;
    EXPECT_EQ(ldns_pkt_query_new_frm_str(&query, "race.test.", LDNS_RR_TYPE_MX, LDNS_RR_CLASS_IN, LDNS_RD),
              LDNS_STATUS_OK);
    ldns_pkt_set_id(query, id);
    uint8_t* buffer = nullptr;
    size_t size = 0;
    EXPECT_EQ(ldns_pkt2wire(&buffer, query, &size), LDNS_STATUS_OK);
    std::vector<uint8_t> wire(buffer, buffer + size);
    free(buffer);
    ldns_pkt_free(query);
    return wire;
}

// The ID and the exchange of the lowest MX preference of an answer to the stub.
struct StubAnswer
{
    uint16_t id;
    std::string preferred;
};

void
ReceiveAtStub(std::vector<StubAnswer>* out, Ptr<Socket> socket)
{
    Address from;
    while (Ptr<Packet> packet = socket->RecvFrom(from))
    {
        std::vector<uint8_t> bytes(packet->GetSize());
        packet->CopyData(bytes.data(), bytes.size());
        ldns_pkt* answer = nullptr;
        ASSERT_EQ(ldns_wire2pkt(&answer, bytes.data(), bytes.size()), LDNS_STATUS_OK);
        StubAnswer result{ldns_pkt_id(answer), ""};
        uint16_t best = 0xffff;
        ldns_rr_list* records = ldns_pkt_answer(answer);
        for (size_t i = 0; i < ldns_rr_list_rr_count(records); ++i)
        {
            ldns_rr* mx = ldns_rr_list_rr(records, i);
            uint16_t preference = ldns_rdf2native_int16(ldns_rr_rdf(mx, 0));
            if (preference < best)
            {
                best = preference;
                char* text = ldns_rdf2str(ldns_rr_rdf(mx, 1));
                result.preferred = text;
                free(text);
            }
        }
        ldns_pkt_free(answer);
        out->push_back(result);
    }
}

void
RecordPreferred(std::vector<std::string>* out, const std::string&, const std::string& preferred, Time)
{
    out->push_back(preferred);
}

class DnsRaceChainTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
        Ipv4AddressGenerator::Reset();

        nodes.Create(4);
        InternetStackHelper stack;
        stack.Install(nodes);
        Connect(0, 1, "10.0.0.0", "1ms");
        Connect(1, 2, "10.0.12.0", "1ms");
        Connect(1, 3, "10.0.13.0", "1ms");
        backbone1 = Connect(2, 0, "10.1.0.0", "5ms");
        backbone2 = Connect(3, 0, "10.2.0.0", Backbone2Delay());

        for (int i = 0; i < 2; ++i)
        {
            DnsRewriterHelper rewriter(kServers[i], kProxy);
            rewriters[i] = DynamicCast<DnsRewriterApplication>(rewriter.Install(nodes.Get(2 + i)).Get(0));
            std::string zone = ZoneDirectory() + "dns" + std::to_string(i + 1) + ".race.test.zone";
            AuthoritativeDnsServerHelper server(zone, "race.test.");
            server.SetAttribute("Address", Ipv4AddressValue(kServers[i]));
            servers[i] = DynamicCast<AuthoritativeDnsServer>(server.Install(nodes.Get(2 + i)).Get(0));
            server.AssignStreams(NodeContainer(nodes.Get(2 + i)), 20 + i);
        }

        DnsProxyHelper proxyHelper(kProxy, {kServers[0], kServers[1]});
        proxy = DynamicCast<DnsProxyApplication>(proxyHelper.Install(nodes.Get(1)).Get(0));

        RecursiveResolverHelper resolverHelper({kProxy});
        resolver = DynamicCast<RecursiveResolver>(resolverHelper.Install(nodes.Get(0)).Get(0));
        resolverHelper.AssignStreams(nodes, 30);
        resolver->TraceConnectWithoutContext("FirstAnswer", MakeBoundCallback(&RecordPreferred, &first));
        resolver->TraceConnectWithoutContext("LateAnswer", MakeBoundCallback(&RecordPreferred, &late));

        // Global routing sees the divert devices too; they have no address and do not
        // forward, so it leaves them out.
        Ipv4GlobalRoutingHelper::PopulateRoutingTables();

        stub = Socket::CreateSocket(nodes.Get(0), UdpSocketFactory::GetTypeId());
        stub->Bind(InetSocketAddress(Ipv4Address::GetAny(), 40000));
        stub->SetRecvCallback(MakeBoundCallback(&ReceiveAtStub, &stubAnswers));
    }

    void TearDown() override
    {
        Simulator::Destroy();
    }

    virtual const char* Backbone2Delay() const
    {
        return "10ms";
    }

    NetDeviceContainer Connect(uint32_t a, uint32_t b, const char* network, const char* delay)
    {
        PointToPointHelper link;
        link.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
        link.SetChannelAttribute("Delay", StringValue(delay));
        NetDeviceContainer devices = link.Install(nodes.Get(a), nodes.Get(b));
        Ipv4AddressHelper addresses(network, "255.255.255.0");
        addresses.Assign(devices);
        return devices;
    }

    void QueriesEverySecond(uint16_t count)
    {
        for (uint16_t i = 0; i < count; ++i)
        {
            std::vector<uint8_t> query = StubQuery(0x100 + i);
            Simulator::Schedule(Seconds(1 + i), [this, query]() {
                stub->SendTo(Create<Packet>(query.data(), query.size()), 0,
                             InetSocketAddress(Ipv4Address("10.0.0.1"), 53));
            });
        }
    }

    void Run(Time duration)
    {
        Simulator::Stop(duration);
        Simulator::Run();
    }

    const Ipv4Address kProxy{"10.0.0.2"};
    const Ipv4Address kServers[2] = {Ipv4Address("10.1.0.1"), Ipv4Address("10.2.0.1")};
    NodeContainer nodes;
    NetDeviceContainer backbone1;
    NetDeviceContainer backbone2;
    Ptr<DnsRewriterApplication> rewriters[2];
    Ptr<AuthoritativeDnsServer> servers[2];
    Ptr<DnsProxyApplication> proxy;
    Ptr<RecursiveResolver> resolver;
    Ptr<Socket> stub;
    std::vector<StubAnswer> stubAnswers;
    std::vector<std::string> first;
    std::vector<std::string> late;
};

TEST_F(DnsRaceChainTest, FasterBackboneWinsRace)
{
    QueriesEverySecond(3);
    Run(Seconds(8));

    ASSERT_EQ(stubAnswers.size(), 3u);
    for (uint16_t i = 0; i < 3; ++i)
    {
        EXPECT_EQ(stubAnswers[i].id, 0x100 + i) << "answer " << i;
        EXPECT_EQ(stubAnswers[i].preferred, "mgw1.race.test.") << "answer " << i;
    }
    EXPECT_EQ(first, std::vector<std::string>(3, "mgw1.race.test."));
    EXPECT_EQ(late, std::vector<std::string>(3, "mgw2.race.test."));

    EXPECT_EQ(proxy->GetReceivedCount(), 3u);
    EXPECT_EQ(proxy->GetSentCount(), 6u);
    for (int i = 0; i < 2; ++i)
    {
        EXPECT_EQ(servers[i]->GetSentCount(), 3u) << "server " << i;
        EXPECT_EQ(rewriters[i]->GetRewrittenCount(), 3u) << "rewriter " << i;
        EXPECT_EQ(rewriters[i]->GetSentCount(), 3u) << "rewriter " << i;
    }
    const RecursiveResolver::Statistics& statistics = resolver->GetStatistics();
    EXPECT_EQ(statistics.firstAnswers, 3u);
    EXPECT_EQ(statistics.lateAnswers, 3u);
    EXPECT_EQ(statistics.unmatchedAnswers, 0u);
    EXPECT_EQ(statistics.timeouts, 0u);
}

TEST_F(DnsRaceChainTest, AnswerDelayOnBackboneOneFlipsRace)
{
    // The laboratory experiment's delay condition: 2 s on DNS1's answers.
    rewriters[0]->SetAttribute("AnswerDelay", TimeValue(Seconds(2)));
    QueriesEverySecond(5);
    Run(Seconds(12));

    ASSERT_EQ(stubAnswers.size(), 5u);
    for (const StubAnswer& answer : stubAnswers)
    {
        EXPECT_EQ(answer.preferred, "mgw2.race.test.");
    }
    EXPECT_EQ(first, std::vector<std::string>(5, "mgw2.race.test."));
    EXPECT_EQ(late, std::vector<std::string>(5, "mgw1.race.test."));
    EXPECT_EQ(resolver->GetStatistics().timeouts, 0u);
}

TEST_F(DnsRaceChainTest, FailedBackboneDeliversNoAnswer)
{
    // Backbone 1 fails: its interfaces go down at both ends before the first query.
    for (uint32_t i = 0; i < 2; ++i)
    {
        Ptr<NetDevice> device = backbone1.Get(i);
        Ptr<Ipv4> ipv4 = device->GetNode()->GetObject<Ipv4>();
        ipv4->SetDown(ipv4->GetInterfaceForDevice(device));
    }
    QueriesEverySecond(3);
    Run(Seconds(8));

    ASSERT_EQ(stubAnswers.size(), 3u);
    EXPECT_EQ(first, std::vector<std::string>(3, "mgw2.race.test."));
    EXPECT_TRUE(late.empty());
    EXPECT_EQ(servers[0]->GetSentCount(), 3u);
    EXPECT_EQ(resolver->GetStatistics().lateAnswers, 0u);
}

// Both backbones 5 ms long, as in the laboratory experiment's condition without added
// delay or load.
class DnsRaceEqualPathsTest : public DnsRaceChainTest
{
  protected:
    const char* Backbone2Delay() const override
    {
        return "5ms";
    }
};

TEST_F(DnsRaceEqualPathsTest, ProcessingTimeSplitsTies)
{
    QueriesEverySecond(40);
    Run(Seconds(45));

    ASSERT_EQ(first.size(), 40u);
    size_t mgw1 = std::count(first.begin(), first.end(), "mgw1.race.test.");
    size_t mgw2 = std::count(first.begin(), first.end(), "mgw2.race.test.");
    EXPECT_EQ(mgw1 + mgw2, 40u);
    // Each server's processing time is uniform in [0.1, 1.0] ms, so each wins about half;
    // with this seed neither wins fewer than 10 of 40.
    EXPECT_GE(mgw1, 10u);
    EXPECT_GE(mgw2, 10u);
    EXPECT_EQ(resolver->GetStatistics().lateAnswers, 40u);
}

} // namespace
