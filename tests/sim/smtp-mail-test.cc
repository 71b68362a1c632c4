// Tests of the mail path on the three-node test network: outside MTA, two gateways and the
// inside MTA, with MX answers from TestDnsServer.

#include "smtp-test-network.h"

#include "sim/helper/mail-gateway-helper.h"
#include "sim/helper/mail-inside-mta-helper.h"
#include "sim/helper/smtp-client-helper.h"
#include "sim/model/mail-gateway-application.h"
#include "sim/model/mail-inside-mta-application.h"
#include "sim/model/smtp-client-application.h"
#include "sim/model/smtp-message.h"

#include "ns3/tcp-socket-factory.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

using namespace ns3;
using mxrace_test::MailTestNetwork;
using mxrace_test::TestDnsServer;

namespace
{

/** One MailAttempt trace event. */
struct Attempt
{
    uint32_t seq;
    std::string exchange;
    Ipv4Address address;
    SmtpClientApplication::AttemptResult result;
    uint16_t replyCode;
};

const std::vector<std::string> kAddressRecords = {
    "mgw1.org.test. 0 IN A 10.1.1.2",
    "mgw2.org.test. 0 IN A 10.1.2.2",
};

/** Outside MTA, two gateways on the org node and the inside MTA, wired for one test. */
class SmtpMailTest : public ::testing::Test
{
  protected:
    /** Installs everything; MX preferences of mgw1 and mgw2 as given. */
    void Build(uint16_t preference1, uint16_t preference2, uint32_t mailCount)
    {
        std::vector<std::string> records = kAddressRecords;
        records.push_back("org.test. 0 IN MX " + std::to_string(preference1) + " mgw1.org.test.");
        records.push_back("org.test. 0 IN MX " + std::to_string(preference2) + " mgw2.org.test.");
        m_dns = m_network.AddDnsServer(records);

        MailGatewayHelper gateway1("mgw1.org.test", m_network.linkC.GetAddress(1));
        gateway1.SetAttribute("LocalAddress", Ipv4AddressValue(m_network.linkA.GetAddress(1)));
        gateway1.SetAttribute("RelayRetryInterval", TimeValue(Seconds(1)));
        m_gateway1 = DynamicCast<MailGatewayApplication>(gateway1.Install(m_network.Org()).Get(0));

        MailGatewayHelper gateway2("mgw2.org.test", m_network.linkC.GetAddress(1));
        gateway2.SetAttribute("LocalAddress", Ipv4AddressValue(m_network.linkB.GetAddress(1)));
        gateway2.SetAttribute("RelayRetryInterval", TimeValue(Seconds(1)));
        m_gateway2 = DynamicCast<MailGatewayApplication>(gateway2.Install(m_network.Org()).Get(0));

        MailInsideMtaHelper inside("mail.org.test");
        inside.SetAttribute("StoreMessages", BooleanValue(true));
        m_inside = DynamicCast<MailInsideMtaApplication>(inside.Install(m_network.Inside()).Get(0));

        SmtpClientHelper client(m_network.linkB.GetAddress(1), "user@org.test");
        client.SetAttribute("MailCount", UintegerValue(mailCount));
        client.SetAttribute("Interval", TimeValue(Seconds(1)));
        client.SetAttribute("DnsTimeout", TimeValue(Seconds(1)));
        client.SetAttribute("StepTimeout", TimeValue(Seconds(2)));
        client.SetAttribute("RetryInterval", TimeValue(Seconds(5)));
        ApplicationContainer clientApps = client.Install(m_network.Outside());
        client.AssignStreams(clientApps, 10);
        m_client = DynamicCast<SmtpClientApplication>(clientApps.Get(0));
        m_client->SetStartTime(Seconds(1));

        m_client->TraceConnectWithoutContext("MailAttempt",
                                             MakeCallback(&SmtpMailTest::RecordAttempt, this));
        m_client->TraceConnectWithoutContext("MailSent",
                                             MakeCallback(&SmtpMailTest::RecordSent, this));
        m_client->TraceConnectWithoutContext("MailFailed",
                                             MakeCallback(&SmtpMailTest::RecordFailed, this));
        m_inside->TraceConnectWithoutContext("MailDelivered",
                                             MakeCallback(&SmtpMailTest::RecordDelivered, this));
    }

    void Run(Time stop)
    {
        Simulator::Stop(stop);
        Simulator::Run();
    }

    void TearDown() override
    {
        Simulator::Destroy();
    }

    void RecordAttempt(uint32_t seq,
                       const std::string& exchange,
                       Ipv4Address address,
                       SmtpClientApplication::AttemptResult result,
                       uint16_t replyCode)
    {
        m_attempts.push_back({seq, exchange, address, result, replyCode});
    }

    void RecordSent(uint32_t seq, Time time)
    {
        m_sent[seq] = time;
    }

    void RecordFailed(uint32_t seq, uint32_t attempts)
    {
        m_failed[seq] = attempts;
    }

    void RecordDelivered(uint32_t seq, const std::string& gateway, Time sent, Time received)
    {
        m_delivered.push_back(seq);
    }

    /** Attempts of mail \p seq, in order. */
    std::vector<Attempt> AttemptsOf(uint32_t seq) const
    {
        std::vector<Attempt> result;
        for (const Attempt& attempt : m_attempts)
        {
            if (attempt.seq == seq)
            {
                result.push_back(attempt);
            }
        }
        return result;
    }

    MailTestNetwork m_network;
    Ptr<TestDnsServer> m_dns;
    Ptr<MailGatewayApplication> m_gateway1;
    Ptr<MailGatewayApplication> m_gateway2;
    Ptr<MailInsideMtaApplication> m_inside;
    Ptr<SmtpClientApplication> m_client;
    std::vector<Attempt> m_attempts;
    std::map<uint32_t, Time> m_sent;
    std::map<uint32_t, uint32_t> m_failed;
    std::vector<uint32_t> m_delivered;
};

TEST_F(SmtpMailTest, DialogueRecordsGateway)
{
    Build(10, 20, 1);
    Run(Seconds(20));

    EXPECT_EQ(m_client->GetSentCount(), 1u);
    EXPECT_EQ(m_client->GetLostCount(), 0u);
    EXPECT_EQ(m_client->GetQueuedCount(), 0u);
    ASSERT_EQ(m_attempts.size(), 1u);
    EXPECT_EQ(m_attempts[0].exchange, "mgw1.org.test");
    EXPECT_EQ(m_attempts[0].address, Ipv4Address("10.1.1.2"));
    EXPECT_EQ(m_attempts[0].result, SmtpClientApplication::AttemptResult::Delivered);
    EXPECT_EQ(m_attempts[0].replyCode, 250);

    EXPECT_EQ(m_gateway1->GetSessionCount(), 1u);
    EXPECT_EQ(m_gateway1->GetAcceptedMessageCount(), 1u);
    EXPECT_EQ(m_gateway1->GetRelayedCount(), 1u);
    EXPECT_EQ(m_gateway1->GetQueueLength(), 0u);
    EXPECT_EQ(m_gateway1->GetProtocolErrorCount(), 0u);
    EXPECT_EQ(m_gateway2->GetSessionCount(), 0u);
    EXPECT_EQ(m_inside->GetProtocolErrorCount(), 0u);
    EXPECT_EQ(m_inside->GetUnrecognisedCount(), 0u);

    const auto& records = m_inside->GetRecords();
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].seq, 1u);
    EXPECT_EQ(records[0].origin, "mta.outside.test");
    EXPECT_EQ(records[0].gateway, "mgw1.org.test");
    EXPECT_EQ(records[0].relayAddress, Ipv4Address("10.1.3.1"));
    EXPECT_EQ(records[0].sent, Seconds(1));
    EXPECT_GT(records[0].received, m_sent.at(1));
    EXPECT_LT(records[0].received, Seconds(2));

    // The message arrives with the gateway's Received: header on top of the client's text.
    std::string received;
    ASSERT_TRUE(SmtpFindHeader(records[0].message, "Received", received));
    EXPECT_EQ(received.rfind("from mta.outside.test ([10.1.1.1])", 0), 0u) << received;
    std::string original = m_client->BuildMessage(1, records[0].sent);
    ASSERT_GT(records[0].message.size(), original.size());
    EXPECT_EQ(records[0].message.substr(records[0].message.size() - original.size()), original);
    EXPECT_EQ(records[0].size, records[0].message.size());
}

TEST_F(SmtpMailTest, StoppedGatewayFallsBackToNextMx)
{
    Build(10, 20, 3);
    m_gateway1->SetStopTime(Seconds(0.5));
    Run(Seconds(30));

    EXPECT_EQ(m_client->GetSentCount(), 3u);
    for (uint32_t seq = 1; seq <= 3; ++seq)
    {
        std::vector<Attempt> attempts = AttemptsOf(seq);
        ASSERT_EQ(attempts.size(), 2u) << "mail " << seq;
        EXPECT_EQ(attempts[0].exchange, "mgw1.org.test");
        // ns-3 3.37 ignores the reset from the closed port: the SYN goes unanswered.
        EXPECT_EQ(attempts[0].result, SmtpClientApplication::AttemptResult::Timeout);
        EXPECT_EQ(attempts[1].exchange, "mgw2.org.test");
        EXPECT_EQ(attempts[1].result, SmtpClientApplication::AttemptResult::Delivered);
    }
    ASSERT_EQ(m_inside->GetRecords().size(), 3u);
    for (const MailDeliveryRecord& record : m_inside->GetRecords())
    {
        EXPECT_EQ(record.gateway, "mgw2.org.test") << "mail " << record.seq;
    }
    EXPECT_EQ(m_gateway1->GetSessionCount(), 0u);
    EXPECT_EQ(m_gateway2->GetRelayedCount(), 3u);
}

TEST_F(SmtpMailTest, UnreachableGatewayTimesOut)
{
    Build(10, 20, 2);
    // Link A's end on the org node drops everything, so SYNs to mgw1 go unanswered.
    Ptr<Ipv4> ipv4 = m_network.Org()->GetObject<Ipv4>();
    ipv4->SetDown(ipv4->GetInterfaceForAddress(m_network.linkA.GetAddress(1)));
    Run(Seconds(30));

    EXPECT_EQ(m_client->GetSentCount(), 2u);
    for (uint32_t seq = 1; seq <= 2; ++seq)
    {
        std::vector<Attempt> attempts = AttemptsOf(seq);
        ASSERT_EQ(attempts.size(), 2u) << "mail " << seq;
        EXPECT_EQ(attempts[0].exchange, "mgw1.org.test");
        EXPECT_EQ(attempts[0].result, SmtpClientApplication::AttemptResult::Timeout);
        EXPECT_EQ(attempts[1].result, SmtpClientApplication::AttemptResult::Delivered);
    }
    const auto& records = m_inside->GetRecords();
    ASSERT_EQ(records.size(), 2u);
    for (const MailDeliveryRecord& record : records)
    {
        EXPECT_EQ(record.gateway, "mgw2.org.test");
        // The 2 s step time-out on mgw1 comes before the delivery through mgw2.
        EXPECT_GT(record.received - record.sent, Seconds(2));
        EXPECT_LT(record.received - record.sent, Seconds(2.5));
    }
}

TEST_F(SmtpMailTest, DotStuffedBodyArrivesIntact)
{
    Build(10, 20, 3);
    m_client->SetAttribute("MessageSize", UintegerValue(20000));
    Run(Seconds(30));

    const auto& records = m_inside->GetRecords();
    ASSERT_EQ(records.size(), 3u);
    for (const MailDeliveryRecord& record : records)
    {
        std::string original = m_client->BuildMessage(record.seq, record.sent);
        ASSERT_EQ(original.size(), 20000u);
        std::string body = SmtpGetBody(record.message);
        EXPECT_EQ(body, SmtpGetBody(original)) << "mail " << record.seq;
        EXPECT_NE(body.find("\r\n.\r\n"), std::string::npos);
        EXPECT_NE(body.find("\r\n.. two leading dots"), std::string::npos);
        EXPECT_NE(body.find("\r\n. one leading dot"), std::string::npos);
    }
    EXPECT_EQ(m_gateway1->GetRejectedMessageCount(), 0u);
    EXPECT_EQ(m_inside->GetRejectedMessageCount(), 0u);
}

TEST_F(SmtpMailTest, HundredMailsLoseNothing)
{
    Build(10, 10, 100);
    Run(Seconds(200));

    EXPECT_EQ(m_client->GetSentCount(), 100u);
    EXPECT_EQ(m_client->GetLostCount(), 0u);
    EXPECT_TRUE(m_failed.empty());
    EXPECT_EQ(m_sent.size(), 100u);
    ASSERT_EQ(m_delivered.size(), 100u);
    std::set<uint32_t> unique(m_delivered.begin(), m_delivered.end());
    EXPECT_EQ(unique.size(), 100u);
    EXPECT_EQ(*unique.begin(), 1u);
    EXPECT_EQ(*unique.rbegin(), 100u);

    // Equal preferences: each gateway takes a share, and the shares add up.
    uint64_t via1 = 0;
    uint64_t via2 = 0;
    for (const MailDeliveryRecord& record : m_inside->GetRecords())
    {
        via1 += record.gateway == "mgw1.org.test" ? 1 : 0;
        via2 += record.gateway == "mgw2.org.test" ? 1 : 0;
    }
    EXPECT_EQ(via1 + via2, 100u);
    EXPECT_EQ(via1, m_gateway1->GetRelayedCount());
    EXPECT_EQ(via2, m_gateway2->GetRelayedCount());
    EXPECT_GT(via1, 20u);
    EXPECT_GT(via2, 20u);
    EXPECT_EQ(m_attempts.size(), 100u);

    // The relay connection is kept open between mails one second apart.
    EXPECT_LT(m_gateway1->GetRelayConnectionCount() + m_gateway2->GetRelayConnectionCount(), 10u);
    EXPECT_EQ(m_client->GetStubResolver()->GetQueryCount(), 200u);
}

TEST_F(SmtpMailTest, DeferredMailRetriedLater)
{
    Build(10, 20, 1);
    m_gateway1->SetStartTime(Seconds(8));
    m_gateway2->SetStartTime(Seconds(8));
    Run(Seconds(30));

    EXPECT_EQ(m_client->GetSentCount(), 1u);
    std::vector<Attempt> attempts = AttemptsOf(1);
    // The attempt at 1 s times out on both gateways (2 s each) and ends at about 5 s. The
    // next one, 5 s later, finds them up.
    ASSERT_EQ(attempts.size(), 3u);
    EXPECT_EQ(attempts[0].result, SmtpClientApplication::AttemptResult::Timeout);
    EXPECT_EQ(attempts[1].result, SmtpClientApplication::AttemptResult::Timeout);
    EXPECT_EQ(attempts[2].result, SmtpClientApplication::AttemptResult::Delivered);
    EXPECT_EQ(attempts[2].exchange, "mgw1.org.test");
    EXPECT_GT(m_sent.at(1), Seconds(10));
    EXPECT_LT(m_sent.at(1), Seconds(10.5));
    ASSERT_EQ(m_inside->GetRecords().size(), 1u);
    EXPECT_EQ(m_inside->GetRecords()[0].sent, Seconds(1));
}

TEST_F(SmtpMailTest, MailLostAfterMaxAttempts)
{
    Build(10, 20, 1);
    m_client->SetAttribute("MaxAttempts", UintegerValue(2));
    m_gateway1->SetStopTime(Seconds(0.5));
    m_gateway2->SetStopTime(Seconds(0.5));
    Run(Seconds(30));

    EXPECT_EQ(m_client->GetSentCount(), 0u);
    EXPECT_EQ(m_client->GetLostCount(), 1u);
    EXPECT_EQ(m_client->GetQueuedCount(), 0u);
    ASSERT_EQ(m_failed.size(), 1u);
    EXPECT_EQ(m_failed.at(1), 2u);
    EXPECT_EQ(AttemptsOf(1).size(), 4u);
    EXPECT_TRUE(m_inside->GetRecords().empty());
}

TEST_F(SmtpMailTest, GatewayRetriesRelayToInsideMta)
{
    Build(10, 20, 1);
    m_gateway1->SetAttribute("RelayStepTimeout", TimeValue(Seconds(1)));
    m_inside->SetStartTime(Seconds(3.5));
    Run(Seconds(30));

    // The gateway took responsibility at once. Relay connections at about 1 s and 3 s time
    // out after 1 s each. The one at 5 s, after the 1 s retry interval, succeeds.
    ASSERT_EQ(m_sent.size(), 1u);
    EXPECT_LT(m_sent.at(1), Seconds(2));
    EXPECT_EQ(m_gateway1->GetRelayedCount(), 1u);
    EXPECT_EQ(m_gateway1->GetRelayDroppedCount(), 0u);
    EXPECT_EQ(m_gateway1->GetRelayConnectionCount(), 3u);
    ASSERT_EQ(m_inside->GetRecords().size(), 1u);
    EXPECT_GT(m_inside->GetRecords()[0].received, Seconds(5));
    EXPECT_LT(m_inside->GetRecords()[0].received, Seconds(5.5));
}

TEST_F(SmtpMailTest, FullQueueRejectsWithTemporaryError)
{
    Build(10, 20, 2);
    m_gateway1->SetAttribute("MaxQueueLength", UintegerValue(1));
    m_inside->SetStartTime(Seconds(10));
    Run(Seconds(40));

    // Mail 1 fills mgw1's queue while the inside MTA is down; mail 2 gets 452 there.
    std::vector<Attempt> second = AttemptsOf(2);
    ASSERT_EQ(second.size(), 2u);
    EXPECT_EQ(second[0].exchange, "mgw1.org.test");
    EXPECT_EQ(second[0].result, SmtpClientApplication::AttemptResult::Rejected);
    EXPECT_EQ(second[0].replyCode, 452);
    EXPECT_EQ(second[1].exchange, "mgw2.org.test");
    EXPECT_EQ(second[1].result, SmtpClientApplication::AttemptResult::Delivered);
    EXPECT_EQ(m_gateway1->GetRejectedMessageCount(), 1u);

    std::map<uint32_t, std::string> gatewayOf;
    for (const MailDeliveryRecord& record : m_inside->GetRecords())
    {
        gatewayOf[record.seq] = record.gateway;
    }
    ASSERT_EQ(gatewayOf.size(), 2u);
    EXPECT_EQ(gatewayOf[1], "mgw1.org.test");
    EXPECT_EQ(gatewayOf[2], "mgw2.org.test");
}

/** A raw TCP client that sends fixed chunks and keeps every byte the server sends. */
class RawSmtpClient
{
  public:
    /** Connects at \p at: the stack can only send once the simulation runs. */
    RawSmtpClient(Ptr<Node> node, Ipv4Address server, Time at)
    {
        m_socket = Socket::CreateSocket(node, TcpSocketFactory::GetTypeId());
        m_socket->Bind();
        m_socket->SetRecvCallback(MakeCallback(&RawSmtpClient::HandleRead, this));
        Simulator::Schedule(at, [this, server]() {
            m_socket->Connect(InetSocketAddress(server, 25));
        });
    }

    /** Sends \p data in chunks of \p chunk bytes, one chunk every millisecond from \p at. */
    void SendInChunks(Time at, const std::string& data, size_t chunk)
    {
        for (size_t offset = 0, i = 0; offset < data.size(); offset += chunk, ++i)
        {
            std::string piece = data.substr(offset, chunk);
            Simulator::Schedule(at + MilliSeconds(i), [this, piece]() {
                m_socket->Send(reinterpret_cast<const uint8_t*>(piece.data()),
                               static_cast<uint32_t>(piece.size()),
                               0);
            });
        }
    }

    /** Returns the arrival time of the first received chunk that contains \p prefix, or -1 s. */
    Time ArrivalOf(const std::string& prefix) const
    {
        for (const auto& chunk : m_chunks)
        {
            if (chunk.second.find(prefix) != std::string::npos)
            {
                return chunk.first;
            }
        }
        return Seconds(-1);
    }

    /** Returns the reply codes of the complete reply lines received. */
    std::vector<std::string> ReplyLines() const
    {
        SmtpLineBuffer buffer(998);
        buffer.Append(m_received);
        std::vector<std::string> lines;
        std::string line;
        bool overflow = false;
        while (buffer.NextLine(line, overflow))
        {
            lines.push_back(line.substr(0, 4));
        }
        return lines;
    }

  private:
    void HandleRead(Ptr<Socket> socket)
    {
        Ptr<Packet> packet;
        while ((packet = socket->Recv()))
        {
            std::string bytes(packet->GetSize(), '\0');
            packet->CopyData(reinterpret_cast<uint8_t*>(&bytes[0]), packet->GetSize());
            m_received += bytes;
            m_chunks.emplace_back(Simulator::Now(), bytes);
        }
    }

    Ptr<Socket> m_socket;
    std::string m_received;
    std::vector<std::pair<Time, std::string>> m_chunks;
};

TEST_F(SmtpMailTest, ServerAnswersBadCommandsInSmallSegments)
{
    Build(10, 20, 0);
    RawSmtpClient raw(m_network.Outside(), m_network.linkA.GetAddress(1), Seconds(0.5));
    std::string longLine(1200, 'x');
    raw.SendInChunks(Seconds(1),
                     "HELLO there\r\n"
                     "MAIL FROM:<a@b.test>\r\n"
                     "EHLO raw.test\r\n"
                     "RCPT TO:<c@org.test>\r\n"
                     "DATA\r\n"
                     "MAIL FROM:a@b.test\r\n"
                     "MAIL FROM:<a@b.test>\r\n"
                     "RCPT TO:<>\r\n"
                     "RCPT TO:<c@org.test>\r\n"
                     "DATA\r\n"
                     "Subject: raw\r\n"
                     "\r\n"
                     ".. dotted\r\n"
                     ".\r\n" +
                         longLine +
                         "\r\n"
                         "NOOP\r\n"
                         "QUIT\r\n",
                     3);
    Run(Seconds(20));

    std::vector<std::string> expected = {
        "220 ",                           // greeting
        "500 ",                           // HELLO
        "503 ",                           // MAIL before EHLO
        "250-", "250-", "250 ",           // EHLO
        "503 ",                           // RCPT before MAIL
        "503 ",                           // DATA before RCPT
        "501 ",                           // MAIL without brackets
        "250 ",                           // MAIL
        "501 ",                           // RCPT with the null path
        "250 ",                           // RCPT
        "354 ",                           // DATA
        "250 ",                           // end of data, relayed by the gateway
        "500 ",                           // line too long
        "250 ",                           // NOOP
        "221 ",                           // QUIT
    };
    EXPECT_EQ(raw.ReplyLines(), expected);
    EXPECT_EQ(m_gateway1->GetProtocolErrorCount(), 7u);
    EXPECT_EQ(m_gateway1->GetAcceptedMessageCount(), 1u);
    ASSERT_EQ(m_inside->GetUnrecognisedCount(), 1u);
    EXPECT_TRUE(m_inside->GetRecords().empty());
}

TEST_F(SmtpMailTest, IdleSessionClosedAfterTimeout)
{
    Build(10, 20, 0);
    m_gateway1->SetAttribute("IdleTimeout", TimeValue(Seconds(10)));
    RawSmtpClient raw(m_network.Outside(), m_network.linkA.GetAddress(1), Seconds(1));
    raw.SendInChunks(Seconds(2), "EHLO raw.test\r\n", 100);
    raw.SendInChunks(Seconds(8), "NOOP\r\n", 100);
    Run(Seconds(40));

    // The NOOP at 8 s moves the deadline to 18 s, plus the 5 ms one-way delay.
    std::vector<std::string> expected = {"220 ", "250-", "250-", "250 ", "250 ", "421 "};
    EXPECT_EQ(raw.ReplyLines(), expected);
    Time closed = raw.ArrivalOf("421 ");
    EXPECT_GT(closed, Seconds(18));
    EXPECT_LT(closed, Seconds(18.1));
}

TEST_F(SmtpMailTest, PermanentRelayErrorDropsMessage)
{
    Build(10, 20, 1);
    m_inside->SetAttribute("MaxMessageSize", UintegerValue(100));
    std::vector<uint16_t> droppedCodes;
    m_gateway1->TraceConnectWithoutContext(
        "RelayDropped",
        MakeCallback(+[](std::vector<uint16_t>* out, uint64_t, uint32_t, uint16_t code) {
                         out->push_back(code);
                     })
            .Bind(&droppedCodes));
    Run(Seconds(30));

    // The gateway accepted the mail, then the inside MTA rejected it for its size.
    EXPECT_EQ(m_client->GetSentCount(), 1u);
    EXPECT_EQ(m_gateway1->GetRelayedCount(), 0u);
    EXPECT_EQ(m_gateway1->GetRelayDroppedCount(), 1u);
    EXPECT_EQ(m_gateway1->GetQueueLength(), 0u);
    ASSERT_EQ(droppedCodes.size(), 1u);
    EXPECT_EQ(droppedCodes[0], 552);
    EXPECT_EQ(m_inside->GetRejectedMessageCount(), 1u);
    EXPECT_TRUE(m_inside->GetRecords().empty());
}

} // namespace
