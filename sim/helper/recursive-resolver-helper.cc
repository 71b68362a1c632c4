#include "recursive-resolver-helper.h"

#include "sim/model/recursive-resolver.h"

#include "ns3/attribute-container.h"
#include "ns3/names.h"

namespace ns3
{

RecursiveResolverHelper::RecursiveResolverHelper(const std::vector<Ipv4Address>& upstreams)
{
    m_factory.SetTypeId(RecursiveResolver::GetTypeId());
    m_factory.Set("Upstreams", AttributeContainerValue<Ipv4AddressValue>(upstreams));
}

void
RecursiveResolverHelper::SetAttribute(std::string name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

ApplicationContainer
RecursiveResolverHelper::Install(Ptr<Node> node) const
{
    return ApplicationContainer(InstallPriv(node));
}

ApplicationContainer
RecursiveResolverHelper::Install(std::string nodeName) const
{
    return ApplicationContainer(InstallPriv(Names::Find<Node>(nodeName)));
}

ApplicationContainer
RecursiveResolverHelper::Install(NodeContainer nodes) const
{
    ApplicationContainer apps;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        apps.Add(InstallPriv(*it));
    }
    return apps;
}

int64_t
RecursiveResolverHelper::AssignStreams(NodeContainer nodes, int64_t stream) const
{
    int64_t current = stream;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        for (uint32_t i = 0; i < (*it)->GetNApplications(); ++i)
        {
            Ptr<RecursiveResolver> resolver =
                DynamicCast<RecursiveResolver>((*it)->GetApplication(i));
            if (resolver)
            {
                current += resolver->AssignStreams(current);
            }
        }
    }
    return current - stream;
}

Ptr<Application>
RecursiveResolverHelper::InstallPriv(Ptr<Node> node) const
{
    Ptr<Application> resolver = m_factory.Create<RecursiveResolver>();
    node->AddApplication(resolver);
    return resolver;
}

} // namespace ns3
