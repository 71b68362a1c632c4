#include "dns-proxy-helper.h"

#include "sim/model/dns-proxy-application.h"

#include "ns3/attribute-container.h"
#include "ns3/names.h"

namespace ns3
{

DnsProxyHelper::DnsProxyHelper()
{
    m_factory.SetTypeId(DnsProxyApplication::GetTypeId());
}

DnsProxyHelper::DnsProxyHelper(Ipv4Address proxyAddress, const std::vector<Ipv4Address>& servers)
    : DnsProxyHelper()
{
    m_factory.Set("ProxyAddress", Ipv4AddressValue(proxyAddress));
    m_factory.Set("ServerAddresses", AttributeContainerValue<Ipv4AddressValue>(servers));
}

void
DnsProxyHelper::SetAttribute(std::string name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

void
DnsProxyHelper::AddRoute(Ipv4Address proxyAddress, const std::vector<Ipv4Address>& servers)
{
    m_routes.emplace_back(proxyAddress, servers);
}

ApplicationContainer
DnsProxyHelper::Install(Ptr<Node> node) const
{
    return ApplicationContainer(InstallPriv(node));
}

ApplicationContainer
DnsProxyHelper::Install(std::string nodeName) const
{
    return ApplicationContainer(InstallPriv(Names::Find<Node>(nodeName)));
}

ApplicationContainer
DnsProxyHelper::Install(NodeContainer nodes) const
{
    ApplicationContainer apps;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        apps.Add(InstallPriv(*it));
    }
    return apps;
}

Ptr<Application>
DnsProxyHelper::InstallPriv(Ptr<Node> node) const
{
    Ptr<DnsProxyApplication> app = m_factory.Create<DnsProxyApplication>();
    for (const auto& route : m_routes)
    {
        app->AddRoute(route.first, route.second);
    }
    node->AddApplication(app);
    return app;
}

} // namespace ns3
