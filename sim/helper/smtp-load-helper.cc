#include "smtp-load-helper.h"

#include "sim/model/smtp-load-application.h"

#include "ns3/abort.h"
#include "ns3/names.h"

namespace ns3
{

SmtpLoadHelper::SmtpLoadHelper(Ipv4Address remote)
{
    m_factory.SetTypeId(SmtpLoadApplication::GetTypeId());
    m_factory.Set("Remote", Ipv4AddressValue(remote));
}

void
SmtpLoadHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

ApplicationContainer
SmtpLoadHelper::Install(NodeContainer nodes) const
{
    ApplicationContainer apps;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        apps.Add(Install(*it));
    }
    return apps;
}

ApplicationContainer
SmtpLoadHelper::Install(Ptr<Node> node) const
{
    Ptr<Application> app = m_factory.Create<Application>();
    node->AddApplication(app);
    return ApplicationContainer(app);
}

ApplicationContainer
SmtpLoadHelper::Install(const std::string& nodeName) const
{
    Ptr<Node> node = Names::Find<Node>(nodeName);
    NS_ABORT_MSG_IF(!node,
                    "SmtpLoadHelper: no node named \"" << nodeName
                                                       << "\"; give it with Names::Add first");
    return Install(node);
}

} // namespace ns3
