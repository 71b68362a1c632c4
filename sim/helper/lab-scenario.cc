#include "lab-scenario.h"

#include "ftp-cross-traffic-helper.h"
#include "mail-tally.h"
#include "race-site-helper.h"
#include "recursive-resolver-helper.h"
#include "scenario-config.h"
#include "scenario-support.h"
#include "smtp-client-helper.h"

#include "sim/model/authoritative-dns-server.h"
#include "sim/model/dns-proxy-application.h"
#include "sim/model/dns-rewriter-application.h"
#include "sim/model/mail-gateway-application.h"
#include "sim/model/mail-inside-mta-application.h"
#include "sim/model/recursive-resolver.h"
#include "sim/model/smtp-client-application.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"

#include <algorithm>
#include <sstream>
#include <stdexcept>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("LabScenario");

const std::vector<std::string>&
LabConditions()
{
    static const std::vector<std::string> conditions = {"none", "delay-path1", "delay-path2",
                                                        "ftp-path1", "ftp-path2"};
    return conditions;
}

std::string
LabResult::CsvHeader()
{
    return "condition,seed,added_delay_ms,ftp_file_bytes,mails_sent,via_mgw1,via_mgw2,lost,duplicates,"
           "mean_delivery_s,max_delivery_s,queries_answered,mx_answers_won_dns1,"
           "mx_answers_won_dns2,late_answers,resolver_timeouts,events";
}

std::string
LabResult::CsvRow() const
{
    std::ostringstream row;
    row << condition << "," << seed << "," << addedDelayMs << "," << ftpFileBytes << ","
        << mailsSent << ","
        << viaMgw1 << "," << viaMgw2 << "," << lost << "," << duplicates << ","
        << meanDeliverySeconds << "," << maxDeliverySeconds << "," << queriesAnswered << ","
        << mxWonByDns1 << "," << mxWonByDns2 << "," << lateAnswers << "," << resolverTimeouts
        << "," << events;
    return row.str();
}

LabResult
RunLabScenario(ScenarioConfig& config, const std::string& condition, uint32_t seed)
{
    const auto& conditions = LabConditions();
    if (std::find(conditions.begin(), conditions.end(), condition) == conditions.end())
    {
        throw std::runtime_error("unknown condition \"" + condition +
                                 "\": expected none, delay-path1, delay-path2, ftp-path1 or "
                                 "ftp-path2");
    }
    if (seed == 0)
    {
        throw std::runtime_error("seed 0 is invalid: expected 1 or more");
    }

    // Parameters.
    LinkSettings link{config.GetDataRate("link.rate"),
                      MicroSeconds(config.GetUnsigned("link.delay-us")),
                      static_cast<uint32_t>(config.GetUnsigned("link.queue-packets"))};
    std::string zone1 = config.GetPath("dns.zone1");
    std::string zone2 = config.GetPath("dns.zone2");
    std::string origin = config.GetString("dns.origin");
    double processingMin = config.GetDouble("dns.processing-min-us") * 1e-6;
    double processingMax = config.GetDouble("dns.processing-max-us") * 1e-6;
    Time resolverTimeout = Seconds(config.GetDouble("resolver.timeout-ms") / 1000.0);
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
    uint64_t ftpFileBytes = config.GetUnsigned("ftp.file-bytes");
    double ftpPauseMean = config.GetDouble("ftp.pause-mean-s");
    Ipv4Address proxyAddress(config.GetIpv4("address.proxy").c_str());
    Ipv4Address dns1(config.GetIpv4("address.dns1").c_str());
    Ipv4Address dns2(config.GetIpv4("address.dns2").c_str());
    std::string mgw1 = config.GetIpv4("address.mgw1");
    std::string mgw2 = config.GetIpv4("address.mgw2");
    config.CheckAllUsed();
    if (proxyNic != 1 && proxyNic != 2)
    {
        throw std::runtime_error("proxy.nic = " + std::to_string(proxyNic) + ": expected 1 or 2");
    }
    if (ftpPauseMean < 0)
    {
        throw std::runtime_error("ftp.pause-mean-s = " + std::to_string(ftpPauseMean) +
                                 ": expected 0 or more seconds");
    }
    if (ftpDirection != "outbound" && ftpDirection != "inbound")
    {
        throw std::runtime_error("ftp.direction = " + ftpDirection +
                                 ": expected outbound or inbound");
    }
    if (addedDelayMs < 0)
    {
        throw std::runtime_error("delay.added-ms = " + std::to_string(addedDelayMs) +
                                 ": expected a delay of 0 ms or more");
    }
    if (processingMin < 0 || processingMax < processingMin)
    {
        throw std::runtime_error("dns.processing-min-us and -max-us must satisfy 0 <= min <= max");
    }

    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(seed);
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    // Ethernet's MSS (1500-byte MTU minus 40 bytes of headers and 12 of timestamps), not
    // ns-3's default of 536 bytes, which hosts of the time did not use on Ethernet.
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(1448));

    // Topology: the org host reaches the outside router through r1 and through r2. The
    // outside MTA, resolver and FTP peer each have a link to the outside router, and an
    // FTP host sits behind each of r1 and r2.
    Ptr<Node> org = CreateObject<Node>();
    Ptr<Node> r1 = CreateObject<Node>();
    Ptr<Node> r2 = CreateObject<Node>();
    Ptr<Node> outside = CreateObject<Node>();
    Ptr<Node> mta = CreateObject<Node>();
    Ptr<Node> resolverNode = CreateObject<Node>();
    Ptr<Node> ftpPeer = CreateObject<Node>();
    Ptr<Node> ftpHost1 = CreateObject<Node>();
    Ptr<Node> ftpHost2 = CreateObject<Node>();
    NodeContainer all(NodeContainer(org, r1, r2, outside),
                      NodeContainer(mta, resolverNode, ftpPeer, ftpHost1, ftpHost2));
    InternetStackHelper internet;
    internet.Install(all);

    // Network numbers follow the addresses of the config file and the zone files.
    // The router takes .1 and the host .2 on each path's network.
    NetDeviceContainer path1 = ConnectNodes(r1, org, link, "10.1.1.0");
    NetDeviceContainer path2 = ConnectNodes(r2, org, link, "10.2.1.0");
    ConnectNodes(r1, outside, link, "10.1.0.0");
    ConnectNodes(r2, outside, link, "10.2.0.0");
    NetDeviceContainer mtaLink = ConnectNodes(mta, outside, link, "172.16.1.0");
    NetDeviceContainer resolverLink = ConnectNodes(resolverNode, outside, link, "172.16.2.0");
    NetDeviceContainer ftpLink = ConnectNodes(ftpPeer, outside, link, "172.16.3.0");
    // One more host on each path's network for the FTP transfers. They run beside the
    // organisation's host rather than on it because ns-3.37's TCP drops a socket's bound
    // address on Connect() and takes the routing table's choice of NIC.
    ConnectNodes(r1, ftpHost1, link, "10.1.2.0");
    ConnectNodes(r2, ftpHost2, link, "10.2.2.0");
    Ipv4Address resolverAddress = resolverNode->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal();
    Ipv4Address ftpPeerAddress = ftpPeer->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal();
    if (org->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal() != Ipv4Address(mgw1.c_str()) ||
        org->GetObject<Ipv4>()->GetAddress(2, 0).GetLocal() != Ipv4Address(mgw2.c_str()))
    {
        throw std::runtime_error("address.mgw1 and address.mgw2 must be the addresses this "
                                 "topology gives the host's NICs: 10.1.1.2 and 10.2.1.2");
    }

    // The organisation's host: DNS1/MGW1 on NIC 1, DNS2/MGW2 on NIC 2, proxy, inside MTA.
    // Seconds() takes a double; MilliSeconds() would truncate fractions of a millisecond.
    Time addedDelay = Seconds(addedDelayMs / 1000.0);
    Time delay1 = condition == "delay-path1" ? addedDelay : Time(0);
    Time delay2 = condition == "delay-path2" ? addedDelay : Time(0);
    Ptr<UniformRandomVariable> processing = CreateObject<UniformRandomVariable>();
    processing->SetAttribute("Min", DoubleValue(processingMin));
    processing->SetAttribute("Max", DoubleValue(processingMax));
    std::vector<RaceSitePath> paths = {
        {path1.Get(1), dns1, zone1, "mgw1." + origin.substr(0, origin.size() - 1), delay1, Ipv4Address::GetAny()},
        {path2.Get(1), dns2, zone2, "mgw2." + origin.substr(0, origin.size() - 1), delay2, Ipv4Address::GetAny()},
    };
    RaceSite site =
        RaceSiteHelper::Install(org, paths, origin, proxyAddress, proxyNic - 1, processing);

    // Routes are computed after every address exists, the secondary ones included.
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();

    // The outside resolver queries the proxy, and the outside MTA queries the resolver.
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
        Ptr<Node> ftpHost = condition == "ftp-path1" ? ftpHost1 : ftpHost2;
        Ipv4Address ftpHostAddress = ftpHost->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal();
        bool outbound = ftpDirection == "outbound";
        FtpCrossTrafficHelper ftp(outbound ? ftpPeerAddress : ftpHostAddress);
        ftp.SetAttribute("Transfers", UintegerValue(ftpFlows));
        ftp.SetAttribute("FileSize", UintegerValue(ftpFileBytes));
        if (ftpFileBytes > 0)
        {
            // Files one after another on each connection slot, with exponential pauses.
            ftp.SetAttribute("Repeat", BooleanValue(true));
            ftp.SetAttribute("PauseTime",
                             StringValue("ns3::ExponentialRandomVariable[Mean=" +
                                         std::to_string(ftpPauseMean) + "]"));
        }
        ApplicationContainer senders = ftp.Install(outbound ? ftpHost : ftpPeer);
        ApplicationContainer sinks = ftp.InstallSink(outbound ? ftpPeer : ftpHost);
        senders.Start(Seconds(0.5));
        senders.Stop(stop);
        sinks.Start(Seconds(0));
    }

    MailTally tally;
    RunUntilMailDone(tally, client, site.insideMta, resolver, heloName, mailCount,
                     mailStart + mailInterval * mailCount, stop);
    uint64_t events = Simulator::GetEventCount();

    // Counts.
    std::string gw1 = paths[0].gatewayName;
    std::string gw2 = paths[1].gatewayName;
    LabResult result;
    result.condition = condition;
    result.seed = seed;
    result.addedDelayMs =
        (condition == "delay-path1" || condition == "delay-path2") ? addedDelayMs : 0.0;
    result.ftpFileBytes =
        (condition == "ftp-path1" || condition == "ftp-path2") ? ftpFileBytes : 0;
    result.mailsSent = mailCount;
    result.viaMgw1 = tally.ViaGateway(gw1);
    result.viaMgw2 = tally.ViaGateway(gw2);
    result.lost = mailCount - tally.Delivered();
    result.duplicates = tally.Duplicates();
    result.meanDeliverySeconds = tally.MeanDeliverySeconds();
    result.maxDeliverySeconds = tally.MaxDeliverySeconds();
    result.queriesAnswered = tally.FirstAnswers();
    // The resolver names the preferred exchange with its trailing dot.
    result.mxWonByDns1 = tally.FirstAnswersPreferring(gw1 + ".");
    result.mxWonByDns2 = tally.FirstAnswersPreferring(gw2 + ".");
    result.lateAnswers = tally.LateAnswers();
    result.resolverTimeouts = tally.Timeouts();
    result.events = events;
    Simulator::Destroy();
    return result;
}

} // namespace ns3
