/**
 * \file
 * The laboratory experiment of the paper (its Fig. 5): one organisation host with two NICs
 * on two networks to the outside, racing DNS answers decide which gateway each mail takes.
 *
 * Usage: mxrace-lab --config=scenarios/lab/lab.conf --condition=none --seed=1
 *                   [--row-file=FILE] [--set=key=value ...]
 *
 * Conditions: none, delay-path1, delay-path2 (delay.added-ms on that path's DNS answers),
 * ftp-path1, ftp-path2 (bulk TCP transfers across that path). Writes one CSV row.
 */

#include "sim/helper/ftp-cross-traffic-helper.h"
#include "sim/helper/mail-tally.h"
#include "sim/helper/race-site-helper.h"
#include "sim/helper/recursive-resolver-helper.h"
#include "sim/helper/scenario-config.h"
#include "sim/helper/smtp-client-helper.h"
#include "sim/model/authoritative-dns-server.h"
#include "sim/model/dns-proxy-application.h"
#include "sim/model/dns-rewriter-application.h"
#include "sim/model/mail-gateway-application.h"
#include "sim/model/mail-inside-mta-application.h"
#include "sim/model/recursive-resolver.h"
#include "sim/model/smtp-client-application.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/traffic-control-module.h"

#include <fstream>
#include <set>
#include <iostream>
#include <stdexcept>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("MxraceLab");

namespace
{

/** Values of --set, in command-line order. */
std::vector<std::string> g_overrides;

/** CommandLine callback of --set. */
bool
AddOverride(const std::string& assignment)
{
    g_overrides.push_back(assignment);
    return true;
}

const char* const kConditions[] = {"none", "delay-path1", "delay-path2", "ftp-path1", "ftp-path2"};

/** Link parameters shared by every link of the topology. */
struct LinkSettings
{
    std::string rate;       //!< Data rate, ns-3 syntax ("100Mbps").
    Time delay;             //!< One-way propagation delay.
    uint32_t queuePackets;  //!< Drop-tail device queue size.
};

/**
 * Connects \p a and \p b with a point-to-point link, numbers it from \p network/24 and
 * replaces ns-3's default queue disc by a drop-tail device queue.
 */
NetDeviceContainer
Connect(Ptr<Node> a, Ptr<Node> b, const LinkSettings& link, const char* network)
{
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue(link.rate));
    p2p.SetChannelAttribute("Delay", TimeValue(link.delay));
    p2p.SetQueue("ns3::DropTailQueue",
                 "MaxSize",
                 QueueSizeValue(QueueSize(QueueSizeUnit::PACKETS, link.queuePackets)));
    NetDeviceContainer devices = p2p.Install(a, b);

    Ipv4AddressHelper addresses;
    addresses.SetBase(network, "255.255.255.0");
    addresses.Assign(devices);

    // Ipv4AddressHelper installs an FqCoDel queue disc, which 2007 equipment did not have.
    TrafficControlHelper tc;
    tc.Uninstall(devices);
    return devices;
}

/**
 * Checks every second from \p from on whether the inside MTA has all \p mailCount mails of
 * \p origin, or the client gave the rest up, and stops the simulation when it has.
 */
void
ScheduleStopWhenDone(Ptr<MailInsideMtaApplication> insideMta,
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
        ScheduleStopWhenDone(insideMta, origin, mailCount, tally, Simulator::Now() + Seconds(1));
    });
}

/** Writes the CSV header and \p row to \p path, or to stdout if \p path is empty. */
void
WriteRow(const std::string& path, const std::string& header, const std::string& row)
{
    if (path.empty())
    {
        std::cout << header << "\n" << row << "\n";
        return;
    }
    std::ofstream out(path);
    if (!out)
    {
        throw std::runtime_error("cannot write the result row to " + path);
    }
    out << header << "\n" << row << "\n";
}

int
Run(int argc, char** argv)
{
    std::string configPath = "scenarios/lab/lab.conf";
    std::string condition = "none";
    uint32_t seed = 1;
    std::string rowFile;
    ScenarioConfig config;

    CommandLine cmd(__FILE__);
    cmd.AddValue("config", "Scenario parameter file", configPath);
    cmd.AddValue("condition", "none, delay-path1, delay-path2, ftp-path1 or ftp-path2",
                 condition);
    cmd.AddValue("seed", "Run number of ns-3's random number generator (1 or more)", seed);
    cmd.AddValue("row-file", "CSV file for the result row (default: standard output)", rowFile);
    cmd.AddValue("set",
                 "Override a parameter of the config file: --set=key=value (repeatable)",
                 MakeCallback(&AddOverride));
    cmd.Parse(argc, argv);

    bool known = false;
    for (const char* name : kConditions)
    {
        known = known || condition == name;
    }
    if (!known)
    {
        throw std::runtime_error("unknown condition \"" + condition +
                                 "\": expected none, delay-path1, delay-path2, ftp-path1 or "
                                 "ftp-path2");
    }
    if (seed == 0)
    {
        throw std::runtime_error("--seed=0 is invalid: expected 1 or more");
    }
    config.LoadFile(configPath);
    for (const std::string& item : g_overrides)
    {
        config.Override(item, "--set");
    }

    // Parameters.
    LinkSettings link{config.GetString("link.rate"),
                      MicroSeconds(config.GetUnsigned("link.delay-us")),
                      static_cast<uint32_t>(config.GetUnsigned("link.queue-packets"))};
    std::string zone1 = config.GetString("dns.zone1");
    std::string zone2 = config.GetString("dns.zone2");
    std::string origin = config.GetString("dns.origin");
    double processingMin = config.GetDouble("dns.processing-min-us") * 1e-6;
    double processingMax = config.GetDouble("dns.processing-max-us") * 1e-6;
    Time resolverTimeout = MilliSeconds(config.GetDouble("resolver.timeout-ms"));
    uint32_t resolverRetries = static_cast<uint32_t>(config.GetUnsigned("resolver.retries"));
    uint32_t proxyNic = static_cast<uint32_t>(config.GetUnsigned("proxy.nic"));
    uint32_t mailCount = static_cast<uint32_t>(config.GetUnsigned("mail.count"));
    Time mailInterval = Seconds(config.GetDouble("mail.interval-s"));
    uint32_t mailSize = static_cast<uint32_t>(config.GetUnsigned("mail.size-bytes"));
    Time mailStart = Seconds(config.GetDouble("mail.start-s"));
    Time drain = Seconds(config.GetDouble("mail.drain-s"));
    double addedDelayMs = config.GetDouble("delay.added-ms");
    uint32_t ftpFlows = static_cast<uint32_t>(config.GetUnsigned("ftp.flows"));
    std::string ftpDirection = config.GetString("ftp.direction");
    Ipv4Address proxyAddress(config.GetString("address.proxy").c_str());
    Ipv4Address dns1(config.GetString("address.dns1").c_str());
    Ipv4Address dns2(config.GetString("address.dns2").c_str());
    std::string mgw1 = config.GetString("address.mgw1");
    std::string mgw2 = config.GetString("address.mgw2");
    config.CheckAllUsed();
    if (proxyNic != 1 && proxyNic != 2)
    {
        throw std::runtime_error("proxy.nic = " + std::to_string(proxyNic) + ": expected 1 or 2");
    }
    if (ftpDirection != "outbound" && ftpDirection != "inbound")
    {
        throw std::runtime_error("ftp.direction = " + ftpDirection +
                                 ": expected outbound or inbound");
    }
    if (processingMin < 0 || processingMax < processingMin)
    {
        throw std::runtime_error("dns.processing-min-us and -max-us must satisfy 0 <= min <= max");
    }

    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(seed);
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));

    // Topology: org host -- r1 -- outside router, org host -- r2 -- outside router, and the
    // outside MTA, resolver and FTP peer each on their own link to the outside router.
    Ptr<Node> org = CreateObject<Node>();
    Ptr<Node> r1 = CreateObject<Node>();
    Ptr<Node> r2 = CreateObject<Node>();
    Ptr<Node> outside = CreateObject<Node>();
    Ptr<Node> mta = CreateObject<Node>();
    Ptr<Node> resolverNode = CreateObject<Node>();
    Ptr<Node> ftpPeer = CreateObject<Node>();
    NodeContainer all(NodeContainer(org, r1, r2, outside), NodeContainer(mta, resolverNode, ftpPeer));
    InternetStackHelper internet;
    internet.Install(all);

    // Network numbers follow the addresses of the config file and the zone files.
    // The router takes .1 and the host .2 on each path's network.
    NetDeviceContainer path1 = Connect(r1, org, link, "10.1.1.0");
    NetDeviceContainer path2 = Connect(r2, org, link, "10.2.1.0");
    Connect(r1, outside, link, "10.1.0.0");
    Connect(r2, outside, link, "10.2.0.0");
    NetDeviceContainer mtaLink = Connect(mta, outside, link, "172.16.1.0");
    NetDeviceContainer resolverLink = Connect(resolverNode, outside, link, "172.16.2.0");
    NetDeviceContainer ftpLink = Connect(ftpPeer, outside, link, "172.16.3.0");
    Ipv4Address resolverAddress = resolverNode->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal();
    Ipv4Address ftpPeerAddress = ftpPeer->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal();
    if (org->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal() != Ipv4Address(mgw1.c_str()) ||
        org->GetObject<Ipv4>()->GetAddress(2, 0).GetLocal() != Ipv4Address(mgw2.c_str()))
    {
        throw std::runtime_error("address.mgw1 and address.mgw2 must be the addresses this "
                                 "topology gives the host's NICs: 10.1.1.2 and 10.2.1.2");
    }

    // The organisation's host: DNS1/MGW1 on NIC 1, DNS2/MGW2 on NIC 2, proxy, inside MTA.
    Time delay1 = condition == "delay-path1" ? MilliSeconds(addedDelayMs) : Time(0);
    Time delay2 = condition == "delay-path2" ? MilliSeconds(addedDelayMs) : Time(0);
    Ptr<UniformRandomVariable> processing = CreateObject<UniformRandomVariable>();
    processing->SetAttribute("Min", DoubleValue(processingMin));
    processing->SetAttribute("Max", DoubleValue(processingMax));
    std::vector<RaceSitePath> paths = {
        {path1.Get(1), dns1, zone1, "mgw1." + origin.substr(0, origin.size() - 1), delay1},
        {path2.Get(1), dns2, zone2, "mgw2." + origin.substr(0, origin.size() - 1), delay2},
    };
    RaceSite site =
        RaceSiteHelper::Install(org, paths, origin, proxyAddress, proxyNic - 1, processing);

    // Routes are computed after every address exists, the secondary ones included.
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();

    // The outside resolver asks the proxy; the outside MTA asks the resolver.
    RecursiveResolverHelper resolverHelper({proxyAddress});
    resolverHelper.SetAttribute("Timeout", TimeValue(resolverTimeout));
    resolverHelper.SetAttribute("Retries", UintegerValue(resolverRetries));
    Ptr<RecursiveResolver> resolver =
        DynamicCast<RecursiveResolver>(resolverHelper.Install(resolverNode).Get(0));

    const std::string heloName = "mta.outside.example";
    SmtpClientHelper clientHelper(resolverAddress, "user@" + origin.substr(0, origin.size() - 1));
    clientHelper.SetAttribute("MailCount", UintegerValue(mailCount));
    clientHelper.SetAttribute("Interval", TimeValue(mailInterval));
    clientHelper.SetAttribute("MessageSize", UintegerValue(mailSize));
    clientHelper.SetAttribute("HeloName", StringValue(heloName));
    ApplicationContainer clientApps = clientHelper.Install(mta);
    clientApps.Start(mailStart);
    Ptr<SmtpClientApplication> client = DynamicCast<SmtpClientApplication>(clientApps.Get(0));

    // FTP cross traffic across one path, for the whole run.
    Time stop = mailStart + mailInterval * mailCount + drain;
    if (condition == "ftp-path1" || condition == "ftp-path2")
    {
        uint32_t nic = condition == "ftp-path1" ? 1 : 2;
        Ipv4Address orgAddress = org->GetObject<Ipv4>()->GetAddress(nic, 0).GetLocal();
        bool outbound = ftpDirection == "outbound";
        FtpCrossTrafficHelper ftp(outbound ? ftpPeerAddress : orgAddress);
        ftp.SetAttribute("Transfers", UintegerValue(ftpFlows));
        ftp.SetAttribute("FileSize", UintegerValue(0));
        if (outbound)
        {
            ftp.SetAttribute("LocalAddress", Ipv4AddressValue(orgAddress));
        }
        ApplicationContainer senders = ftp.Install(outbound ? org : ftpPeer);
        ApplicationContainer sinks = ftp.InstallSink(outbound ? ftpPeer : org);
        senders.Start(Seconds(0.5));
        senders.Stop(stop);
        sinks.Start(Seconds(0));
    }

    MailTally tally;
    tally.Watch(client, site.insideMta, heloName);
    tally.WatchResolver(resolver);

    // Stop once every mail is delivered or given up, or at the latest after the drain time.
    Simulator::Stop(stop);
    ScheduleStopWhenDone(site.insideMta, heloName, mailCount, tally,
                         mailStart + mailInterval * mailCount);
    Simulator::Run();
    tally.Collect();
    uint64_t events = Simulator::GetEventCount();

    // One result row.
    std::string gw1 = paths[0].gatewayName;
    std::string gw2 = paths[1].gatewayName;
    uint32_t delivered = tally.Delivered();
    double effectiveDelay =
        (condition == "delay-path1" || condition == "delay-path2") ? addedDelayMs : 0.0;
    std::ostringstream row;
    row << condition << "," << seed << "," << effectiveDelay << "," << mailCount << ","
        << tally.ViaGateway(gw1) << "," << tally.ViaGateway(gw2) << ","
        << (mailCount - delivered) << "," << tally.Duplicates() << ","
        << tally.MeanDeliverySeconds() << "," << tally.MaxDeliverySeconds() << ","
        << tally.FirstAnswers() << "," << tally.FirstAnswersPreferring(gw1 + ".") << ","
        << tally.FirstAnswersPreferring(gw2 + ".") << "," << tally.LateAnswers() << ","
        << tally.Timeouts() << "," << events;
    WriteRow(rowFile,
             "condition,seed,added_delay_ms,mails_sent,via_mgw1,via_mgw2,lost,duplicates,"
             "mean_delivery_s,max_delivery_s,queries_answered,mx_answers_won_dns1,"
             "mx_answers_won_dns2,late_answers,resolver_timeouts,events",
             row.str());
    Simulator::Destroy();
    return 0;
}

} // namespace

int
main(int argc, char** argv)
{
    try
    {
        return Run(argc, argv);
    }
    catch (const std::exception& error)
    {
        std::cerr << "mxrace-lab: " << error.what() << "\n";
        return 2;
    }
}
