// Tests of the bulk SMTP load generator against a mail gateway and an inside MTA, with the
// gateway's outside link as the bottleneck.

#include "sim/helper/mail-gateway-helper.h"
#include "sim/helper/mail-inside-mta-helper.h"
#include "sim/helper/smtp-load-helper.h"
#include "sim/model/mail-gateway-application.h"
#include "sim/model/mail-inside-mta-application.h"
#include "sim/model/smtp-load-application.h"
#include "sim/model/smtp-message.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

using namespace ns3;

namespace
{

const std::string kLoadHelo = "load.outside.test";
const uint32_t kMessageSize = 200000;
const double kBottleneckBitsPerSecond = 10e6;

/** One SessionFailed trace event. */
struct Failure
{
    uint32_t session;
    SmtpClientSession::Status status;
    uint16_t replyCode;
    Time time;
};

/**
 * Load node, gateway node and inside node:
 *
 *     load 10.2.1.1 --10 Mb/s, 5 ms-- 10.2.1.2 gateway 10.2.2.1 --100 Mb/s, 1 ms-- 10.2.2.2 inside
 *
 * The gateway's outside link is the bottleneck; the relay to the inside MTA has ten times
 * its rate, so the gateway's queue does not limit the load.
 */
class SmtpLoadTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
        RngSeedManager::SetSeed(11);
        RngSeedManager::SetRun(1);
        m_nodes.Create(3);
        InternetStackHelper internet;
        internet.Install(m_nodes);

        PointToPointHelper outsideLink;
        outsideLink.SetDeviceAttribute("DataRate", DataRateValue(DataRate(kBottleneckBitsPerSecond)));
        outsideLink.SetChannelAttribute("Delay", StringValue("5ms"));
        NetDeviceContainer outsideDevices = outsideLink.Install(m_nodes.Get(0), m_nodes.Get(1));
        m_loadDevice = outsideDevices.Get(0);

        PointToPointHelper insideLink;
        insideLink.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
        insideLink.SetChannelAttribute("Delay", StringValue("1ms"));
        NetDeviceContainer insideDevices = insideLink.Install(m_nodes.Get(1), m_nodes.Get(2));

        Ipv4AddressHelper addresses;
        addresses.SetBase("10.2.1.0", "255.255.255.0");
        m_outside = addresses.Assign(outsideDevices);
        addresses.SetBase("10.2.2.0", "255.255.255.0");
        m_inside = addresses.Assign(insideDevices);
        Ipv4GlobalRoutingHelper::PopulateRoutingTables();

        MailGatewayHelper gateway("mgw1.org.test", m_inside.GetAddress(1));
        gateway.SetAttribute("LocalAddress", Ipv4AddressValue(m_outside.GetAddress(1)));
        m_gateway = DynamicCast<MailGatewayApplication>(gateway.Install(m_nodes.Get(1)).Get(0));

        MailInsideMtaHelper insideMta("mail.org.test");
        m_insideMta =
            DynamicCast<MailInsideMtaApplication>(insideMta.Install(m_nodes.Get(2)).Get(0));
    }

    void TearDown() override
    {
        Simulator::Destroy();
    }

    /** Installs the load generator, running from \p start to \p stop. */
    void InstallLoad(uint32_t sessions, Time start, Time stop)
    {
        SmtpLoadHelper load(m_outside.GetAddress(1));
        load.SetAttribute("Sessions", UintegerValue(sessions));
        load.SetAttribute("MessageSize", UintegerValue(kMessageSize));
        load.SetAttribute("HeloName", StringValue(kLoadHelo));
        load.SetAttribute("StepTimeout", TimeValue(Seconds(10)));
        load.SetAttribute("RetryInterval", TimeValue(Seconds(2)));
        m_load = DynamicCast<SmtpLoadApplication>(load.Install(m_nodes.Get(0)).Get(0));
        m_load->SetStartTime(start);
        m_load->SetStopTime(stop);
        m_load->TraceConnectWithoutContext("MessageAccepted",
                                           MakeCallback(&SmtpLoadTest::RecordAccepted, this));
        m_load->TraceConnectWithoutContext("SessionFailed",
                                           MakeCallback(&SmtpLoadTest::RecordFailed, this));
    }

    void Run(Time stop)
    {
        Simulator::Stop(stop);
        Simulator::Run();
    }

    void RecordAccepted(uint32_t bytes, Time time)
    {
        m_acceptedTimes.push_back(time);
        m_tracedBytes += bytes;
        EXPECT_EQ(time, Simulator::Now());
    }

    void RecordFailed(uint32_t session, SmtpClientSession::Status status, uint16_t replyCode)
    {
        m_failures.push_back({session, status, replyCode, Simulator::Now()});
    }

    /** Records every packet the load node sends on the bottleneck. */
    void TraceLoadDevice()
    {
        m_loadDevice->TraceConnectWithoutContext(
            "PhyTxBegin",
            MakeCallback(&SmtpLoadTest::RecordTransmit, this));
    }

    void RecordTransmit(Ptr<const Packet> packet)
    {
        m_transmits.emplace_back(Simulator::Now(), packet->GetSize());
    }

    /** Inside MTA records of load mail, by sequence number. */
    std::multiset<uint32_t> LoadRecordSeqs() const
    {
        std::multiset<uint32_t> seqs;
        for (const MailDeliveryRecord& record : m_insideMta->GetRecords())
        {
            if (record.origin == kLoadHelo)
            {
                seqs.insert(record.seq);
            }
        }
        return seqs;
    }

    NodeContainer m_nodes;
    Ptr<NetDevice> m_loadDevice;
    Ipv4InterfaceContainer m_outside;
    Ipv4InterfaceContainer m_inside;
    Ptr<MailGatewayApplication> m_gateway;
    Ptr<MailInsideMtaApplication> m_insideMta;
    Ptr<SmtpLoadApplication> m_load;
    std::vector<Time> m_acceptedTimes;
    uint64_t m_tracedBytes = 0;
    std::vector<Failure> m_failures;
    std::vector<std::pair<Time, uint32_t>> m_transmits;
};

TEST_F(SmtpLoadTest, FourSessionsFillBottleneck)
{
    InstallLoad(4, Seconds(1), Seconds(21));
    Run(Seconds(40));

    uint64_t messages = m_load->GetAcceptedMessages();
    EXPECT_EQ(m_load->GetAcceptedBytes(), messages * kMessageSize);
    EXPECT_EQ(m_acceptedTimes.size(), messages);
    EXPECT_EQ(m_tracedBytes, m_load->GetAcceptedBytes());
    EXPECT_EQ(m_load->GetFailedSessions(), 0u);
    EXPECT_TRUE(m_failures.empty());
    EXPECT_EQ(m_load->GetConnectionCount(), 4u);

    // Message bytes alone, without SMTP commands and TCP/IP headers, fill more than 0.8 of
    // what the link can carry in the 20 s, and cannot exceed it.
    double capacityBytes = kBottleneckBitsPerSecond / 8 * 20;
    RecordProperty("AcceptedBytes", std::to_string(m_load->GetAcceptedBytes()));
    RecordProperty("GatewayAccepted", std::to_string(m_gateway->GetAcceptedMessageCount()));
    EXPECT_GT(static_cast<double>(m_load->GetAcceptedBytes()), 0.8 * capacityBytes);
    EXPECT_LT(static_cast<double>(m_load->GetAcceptedBytes()), capacityBytes);

    // Every accepted message reached the inside MTA, once, through the gateway. The gateway
    // may also have accepted messages whose end of data was already in a TCP transmit
    // buffer at the stop, at most one per session.
    std::multiset<uint32_t> delivered = LoadRecordSeqs();
    for (uint32_t seq : m_load->GetAcceptedSequenceNumbers())
    {
        EXPECT_EQ(delivered.count(seq), 1u) << "load message " << seq;
    }
    EXPECT_EQ(delivered.size(), m_gateway->GetAcceptedMessageCount());
    EXPECT_EQ(m_gateway->GetRelayedCount(), m_gateway->GetAcceptedMessageCount());
    EXPECT_EQ(m_gateway->GetRelayDroppedCount(), 0u);
    EXPECT_EQ(m_gateway->GetRejectedMessageCount(), 0u);
    EXPECT_GE(delivered.size(), messages);
    EXPECT_LE(delivered.size(), messages + 4);
    EXPECT_EQ(m_insideMta->GetUnrecognisedCount(), 0u);
    for (const MailDeliveryRecord& record : m_insideMta->GetRecords())
    {
        EXPECT_EQ(record.gateway, "mgw1.org.test");
        // The gateway adds its Received: header to the message.
        EXPECT_GT(record.size, kMessageSize);
        EXPECT_LT(record.size, kMessageSize + 200);
    }
}

TEST_F(SmtpLoadTest, StopEndsTraffic)
{
    const Time stop = Seconds(6.05);
    InstallLoad(4, Seconds(1), stop);
    TraceLoadDevice();
    uint64_t gatewayAcceptedSoonAfterStop = 0;
    Simulator::Schedule(stop + Seconds(3), [this, &gatewayAcceptedSoonAfterStop]() {
        gatewayAcceptedSoonAfterStop = m_gateway->GetAcceptedMessageCount();
    });
    Run(Seconds(30));

    uint64_t messages = m_load->GetAcceptedMessages();
    ASSERT_GT(messages, 10u);
    ASSERT_EQ(m_acceptedTimes.size(), messages);
    EXPECT_LE(m_acceptedTimes.back(), stop);
    EXPECT_TRUE(m_failures.empty());

    // Each aborted socket still sends its transmit buffer (SndBufSize, 128 KiB by default)
    // before its FIN, and then the load node falls silent.
    uint64_t bytesAfterStop = 0;
    Time lastLargePacket;
    for (const auto& [time, size] : m_transmits)
    {
        if (time > stop)
        {
            bytesAfterStop += size;
        }
        if (size > 100)
        {
            lastLargePacket = time;
        }
    }
    EXPECT_GT(lastLargePacket, stop - Seconds(0.1));
    EXPECT_LT(lastLargePacket, stop + Seconds(2));
    EXPECT_LT(bytesAfterStop, 4u * 131072u * 11u / 10u);

    // The gateway accepts at most one message per session after the stop, and only from
    // those buffers.
    EXPECT_EQ(m_gateway->GetAcceptedMessageCount(), gatewayAcceptedSoonAfterStop);
    EXPECT_LE(m_gateway->GetAcceptedMessageCount(), messages + 4);
    EXPECT_EQ(LoadRecordSeqs().size(), m_gateway->GetAcceptedMessageCount());
}

TEST_F(SmtpLoadTest, FailedSessionsRetryAfterInterval)
{
    // Nothing listens until 3 s: ns-3 3.37 ignores the reset from the closed port, so the
    // first sessions end with the step time-out, at 1 s + 1.5 s.
    m_gateway->SetStartTime(Seconds(3));
    InstallLoad(2, Seconds(1), Seconds(8));
    m_load->SetAttribute("StepTimeout", TimeValue(Seconds(1.5)));
    Run(Seconds(20));

    ASSERT_EQ(m_failures.size(), 2u);
    std::set<uint32_t> failedSessions;
    for (const Failure& failure : m_failures)
    {
        failedSessions.insert(failure.session);
        EXPECT_EQ(failure.status, SmtpClientSession::Status::Timeout);
        EXPECT_EQ(failure.replyCode, 0u);
        EXPECT_EQ(failure.time, Seconds(2.5));
    }
    EXPECT_EQ(failedSessions, (std::set<uint32_t>{0, 1}));
    EXPECT_EQ(m_load->GetFailedSessions(), 2u);

    // The replacements connect 2 s later, at 4.5 s, and stay up until the stop.
    EXPECT_EQ(m_load->GetConnectionCount(), 4u);
    EXPECT_EQ(m_gateway->GetSessionCount(), 2u);
    ASSERT_FALSE(m_acceptedTimes.empty());
    EXPECT_GT(m_acceptedTimes.front(), Seconds(4.5));
    EXPECT_EQ(m_load->GetAcceptedBytes(), m_load->GetAcceptedMessages() * kMessageSize);

    // A session that fails before its first message uses up no sequence number: the
    // numbers start at 1, and only the two messages in progress at the stop are missing.
    std::set<uint32_t> accepted(m_load->GetAcceptedSequenceNumbers().begin(),
                                m_load->GetAcceptedSequenceNumbers().end());
    EXPECT_EQ(accepted.size(), m_load->GetAcceptedMessages());
    EXPECT_EQ(*accepted.begin(), 1u);
    EXPECT_LE(*accepted.rbegin(), m_load->GetAcceptedMessages() + 2);
}

TEST_F(SmtpLoadTest, RejectedMessageFailsSession)
{
    m_gateway->SetAttribute("MaxMessageSize", UintegerValue(kMessageSize / 2));
    InstallLoad(2, Seconds(1), Seconds(10));
    Run(Seconds(20));

    EXPECT_EQ(m_load->GetAcceptedMessages(), 0u);
    EXPECT_EQ(m_load->GetAcceptedBytes(), 0u);
    ASSERT_GE(m_failures.size(), 4u);
    EXPECT_EQ(m_load->GetFailedSessions(), m_failures.size());
    EXPECT_EQ(m_gateway->GetRejectedMessageCount(), m_failures.size());
    EXPECT_EQ(m_gateway->GetAcceptedMessageCount(), 0u);
    EXPECT_TRUE(LoadRecordSeqs().empty());

    // Each failure is a 552 to the end of data, and a session's next connection waits for
    // RetryInterval (2 s) plus the next message's transfer.
    std::map<uint32_t, Time> lastFailure;
    for (const Failure& failure : m_failures)
    {
        EXPECT_EQ(failure.status, SmtpClientSession::Status::Rejected);
        EXPECT_EQ(failure.replyCode, 552u);
        auto previous = lastFailure.find(failure.session);
        if (previous != lastFailure.end())
        {
            EXPECT_GT(failure.time - previous->second, Seconds(2));
        }
        lastFailure[failure.session] = failure.time;
    }
    EXPECT_EQ(lastFailure.size(), 2u);

    // One connection per failure, plus one per session still sending at the stop.
    EXPECT_GE(m_load->GetConnectionCount(), m_failures.size());
    EXPECT_LE(m_load->GetConnectionCount(), m_failures.size() + 2);
    EXPECT_EQ(m_gateway->GetSessionCount(), m_load->GetConnectionCount());
}

TEST(SmtpLoadMessage, SizeAndHeaders)
{
    Ptr<SmtpLoadApplication> app = CreateObject<SmtpLoadApplication>();
    app->SetAttribute("HeloName", StringValue(kLoadHelo));
    app->SetAttribute("MessageSize", UintegerValue(0));
    const size_t headerSize = app->BuildMessage(7, Seconds(1.5)).size();
    ASSERT_GT(headerSize, 100u);

    // Requested size and expected size: the headers are the minimum, and one byte more
    // than the headers cannot hold a body line.
    const std::vector<std::pair<size_t, size_t>> cases = {
        {0, headerSize},
        {headerSize - 1, headerSize},
        {headerSize, headerSize},
        {headerSize + 1, headerSize},
        {headerSize + 2, headerSize + 2},
        {headerSize + 79, headerSize + 79},
        {headerSize + 80, headerSize + 80},
        {headerSize + 81, headerSize + 81},
        {headerSize + 82, headerSize + 82},
        {headerSize + 161, headerSize + 161},
        {1000000, 1000000},
    };
    for (const auto& [requested, expected] : cases)
    {
        app->SetAttribute("MessageSize", UintegerValue(requested));
        std::string message = app->BuildMessage(7, Seconds(1.5));
        EXPECT_EQ(message.size(), expected) << "MessageSize " << requested;

        std::string value;
        EXPECT_TRUE(SmtpFindHeader(message, "Message-ID", value));
        EXPECT_EQ(value, "<mxrace-7@" + kLoadHelo + ">");
        EXPECT_TRUE(SmtpFindHeader(message, "X-Mxrace-Sent", value));
        EXPECT_EQ(value, "1500000000");

        // Whole CRLF lines within the SMTP limit, none needing dot-stuffing.
        EXPECT_EQ(message.substr(message.size() - 2), "\r\n");
        EXPECT_EQ(SmtpDotStuff(message), message + ".\r\n") << "MessageSize " << requested;
        size_t lineStart = 0;
        while (lineStart < message.size())
        {
            size_t lineEnd = message.find("\r\n", lineStart);
            ASSERT_NE(lineEnd, std::string::npos) << "MessageSize " << requested;
            EXPECT_LE(lineEnd - lineStart, kSmtpMaxLineLength);
            lineStart = lineEnd + 2;
        }
    }
}

} // namespace
