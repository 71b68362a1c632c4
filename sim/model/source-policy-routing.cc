#include "source-policy-routing.h"

#include "ns3/abort.h"
#include "ns3/ipv4-route.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/output-stream-wrapper.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <iomanip>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SourcePolicyRouting");

NS_OBJECT_ENSURE_REGISTERED(SourcePolicyRouting);

TypeId
SourcePolicyRouting::GetTypeId()
{
    static TypeId tid = TypeId("ns3::SourcePolicyRouting")
                            .SetParent<Ipv4RoutingProtocol>()
                            .SetGroupName("Mxrace")
                            .AddConstructor<SourcePolicyRouting>();
    return tid;
}

SourcePolicyRouting::SourcePolicyRouting()
{
    NS_LOG_FUNCTION(this);
}

SourcePolicyRouting::~SourcePolicyRouting()
{
    NS_LOG_FUNCTION(this);
}

void
SourcePolicyRouting::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_rules.clear();
    m_ipv4 = nullptr;
    Ipv4RoutingProtocol::DoDispose();
}

void
SourcePolicyRouting::AddRule(Ipv4Address source, Ptr<NetDevice> device, Ipv4Address gateway)
{
    NS_LOG_FUNCTION(this << source << device << gateway);
    NS_ABORT_MSG_IF(!device, "SourcePolicyRouting: the rule for " << source << " has no device");
    RemoveRule(source);
    m_rules.push_back(Rule{source, device, gateway});
}

bool
SourcePolicyRouting::RemoveRule(Ipv4Address source)
{
    NS_LOG_FUNCTION(this << source);
    auto it = std::find_if(m_rules.begin(), m_rules.end(), [&](const Rule& rule) {
        return rule.source == source;
    });
    if (it == m_rules.end())
    {
        return false;
    }
    m_rules.erase(it);
    return true;
}

uint32_t
SourcePolicyRouting::GetNRules() const
{
    return static_cast<uint32_t>(m_rules.size());
}

const SourcePolicyRouting::Rule*
SourcePolicyRouting::FindRule(Ipv4Address source) const
{
    for (const Rule& rule : m_rules)
    {
        if (rule.source == source)
        {
            return &rule;
        }
    }
    return nullptr;
}

Ptr<NetDevice>
SourcePolicyRouting::GetRuleDevice(Ipv4Address source) const
{
    const Rule* rule = FindRule(source);
    return rule ? rule->device : nullptr;
}

Ptr<Ipv4Route>
SourcePolicyRouting::RouteOutput(Ptr<Packet> p,
                                 const Ipv4Header& header,
                                 Ptr<NetDevice> oif,
                                 Socket::SocketErrno& sockerr)
{
    NS_LOG_FUNCTION(this << p << header.GetSource() << header.GetDestination() << oif);

    const Rule* rule = FindRule(header.GetSource());
    // A caller that names another output device (a socket bound to it) keeps its choice.
    if (!rule || (oif && oif != rule->device))
    {
        sockerr = Socket::ERROR_NOROUTETOHOST;
        return nullptr;
    }
    if (!m_ipv4 || m_ipv4->GetInterfaceForDevice(rule->device) < 0)
    {
        NS_LOG_WARN("rule device of " << header.GetSource() << " has no IPv4 interface");
        sockerr = Socket::ERROR_NOROUTETOHOST;
        return nullptr;
    }

    Ptr<Ipv4Route> route = Create<Ipv4Route>();
    route->SetSource(header.GetSource());
    route->SetDestination(header.GetDestination());
    route->SetGateway(rule->gateway);
    route->SetOutputDevice(rule->device);
    sockerr = Socket::ERROR_NOTERROR;
    NS_LOG_LOGIC("source " << header.GetSource() << " routed to device "
                           << rule->device->GetIfIndex() << " via " << rule->gateway);
    return route;
}

bool
SourcePolicyRouting::RouteInput(Ptr<const Packet> p,
                                const Ipv4Header& header,
                                Ptr<const NetDevice> idev,
                                UnicastForwardCallback ucb,
                                MulticastForwardCallback mcb,
                                LocalDeliverCallback lcb,
                                ErrorCallback ecb)
{
    return false;
}

void
SourcePolicyRouting::NotifyInterfaceUp(uint32_t interface)
{
}

void
SourcePolicyRouting::NotifyInterfaceDown(uint32_t interface)
{
}

void
SourcePolicyRouting::NotifyAddAddress(uint32_t interface, Ipv4InterfaceAddress address)
{
}

void
SourcePolicyRouting::NotifyRemoveAddress(uint32_t interface, Ipv4InterfaceAddress address)
{
}

void
SourcePolicyRouting::SetIpv4(Ptr<Ipv4> ipv4)
{
    NS_LOG_FUNCTION(this << ipv4);
    m_ipv4 = ipv4;
}

void
SourcePolicyRouting::PrintRoutingTable(Ptr<OutputStreamWrapper> stream, Time::Unit unit) const
{
    std::ostream* os = stream->GetStream();
    *os << "Node: " << (m_ipv4 ? m_ipv4->GetObject<Node>()->GetId() : 0)
        << ", Time: " << Now().As(unit) << ", SourcePolicyRouting table" << std::endl;
    *os << "Source          Gateway         Device" << std::endl;
    for (const Rule& rule : m_rules)
    {
        std::ostringstream source;
        std::ostringstream gateway;
        source << rule.source;
        gateway << rule.gateway;
        *os << std::setiosflags(std::ios::left) << std::setw(16) << source.str() << std::setw(16)
            << gateway.str() << rule.device->GetIfIndex() << std::endl;
    }
    *os << std::endl;
}

} // namespace ns3
