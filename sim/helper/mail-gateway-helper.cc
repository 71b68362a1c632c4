#include "mail-gateway-helper.h"

#include "sim/model/mail-gateway-application.h"

#include "ns3/names.h"
#include "ns3/string.h"

namespace ns3
{

MailGatewayHelper::MailGatewayHelper(const std::string& hostname, Ipv4Address insideMta)
{
    m_factory.SetTypeId(MailGatewayApplication::GetTypeId());
    m_factory.Set("Hostname", StringValue(hostname));
    m_factory.Set("RelayAddress", Ipv4AddressValue(insideMta));
}

void
MailGatewayHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

ApplicationContainer
MailGatewayHelper::Install(NodeContainer nodes) const
{
    ApplicationContainer apps;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        apps.Add(Install(*it));
    }
    return apps;
}

ApplicationContainer
MailGatewayHelper::Install(Ptr<Node> node) const
{
    Ptr<Application> app = m_factory.Create<Application>();
    node->AddApplication(app);
    return ApplicationContainer(app);
}

ApplicationContainer
MailGatewayHelper::Install(const std::string& nodeName) const
{
    return Install(Names::Find<Node>(nodeName));
}

} // namespace ns3
