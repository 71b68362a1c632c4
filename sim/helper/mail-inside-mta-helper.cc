#include "mail-inside-mta-helper.h"

#include "sim/model/mail-inside-mta-application.h"

#include "ns3/names.h"
#include "ns3/string.h"

namespace ns3
{

MailInsideMtaHelper::MailInsideMtaHelper(const std::string& hostname)
{
    m_factory.SetTypeId(MailInsideMtaApplication::GetTypeId());
    m_factory.Set("Hostname", StringValue(hostname));
}

void
MailInsideMtaHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

ApplicationContainer
MailInsideMtaHelper::Install(NodeContainer nodes) const
{
    ApplicationContainer apps;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        apps.Add(Install(*it));
    }
    return apps;
}

ApplicationContainer
MailInsideMtaHelper::Install(Ptr<Node> node) const
{
    Ptr<Application> app = m_factory.Create<Application>();
    node->AddApplication(app);
    return ApplicationContainer(app);
}

ApplicationContainer
MailInsideMtaHelper::Install(const std::string& nodeName) const
{
    return Install(Names::Find<Node>(nodeName));
}

} // namespace ns3
