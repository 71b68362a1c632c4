#include "dns-rewriter-application.h"

#include "daemon/core/ipv4-udp.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-raw-socket-factory.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("DnsRewriterApplication");

NS_OBJECT_ENSURE_REGISTERED(DnsRewriterApplication);

namespace core = mxrace::core;

namespace
{

/** Drop reason of a datagram diverted while the application is not running. */
const std::string kNotRunningReason = "not-running";

/** Drop reason of a datagram for which the raw socket found no route. */
const std::string kNoRouteReason = "no-route";

} // namespace

TypeId
DnsRewriterApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::DnsRewriterApplication")
            .SetParent<Application>()
            .SetGroupName("Mxrace")
            .AddConstructor<DnsRewriterApplication>()
            .AddAttribute("ServerAddress",
                          "Address the DNS server answers from. 0.0.0.0 leaves the first rule "
                          "unset, so that AddRule() gives every rule.",
                          Ipv4AddressValue(Ipv4Address::GetAny()),
                          MakeIpv4AddressAccessor(&DnsRewriterApplication::m_serverAddress),
                          MakeIpv4AddressChecker())
            .AddAttribute("ProxyAddress",
                          "Source address the answers of ServerAddress leave with: the proxy "
                          "address the clients queried.",
                          Ipv4AddressValue(Ipv4Address::GetAny()),
                          MakeIpv4AddressAccessor(&DnsRewriterApplication::m_proxyAddress),
                          MakeIpv4AddressChecker())
            .AddAttribute("ServerPort",
                          "UDP source port of the answers to rewrite.",
                          UintegerValue(53),
                          MakeUintegerAccessor(&DnsRewriterApplication::m_serverPort),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("AnswerDelay",
                          "Time every diverted datagram waits in a FIFO delay line before it "
                          "is sent, as behind a Dummynet pipe with this delay.",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&DnsRewriterApplication::m_answerDelay),
                          MakeTimeChecker(Seconds(0)))
            .AddTraceSource("Rx",
                            "A datagram was taken from the divert device.",
                            MakeTraceSourceAccessor(&DnsRewriterApplication::m_rxTrace),
                            "ns3::DnsRewriterApplication::DatagramTracedCallback")
            .AddTraceSource("Tx",
                            "A datagram was sent through the output device.",
                            MakeTraceSourceAccessor(&DnsRewriterApplication::m_txTrace),
                            "ns3::DnsRewriterApplication::DatagramTracedCallback")
            .AddTraceSource("Drop",
                            "A datagram was dropped; the string names the reason.",
                            MakeTraceSourceAccessor(&DnsRewriterApplication::m_dropTrace),
                            "ns3::DnsRewriterApplication::DropTracedCallback");
    return tid;
}

DnsRewriterApplication::DnsRewriterApplication()
    : m_serverPort(53),
      m_running(false),
      m_received(0),
      m_rewritten(0),
      m_unchanged(0),
      m_sent(0),
      m_notSent(0)
{
    NS_LOG_FUNCTION(this);
}

DnsRewriterApplication::~DnsRewriterApplication()
{
    NS_LOG_FUNCTION(this);
}

void
DnsRewriterApplication::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_sendEvent.Cancel();
    m_delayLine.clear();
    m_divertDevice = nullptr;
    m_outputDevice = nullptr;
    m_rawSocket = nullptr;
    m_rewriter.reset();
    Application::DoDispose();
}

void
DnsRewriterApplication::AddRule(Ipv4Address server, Ipv4Address proxy)
{
    NS_LOG_FUNCTION(this << server << proxy);
    m_extraRules.emplace_back(server, proxy);
}

std::vector<Ipv4Address>
DnsRewriterApplication::GetServerAddresses() const
{
    std::vector<Ipv4Address> servers;
    for (const core::RewriteRule& rule : BuildConfig().rules)
    {
        servers.emplace_back(rule.server);
    }
    return servers;
}

void
DnsRewriterApplication::SetDivertDevice(Ptr<VirtualNetDevice> device)
{
    NS_LOG_FUNCTION(this << device);
    m_divertDevice = device;
    m_divertDevice->SetSendCallback(MakeCallback(&DnsRewriterApplication::HandleDivert, this));
}

Ptr<VirtualNetDevice>
DnsRewriterApplication::GetDivertDevice() const
{
    return m_divertDevice;
}

void
DnsRewriterApplication::SetOutputDevice(Ptr<NetDevice> device)
{
    NS_LOG_FUNCTION(this << device);
    m_outputDevice = device;
}

Ptr<NetDevice>
DnsRewriterApplication::GetOutputDevice() const
{
    return m_outputDevice;
}

const core::DropCounters&
DnsRewriterApplication::GetDropCounters() const
{
    return m_drops;
}

uint64_t
DnsRewriterApplication::GetReceivedCount() const
{
    return m_received;
}

uint64_t
DnsRewriterApplication::GetRewrittenCount() const
{
    return m_rewritten;
}

uint64_t
DnsRewriterApplication::GetUnchangedCount() const
{
    return m_unchanged;
}

uint64_t
DnsRewriterApplication::GetSentCount() const
{
    return m_sent;
}

uint64_t
DnsRewriterApplication::GetNotSentCount() const
{
    return m_notSent;
}

core::RewriterConfig
DnsRewriterApplication::BuildConfig() const
{
    core::RewriterConfig config;
    if (m_serverAddress != Ipv4Address::GetAny())
    {
        config.rules.push_back(core::RewriteRule{m_serverAddress.Get(), m_proxyAddress.Get()});
    }
    for (const auto& rule : m_extraRules)
    {
        config.rules.push_back(core::RewriteRule{rule.first.Get(), rule.second.Get()});
    }
    config.serverPort = m_serverPort;
    return config;
}

void
DnsRewriterApplication::StartApplication()
{
    NS_LOG_FUNCTION(this);

    // Without ChecksumEnabled, ns-3 writes 0 into every IPv4 header checksum, and the core
    // would drop each answer as ipv4-bad-checksum.
    NS_ABORT_MSG_IF(!Node::ChecksumEnabled(),
                    "DnsRewriterApplication: the global value ChecksumEnabled is false: bind it "
                    "to true before creating the nodes, or every answer is dropped");

    core::RewriterConfig config = BuildConfig();
    std::string error = core::AnswerRewriter::ValidateConfig(config);
    NS_ABORT_MSG_IF(!error.empty(), "DnsRewriterApplication on node " << GetNode()->GetId()
                                                                      << ": " << error);
    m_rewriter = std::make_unique<core::AnswerRewriter>(config);
    NS_ABORT_MSG_IF(!m_divertDevice,
                    "DnsRewriterApplication on node "
                        << GetNode()->GetId()
                        << " has no divert device: install it with DnsRewriterHelper");

    // Without an explicit choice, answers leave through the device that holds the first
    // server address, which is the server's own backbone.
    if (!m_outputDevice)
    {
        Ptr<Ipv4> ipv4 = GetNode()->GetObject<Ipv4>();
        Ipv4Address server(config.rules.front().server);
        int32_t interface = ipv4 ? ipv4->GetInterfaceForAddress(server) : -1;
        NS_ABORT_MSG_IF(interface < 0, "DnsRewriterApplication: server address "
                                           << server << " is not an address of node "
                                           << GetNode()->GetId()
                                           << ": assign it or call SetOutputDevice()");
        m_outputDevice = ipv4->GetNetDevice(static_cast<uint32_t>(interface));
    }

    m_rawSocket = Socket::CreateSocket(GetNode(), Ipv4RawSocketFactory::GetTypeId());
    m_rawSocket->SetAttribute("IpHeaderInclude", BooleanValue(true));
    m_rawSocket->BindToNetDevice(m_outputDevice);
    // The socket only sends: protocol 0 matches no received datagram, and the receive side
    // is shut so that it queues nothing.
    m_rawSocket->ShutdownRecv();
    m_running = true;
    NS_LOG_INFO("rewriter started on node " << GetNode()->GetId() << " with "
                                            << config.rules.size() << " rule(s), output device "
                                            << m_outputDevice->GetIfIndex());
}

void
DnsRewriterApplication::StopApplication()
{
    NS_LOG_FUNCTION(this);
    m_running = false;
    m_sendEvent.Cancel();
    // A stopped rewriter is a closed divert socket: what waits in the delay line is lost.
    for (const auto& entry : m_delayLine)
    {
        ++m_notSent;
        m_dropTrace(entry.second, kNotRunningReason);
    }
    m_delayLine.clear();
    if (m_rawSocket)
    {
        m_rawSocket->Close();
        m_rawSocket = nullptr;
    }
}

bool
DnsRewriterApplication::HandleDivert(Ptr<Packet> packet,
                                     const Address& source,
                                     const Address& destination,
                                     uint16_t protocolNumber)
{
    NS_LOG_FUNCTION(this << packet << protocolNumber);
    ++m_received;
    m_rxTrace(packet);
    if (!m_running)
    {
        NS_LOG_INFO("datagram diverted while the rewriter is stopped: dropped");
        ++m_notSent;
        m_dropTrace(packet, kNotRunningReason);
        return true;
    }

    std::vector<uint8_t> bytes(packet->GetSize());
    packet->CopyData(bytes.data(), bytes.size());
    core::RewriteResult result = m_rewriter->Rewrite(bytes.data(), bytes.size());
    if (result.verdict == core::RewriteVerdict::Dropped)
    {
        m_drops.Add(result.reason);
        NS_LOG_INFO("datagram dropped: " << core::ToString(result.reason));
        m_dropTrace(packet, core::ToString(result.reason));
        return true;
    }
    if (result.verdict == core::RewriteVerdict::Rewritten)
    {
        ++m_rewritten;
    }
    else
    {
        ++m_unchanged;
    }

    Ptr<Packet> datagram = Create<Packet>(bytes.data(), static_cast<uint32_t>(bytes.size()));
    if (m_answerDelay.IsZero())
    {
        Send(datagram);
        return true;
    }
    m_delayLine.emplace_back(Simulator::Now() + m_answerDelay, datagram);
    if (!m_sendEvent.IsRunning())
    {
        m_sendEvent = Simulator::Schedule(m_answerDelay, &DnsRewriterApplication::SendDue, this);
    }
    return true;
}

void
DnsRewriterApplication::SendDue()
{
    NS_LOG_FUNCTION(this);
    while (!m_delayLine.empty() && m_delayLine.front().first <= Simulator::Now())
    {
        Ptr<Packet> datagram = m_delayLine.front().second;
        m_delayLine.pop_front();
        Send(datagram);
    }
    if (!m_delayLine.empty())
    {
        m_sendEvent = Simulator::Schedule(m_delayLine.front().first - Simulator::Now(),
                                          &DnsRewriterApplication::SendDue,
                                          this);
    }
}

void
DnsRewriterApplication::Send(Ptr<Packet> datagram)
{
    NS_LOG_FUNCTION(this << datagram);

    // The raw socket takes the destination from the header, but SendTo() requires one too.
    uint8_t header[core::kIpv4MinHeaderLength];
    datagram->CopyData(header, sizeof(header));
    Ipv4Address destination = Ipv4Address::Deserialize(header + core::kIpv4DestinationOffset);

    if (m_rawSocket->SendTo(datagram->Copy(), 0, InetSocketAddress(destination, 0)) < 0)
    {
        NS_LOG_WARN("no route to " << destination << " through device "
                                   << m_outputDevice->GetIfIndex() << ": datagram dropped");
        ++m_notSent;
        m_dropTrace(datagram, kNoRouteReason);
        return;
    }
    ++m_sent;
    m_txTrace(datagram);
}

} // namespace ns3
