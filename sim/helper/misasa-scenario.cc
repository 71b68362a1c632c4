#include "misasa-scenario.h"

#include "mail-tally.h"
#include "race-site-helper.h"
#include "recursive-resolver-helper.h"
#include "scenario-config.h"
#include "scenario-support.h"
#include "smtp-client-helper.h"
#include "smtp-load-helper.h"

#include "sim/model/authoritative-dns-server.h"
#include "sim/model/dns-proxy-application.h"
#include "sim/model/dns-rewriter-application.h"
#include "sim/model/mail-gateway-application.h"
#include "sim/model/mail-inside-mta-application.h"
#include "sim/model/recursive-resolver.h"
#include "sim/model/smtp-client-application.h"
#include "sim/model/smtp-load-application.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"

#include <algorithm>
#include <sstream>
#include <stdexcept>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MisasaScenario");

namespace
{

/** Reads the rate and delay of link \p name ("l4" reads l4.rate and l4.delay-us). */
LinkSettings
ReadLink(ScenarioConfig& config, const std::string& name, uint32_t queuePackets)
{
    return LinkSettings{config.GetDataRate(name + ".rate"),
                        MicroSeconds(config.GetUnsigned(name + ".delay-us")),
                        queuePackets};
}

/** \returns the first address of \p node's interface \p interface. */
Ipv4Address
AddressOf(Ptr<Node> node, uint32_t interface)
{
    return node->GetObject<Ipv4>()->GetAddress(interface, 0).GetLocal();
}

/** Settings of the background traffic. */
struct BackgroundSettings
{
    std::string rate;     //!< Average rate, ns-3 syntax.
    uint32_t packetBytes; //!< UDP payload per packet.
    double onMean;        //!< Mean of the exponential on periods, in seconds.
    double offMean;       //!< Mean of the exponential off periods, in seconds.
};

/**
 * Installs on/off UDP traffic from \p from (bound to \p fromAddress) to \p to at \p toAddress
 * that averages the background rate: it sends at rate x (on + off) / on while on.
 */
void
InstallBackground(Ptr<Node> from,
                  Ipv4Address fromAddress,
                  Ptr<Node> to,
                  Ipv4Address toAddress,
                  const BackgroundSettings& background,
                  uint16_t port,
                  Time stop)
{
    DataRate average(background.rate);
    double peakFactor = (background.onMean + background.offMean) / background.onMean;
    OnOffHelper onOff("ns3::UdpSocketFactory", InetSocketAddress(toAddress, port));
    onOff.SetAttribute("DataRate",
                       DataRateValue(DataRate(static_cast<uint64_t>(
                           peakFactor * static_cast<double>(average.GetBitRate())))));
    onOff.SetAttribute("PacketSize", UintegerValue(background.packetBytes));
    onOff.SetAttribute("OnTime",
                       StringValue("ns3::ExponentialRandomVariable[Mean=" +
                                   std::to_string(background.onMean) + "]"));
    onOff.SetAttribute("OffTime",
                       StringValue("ns3::ExponentialRandomVariable[Mean=" +
                                   std::to_string(background.offMean) + "]"));
    onOff.SetAttribute("Local", AddressValue(InetSocketAddress(fromAddress, 0)));
    ApplicationContainer sources = onOff.Install(from);
    sources.Start(Seconds(0.5));
    sources.Stop(stop);

    PacketSinkHelper sink("ns3::UdpSocketFactory", InetSocketAddress(toAddress, port));
    sink.Install(to).Start(Seconds(0));
}

} // namespace

const std::vector<std::string>&
MisasaSenders()
{
    static const std::vector<std::string> senders = {"tsushima", "osaka"};
    return senders;
}

const std::vector<std::string>&
MisasaConditions()
{
    static const std::vector<std::string> conditions = {"normal", "load-tottori", "load-okix"};
    return conditions;
}

std::string
MisasaResult::CsvHeader()
{
    return "sender,condition,seed,mails_sent,via_tottori,via_okix,lost,duplicates,"
           "mean_delivery_s,max_delivery_s,mx_answers_won_tottori,mx_answers_won_okix,"
           "late_answers,resolver_timeouts,load_mbps,events";
}

std::string
MisasaResult::CsvRow() const
{
    std::ostringstream row;
    row << sender << "," << condition << "," << seed << "," << mailsSent << "," << viaTottori
        << "," << viaOkix << "," << lost << "," << duplicates << "," << meanDeliverySeconds
        << "," << maxDeliverySeconds << "," << mxWonByTottori << "," << mxWonByOkix << ","
        << lateAnswers << "," << resolverTimeouts << "," << loadMbps << "," << events;
    return row.str();
}

MisasaResult
RunMisasaScenario(ScenarioConfig& config,
                  const std::string& sender,
                  const std::string& condition,
                  uint32_t seed)
{
    const auto& senders = MisasaSenders();
    const auto& conditions = MisasaConditions();
    if (std::find(senders.begin(), senders.end(), sender) == senders.end())
    {
        throw std::runtime_error("unknown sender \"" + sender + "\": expected tsushima or osaka");
    }
    if (std::find(conditions.begin(), conditions.end(), condition) == conditions.end())
    {
        throw std::runtime_error("unknown condition \"" + condition +
                                 "\": expected normal, load-tottori or load-okix");
    }
    if (seed == 0)
    {
        throw std::runtime_error("seed 0 is invalid: expected 1 or more");
    }

    // Parameters.
    uint32_t queue = static_cast<uint32_t>(config.GetUnsigned("queue-packets"));
    LinkSettings l1 = ReadLink(config, "l1", queue);
    LinkSettings l23 = ReadLink(config, "l23", queue);
    LinkSettings l4 = ReadLink(config, "l4", queue);
    LinkSettings l5 = ReadLink(config, "l5", queue);
    LinkSettings l6 = ReadLink(config, "l6", queue);
    LinkSettings l7 = ReadLink(config, "l7", queue);
    LinkSettings campus = ReadLink(config, "campus", queue);
    LinkSettings serverPort = ReadLink(config, "server-port", queue);
    std::string duplex = config.GetString("server-port.duplex");
    std::string zoneTottori = config.GetPath("dns.zone-tottori");
    std::string zoneOkix = config.GetPath("dns.zone-okix");
    std::string origin = config.GetString("dns.origin");
    double processingMin = config.GetDouble("dns.processing-min-us") * 1e-6;
    double processingMax = config.GetDouble("dns.processing-max-us") * 1e-6;
    Time resolverTimeout = Seconds(config.GetDouble("resolver.timeout-ms") / 1000.0);
    uint32_t resolverRetries = static_cast<uint32_t>(config.GetUnsigned("resolver.retries"));
    std::string proxyRoute = config.GetString("proxy.route");
    uint32_t mailCount = static_cast<uint32_t>(config.GetUnsigned("mail.count"));
    Time mailInterval = Seconds(config.GetDouble("mail.interval-s"));
    uint32_t mailSize = static_cast<uint32_t>(config.GetUnsigned("mail.size-bytes"));
    Time mailStart = Seconds(config.GetDouble("mail.start-s"));
    Time drain = Seconds(config.GetDouble("mail.drain-s"));
    uint32_t loadSessions = static_cast<uint32_t>(config.GetUnsigned("load.sessions"));
    uint32_t loadMessageBytes = static_cast<uint32_t>(config.GetUnsigned("load.message-bytes"));
    BackgroundSettings background{
        config.GetDataRate("background.rate"),
        static_cast<uint32_t>(config.GetUnsigned("background.packet-bytes")),
        config.GetDouble("background.on-mean-s"),
        config.GetDouble("background.off-mean-s")};
    Ipv4Address proxyAddress(config.GetIpv4("address.proxy").c_str());
    Ipv4Address dnsTottori(config.GetIpv4("address.dns-tottori").c_str());
    Ipv4Address dnsOkix(config.GetIpv4("address.dns-okix").c_str());
    config.CheckAllUsed();
    if (background.onMean <= 0 || background.offMean < 0)
    {
        throw std::runtime_error("background.on-mean-s must be above 0 and "
                                 "background.off-mean-s 0 or more, in seconds");
    }
    if (duplex != "half" && duplex != "full")
    {
        throw std::runtime_error("server-port.duplex = " + duplex + ": expected half or full");
    }
    if (proxyRoute != "tottori" && proxyRoute != "okix")
    {
        throw std::runtime_error("proxy.route = " + proxyRoute + ": expected tottori or okix");
    }
    if (processingMin < 0 || processingMax < processingMin)
    {
        throw std::runtime_error("dns.processing-min-us and -max-us must satisfy 0 <= min <= max");
    }
    if (origin.empty() || origin.back() != '.')
    {
        throw std::runtime_error("dns.origin = " + origin + ": expected an absolute name ending in '.'");
    }

    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(seed);
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    // Ethernet's MSS (1500-byte MTU minus 40 bytes of headers and 12 of timestamps), not
    // ns-3's default of 536 bytes, which hosts of the time did not use on Ethernet.
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(1448));

    // Nodes, named after network.md's topology.
    Ptr<Node> misasa = CreateObject<Node>();   // the server with one NIC per route
    Ptr<Node> switchTottori = CreateObject<Node>(); // Misasa campus edge, Tottori side
    Ptr<Node> switchOkix = CreateObject<Node>();    // Misasa campus edge, OKIX side
    Ptr<Node> tottoriU = CreateObject<Node>();
    Ptr<Node> okayamaU = CreateObject<Node>(); // Tsushima campus: SINET edge and OKIX
    Ptr<Node> hiroshima = CreateObject<Node>();
    Ptr<Node> osakaDc = CreateObject<Node>();
    Ptr<Node> osakaU = CreateObject<Node>();
    Ptr<Node> tsushimaMta = CreateObject<Node>();
    Ptr<Node> tsushimaResolver = CreateObject<Node>();
    Ptr<Node> osakaMta = CreateObject<Node>();
    Ptr<Node> osakaResolver = CreateObject<Node>();
    Ptr<Node> loadHost = CreateObject<Node>();
    Ptr<Node> backgroundHost = CreateObject<Node>();
    NodeContainer all;
    for (Ptr<Node> node : {misasa, switchTottori, switchOkix, tottoriU, okayamaU, hiroshima,
                           osakaDc, osakaU, tsushimaMta, tsushimaResolver, osakaMta,
                           osakaResolver, loadHost, backgroundHost})
    {
        all.Add(node);
    }
    InternetStackHelper internet;
    internet.Install(all);

    // Links. The server's ports come first so that its interfaces 1 and 2 are Tottori and
    // OKIX, and its addresses match the zone files (10.6.0.2 and 10.7.0.2).
    auto connectServer = duplex == "half" ? ConnectHalfDuplex : ConnectNodes;
    NetDeviceContainer portTottori = connectServer(switchTottori, misasa, serverPort, "10.6.0.0");
    NetDeviceContainer portOkix = connectServer(switchOkix, misasa, serverPort, "10.7.0.0");
    ConnectNodes(tottoriU, switchTottori, l6, "10.61.0.0");
    ConnectNodes(okayamaU, switchOkix, l7, "10.71.0.0");
    ConnectNodes(hiroshima, tottoriU, l4, "10.4.0.0");
    ConnectNodes(hiroshima, okayamaU, l5, "10.5.0.0");
    ConnectNodes(osakaDc, hiroshima, l23, "10.23.0.0");
    ConnectNodes(osakaU, osakaDc, l1, "10.1.0.0");
    ConnectNodes(okayamaU, tsushimaMta, campus, "10.20.1.0");
    ConnectNodes(okayamaU, tsushimaResolver, campus, "10.20.2.0");
    ConnectNodes(osakaU, osakaMta, campus, "10.30.1.0");
    ConnectNodes(osakaU, osakaResolver, campus, "10.30.2.0");
    ConnectNodes(hiroshima, loadHost, campus, "10.40.1.0");
    ConnectNodes(hiroshima, backgroundHost, campus, "10.40.2.0");

    // The Misasa server: one DNS server and one gateway per route, proxy, inside MTA.
    Ptr<UniformRandomVariable> processing = CreateObject<UniformRandomVariable>();
    processing->SetAttribute("Min", DoubleValue(processingMin));
    processing->SetAttribute("Max", DoubleValue(processingMax));
    std::string domain = origin.substr(0, origin.size() - 1);
    bool shared = duplex == "half";
    std::vector<RaceSitePath> paths = {
        {portTottori.Get(1), dnsTottori, zoneTottori, "mgw-tottori." + domain, Time(0),
         shared ? AddressOf(switchTottori, 1) : Ipv4Address::GetAny()},
        {portOkix.Get(1), dnsOkix, zoneOkix, "mgw-okix." + domain, Time(0),
         shared ? AddressOf(switchOkix, 1) : Ipv4Address::GetAny()},
    };
    RaceSite site = RaceSiteHelper::Install(misasa, paths, origin, proxyAddress,
                                            proxyRoute == "tottori" ? 0 : 1, processing);
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();

    // The sender: its campus resolver queries the proxy, its MTA queries the resolver.
    Ptr<Node> mtaNode = sender == "tsushima" ? tsushimaMta : osakaMta;
    Ptr<Node> resolverNode = sender == "tsushima" ? tsushimaResolver : osakaResolver;
    RecursiveResolverHelper resolverHelper({proxyAddress});
    resolverHelper.SetAttribute("Timeout", TimeValue(resolverTimeout));
    resolverHelper.SetAttribute("Retries", UintegerValue(resolverRetries));
    Ptr<RecursiveResolver> resolver =
        DynamicCast<RecursiveResolver>(resolverHelper.Install(resolverNode).Get(0));

    const std::string heloName = "mta." + sender + ".example";
    SmtpClientHelper clientHelper(AddressOf(resolverNode, 1), "user@" + domain);
    clientHelper.SetAttribute("MailCount", UintegerValue(mailCount));
    clientHelper.SetAttribute("Interval", TimeValue(mailInterval));
    clientHelper.SetAttribute("MessageSize", UintegerValue(mailSize));
    clientHelper.SetAttribute("HeloName", StringValue(heloName));
    ApplicationContainer clientApps = clientHelper.Install(mtaNode);
    clientApps.Start(mailStart);
    Ptr<SmtpClientApplication> client = DynamicCast<SmtpClientApplication>(clientApps.Get(0));

    // Background traffic on both routes, both ways, and the load of the load conditions.
    Time stop = mailStart + mailInterval * mailCount + drain;
    Ipv4Address backgroundAddress = AddressOf(backgroundHost, 1);
    uint16_t port = 9;
    for (const RaceSitePath& path : paths)
    {
        Ipv4Address serverAddress = site.gatewayAddresses[&path - &paths[0]];
        InstallBackground(backgroundHost, backgroundAddress, misasa, serverAddress, background,
                          port++, stop);
        InstallBackground(misasa, serverAddress, backgroundHost, backgroundAddress, background,
                          port++, stop);
    }
    Ptr<SmtpLoadApplication> load;
    if (condition != "normal")
    {
        Ipv4Address loaded = site.gatewayAddresses[condition == "load-tottori" ? 0 : 1];
        SmtpLoadHelper loadHelper(loaded);
        loadHelper.SetAttribute("Sessions", UintegerValue(loadSessions));
        loadHelper.SetAttribute("MessageSize", UintegerValue(loadMessageBytes));
        loadHelper.SetAttribute("HeloName", StringValue("load.hiroshima.example"));
        loadHelper.SetAttribute("RcptTo", StringValue("bulk@" + domain));
        ApplicationContainer loadApps = loadHelper.Install(loadHost);
        loadApps.Start(Seconds(1));
        loadApps.Stop(stop);
        load = DynamicCast<SmtpLoadApplication>(loadApps.Get(0));
    }

    MailTally tally;
    RunUntilMailDone(tally, client, site.insideMta, resolver, heloName, mailCount,
                     mailStart + mailInterval * mailCount, stop);
    Time end = Simulator::Now();

    // Counts.
    MisasaResult result;
    result.sender = sender;
    result.condition = condition;
    result.seed = seed;
    result.mailsSent = mailCount;
    result.viaTottori = tally.ViaGateway(paths[0].gatewayName);
    result.viaOkix = tally.ViaGateway(paths[1].gatewayName);
    result.lost = mailCount - tally.Delivered();
    result.duplicates = tally.Duplicates();
    result.meanDeliverySeconds = tally.MeanDeliverySeconds();
    result.maxDeliverySeconds = tally.MaxDeliverySeconds();
    // The resolver names the preferred exchange with its trailing dot.
    result.mxWonByTottori = tally.FirstAnswersPreferring(paths[0].gatewayName + ".");
    result.mxWonByOkix = tally.FirstAnswersPreferring(paths[1].gatewayName + ".");
    result.lateAnswers = tally.LateAnswers();
    result.resolverTimeouts = tally.Timeouts();
    if (load && end > Seconds(1))
    {
        result.loadMbps =
            static_cast<double>(load->GetAcceptedBytes()) * 8 / (end - Seconds(1)).GetSeconds() / 1e6;
    }
    result.events = Simulator::GetEventCount();
    Simulator::Destroy();
    return result;
}

} // namespace ns3
