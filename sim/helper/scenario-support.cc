#include "scenario-support.h"

#include "mail-tally.h"

#include "sim/model/mail-inside-mta-application.h"
#include "sim/model/recursive-resolver.h"
#include "sim/model/smtp-client-application.h"

#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/simulator.h"
#include "ns3/traffic-control-module.h"

#include <fstream>
#include <iostream>
#include <set>
#include <stdexcept>

namespace ns3
{

NetDeviceContainer
ConnectNodes(Ptr<Node> a, Ptr<Node> b, const LinkSettings& link, const std::string& network)
{
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue(link.rate));
    p2p.SetChannelAttribute("Delay", TimeValue(link.delay));
    p2p.SetQueue("ns3::DropTailQueue",
                 "MaxSize",
                 QueueSizeValue(QueueSize(QueueSizeUnit::PACKETS, link.queuePackets)));
    NetDeviceContainer devices = p2p.Install(a, b);

    Ipv4AddressHelper addresses;
    addresses.SetBase(network.c_str(), "255.255.255.0");
    addresses.Assign(devices);

    // Ipv4AddressHelper installs an FqCoDel queue disc, which isolates flows as no router
    // of 2007 did; without it, packets wait in the device's drop-tail queue.
    TrafficControlHelper tc;
    tc.Uninstall(devices);
    return devices;
}

NetDeviceContainer
ConnectHalfDuplex(Ptr<Node> a, Ptr<Node> b, const LinkSettings& link, const std::string& network)
{
    CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", StringValue(link.rate));
    csma.SetChannelAttribute("Delay", TimeValue(link.delay));
    csma.SetQueue("ns3::DropTailQueue",
                  "MaxSize",
                  QueueSizeValue(QueueSize(QueueSizeUnit::PACKETS, link.queuePackets)));
    NetDeviceContainer devices = csma.Install(NodeContainer(a, b));

    Ipv4AddressHelper addresses;
    addresses.SetBase(network.c_str(), "255.255.255.0");
    addresses.Assign(devices);

    TrafficControlHelper tc;
    tc.Uninstall(devices);
    return devices;
}

void
StopWhenMailDone(Ptr<MailInsideMtaApplication> insideMta,
                 const std::string& origin,
                 uint32_t mailCount,
                 const MailTally& tally,
                 Time from)
{
    Simulator::Schedule(from - Simulator::Now(), [=, &tally]() {
        std::set<uint32_t> seen;
        for (const MailDeliveryRecord& record : insideMta->GetRecords())
        {
            if (record.origin == origin)
            {
                seen.insert(record.seq);
            }
        }
        if (seen.size() + tally.Failed() >= mailCount)
        {
            Simulator::Stop();
            return;
        }
        StopWhenMailDone(insideMta, origin, mailCount, tally, Simulator::Now() + Seconds(1));
    });
}

void
RunUntilMailDone(MailTally& tally,
                 Ptr<SmtpClientApplication> client,
                 Ptr<MailInsideMtaApplication> insideMta,
                 Ptr<RecursiveResolver> resolver,
                 const std::string& origin,
                 uint32_t mailCount,
                 Time lastMail,
                 Time stop)
{
    tally.Watch(client, insideMta, origin);
    tally.WatchResolver(resolver);

    Simulator::Stop(stop);
    StopWhenMailDone(insideMta, origin, mailCount, tally, lastMail);
    Simulator::Run();
    tally.Collect();
}

void
WriteCsvRow(const std::string& path, const std::string& header, const std::string& row)
{
    if (path.empty())
    {
        std::cout << header << "\n" << row << "\n";
        return;
    }
    std::ofstream out(path);
    if (!out)
    {
        throw std::runtime_error("cannot write the result row to " + path +
                                 ": check that its folder exists and is writable");
    }
    out << header << "\n" << row << "\n";
}

} // namespace ns3
