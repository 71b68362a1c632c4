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

} // namespace
