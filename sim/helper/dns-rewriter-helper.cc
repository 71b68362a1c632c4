#include "dns-rewriter-helper.h"

#include "sim/model/dns-rewriter-application.h"
#include "sim/model/source-policy-routing.h"

#include "ns3/abort.h"
#include "ns3/ipv4-list-routing.h"
#include "ns3/ipv4.h"
#include "ns3/mac48-address.h"
#include "ns3/names.h"
#include "ns3/virtual-net-device.h"

namespace ns3
{

DnsRewriterHelper::DnsRewriterHelper()
    : m_routingPriority(100)
{
    m_factory.SetTypeId(DnsRewriterApplication::GetTypeId());
}

DnsRewriterHelper::DnsRewriterHelper(Ipv4Address server, Ipv4Address proxy)
    : DnsRewriterHelper()
{
    m_factory.Set("ServerAddress", Ipv4AddressValue(server));
    m_factory.Set("ProxyAddress", Ipv4AddressValue(proxy));
}

void
DnsRewriterHelper::SetAttribute(std::string name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

void
DnsRewriterHelper::AddRule(Ipv4Address server, Ipv4Address proxy)
{
    m_rules.emplace_back(server, proxy);
}

void
DnsRewriterHelper::SetRoutingPriority(int16_t priority)
{
    m_routingPriority = priority;
}

ApplicationContainer
DnsRewriterHelper::Install(Ptr<Node> node) const
{
    return ApplicationContainer(InstallPriv(node));
}

ApplicationContainer
DnsRewriterHelper::Install(std::string nodeName) const
{
    return ApplicationContainer(InstallPriv(Names::Find<Node>(nodeName)));
}

ApplicationContainer
DnsRewriterHelper::Install(NodeContainer nodes) const
{
    ApplicationContainer apps;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        apps.Add(InstallPriv(*it));
    }
    return apps;
}

Ptr<SourcePolicyRouting>
DnsRewriterHelper::GetSourcePolicyRouting(Ptr<Node> node, int16_t priority)
{
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    NS_ABORT_MSG_IF(!ipv4, "DnsRewriterHelper: node " << node->GetId()
                                                      << " has no IPv4 stack: install the "
                                                         "internet stack first");
    Ptr<Ipv4ListRouting> list = DynamicCast<Ipv4ListRouting>(ipv4->GetRoutingProtocol());
    NS_ABORT_MSG_IF(!list, "DnsRewriterHelper: node "
                               << node->GetId()
                               << " does not use Ipv4ListRouting: install the internet stack "
                                  "with a list routing helper (InternetStackHelper's default)");

    for (uint32_t i = 0; i < list->GetNRoutingProtocols(); ++i)
    {
        int16_t existingPriority = 0;
        Ptr<SourcePolicyRouting> existing =
            DynamicCast<SourcePolicyRouting>(list->GetRoutingProtocol(i, existingPriority));
        if (existing)
        {
            return existing;
        }
    }
    Ptr<SourcePolicyRouting> routing = CreateObject<SourcePolicyRouting>();
    list->AddRoutingProtocol(routing, priority);
    return routing;
}

Ptr<Application>
DnsRewriterHelper::InstallPriv(Ptr<Node> node) const
{
    Ptr<DnsRewriterApplication> app = m_factory.Create<DnsRewriterApplication>();
    for (const auto& rule : m_rules)
    {
        app->AddRule(rule.first, rule.second);
    }
    std::vector<Ipv4Address> servers = app->GetServerAddresses();
    NS_ABORT_MSG_IF(servers.empty(), "DnsRewriterHelper: no rule is configured: set "
                                     "ServerAddress and ProxyAddress or call AddRule()");

    // The divert point: the stack hands the device whole datagrams and never sends them.
    // Its MTU is the IPv4 maximum so that the stack does not fragment an answer before the
    // rewriter sees it; the backbone device fragments the rewritten one if it must.
    Ptr<VirtualNetDevice> device = CreateObject<VirtualNetDevice>();
    device->SetAddress(Mac48Address::Allocate());
    device->SetNeedsArp(false);
    device->SetMtu(65535);
    node->AddDevice(device);

    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    Ptr<SourcePolicyRouting> routing = GetSourcePolicyRouting(node, m_routingPriority);
    uint32_t interface = ipv4->AddInterface(device);
    ipv4->SetForwarding(interface, false);
    ipv4->SetUp(interface);
    for (const Ipv4Address& server : servers)
    {
        routing->AddRule(server, device);
    }

    app->SetDivertDevice(device);
    node->AddApplication(app);
    return app;
}

} // namespace ns3
