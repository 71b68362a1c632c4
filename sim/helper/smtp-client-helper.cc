#include "smtp-client-helper.h"

#include "sim/model/smtp-client-application.h"

#include "ns3/names.h"
#include "ns3/string.h"

namespace ns3
{

SmtpClientHelper::SmtpClientHelper(Ipv4Address resolver, const std::string& rcptTo)
{
    m_factory.SetTypeId(SmtpClientApplication::GetTypeId());
    m_factory.Set("ResolverAddress", Ipv4AddressValue(resolver));
    m_factory.Set("RcptTo", StringValue(rcptTo));
}

void
SmtpClientHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

ApplicationContainer
SmtpClientHelper::Install(NodeContainer nodes) const
{
    ApplicationContainer apps;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        apps.Add(Install(*it));
    }
    return apps;
}

ApplicationContainer
SmtpClientHelper::Install(Ptr<Node> node) const
{
    Ptr<Application> app = m_factory.Create<Application>();
    node->AddApplication(app);
    return ApplicationContainer(app);
}

ApplicationContainer
SmtpClientHelper::Install(const std::string& nodeName) const
{
    return Install(Names::Find<Node>(nodeName));
}

int64_t
SmtpClientHelper::AssignStreams(ApplicationContainer apps, int64_t stream)
{
    int64_t current = stream;
    for (auto it = apps.Begin(); it != apps.End(); ++it)
    {
        Ptr<SmtpClientApplication> app = DynamicCast<SmtpClientApplication>(*it);
        if (app)
        {
            current += app->AssignStreams(current);
        }
    }
    return current - stream;
}

} // namespace ns3
