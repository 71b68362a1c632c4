// Model tests of AuthoritativeDnsServer: answers from the real zone files in zones/, over a
// two-node point-to-point network with ns-3's checksums on.

#include "sim/helper/authoritative-dns-server-helper.h"
#include "sim/model/authoritative-dns-server.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <gtest/gtest.h>
#include <ldns/ldns.h>

#include <cstdlib>
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

std::vector<uint8_t>
BuildQuery(uint16_t id, const std::string& name, ldns_rr_type type, bool edns = false)
{
    ldns_pkt* query = nullptr;
    EXPECT_EQ(ldns_pkt_query_new_frm_str(&query, name.c_str(), type, LDNS_RR_CLASS_IN, 0),
              LDNS_STATUS_OK);
    ldns_pkt_set_id(query, id);
    if (edns)
    {
        ldns_pkt_set_edns_udp_size(query, 1232);
    }
    uint8_t* buffer = nullptr;
    size_t size = 0;
    EXPECT_EQ(ldns_pkt2wire(&buffer, query, &size), LDNS_STATUS_OK);
    std::vector<uint8_t> wire(buffer, buffer + size);
    free(buffer);
    ldns_pkt_free(query);
    return wire;
}

PacketPtr
Parse(const std::vector<uint8_t>& wire)
{
    ldns_pkt* packet = nullptr;
    EXPECT_EQ(ldns_wire2pkt(&packet, wire.data(), wire.size()), LDNS_STATUS_OK);
    return PacketPtr(packet);
}

std::string
RdfText(const ldns_rdf* rdf)
{
    char* text = ldns_rdf2str(rdf);
    std::string result = text;
    free(text);
    return result;
}

void
RecordReason(std::vector<std::string>* reasons, Ptr<const Packet> packet, const std::string& reason)
{
    reasons->push_back(reason);
}

// A client socket that sends queries at given times and keeps what comes back.
struct Client
{
    Ptr<Socket> socket;
    std::vector<std::vector<uint8_t>> answers;
    std::vector<Time> answerTimes;

    void Receive(Ptr<Socket> s)
    {
        Address from;
        while (Ptr<Packet> packet = s->RecvFrom(from))
        {
            std::vector<uint8_t> bytes(packet->GetSize());
            packet->CopyData(bytes.data(), bytes.size());
            answers.push_back(bytes);
            answerTimes.push_back(Simulator::Now());
        }
    }

    void Send(std::vector<uint8_t> query, Address to)
    {
        socket->SendTo(Create<Packet>(query.data(), query.size()), 0, to);
    }
};

class DnsServerTest : public ::testing::Test
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
        link.SetChannelAttribute("Delay", StringValue("2ms"));
        NetDeviceContainer devices = link.Install(nodes);
        InternetStackHelper stack;
        stack.Install(nodes);
        Ipv4AddressHelper addresses("10.0.0.0", "255.255.255.0");
        interfaces = addresses.Assign(devices);

        AuthoritativeDnsServerHelper raceZone(ZoneDirectory() + "dns1.race.test.zone", "race.test.");
        servers.Add(raceZone.Install(nodes.Get(1)));
        AuthoritativeDnsServerHelper ttlZone(ZoneDirectory() + "ttl.test.zone", "ttl.test");
        ttlZone.SetAttribute("Port", UintegerValue(5353));
        servers.Add(ttlZone.Install(nodes.Get(1)));
        raceZone.AssignStreams(nodes, 7);

        client.socket = Socket::CreateSocket(nodes.Get(0), UdpSocketFactory::GetTypeId());
        client.socket->Bind();
        client.socket->SetRecvCallback(MakeCallback(&Client::Receive, &client));
    }

    void TearDown() override
    {
        Simulator::Destroy();
    }

    // Sends each query one second apart from t = 1 s and runs the simulation.
    void Run(const std::vector<std::pair<std::vector<uint8_t>, uint16_t>>& queries)
    {
        for (size_t i = 0; i < queries.size(); ++i)
        {
            Address to = InetSocketAddress(interfaces.GetAddress(1), queries[i].second);
            Simulator::Schedule(Seconds(1 + i), &Client::Send, &client, queries[i].first, to);
        }
        Simulator::Stop(Seconds(2 + queries.size()));
        Simulator::Run();
    }

    Ptr<AuthoritativeDnsServer> RaceServer()
    {
        return DynamicCast<AuthoritativeDnsServer>(servers.Get(0));
    }

    NodeContainer nodes;
    Ipv4InterfaceContainer interfaces;
    ApplicationContainer servers;
    Client client;
};

TEST_F(DnsServerTest, ZoneFileLoadsEveryRecord)
{
    RaceServer()->LoadZone();
    // SOA, NS, 2 MX, 3 A, CNAME, cached A, a.b A.
    EXPECT_EQ(RaceServer()->GetRecordCount(), 10u);
}

TEST_F(DnsServerTest, MxAnswerFromZoneFile)
{
    std::vector<uint8_t> query = BuildQuery(0x1234, "race.test.", LDNS_RR_TYPE_MX);
    Run({{query, 53}});

    ASSERT_EQ(client.answers.size(), 1u);
    PacketPtr answer = Parse(client.answers[0]);
    EXPECT_EQ(ldns_pkt_id(answer.get()), 0x1234);
    EXPECT_TRUE(ldns_pkt_qr(answer.get()));
    EXPECT_TRUE(ldns_pkt_aa(answer.get()));
    EXPECT_FALSE(ldns_pkt_tc(answer.get()));
    EXPECT_EQ(ldns_pkt_get_rcode(answer.get()), LDNS_RCODE_NOERROR);

    ldns_rr_list* records = ldns_pkt_answer(answer.get());
    ASSERT_EQ(ldns_rr_list_rr_count(records), 2u);
    for (size_t i = 0; i < 2; ++i)
    {
        ldns_rr* mx = ldns_rr_list_rr(records, i);
        EXPECT_EQ(ldns_rr_get_type(mx), LDNS_RR_TYPE_MX);
        EXPECT_EQ(ldns_rr_ttl(mx), 0u);
        uint16_t preference = ldns_rdf2native_int16(ldns_rr_rdf(mx, 0));
        EXPECT_EQ(RdfText(ldns_rr_rdf(mx, 1)),
                  preference == 10 ? "mgw1.race.test." : "mgw2.race.test.");
    }
    // Additional section: the exchanges' addresses.
    ldns_rr_list* additional = ldns_pkt_additional(answer.get());
    ASSERT_EQ(ldns_rr_list_rr_count(additional), 2u);
    EXPECT_EQ(RdfText(ldns_rr_rdf(ldns_rr_list_rr(additional, 0), 0)), "10.1.1.25");
    EXPECT_EQ(RdfText(ldns_rr_rdf(ldns_rr_list_rr(additional, 1), 0)), "10.2.1.25");
    EXPECT_EQ(ldns_rr_list_rr_count(ldns_pkt_authority(answer.get())), 0u);

    EXPECT_EQ(RaceServer()->GetReceivedCount(), 1u);
    EXPECT_EQ(RaceServer()->GetSentCount(), 1u);
    EXPECT_EQ(RaceServer()->GetDropCount(), 0u);
}

TEST_F(DnsServerTest, QuestionEchoedWithLetterCase)
{
    std::vector<uint8_t> query = BuildQuery(7, "RaCe.TeSt.", LDNS_RR_TYPE_MX);
    Run({{query, 53}});

    ASSERT_EQ(client.answers.size(), 1u);
    const std::vector<uint8_t>& answer = client.answers[0];
    // Header (12 bytes), then the question: "\4RaCe\4TeSt\0", type and class.
    size_t questionLength = 11 + 4;
    ASSERT_GE(answer.size(), 12 + questionLength);
    std::vector<uint8_t> sent(query.begin() + 12, query.begin() + 12 + questionLength);
    std::vector<uint8_t> echoed(answer.begin() + 12, answer.begin() + 12 + questionLength);
    EXPECT_EQ(echoed, sent);
    EXPECT_EQ(echoed[1], 'R');
    EXPECT_EQ(echoed[2], 'a');
    EXPECT_EQ(ldns_rr_list_rr_count(ldns_pkt_answer(Parse(answer).get())), 2u);
}

TEST_F(DnsServerTest, ProcessingTimeWithinDefaultBounds)
{
    Run({{BuildQuery(1, "race.test.", LDNS_RR_TYPE_MX), 53},
         {BuildQuery(2, "race.test.", LDNS_RR_TYPE_MX), 53},
         {BuildQuery(3, "race.test.", LDNS_RR_TYPE_MX), 53}});

    ASSERT_EQ(client.answers.size(), 3u);
    std::vector<Time> roundTrips;
    for (size_t i = 0; i < 3; ++i)
    {
        // Sent at 1 + i s over two 2 ms hops. Transmitting under 200 bytes at 100 Mbit/s
        // takes under 20 us each way, and processing is uniform in [0.1, 1.0] ms.
        Time roundTrip = client.answerTimes[i] - Seconds(1 + i);
        roundTrips.push_back(roundTrip);
        EXPECT_GE(roundTrip, MicroSeconds(4100));
        EXPECT_LE(roundTrip, MicroSeconds(5040));
    }
    // Drawn per query: three draws from a continuous distribution differ.
    EXPECT_NE(roundTrips[0], roundTrips[1]);
    EXPECT_NE(roundTrips[1], roundTrips[2]);
}

TEST_F(DnsServerTest, AddressQueryAndCname)
{
    Run({{BuildQuery(1, "mgw1.race.test.", LDNS_RR_TYPE_A), 53},
         {BuildQuery(2, "www.race.test.", LDNS_RR_TYPE_A), 53}});

    ASSERT_EQ(client.answers.size(), 2u);
    PacketPtr address = Parse(client.answers[0]);
    ldns_rr_list* records = ldns_pkt_answer(address.get());
    ASSERT_EQ(ldns_rr_list_rr_count(records), 1u);
    EXPECT_EQ(RdfText(ldns_rr_rdf(ldns_rr_list_rr(records, 0), 0)), "10.1.1.25");
    EXPECT_EQ(ldns_rr_ttl(ldns_rr_list_rr(records, 0)), 0u);

    PacketPtr alias = Parse(client.answers[1]);
    records = ldns_pkt_answer(alias.get());
    ASSERT_EQ(ldns_rr_list_rr_count(records), 2u);
    EXPECT_EQ(ldns_rr_get_type(ldns_rr_list_rr(records, 0)), LDNS_RR_TYPE_CNAME);
    EXPECT_EQ(ldns_rr_get_type(ldns_rr_list_rr(records, 1)), LDNS_RR_TYPE_A);
    EXPECT_EQ(RdfText(ldns_rr_rdf(ldns_rr_list_rr(records, 1), 0)), "10.1.1.25");
}

TEST_F(DnsServerTest, NxdomainAndNodata)
{
    Run({{BuildQuery(1, "nothere.race.test.", LDNS_RR_TYPE_A), 53},
         {BuildQuery(2, "race.test.", LDNS_RR_TYPE_AAAA), 53},
         {BuildQuery(3, "b.race.test.", LDNS_RR_TYPE_A), 53}});

    ASSERT_EQ(client.answers.size(), 3u);
    const ldns_pkt_rcode expected[] = {LDNS_RCODE_NXDOMAIN, LDNS_RCODE_NOERROR, LDNS_RCODE_NOERROR};
    for (size_t i = 0; i < 3; ++i)
    {
        PacketPtr answer = Parse(client.answers[i]);
        EXPECT_EQ(ldns_pkt_get_rcode(answer.get()), expected[i]) << "answer " << i;
        EXPECT_TRUE(ldns_pkt_aa(answer.get())) << "answer " << i;
        EXPECT_EQ(ldns_rr_list_rr_count(ldns_pkt_answer(answer.get())), 0u) << "answer " << i;
        ldns_rr_list* authority = ldns_pkt_authority(answer.get());
        ASSERT_EQ(ldns_rr_list_rr_count(authority), 1u) << "answer " << i;
        EXPECT_EQ(ldns_rr_get_type(ldns_rr_list_rr(authority, 0)), LDNS_RR_TYPE_SOA);
        EXPECT_EQ(ldns_rr_ttl(ldns_rr_list_rr(authority, 0)), 0u);
    }
}

TEST_F(DnsServerTest, NegativeTtlIsSoaMinimum)
{
    Run({{BuildQuery(1, "nothere.ttl.test.", LDNS_RR_TYPE_A), 5353},
         {BuildQuery(2, "ns.ttl.test.", LDNS_RR_TYPE_A), 5353}});

    ASSERT_EQ(client.answers.size(), 2u);
    PacketPtr negative = Parse(client.answers[0]);
    EXPECT_EQ(ldns_pkt_get_rcode(negative.get()), LDNS_RCODE_NXDOMAIN);
    ldns_rr_list* authority = ldns_pkt_authority(negative.get());
    ASSERT_EQ(ldns_rr_list_rr_count(authority), 1u);
    // SOA TTL 3600 (from $TTL), MINIMUM 60: RFC 2308 section 3 takes the lower.
    EXPECT_EQ(ldns_rr_ttl(ldns_rr_list_rr(authority, 0)), 60u);

    PacketPtr positive = Parse(client.answers[1]);
    ASSERT_EQ(ldns_rr_list_rr_count(ldns_pkt_answer(positive.get())), 1u);
    EXPECT_EQ(ldns_rr_ttl(ldns_rr_list_rr(ldns_pkt_answer(positive.get()), 0)), 3600u);
}

TEST_F(DnsServerTest, LargeAnswerTruncatedWithoutEdns)
{
    Run({{BuildQuery(1, "big.ttl.test.", LDNS_RR_TYPE_TXT), 5353},
         {BuildQuery(2, "big.ttl.test.", LDNS_RR_TYPE_TXT, true), 5353}});

    ASSERT_EQ(client.answers.size(), 2u);
    EXPECT_LE(client.answers[0].size(), 512u);
    PacketPtr truncated = Parse(client.answers[0]);
    EXPECT_TRUE(ldns_pkt_tc(truncated.get()));
    EXPECT_EQ(ldns_pkt_qdcount(truncated.get()), 1u);
    EXPECT_EQ(ldns_rr_list_rr_count(ldns_pkt_answer(truncated.get())), 0u);

    EXPECT_GT(client.answers[1].size(), 512u);
    PacketPtr full = Parse(client.answers[1]);
    EXPECT_FALSE(ldns_pkt_tc(full.get()));
    EXPECT_EQ(ldns_rr_list_rr_count(ldns_pkt_answer(full.get())), 3u);
}

TEST_F(DnsServerTest, NameOutsideZoneRefused)
{
    Run({{BuildQuery(1, "example.org.", LDNS_RR_TYPE_MX), 53}});

    ASSERT_EQ(client.answers.size(), 1u);
    PacketPtr answer = Parse(client.answers[0]);
    EXPECT_EQ(ldns_pkt_get_rcode(answer.get()), LDNS_RCODE_REFUSED);
    EXPECT_FALSE(ldns_pkt_aa(answer.get()));
}

TEST_F(DnsServerTest, MalformedQueriesDroppedAndCounted)
{
    std::vector<std::string> reasons;
    RaceServer()->TraceConnectWithoutContext("Drop", MakeBoundCallback(&RecordReason, &reasons));

    std::vector<uint8_t> garbage = {0x12, 0x34, 0x01};
    std::vector<uint8_t> response = BuildQuery(9, "race.test.", LDNS_RR_TYPE_MX);
    response[2] |= 0x80; // QR: a response sent to the server
    std::vector<uint8_t> noQuestion = BuildQuery(10, "race.test.", LDNS_RR_TYPE_MX);
    noQuestion.resize(12);
    noQuestion[5] = 0; // QDCOUNT 0
    Run({{garbage, 53}, {response, 53}, {noQuestion, 53}, {BuildQuery(11, "race.test.", LDNS_RR_TYPE_MX), 53}});

    ASSERT_EQ(client.answers.size(), 1u);
    EXPECT_EQ(ldns_pkt_id(Parse(client.answers[0]).get()), 11);
    EXPECT_EQ(RaceServer()->GetReceivedCount(), 4u);
    EXPECT_EQ(RaceServer()->GetDropCount(), 3u);
    EXPECT_EQ(RaceServer()->GetSentCount(), 1u);
    ASSERT_EQ(reasons.size(), 3u);
    EXPECT_EQ(reasons[0], "malformed");
    EXPECT_EQ(reasons[1], "not-a-query");
    EXPECT_EQ(reasons[2], "bad-question-count");
}

TEST_F(DnsServerTest, RandomBytesAnsweredOrCounted)
{
    Ptr<UniformRandomVariable> random = CreateObject<UniformRandomVariable>();
    random->SetStream(99);
    std::vector<std::pair<std::vector<uint8_t>, uint16_t>> queries;
    for (int i = 0; i < 200; ++i)
    {
        std::vector<uint8_t> bytes(random->GetInteger(0, 64));
        for (uint8_t& byte : bytes)
        {
            byte = static_cast<uint8_t>(random->GetInteger(0, 255));
        }
        queries.emplace_back(bytes, 53);
    }
    Run(queries);

    // Every datagram is either answered or dropped and counted; none stops the server.
    EXPECT_EQ(RaceServer()->GetReceivedCount(), 200u);
    EXPECT_EQ(RaceServer()->GetSentCount() + RaceServer()->GetDropCount(), 200u);
    EXPECT_GT(RaceServer()->GetDropCount(), 0u);
}

} // namespace
