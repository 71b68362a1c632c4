#include "authoritative-dns-server-helper.h"

#include "sim/model/authoritative-dns-server.h"

#include "ns3/abort.h"
#include "ns3/ipv4.h"
#include "ns3/loopback-net-device.h"
#include "ns3/names.h"
#include "ns3/string.h"

namespace ns3
{

AuthoritativeDnsServerHelper::AuthoritativeDnsServerHelper(std::string zoneFile, std::string origin)
{
    m_factory.SetTypeId(AuthoritativeDnsServer::GetTypeId());
    m_factory.Set("ZoneFile", StringValue(zoneFile));
    m_factory.Set("Origin", StringValue(origin));
}

void
AuthoritativeDnsServerHelper::SetAttribute(std::string name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

ApplicationContainer
AuthoritativeDnsServerHelper::Install(Ptr<Node> node) const
{
    return ApplicationContainer(InstallPriv(node));
}

ApplicationContainer
AuthoritativeDnsServerHelper::Install(std::string nodeName) const
{
    return ApplicationContainer(InstallPriv(Names::Find<Node>(nodeName)));
}

ApplicationContainer
AuthoritativeDnsServerHelper::Install(NodeContainer nodes) const
{
    ApplicationContainer apps;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        apps.Add(InstallPriv(*it));
    }
    return apps;
}

int64_t
AuthoritativeDnsServerHelper::AssignStreams(NodeContainer nodes, int64_t stream) const
{
    int64_t current = stream;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        for (uint32_t i = 0; i < (*it)->GetNApplications(); ++i)
        {
            Ptr<AuthoritativeDnsServer> server =
                DynamicCast<AuthoritativeDnsServer>((*it)->GetApplication(i));
            if (server)
            {
                current += server->AssignStreams(current);
            }
        }
    }
    return current - stream;
}

Ptr<Application>
AuthoritativeDnsServerHelper::InstallPriv(Ptr<Node> node) const
{
    Ptr<AuthoritativeDnsServer> server = m_factory.Create<AuthoritativeDnsServer>();

    Ipv4AddressValue address;
    server->GetAttribute("Address", address);
    if (address.Get() == Ipv4Address::GetAny())
    {
        Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
        NS_ABORT_MSG_IF(!ipv4, "AuthoritativeDnsServerHelper: node "
                                   << node->GetId() << " has no IPv4 stack: install the "
                                                       "internet stack first");
        for (uint32_t i = 0; i < ipv4->GetNInterfaces(); ++i)
        {
            if (!DynamicCast<LoopbackNetDevice>(ipv4->GetNetDevice(i)) &&
                ipv4->GetNAddresses(i) > 0)
            {
                server->SetAttribute("Address", Ipv4AddressValue(ipv4->GetAddress(i, 0).GetLocal()));
                break;
            }
        }
    }
    node->AddApplication(server);
    return server;
}

} // namespace ns3
