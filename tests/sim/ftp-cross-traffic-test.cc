// Tests of FtpCrossTrafficApplication over a bottleneck: sender --10 Mb/s-- router
// --1 Mb/s-- receiver, with a PacketSink on the receiver.

#include "sim/helper/ftp-cross-traffic-helper.h"
#include "sim/model/ftp-cross-traffic-application.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <gtest/gtest.h>

using namespace ns3;

namespace
{

/** The three-node network with the 1 Mb/s bottleneck between router and receiver. */
class FtpCrossTrafficTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
        // The segment size of an Ethernet path (ns-3's default is 536 bytes). SetDefault
        // overwrites the initial value, so keep the old one for TearDown().
        TypeId::AttributeInformation info;
        TypeId::LookupByName("ns3::TcpSocket").LookupAttributeByName("SegmentSize", &info);
        m_savedSegmentSize = info.initialValue->Copy();
        Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(1448));
        RngSeedManager::SetSeed(3);
        RngSeedManager::SetRun(1);
        m_nodes.Create(3);
        InternetStackHelper internet;
        internet.Install(m_nodes);

        PointToPointHelper access;
        access.SetDeviceAttribute("DataRate", StringValue("10Mbps"));
        access.SetChannelAttribute("Delay", StringValue("2ms"));
        PointToPointHelper bottleneck;
        bottleneck.SetDeviceAttribute("DataRate", StringValue("1Mbps"));
        bottleneck.SetChannelAttribute("Delay", StringValue("10ms"));

        Ipv4AddressHelper addresses;
        addresses.SetBase("10.2.1.0", "255.255.255.0");
        addresses.Assign(access.Install(m_nodes.Get(0), m_nodes.Get(1)));
        addresses.SetBase("10.2.2.0", "255.255.255.0");
        m_bottleneck = addresses.Assign(bottleneck.Install(m_nodes.Get(1), m_nodes.Get(2)));
        Ipv4GlobalRoutingHelper::PopulateRoutingTables();
    }

    void TearDown() override
    {
        Simulator::Destroy();

        // The tests share one process: give later tests the segment size they would have had.
        Config::SetDefault("ns3::TcpSocket::SegmentSize", *m_savedSegmentSize);
    }

    /** Installs the sender on node 0 and the sink on node 2, and returns the sender. */
    Ptr<FtpCrossTrafficApplication> Install(FtpCrossTrafficHelper& helper, Time start, Time stop)
    {
        ApplicationContainer senders = helper.Install(m_nodes.Get(0));
        helper.AssignStreams(senders, 1);
        senders.Start(start);
        senders.Stop(stop);
        ApplicationContainer sinks = helper.InstallSink(m_nodes.Get(2));
        m_sink = DynamicCast<PacketSink>(sinks.Get(0));
        return DynamicCast<FtpCrossTrafficApplication>(senders.Get(0));
    }

    Ptr<AttributeValue> m_savedSegmentSize;
    NodeContainer m_nodes;
    Ipv4InterfaceContainer m_bottleneck;
    Ptr<PacketSink> m_sink;
};

TEST_F(FtpCrossTrafficTest, ContinuousTransfersFillBottleneck)
{
    FtpCrossTrafficHelper helper(m_bottleneck.GetAddress(1));
    helper.SetAttribute("Transfers", UintegerValue(4));
    Ptr<FtpCrossTrafficApplication> sender = Install(helper, Seconds(1), Seconds(12));

    // Measure from 3 s, after slow start, to 11 s.
    uint64_t atStart = 0;
    uint64_t atEnd = 0;
    Simulator::Schedule(Seconds(3), [&]() { atStart = m_sink->GetTotalRx(); });
    Simulator::Schedule(Seconds(11), [&]() { atEnd = m_sink->GetTotalRx(); });
    Simulator::Stop(Seconds(13));
    Simulator::Run();

    // TCP payload is 1448 of every 1502 bytes on the wire (PPP, IPv4 and TCP with
    // timestamps), so a full 1 Mb/s link carries about 0.964 Mb/s of payload.
    double goodputBps = static_cast<double>(atEnd - atStart) * 8.0 / 8.0;
    EXPECT_GT(goodputBps, 0.95e6);
    EXPECT_LT(goodputBps, 1448.0 / 1502.0 * 1.0e6 + 2000.0);
    EXPECT_EQ(sender->GetFilesCompleted(), 0u);
    EXPECT_EQ(sender->GetFailedTransfers(), 0u);
    EXPECT_GE(sender->GetBytesSent(), m_sink->GetTotalRx());
}

TEST_F(FtpCrossTrafficTest, ParallelFilesArriveWhole)
{
    FtpCrossTrafficHelper helper(m_bottleneck.GetAddress(1));
    helper.SetAttribute("Transfers", UintegerValue(3));
    helper.SetAttribute("FileSize", UintegerValue(200000));
    Ptr<FtpCrossTrafficApplication> sender = Install(helper, Seconds(1), Seconds(30));

    std::vector<std::pair<uint32_t, uint64_t>> finished;
    std::vector<Time> durations;
    sender->TraceConnectWithoutContext(
        "TransferFinished",
        MakeCallback(
            +[](std::vector<std::pair<uint32_t, uint64_t>>* out,
                std::vector<Time>* times,
                uint32_t slot,
                uint64_t bytes,
                Time duration) {
                out->emplace_back(slot, bytes);
                times->push_back(duration);
            })
            .Bind(&finished, &durations));
    Simulator::Stop(Seconds(31));
    Simulator::Run();

    EXPECT_EQ(m_sink->GetTotalRx(), 600000u);
    EXPECT_EQ(sender->GetBytesSent(), 600000u);
    EXPECT_EQ(sender->GetFilesCompleted(), 3u);
    EXPECT_EQ(sender->GetFailedTransfers(), 0u);
    ASSERT_EQ(finished.size(), 3u);
    std::set<uint32_t> slots;
    for (size_t i = 0; i < finished.size(); ++i)
    {
        slots.insert(finished[i].first);
        EXPECT_EQ(finished[i].second, 200000u);
        // Three files share 1 Mb/s: 600 kB take at least 4.8 s for the last one.
        EXPECT_GT(durations[i], Seconds(1.6));
    }
    EXPECT_EQ(slots.size(), 3u);
    EXPECT_GT(*std::max_element(durations.begin(), durations.end()), Seconds(4.8));
}

TEST_F(FtpCrossTrafficTest, RepeatedFilesWithPause)
{
    FtpCrossTrafficHelper helper(m_bottleneck.GetAddress(1));
    helper.SetAttribute("FileSize", UintegerValue(50000));
    helper.SetAttribute("Repeat", BooleanValue(true));
    helper.SetAttribute("PauseTime", StringValue("ns3::ConstantRandomVariable[Constant=1.0]"));
    Ptr<FtpCrossTrafficApplication> sender = Install(helper, Seconds(1), Seconds(10));
    std::vector<Time> finishTimes;
    sender->TraceConnectWithoutContext(
        "TransferFinished",
        MakeCallback(+[](std::vector<Time>* out, uint32_t, uint64_t, Time) {
                         out->push_back(Simulator::Now());
                     })
            .Bind(&finishTimes));
    Simulator::Stop(Seconds(12));
    Simulator::Run();

    // A file needs at least 0.4 s at 1 Mb/s, then the slot pauses 1 s before the next.
    uint32_t files = sender->GetFilesCompleted();
    ASSERT_EQ(finishTimes.size(), files);
    EXPECT_GE(files, 4u);
    EXPECT_LE(files, 6u);
    for (size_t i = 1; i < finishTimes.size(); ++i)
    {
        EXPECT_GT(finishTimes[i] - finishTimes[i - 1], Seconds(1.4)) << "file " << i;
    }
    EXPECT_GE(m_sink->GetTotalRx(), files * 50000u);
    EXPECT_LE(m_sink->GetTotalRx(), (files + 1) * 50000u);
    EXPECT_EQ(sender->GetFailedTransfers(), 0u);
}

TEST_F(FtpCrossTrafficTest, UnreachableSinkSendsNothing)
{
    // No sink listens on port 21: the connection never completes, and the sender stops cleanly.
    FtpCrossTrafficHelper helper(m_bottleneck.GetAddress(1), 21);
    ApplicationContainer senders = helper.Install(m_nodes.Get(0));
    senders.Start(Seconds(1));
    senders.Stop(Seconds(5));
    Ptr<FtpCrossTrafficApplication> sender =
        DynamicCast<FtpCrossTrafficApplication>(senders.Get(0));
    Simulator::Stop(Seconds(6));
    Simulator::Run();

    EXPECT_EQ(sender->GetBytesSent(), 0u);
    EXPECT_EQ(sender->GetFilesCompleted(), 0u);
}

} // namespace
