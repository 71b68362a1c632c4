#include "stub-resolver.h"

#include "ns3/double.h"
#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <ldns/ldns.h>

#include <cctype>
#include <cstdlib>
#include <memory>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("StubResolver");

NS_OBJECT_ENSURE_REGISTERED(StubResolver);

namespace
{

/** Frees an ldns packet when it goes out of scope. */
struct LdnsPacketDeleter
{
    void operator()(ldns_pkt* packet) const
    {
        ldns_pkt_free(packet);
    }
};

using LdnsPacketPtr = std::unique_ptr<ldns_pkt, LdnsPacketDeleter>;

/** Returns a domain name in presentation form, lower case, without the trailing dot. */
std::string
DnameToString(const ldns_rdf* dname)
{
    char* text = ldns_rdf2str(dname);
    if (text == nullptr)
    {
        return std::string();
    }
    std::string name(text);
    std::free(text);
    if (!name.empty() && name.back() == '.')
    {
        name.pop_back();
    }
    for (char& c : name)
    {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return name;
}

} // namespace

TypeId
StubResolver::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::StubResolver")
            .SetParent<Object>()
            .SetGroupName("Mxrace")
            .AddConstructor<StubResolver>()
            .AddAttribute("ServerAddress",
                          "IPv4 address of the recursive resolver.",
                          Ipv4AddressValue(Ipv4Address("127.0.0.1")),
                          MakeIpv4AddressAccessor(&StubResolver::m_serverAddress),
                          MakeIpv4AddressChecker())
            .AddAttribute("ServerPort",
                          "UDP port of the recursive resolver.",
                          UintegerValue(53),
                          MakeUintegerAccessor(&StubResolver::m_serverPort),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("LocalAddress",
                          "Source IPv4 address of the queries; 0.0.0.0 lets routing choose.",
                          Ipv4AddressValue(Ipv4Address::GetAny()),
                          MakeIpv4AddressAccessor(&StubResolver::m_localAddress),
                          MakeIpv4AddressChecker())
            .AddAttribute("Timeout",
                          "Wait for an answer before sending the query again (glibc's "
                          "resolver waits 5 s).",
                          TimeValue(Seconds(5)),
                          MakeTimeAccessor(&StubResolver::m_timeout),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("Attempts",
                          "Transmissions of a query, the first included, before it is reported "
                          "as timed out (glibc's resolver sends 2).",
                          UintegerValue(2),
                          MakeUintegerAccessor(&StubResolver::m_attempts),
                          MakeUintegerChecker<uint32_t>(1))
            .AddTraceSource("Drop",
                            "A received datagram was dropped: the reason and its source.",
                            MakeTraceSourceAccessor(&StubResolver::m_dropTrace),
                            "ns3::StubResolver::DropTracedCallback");
    return tid;
}

StubResolver::StubResolver()
    : m_serverPort(53),
      m_attempts(2),
      m_idRandom(CreateObject<UniformRandomVariable>()),
      m_queryCount(0),
      m_retransmissionCount(0),
      m_timeoutCount(0),
      m_dropCounts{}
{
    NS_LOG_FUNCTION(this);
}

StubResolver::~StubResolver()
{
    NS_LOG_FUNCTION(this);
}

void
StubResolver::DoDispose()
{
    NS_LOG_FUNCTION(this);
    Stop();
    m_node = nullptr;
    Object::DoDispose();
}

void
StubResolver::SetNode(Ptr<Node> node)
{
    m_node = node;
}

int64_t
StubResolver::AssignStreams(int64_t stream)
{
    m_idRandom->SetStream(stream);
    return 1;
}

const char*
StubResolver::DropReasonToString(DropReason reason)
{
    switch (reason)
    {
    case DropReason::UnexpectedSource:
        return "unexpected-source";
    case DropReason::Malformed:
        return "malformed";
    case DropReason::NotResponse:
        return "not-response";
    case DropReason::UnknownId:
        return "unknown-id";
    case DropReason::QuestionMismatch:
        return "question-mismatch";
    case DropReason::Count:
        break;
    }
    return "unknown";
}

const char*
StubResolver::StatusToString(Status status)
{
    switch (status)
    {
    case Status::Ok:
        return "ok";
    case Status::NameError:
        return "name-error";
    case Status::ServerFailure:
        return "server-failure";
    case Status::Truncated:
        return "truncated";
    case Status::Timeout:
        return "timeout";
    case Status::LocalError:
        return "local-error";
    }
    return "unknown";
}

uint64_t
StubResolver::GetQueryCount() const
{
    return m_queryCount;
}

uint64_t
StubResolver::GetRetransmissionCount() const
{
    return m_retransmissionCount;
}

uint64_t
StubResolver::GetTimeoutCount() const
{
    return m_timeoutCount;
}

uint64_t
StubResolver::GetDropCount(DropReason reason) const
{
    if (reason >= DropReason::Count)
    {
        return 0;
    }
    return m_dropCounts[static_cast<size_t>(reason)];
}

void
StubResolver::Start()
{
    NS_LOG_FUNCTION(this);
    NS_ABORT_MSG_IF(!m_node, "StubResolver::Start: no node; call SetNode() first");
    if (m_socket)
    {
        return;
    }
    m_socket = Socket::CreateSocket(m_node, UdpSocketFactory::GetTypeId());
    if (m_socket->Bind(InetSocketAddress(m_localAddress, 0)) != 0)
    {
        NS_FATAL_ERROR("StubResolver: cannot bind UDP to LocalAddress "
                       << m_localAddress << "; set it to an address of node "
                       << m_node->GetId() << " or to 0.0.0.0");
    }
    m_socket->SetRecvCallback(MakeCallback(&StubResolver::HandleRead, this));
}

void
StubResolver::Stop()
{
    NS_LOG_FUNCTION(this);
    for (auto& entry : m_pending)
    {
        Simulator::Cancel(entry.second.timer);
    }
    m_pending.clear();
    if (m_socket)
    {
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_socket->Close();
        m_socket = nullptr;
    }
}

void
StubResolver::QueryMx(const std::string& domain, AnswerCallback done)
{
    Query(domain, LDNS_RR_TYPE_MX, done);
}

void
StubResolver::QueryA(const std::string& host, AnswerCallback done)
{
    Query(host, LDNS_RR_TYPE_A, done);
}

void
StubResolver::ReportStatus(AnswerCallback done, std::string name, Status status)
{
    Answer answer;
    answer.status = status;
    answer.name = name;
    done(answer);
}

void
StubResolver::Query(const std::string& name, uint16_t type, AnswerCallback done)
{
    NS_LOG_FUNCTION(this << name << type);
    ++m_queryCount;

    // Every ID in use, or no socket: the caller still gets its callback, from a new event.
    if (!m_socket || m_pending.size() > 0xffff)
    {
        Simulator::ScheduleNow(&StubResolver::ReportStatus, done, name, Status::LocalError);
        return;
    }

    ldns_rdf* owner = ldns_dname_new_frm_str(name.c_str());
    if (owner == nullptr)
    {
        NS_LOG_WARN("StubResolver: invalid domain name \"" << name << "\"");
        Simulator::ScheduleNow(&StubResolver::ReportStatus, done, name, Status::LocalError);
        return;
    }
    LdnsPacketPtr query(ldns_pkt_query_new(owner,
                                           static_cast<ldns_rr_type>(type),
                                           LDNS_RR_CLASS_IN,
                                           LDNS_RD));
    uint16_t id;
    do
    {
        id = static_cast<uint16_t>(m_idRandom->GetInteger(0, 0xffff));
    } while (m_pending.count(id) > 0);
    ldns_pkt_set_id(query.get(), id);

    uint8_t* wire = nullptr;
    size_t wireSize = 0;
    if (ldns_pkt2wire(&wire, query.get(), &wireSize) != LDNS_STATUS_OK)
    {
        std::free(wire);
        Simulator::ScheduleNow(&StubResolver::ReportStatus, done, name, Status::LocalError);
        return;
    }

    PendingQuery& pending = m_pending[id];
    pending.name = name;
    pending.type = type;
    pending.wire.assign(wire, wire + wireSize);
    pending.transmissions = 0;
    pending.done = done;
    std::free(wire);
    Transmit(id);
}

void
StubResolver::Transmit(uint16_t id)
{
    auto it = m_pending.find(id);
    if (it == m_pending.end())
    {
        return;
    }
    PendingQuery& pending = it->second;
    ++pending.transmissions;

    Ptr<Packet> packet =
        Create<Packet>(pending.wire.data(), static_cast<uint32_t>(pending.wire.size()));
    int sent = m_socket->SendTo(packet, 0, InetSocketAddress(m_serverAddress, m_serverPort));
    if (sent < 0)
    {
        // No route, for example: the time-out below retries as for a lost datagram.
        NS_LOG_INFO(Simulator::Now().As(Time::S) << " StubResolver: sending query " << id
                                                 << " for " << pending.name << " failed, error "
                                                 << m_socket->GetErrno());
    }
    NS_LOG_INFO(Simulator::Now().As(Time::S) << " StubResolver: query " << id << " "
                                             << pending.name << " type " << pending.type
                                             << " transmission " << pending.transmissions);
    pending.timer = Simulator::Schedule(m_timeout, &StubResolver::HandleTimeout, this, id);
}

void
StubResolver::HandleTimeout(uint16_t id)
{
    auto it = m_pending.find(id);
    if (it == m_pending.end())
    {
        return;
    }
    if (it->second.transmissions < m_attempts)
    {
        ++m_retransmissionCount;
        Transmit(id);
        return;
    }

    ++m_timeoutCount;
    NS_LOG_INFO(Simulator::Now().As(Time::S) << " StubResolver: query " << id << " for "
                                             << it->second.name << " timed out after "
                                             << it->second.transmissions << " transmissions");
    Answer answer;
    answer.status = Status::Timeout;
    answer.name = it->second.name;
    answer.transmissions = it->second.transmissions;
    AnswerCallback done = it->second.done;
    m_pending.erase(it);
    done(answer);
}

void
StubResolver::HandleRead(Ptr<Socket> socket)
{
    Ptr<StubResolver> self = this;
    Address from;
    Ptr<Packet> packet;
    while ((packet = socket->RecvFrom(from)))
    {
        std::vector<uint8_t> bytes(packet->GetSize());
        packet->CopyData(bytes.data(), static_cast<uint32_t>(bytes.size()));
        HandleDatagram(bytes.data(), bytes.size(), from);
        if (!m_socket)
        {
            return; // A callback stopped the resolver.
        }
    }
}

void
StubResolver::Drop(DropReason reason, const Address& from)
{
    ++m_dropCounts[static_cast<size_t>(reason)];
    NS_LOG_INFO(Simulator::Now().As(Time::S)
                << " StubResolver: dropped a datagram from "
                << InetSocketAddress::ConvertFrom(from).GetIpv4() << ": "
                << DropReasonToString(reason));
    m_dropTrace(reason, from);
}

void
StubResolver::HandleDatagram(const uint8_t* data, size_t size, const Address& from)
{
    InetSocketAddress source = InetSocketAddress::ConvertFrom(from);
    if (source.GetIpv4() != m_serverAddress || source.GetPort() != m_serverPort)
    {
        Drop(DropReason::UnexpectedSource, from);
        return;
    }

    ldns_pkt* parsed = nullptr;
    if (ldns_wire2pkt(&parsed, data, size) != LDNS_STATUS_OK)
    {
        ldns_pkt_free(parsed);
        Drop(DropReason::Malformed, from);
        return;
    }
    LdnsPacketPtr response(parsed);
    if (!ldns_pkt_qr(response.get()))
    {
        Drop(DropReason::NotResponse, from);
        return;
    }

    auto it = m_pending.find(ldns_pkt_id(response.get()));
    if (it == m_pending.end())
    {
        Drop(DropReason::UnknownId, from);
        return;
    }
    PendingQuery& pending = it->second;

    // The question must be the one sent. Names compare case-insensitively because this
    // stub does not randomise letter case.
    const ldns_rr_list* question = ldns_pkt_question(response.get());
    ldns_rdf* sentName = ldns_dname_new_frm_str(pending.name.c_str());
    bool matches = question != nullptr && ldns_rr_list_rr_count(question) == 1 &&
                   sentName != nullptr &&
                   ldns_dname_compare(ldns_rr_owner(ldns_rr_list_rr(question, 0)), sentName) ==
                       0 &&
                   ldns_rr_get_type(ldns_rr_list_rr(question, 0)) == pending.type &&
                   ldns_rr_get_class(ldns_rr_list_rr(question, 0)) == LDNS_RR_CLASS_IN;
    if (!matches)
    {
        ldns_rdf_deep_free(sentName);
        Drop(DropReason::QuestionMismatch, from);
        return;
    }

    Answer answer;
    answer.name = pending.name;
    answer.transmissions = pending.transmissions;
    answer.rcode = static_cast<uint8_t>(ldns_pkt_get_rcode(response.get()));
    if (ldns_pkt_tc(response.get()))
    {
        answer.status = Status::Truncated;
    }
    else if (answer.rcode == LDNS_RCODE_NOERROR)
    {
        answer.status = Status::Ok;
    }
    else if (answer.rcode == LDNS_RCODE_NXDOMAIN)
    {
        answer.status = Status::NameError;
    }
    else
    {
        answer.status = Status::ServerFailure;
    }

    // Follow a CNAME chain in the answer section, then take the records of the queried type
    // owned by the last name of the chain.
    const ldns_rr_list* records = ldns_pkt_answer(response.get());
    size_t count = records ? ldns_rr_list_rr_count(records) : 0;
    ldns_rdf* current = sentName;
    for (size_t hop = 0; hop < 8 && answer.status == Status::Ok; ++hop)
    {
        bool followed = false;
        for (size_t i = 0; i < count; ++i)
        {
            const ldns_rr* rr = ldns_rr_list_rr(records, i);
            if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_CNAME && ldns_rr_rd_count(rr) == 1 &&
                ldns_dname_compare(ldns_rr_owner(rr), current) == 0)
            {
                current = ldns_rr_rdf(rr, 0);
                followed = true;
                break;
            }
        }
        if (!followed)
        {
            break;
        }
    }
    for (size_t i = 0; i < count && answer.status == Status::Ok; ++i)
    {
        const ldns_rr* rr = ldns_rr_list_rr(records, i);
        if (ldns_dname_compare(ldns_rr_owner(rr), current) != 0 ||
            ldns_rr_get_class(rr) != LDNS_RR_CLASS_IN || ldns_rr_get_type(rr) != pending.type)
        {
            continue;
        }
        if (pending.type == LDNS_RR_TYPE_MX)
        {
            const ldns_rdf* preference = ldns_rr_mx_preference(rr);
            const ldns_rdf* exchange = ldns_rr_mx_exchange(rr);
            if (preference == nullptr || exchange == nullptr ||
                ldns_rdf_get_type(preference) != LDNS_RDF_TYPE_INT16 ||
                ldns_rdf_get_type(exchange) != LDNS_RDF_TYPE_DNAME)
            {
                continue;
            }
            answer.mx.push_back({ldns_rdf2native_int16(preference), DnameToString(exchange)});
        }
        else
        {
            const ldns_rdf* address = ldns_rr_a_address(rr);
            if (address == nullptr || ldns_rdf_get_type(address) != LDNS_RDF_TYPE_A ||
                ldns_rdf_size(address) != 4)
            {
                continue;
            }
            answer.addresses.push_back(Ipv4Address::Deserialize(ldns_rdf_data(address)));
        }
    }
    ldns_rdf_deep_free(sentName);

    NS_LOG_INFO(Simulator::Now().As(Time::S)
                << " StubResolver: answer to " << it->first << " for " << pending.name << ": "
                << StatusToString(answer.status) << ", " << answer.mx.size() << " MX, "
                << answer.addresses.size() << " A");
    Simulator::Cancel(pending.timer);
    AnswerCallback done = pending.done;
    m_pending.erase(it);
    done(answer);
}

} // namespace ns3
