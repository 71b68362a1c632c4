#include "ftp-cross-traffic-helper.h"

#include "sim/model/ftp-cross-traffic-application.h"

#include "ns3/inet-socket-address.h"
#include "ns3/names.h"
#include "ns3/packet-sink-helper.h"
#include "ns3/uinteger.h"

namespace ns3
{

FtpCrossTrafficHelper::FtpCrossTrafficHelper(Ipv4Address sinkAddress, uint16_t port)
    : m_port(port)
{
    m_factory.SetTypeId(FtpCrossTrafficApplication::GetTypeId());
    m_factory.Set("Remote", Ipv4AddressValue(sinkAddress));
    m_factory.Set("Port", UintegerValue(port));
}

void
FtpCrossTrafficHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

ApplicationContainer
FtpCrossTrafficHelper::Install(NodeContainer nodes) const
{
    ApplicationContainer apps;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        apps.Add(Install(*it));
    }
    return apps;
}

ApplicationContainer
FtpCrossTrafficHelper::Install(Ptr<Node> node) const
{
    Ptr<Application> app = m_factory.Create<Application>();
    node->AddApplication(app);
    return ApplicationContainer(app);
}

ApplicationContainer
FtpCrossTrafficHelper::Install(const std::string& nodeName) const
{
    return Install(Names::Find<Node>(nodeName));
}

ApplicationContainer
FtpCrossTrafficHelper::InstallSink(Ptr<Node> node) const
{
    PacketSinkHelper sink("ns3::TcpSocketFactory",
                          InetSocketAddress(Ipv4Address::GetAny(), m_port));
    return sink.Install(node);
}

int64_t
FtpCrossTrafficHelper::AssignStreams(ApplicationContainer apps, int64_t stream)
{
    int64_t current = stream;
    for (auto it = apps.Begin(); it != apps.End(); ++it)
    {
        Ptr<FtpCrossTrafficApplication> app = DynamicCast<FtpCrossTrafficApplication>(*it);
        if (app)
        {
            current += app->AssignStreams(current);
        }
    }
    return current - stream;
}

} // namespace ns3
