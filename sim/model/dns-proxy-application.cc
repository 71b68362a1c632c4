#include "dns-proxy-application.h"

#include "ns3/abort.h"
#include "ns3/attribute-container.h"
#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-raw-socket-factory.h"
#include "ns3/ipv4-route.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"
#include "ns3/udp-socket-factory.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("DnsProxyApplication");

NS_OBJECT_ENSURE_REGISTERED(DnsProxyApplication);

namespace core = mxrace::core;

namespace
{

/** Drop reason of a copy whose server has no route from this node. */
const std::string kNoRouteReason = "no-route";

} // namespace

TypeId
DnsProxyApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::DnsProxyApplication")
            .SetParent<Application>()
            .SetGroupName("Mxrace")
            .AddConstructor<DnsProxyApplication>()
            .AddAttribute("ProxyAddress",
                          "Address of this node that receives the queries (the published name "
                          "server address). 0.0.0.0 leaves the first route unset, so that "
                          "AddRoute() gives every route.",
                          Ipv4AddressValue(Ipv4Address::GetAny()),
                          MakeIpv4AddressAccessor(&DnsProxyApplication::m_proxyAddress),
                          MakeIpv4AddressChecker())
            .AddAttribute("ServerAddresses",
                          "DNS servers that receive a copy of each query to ProxyAddress, one "
                          "per backbone, as a comma-separated list.",
                          AttributeContainerValue<Ipv4AddressValue>(),
                          MakeAttributeContainerAccessor<Ipv4AddressValue>(
                              &DnsProxyApplication::m_servers),
                          MakeAttributeContainerChecker<Ipv4AddressValue>(
                              MakeIpv4AddressChecker()))
            .AddAttribute("Port",
                          "UDP port the proxy listens on.",
                          UintegerValue(53),
                          MakeUintegerAccessor(&DnsProxyApplication::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("ServerPort",
                          "UDP destination port of the copies.",
                          UintegerValue(53),
                          MakeUintegerAccessor(&DnsProxyApplication::m_serverPort),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("Ttl",
                          "IPv4 TTL of the copies.",
                          UintegerValue(64),
                          MakeUintegerAccessor(&DnsProxyApplication::m_ttl),
                          MakeUintegerChecker<uint8_t>(1))
            .AddAttribute("Zones",
                          "Zones the proxy forwards queries for, as a comma-separated list of "
                          "domain names; queries for other names are dropped. Empty forwards "
                          "every name.",
                          AttributeContainerValue<StringValue>(),
                          MakeAttributeContainerAccessor<StringValue>(&DnsProxyApplication::m_zones),
                          MakeAttributeContainerChecker<StringValue>(MakeStringChecker()))
            .AddAttribute("RateLimit",
                          "Queries per second accepted from one source prefix before "
                          "duplication; 0 turns the limit off.",
                          DoubleValue(0),
                          MakeDoubleAccessor(&DnsProxyApplication::m_rateLimit),
                          MakeDoubleChecker<double>(0))
            .AddAttribute("RateLimitBurst",
                          "Token bucket size per source prefix, in queries.",
                          DoubleValue(10),
                          MakeDoubleAccessor(&DnsProxyApplication::m_rateBurst),
                          MakeDoubleChecker<double>(1))
            .AddAttribute("RateLimitPrefixLength",
                          "Sources whose addresses share this many leading bits share one "
                          "token bucket (0 to 32).",
                          UintegerValue(24),
                          MakeUintegerAccessor(&DnsProxyApplication::m_ratePrefixLength),
                          MakeUintegerChecker<uint32_t>(0, 32))
            .AddAttribute("GlobalRateLimit",
                          "Queries per second accepted over all sources; 0 turns it off.",
                          DoubleValue(0),
                          MakeDoubleAccessor(&DnsProxyApplication::m_globalRateLimit),
                          MakeDoubleChecker<double>(0))
            .AddAttribute("GlobalRateLimitBurst",
                          "Size of the token bucket shared by all sources, in queries.",
                          DoubleValue(100),
                          MakeDoubleAccessor(&DnsProxyApplication::m_globalRateBurst),
                          MakeDoubleChecker<double>(1))
            .AddTraceSource("Rx",
                            "A query was received.",
                            MakeTraceSourceAccessor(&DnsProxyApplication::m_rxTrace),
                            "ns3::Packet::AddressTracedCallback")
            .AddTraceSource("Tx",
                            "A copy of a query was sent to a DNS server.",
                            MakeTraceSourceAccessor(&DnsProxyApplication::m_txTrace),
                            "ns3::DnsProxyApplication::TxTracedCallback")
            .AddTraceSource("Drop",
                            "A query or a copy was dropped; the string names the reason.",
                            MakeTraceSourceAccessor(&DnsProxyApplication::m_dropTrace),
                            "ns3::DnsProxyApplication::DropTracedCallback");
    return tid;
}

DnsProxyApplication::DnsProxyApplication()
    : m_port(53),
      m_serverPort(53),
      m_ttl(64),
      m_rateLimit(0),
      m_rateBurst(10),
      m_ratePrefixLength(24),
      m_globalRateLimit(0),
      m_globalRateBurst(100),
      m_received(0),
      m_sent(0),
      m_noRoute(0)
{
    NS_LOG_FUNCTION(this);
}

DnsProxyApplication::~DnsProxyApplication()
{
    NS_LOG_FUNCTION(this);
}

void
DnsProxyApplication::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_listenSockets.clear();
    m_rawSockets.clear();
    m_duplicator.reset();
    Application::DoDispose();
}

void
DnsProxyApplication::AddRoute(Ipv4Address proxyAddress, const std::vector<Ipv4Address>& servers)
{
    NS_LOG_FUNCTION(this << proxyAddress);
    m_extraRoutes.emplace_back(proxyAddress, servers);
}

const core::DropCounters&
DnsProxyApplication::GetDropCounters() const
{
    return m_drops;
}

uint64_t
DnsProxyApplication::GetReceivedCount() const
{
    return m_received;
}

uint64_t
DnsProxyApplication::GetSentCount() const
{
    return m_sent;
}

uint64_t
DnsProxyApplication::GetNoRouteCount() const
{
    return m_noRoute;
}

core::DuplicatorConfig
DnsProxyApplication::BuildConfig() const
{
    core::DuplicatorConfig config;
    auto addRoute = [&config](Ipv4Address proxy, const std::vector<Ipv4Address>& servers) {
        core::ProxyRoute route;
        route.proxyAddress = proxy.Get();
        for (const Ipv4Address& server : servers)
        {
            route.servers.push_back(server.Get());
        }
        config.routes.push_back(route);
    };
    if (m_proxyAddress != Ipv4Address::GetAny())
    {
        addRoute(m_proxyAddress, m_servers);
    }
    for (const auto& route : m_extraRoutes)
    {
        addRoute(route.first, route.second);
    }

    config.serverPort = m_serverPort;
    config.ttl = m_ttl;
    config.zones = m_zones;
    config.rateLimit.queriesPerSecond = m_rateLimit;
    config.rateLimit.burst = m_rateBurst;
    config.rateLimit.prefixLength = m_ratePrefixLength;
    config.rateLimit.globalQueriesPerSecond = m_globalRateLimit;
    config.rateLimit.globalBurst = m_globalRateBurst;
    return config;
}

void
DnsProxyApplication::StartApplication()
{
    NS_LOG_FUNCTION(this);

    core::DuplicatorConfig config = BuildConfig();
    std::string error = core::QueryDuplicator::ValidateConfig(config);
    NS_ABORT_MSG_IF(!error.empty(), "DnsProxyApplication on node " << GetNode()->GetId() << ": "
                                                                   << error);
    m_duplicator = std::make_unique<core::QueryDuplicator>(config);

    Ptr<Ipv4> ipv4 = GetNode()->GetObject<Ipv4>();
    NS_ABORT_MSG_IF(!ipv4, "DnsProxyApplication on node " << GetNode()->GetId()
                                                          << ": the node has no IPv4 stack");
    for (const core::ProxyRoute& route : config.routes)
    {
        Ipv4Address address(route.proxyAddress);
        NS_ABORT_MSG_IF(ipv4->GetInterfaceForAddress(address) < 0,
                        "DnsProxyApplication: proxy address "
                            << address << " is not an address of node " << GetNode()->GetId()
                            << ": assign it to one of the node's interfaces");
        Ptr<Socket> socket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
        NS_ABORT_MSG_IF(socket->Bind(InetSocketAddress(address, m_port)) != 0,
                        "DnsProxyApplication: cannot bind " << address << ":" << m_port
                                                            << " (errno " << socket->GetErrno()
                                                            << "): is the port taken?");
        socket->SetRecvCallback(MakeCallback(&DnsProxyApplication::HandleRead, this));
        m_listenSockets.emplace_back(socket, address);
    }
    NS_LOG_INFO("proxy started on node " << GetNode()->GetId() << " with "
                                         << config.routes.size() << " address(es)");
}

void
DnsProxyApplication::StopApplication()
{
    NS_LOG_FUNCTION(this);
    for (auto& entry : m_listenSockets)
    {
        entry.first->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        entry.first->Close();
    }
    m_listenSockets.clear();
    for (auto& entry : m_rawSockets)
    {
        entry.second->Close();
    }
    m_rawSockets.clear();
}

void
DnsProxyApplication::HandleRead(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);

    Ipv4Address proxyAddress;
    for (const auto& entry : m_listenSockets)
    {
        if (entry.first == socket)
        {
            proxyAddress = entry.second;
        }
    }

    Address from;
    Ptr<Packet> packet;
    std::vector<uint8_t> payload;
    std::vector<std::vector<uint8_t>> copies;
    while ((packet = socket->RecvFrom(from)))
    {
        ++m_received;
        m_rxTrace(packet, from);
        if (!InetSocketAddress::IsMatchingType(from))
        {
            continue;
        }
        InetSocketAddress client = InetSocketAddress::ConvertFrom(from);

        payload.resize(packet->GetSize());
        packet->CopyData(payload.data(), payload.size());
        core::ReceivedQuery query{client.GetIpv4().Get(), client.GetPort(), proxyAddress.Get(),
                                  core::ByteSpan(payload)};
        uint64_t nowNs = static_cast<uint64_t>(Simulator::Now().GetNanoSeconds());
        core::DropReason reason = m_duplicator->Duplicate(query, nowNs, copies);
        if (reason != core::DropReason::None)
        {
            m_drops.Add(reason);
            NS_LOG_INFO("dropped a query from " << client.GetIpv4() << ":" << client.GetPort()
                                                << ": " << core::ToString(reason));
            m_dropTrace(packet, core::ToString(reason));
            continue;
        }

        // Copies come in the order of the route's servers.
        const std::vector<core::Ipv4Addr>& servers = *m_duplicator->ServersFor(query.proxyAddress);
        for (size_t i = 0; i < copies.size(); ++i)
        {
            SendCopy(copies[i], client.GetIpv4(), Ipv4Address(servers[i]));
        }
    }
}

void
DnsProxyApplication::SendCopy(const std::vector<uint8_t>& datagram,
                              Ipv4Address client,
                              Ipv4Address server)
{
    NS_LOG_FUNCTION(this << client << server);
    Ptr<Packet> packet = Create<Packet>(datagram.data(), static_cast<uint32_t>(datagram.size()));

    // The raw socket must be bound to the output device before it sends a datagram with a
    // foreign source, so find that device by the route the copy itself will take.
    Ptr<Ipv4> ipv4 = GetNode()->GetObject<Ipv4>();
    Ipv4Header header;
    header.SetSource(client);
    header.SetDestination(server);
    header.SetProtocol(17);
    Socket::SocketErrno routeError = Socket::ERROR_NOTERROR;
    Ptr<Ipv4Route> route;
    if (ipv4->GetRoutingProtocol())
    {
        route = ipv4->GetRoutingProtocol()->RouteOutput(Create<Packet>(), header, nullptr,
                                                        routeError);
    }
    if (!route)
    {
        ++m_noRoute;
        NS_LOG_WARN("no route to DNS server " << server << ": copy dropped");
        m_dropTrace(packet, kNoRouteReason);
        return;
    }

    Ptr<Socket> socket = GetRawSocket(route->GetOutputDevice());
    if (socket->SendTo(packet->Copy(), 0, InetSocketAddress(server, 0)) < 0)
    {
        ++m_noRoute;
        NS_LOG_WARN("raw socket rejected the copy to " << server << " (errno "
                                                       << socket->GetErrno() << ")");
        m_dropTrace(packet, kNoRouteReason);
        return;
    }
    ++m_sent;
    NS_LOG_INFO("copy of a query from " << client << " sent to " << server);
    m_txTrace(packet, server);
}

Ptr<Socket>
DnsProxyApplication::GetRawSocket(Ptr<NetDevice> device)
{
    for (const auto& entry : m_rawSockets)
    {
        if (entry.first == device)
        {
            return entry.second;
        }
    }
    Ptr<Socket> socket = Socket::CreateSocket(GetNode(), Ipv4RawSocketFactory::GetTypeId());
    socket->SetAttribute("IpHeaderInclude", BooleanValue(true));
    socket->BindToNetDevice(device);
    // The socket only sends. Protocol 0 matches no received datagram, and shutting the
    // receive side keeps it from queueing copies of the node's traffic.
    socket->ShutdownRecv();
    m_rawSockets.emplace_back(device, socket);
    return socket;
}

} // namespace ns3
