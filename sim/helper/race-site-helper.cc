#include "race-site-helper.h"

#include "authoritative-dns-server-helper.h"
#include "dns-proxy-helper.h"
#include "dns-rewriter-helper.h"
#include "mail-gateway-helper.h"
#include "mail-inside-mta-helper.h"

#include "sim/model/authoritative-dns-server.h"
#include "sim/model/dns-proxy-application.h"
#include "sim/model/dns-rewriter-application.h"
#include "sim/model/mail-gateway-application.h"
#include "sim/model/mail-inside-mta-application.h"
#include "sim/model/source-policy-routing.h"

#include "ns3/abort.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/pointer.h"
#include "ns3/string.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RaceSiteHelper");

namespace
{

/** Priority of the source-address rules: above static (0) and global (-10) routing. The
 *  rewriters' helper reuses the same SourcePolicyRouting instance for its rules, which
 *  match other addresses (the DNS servers'). */
constexpr int16_t kHostRulePriority = 100;

} // namespace

RaceSite
RaceSiteHelper::Install(Ptr<Node> node,
                        const std::vector<RaceSitePath>& paths,
                        const std::string& origin,
                        Ipv4Address proxyAddress,
                        uint32_t proxyPath,
                        Ptr<RandomVariableStream> processingTime)
{
    NS_ABORT_MSG_IF(paths.empty(), "RaceSiteHelper: at least one path is needed");
    NS_ABORT_MSG_IF(proxyPath >= paths.size(),
                    "RaceSiteHelper: proxy path " << proxyPath << " does not exist");
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    NS_ABORT_MSG_IF(!ipv4, "RaceSiteHelper: install the internet stack first");

    // A host, not a router: global routing must not send other traffic through it
    // between the backbones. It adds up interface metrics (1 each by default), so a path
    // through the host could tie with the real one; a high metric rules that out.
    // NOTE: the interfaces still forward. Ipv4::SetForwarding(false) on them made the lab
    // scenario crash with a segmentation fault, and the cause was not investigated.
    for (uint32_t i = 0; i < ipv4->GetNInterfaces(); ++i)
    {
        ipv4->SetMetric(i, 1000);
    }

    RaceSite site;
    Ptr<SourcePolicyRouting> hostRules =
        DnsRewriterHelper::GetSourcePolicyRouting(node, kHostRulePriority);
    MailInsideMtaHelper insideHelper("mta.inside");
    insideHelper.SetAttribute("LocalAddress", Ipv4AddressValue(Ipv4Address::GetLoopback()));
    site.insideMta =
        DynamicCast<MailInsideMtaApplication>(insideHelper.Install(node).Get(0));

    for (const RaceSitePath& path : paths)
    {
        int32_t interface = ipv4->GetInterfaceForDevice(path.device);
        NS_ABORT_MSG_IF(interface < 0, "RaceSiteHelper: a path's device has no IPv4 interface");
        Ipv4InterfaceAddress nicAddress = ipv4->GetAddress(interface, 0);
        Ipv4Mask mask = nicAddress.GetMask();

        // The DNS server's own address on the NIC, so that only its answers are diverted.
        ipv4->AddAddress(interface, Ipv4InterfaceAddress(path.dnsAddress, mask));
        site.gatewayAddresses.push_back(nicAddress.GetLocal());
        hostRules->AddRule(nicAddress.GetLocal(), path.device, path.nextHop);

        AuthoritativeDnsServerHelper serverHelper(path.zoneFile, origin);
        serverHelper.SetAttribute("Address", Ipv4AddressValue(path.dnsAddress));
        serverHelper.SetAttribute("ProcessingTime", PointerValue(processingTime));
        site.servers.push_back(
            DynamicCast<AuthoritativeDnsServer>(serverHelper.Install(node).Get(0)));

        DnsRewriterHelper rewriterHelper(path.dnsAddress, proxyAddress);
        rewriterHelper.SetAttribute("AnswerDelay", TimeValue(path.answerDelay));
        site.rewriters.push_back(
            DynamicCast<DnsRewriterApplication>(rewriterHelper.Install(node).Get(0)));

        MailGatewayHelper gatewayHelper(path.gatewayName, Ipv4Address::GetLoopback());
        gatewayHelper.SetAttribute("LocalAddress", Ipv4AddressValue(nicAddress.GetLocal()));
        site.gateways.push_back(
            DynamicCast<MailGatewayApplication>(gatewayHelper.Install(node).Get(0)));
    }

    // The proxy listens on one NIC; its copies go to the servers on this same host.
    int32_t proxyInterface = ipv4->GetInterfaceForDevice(paths[proxyPath].device);
    ipv4->AddAddress(proxyInterface,
                     Ipv4InterfaceAddress(proxyAddress,
                                          ipv4->GetAddress(proxyInterface, 0).GetMask()));
    hostRules->AddRule(proxyAddress, paths[proxyPath].device, paths[proxyPath].nextHop);
    std::vector<Ipv4Address> servers;
    for (const RaceSitePath& path : paths)
    {
        servers.push_back(path.dnsAddress);
    }
    DnsProxyHelper proxyHelper(proxyAddress, servers);
    site.proxy = DynamicCast<DnsProxyApplication>(proxyHelper.Install(node).Get(0));
    return site;
}

} // namespace ns3
