#include "authoritative-dns-server.h"

#include "ldns-wire.h"

#include "daemon/core/dns-message.h"

#include "ns3/abort.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"
#include "ns3/udp-socket-factory.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("AuthoritativeDnsServer");

NS_OBJECT_ENSURE_REGISTERED(AuthoritativeDnsServer);

namespace
{

/** Largest answer over UDP without EDNS (RFC 1035 section 4.2.1). */
constexpr size_t kClassicUdpSize = 512;

/** TTL of records without a TTL of their own in a file without $TTL. */
constexpr uint32_t kDefaultTtl = 3600;

/** Stands for "$TTL 0" while ldns parses; RFC 2181 section 8 reads TTLs from 2^31 as 0. */
constexpr uint32_t kUnsetTtl = 0x80000000u;

/** CNAMEs followed inside the zone for one question, so that a loop in the zone ends. */
constexpr int kMaxCnameChain = 8;

/** Frees an ldns packet. */
struct PacketDeleter
{
    void operator()(ldns_pkt* packet) const
    {
        ldns_pkt_free(packet);
    }
};

using PacketPtr = std::unique_ptr<ldns_pkt, PacketDeleter>;

/** \returns the wire form of \p name with ASCII letters in lower case, as a map key. */
std::string
CanonicalKey(const ldns_rdf* name)
{
    std::string key(reinterpret_cast<const char*>(ldns_rdf_data(name)), ldns_rdf_size(name));
    size_t position = 0;
    while (position < key.size() && key[position] != 0)
    {
        size_t length = static_cast<uint8_t>(key[position]);
        for (size_t i = position + 1; i <= position + length && i < key.size(); ++i)
        {
            if (key[i] >= 'A' && key[i] <= 'Z')
            {
                key[i] = static_cast<char>(key[i] - 'A' + 'a');
            }
        }
        position += length + 1;
    }
    return key;
}

/** \returns the wire bytes of \p name. */
std::vector<uint8_t>
WireName(const ldns_rdf* name)
{
    const uint8_t* data = ldns_rdf_data(name);
    return std::vector<uint8_t>(data, data + ldns_rdf_size(name));
}

} // namespace

void
AuthoritativeDnsServer::RrDeleter::operator()(ldns_rr* record) const
{
    ldns_rr_free(record);
}

void
AuthoritativeDnsServer::RdfDeleter::operator()(ldns_rdf* rdf) const
{
    ldns_rdf_deep_free(rdf);
}

TypeId
AuthoritativeDnsServer::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::AuthoritativeDnsServer")
            .SetParent<Application>()
            .SetGroupName("Mxrace")
            .AddConstructor<AuthoritativeDnsServer>()
            .AddAttribute("ZoneFile",
                          "Path of the RFC 1035 zone file to serve.",
                          StringValue(""),
                          MakeStringAccessor(&AuthoritativeDnsServer::m_zoneFile),
                          MakeStringChecker())
            .AddAttribute("Origin",
                          "Origin of the zone (its apex), which completes relative names in "
                          "the file, for example \"example.org.\".",
                          StringValue(""),
                          MakeStringAccessor(&AuthoritativeDnsServer::m_origin),
                          MakeStringChecker())
            .AddAttribute("Address",
                          "Service address the server binds to; it must be one of the node's "
                          "addresses, not 0.0.0.0.",
                          Ipv4AddressValue(Ipv4Address::GetAny()),
                          MakeIpv4AddressAccessor(&AuthoritativeDnsServer::m_address),
                          MakeIpv4AddressChecker())
            .AddAttribute("Port",
                          "UDP port the server listens on.",
                          UintegerValue(53),
                          MakeUintegerAccessor(&AuthoritativeDnsServer::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("EdnsUdpSize",
                          "Largest answer in bytes sent over UDP to a query with EDNS; the "
                          "query's own buffer size lowers it, 512 is the floor.",
                          UintegerValue(1232),
                          MakeUintegerAccessor(&AuthoritativeDnsServer::m_ednsUdpSize),
                          MakeUintegerChecker<uint16_t>(512))
            // A server answering from a zone in memory takes well under a millisecond, so
            // the default is small against the paths' delays. Its spread is what matters:
            // with a constant time, two servers at equal distance would finish in the
            // same order for every query, and the race would always pick the same one.
            .AddAttribute("ProcessingTime",
                          "Time from receiving a query to sending its answer, in seconds, "
                          "drawn per query.",
                          StringValue("ns3::UniformRandomVariable[Min=0.0001|Max=0.001]"),
                          MakePointerAccessor(&AuthoritativeDnsServer::m_processingTime),
                          MakePointerChecker<RandomVariableStream>())
            .AddTraceSource("Rx",
                            "A query was received.",
                            MakeTraceSourceAccessor(&AuthoritativeDnsServer::m_rxTrace),
                            "ns3::Packet::AddressTracedCallback")
            .AddTraceSource("Tx",
                            "An answer was sent.",
                            MakeTraceSourceAccessor(&AuthoritativeDnsServer::m_txTrace),
                            "ns3::Packet::AddressTracedCallback")
            .AddTraceSource("Drop",
                            "A query was dropped without an answer; the string names the "
                            "reason.",
                            MakeTraceSourceAccessor(&AuthoritativeDnsServer::m_dropTrace),
                            "ns3::AuthoritativeDnsServer::DropTracedCallback");
    return tid;
}

AuthoritativeDnsServer::AuthoritativeDnsServer()
    : m_port(53),
      m_ednsUdpSize(1232),
      m_received(0),
      m_sent(0),
      m_dropped(0)
{
    NS_LOG_FUNCTION(this);
}

AuthoritativeDnsServer::~AuthoritativeDnsServer()
{
    NS_LOG_FUNCTION(this);
}

void
AuthoritativeDnsServer::DoDispose()
{
    NS_LOG_FUNCTION(this);
    for (EventId& event : m_pending)
    {
        event.Cancel();
    }
    m_pending.clear();
    m_socket = nullptr;
    m_processingTime = nullptr;
    m_records.clear();
    m_names.clear();
    m_zone.clear();
    m_soa = nullptr;
    m_apex.reset();
    Application::DoDispose();
}

int64_t
AuthoritativeDnsServer::AssignStreams(int64_t stream)
{
    NS_LOG_FUNCTION(this << stream);
    m_processingTime->SetStream(stream);
    return 1;
}

uint32_t
AuthoritativeDnsServer::GetRecordCount() const
{
    uint32_t count = 0;
    for (const auto& entry : m_records)
    {
        count += static_cast<uint32_t>(entry.second.size());
    }
    return count;
}

uint64_t
AuthoritativeDnsServer::GetReceivedCount() const
{
    return m_received;
}

uint64_t
AuthoritativeDnsServer::GetSentCount() const
{
    return m_sent;
}

uint64_t
AuthoritativeDnsServer::GetDropCount() const
{
    return m_dropped;
}

void
AuthoritativeDnsServer::LoadZone()
{
    NS_LOG_FUNCTION(this);
    NS_ABORT_MSG_IF(m_zoneFile.empty(),
                    "AuthoritativeDnsServer: ZoneFile is empty: give the path of a zone file");
    NS_ABORT_MSG_IF(m_origin.empty(),
                    "AuthoritativeDnsServer: Origin is empty: give the zone's apex, for "
                    "example \"example.org.\"");

    std::string origin = m_origin.back() == '.' ? m_origin : m_origin + ".";
    m_apex.reset(ldns_dname_new_frm_str(origin.c_str()));
    NS_ABORT_MSG_IF(!m_apex, "AuthoritativeDnsServer: Origin \"" << m_origin
                                                                 << "\" is not a domain name");

    FILE* file = std::fopen(m_zoneFile.c_str(), "r");
    NS_ABORT_MSG_IF(!file, "AuthoritativeDnsServer: cannot open zone file \""
                               << m_zoneFile << "\": " << std::strerror(errno));

    // ldns 1.8.3 takes "$TTL 0" for "no $TTL" and gives such records 3600 s, both in
    // ldns_zone_new_frm_fp_l() and here. The race needs TTL 0, so a $TTL of 0 is replaced
    // by kUnsetTtl, which RFC 2181 section 8 reads as 0, and mapped back below.
    m_zone.clear();
    m_soa = nullptr;
    uint32_t defaultTtl = kDefaultTtl;
    ldns_rdf* currentOrigin = ldns_rdf_clone(m_apex.get());
    ldns_rdf* previous = nullptr;
    int line = 0;
    std::string error;
    while (error.empty() && !std::feof(file))
    {
        ldns_rr* record = nullptr;
        ldns_status status =
            ldns_rr_new_frm_fp_l(&record, file, &defaultTtl, &currentOrigin, &previous, &line);
        switch (status)
        {
        case LDNS_STATUS_OK:
            if (ldns_rr_ttl(record) >= kUnsetTtl)
            {
                ldns_rr_set_ttl(record, 0);
            }
            m_zone.emplace_back(record);
            break;
        case LDNS_STATUS_SYNTAX_TTL:
            defaultTtl = defaultTtl == 0 ? kUnsetTtl : defaultTtl;
            break;
        case LDNS_STATUS_SYNTAX_ORIGIN:
        case LDNS_STATUS_SYNTAX_EMPTY:
            break;
        case LDNS_STATUS_SYNTAX_INCLUDE:
            error = "$INCLUDE is not supported: put the records in one file";
            break;
        default:
            error = ldns_get_errorstr_by_id(status);
            break;
        }
    }
    std::fclose(file);
    ldns_rdf_deep_free(currentOrigin);
    if (previous)
    {
        ldns_rdf_deep_free(previous);
    }
    NS_ABORT_MSG_IF(!error.empty(), "AuthoritativeDnsServer: zone file \""
                                        << m_zoneFile << "\" line " << line << ": " << error);

    for (const auto& record : m_zone)
    {
        if (ldns_rr_get_type(record.get()) == LDNS_RR_TYPE_SOA &&
            CanonicalKey(ldns_rr_owner(record.get())) == CanonicalKey(m_apex.get()))
        {
            m_soa = record.get();
            break;
        }
    }
    NS_ABORT_MSG_IF(!m_soa, "AuthoritativeDnsServer: zone file \""
                                << m_zoneFile << "\" has no SOA record for Origin " << origin);

    m_records.clear();
    m_names.clear();
    std::string apexKey = CanonicalKey(m_apex.get());
    for (const auto& owned : m_zone)
    {
        const ldns_rr* record = owned.get();
        const ldns_rdf* owner = ldns_rr_owner(record);
        NS_ABORT_MSG_IF(!mxrace::core::DnsNameInZone(WireName(owner), WireName(m_apex.get())),
                        "AuthoritativeDnsServer: zone file \""
                            << m_zoneFile << "\" has a record for "
                            << LdnsRdfToText(owner, "?") << ", outside " << origin);
        std::string key = CanonicalKey(owner);
        m_records[key].push_back(record);

        // Record every name between the owner and the apex: those are empty non-terminals
        // if they own nothing, and a query for one gets NODATA rather than NXDOMAIN.
        while (m_names.insert(key).second && key != apexKey && !key.empty() && key[0] != 0)
        {
            key = key.substr(static_cast<uint8_t>(key[0]) + 1);
        }
    }
    NS_LOG_INFO("zone " << origin << " loaded from " << m_zoneFile << ": " << m_zone.size()
                        << " records");
}

void
AuthoritativeDnsServer::StartApplication()
{
    NS_LOG_FUNCTION(this);
    if (!m_soa)
    {
        LoadZone();
    }

    NS_ABORT_MSG_IF(m_address == Ipv4Address::GetAny(),
                    "AuthoritativeDnsServer: Address is 0.0.0.0: give the service address, "
                    "because a server bound to the wildcard answers from the address of the "
                    "device its route picks");
    Ptr<Ipv4> ipv4 = GetNode()->GetObject<Ipv4>();
    NS_ABORT_MSG_IF(!ipv4 || ipv4->GetInterfaceForAddress(m_address) < 0,
                    "AuthoritativeDnsServer: Address " << m_address << " is not an address of node "
                                                       << GetNode()->GetId());
    m_socket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
    NS_ABORT_MSG_IF(m_socket->Bind(InetSocketAddress(m_address, m_port)) != 0,
                    "AuthoritativeDnsServer: cannot bind " << m_address << ":" << m_port
                                                           << " (errno " << m_socket->GetErrno()
                                                           << "): is the port taken?");
    m_socket->SetRecvCallback(MakeCallback(&AuthoritativeDnsServer::HandleRead, this));
}

void
AuthoritativeDnsServer::StopApplication()
{
    NS_LOG_FUNCTION(this);
    for (EventId& event : m_pending)
    {
        event.Cancel();
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
AuthoritativeDnsServer::HandleRead(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    Address from;
    Ptr<Packet> packet;
    while ((packet = socket->RecvFrom(from)))
    {
        ++m_received;
        m_rxTrace(packet, from);

        std::vector<uint8_t> query(packet->GetSize());
        packet->CopyData(query.data(), query.size());
        std::vector<uint8_t> response;
        std::string reason = Respond(query, response);
        if (!reason.empty())
        {
            ++m_dropped;
            NS_LOG_INFO("query from " << InetSocketAddress::ConvertFrom(from).GetIpv4()
                                      << " dropped: " << reason);
            m_dropTrace(packet, reason);
            continue;
        }

        // A distribution that can go negative (a normal one, say) still cannot answer
        // before the query arrived.
        Time delay = Seconds(std::max(0.0, m_processingTime->GetValue()));
        Ptr<Packet> answer = Create<Packet>(response.data(), static_cast<uint32_t>(response.size()));
        m_pending.erase(std::remove_if(m_pending.begin(),
                                       m_pending.end(),
                                       [](const EventId& event) { return event.IsExpired(); }),
                        m_pending.end());
        m_pending.push_back(Simulator::Schedule(delay,
                                                &AuthoritativeDnsServer::SendResponse,
                                                this,
                                                answer,
                                                from));
    }
}

void
AuthoritativeDnsServer::SendResponse(Ptr<Packet> response, Address to)
{
    NS_LOG_FUNCTION(this << response << to);
    if (!m_socket)
    {
        return;
    }
    if (m_socket->SendTo(response, 0, to) < 0)
    {
        NS_LOG_WARN("answer to " << InetSocketAddress::ConvertFrom(to).GetIpv4()
                                 << " not sent (errno " << m_socket->GetErrno() << ")");
        return;
    }
    ++m_sent;
    m_txTrace(response, to);
}

std::string
AuthoritativeDnsServer::Respond(const std::vector<uint8_t>& query,
                                std::vector<uint8_t>& response) const
{
    ldns_pkt* parsed = nullptr;
    if (ldns_wire2pkt(&parsed, query.data(), query.size()) != LDNS_STATUS_OK)
    {
        return "malformed";
    }
    PacketPtr request(parsed);
    if (ldns_pkt_qr(request.get()))
    {
        return "not-a-query";
    }
    const ldns_rr_list* questions = ldns_pkt_question(request.get());
    if (ldns_pkt_qdcount(request.get()) != 1 || ldns_rr_list_rr_count(questions) != 1)
    {
        return "bad-question-count";
    }
    const ldns_rr* question = ldns_rr_list_rr(questions, 0);

    // The header and the question as received, which every answer below starts with.
    auto startAnswer = [&]() {
        PacketPtr answer(ldns_pkt_new());
        ldns_pkt_set_id(answer.get(), ldns_pkt_id(request.get()));
        ldns_pkt_set_qr(answer.get(), true);
        ldns_pkt_set_opcode(answer.get(), ldns_pkt_get_opcode(request.get()));
        ldns_pkt_set_rd(answer.get(), ldns_pkt_rd(request.get()));
        ldns_pkt_set_cd(answer.get(), ldns_pkt_cd(request.get()));
        ldns_pkt_push_rr(answer.get(), LDNS_SECTION_QUESTION, ldns_rr_clone(question));
        return answer;
    };
    PacketPtr answer = startAnswer();

    const ldns_rdf* name = ldns_rr_owner(question);
    if (ldns_pkt_get_opcode(request.get()) != LDNS_PACKET_QUERY)
    {
        ldns_pkt_set_rcode(answer.get(), LDNS_RCODE_NOTIMPL);
    }
    else if (ldns_rr_get_class(question) != LDNS_RR_CLASS_IN ||
             !mxrace::core::DnsNameInZone(WireName(name), WireName(m_apex.get())))
    {
        ldns_pkt_set_rcode(answer.get(), LDNS_RCODE_REFUSED);
    }
    else
    {
        ldns_pkt_set_aa(answer.get(), true);
        Resolve(answer.get(), name, ldns_rr_get_type(question));
    }

    size_t limit = kClassicUdpSize;
    if (ldns_pkt_edns(request.get()))
    {
        ldns_pkt_set_edns_udp_size(answer.get(), m_ednsUdpSize);
        size_t offered = ldns_pkt_edns_udp_size(request.get());
        limit = std::max(kClassicUdpSize, std::min(offered, static_cast<size_t>(m_ednsUdpSize)));
    }
    if (!LdnsPacketToWire(answer.get(), response))
    {
        return "answer-not-serialisable";
    }
    if (response.size() > limit)
    {
        // Too large for UDP: the question alone with TC set makes the client retry over TCP.
        PacketPtr truncated = startAnswer();
        ldns_pkt_set_aa(truncated.get(), ldns_pkt_aa(answer.get()));
        ldns_pkt_set_rcode(truncated.get(), ldns_pkt_get_rcode(answer.get()));
        ldns_pkt_set_tc(truncated.get(), true);
        if (ldns_pkt_edns(request.get()))
        {
            ldns_pkt_set_edns_udp_size(truncated.get(), m_ednsUdpSize);
        }
        if (!LdnsPacketToWire(truncated.get(), response))
        {
            return "answer-not-serialisable";
        }
    }
    return "";
}

const std::vector<const ldns_rr*>*
AuthoritativeDnsServer::FindRecords(const ldns_rdf* name) const
{
    auto it = m_records.find(CanonicalKey(name));
    return it == m_records.end() ? nullptr : &it->second;
}

void
AuthoritativeDnsServer::Resolve(ldns_pkt* response, const ldns_rdf* name, ldns_rr_type type) const
{
    // The SOA in the authority section of a negative answer, with the TTL that RFC 2308
    // section 3 gives it: the lower of its own TTL and its MINIMUM field.
    auto addSoa = [&]() {
        ldns_rr* soa = ldns_rr_clone(m_soa);
        uint32_t minimum = ldns_rdf2native_int32(ldns_rr_rdf(soa, 6));
        ldns_rr_set_ttl(soa, std::min(ldns_rr_ttl(soa), minimum));
        ldns_pkt_push_rr(response, LDNS_SECTION_AUTHORITY, soa);
    };

    const ldns_rdf* current = name;
    for (int step = 0; step < kMaxCnameChain; ++step)
    {
        const std::vector<const ldns_rr*>* records = FindRecords(current);
        if (!records)
        {
            if (m_names.count(CanonicalKey(current)) == 0)
            {
                ldns_pkt_set_rcode(response, LDNS_RCODE_NXDOMAIN);
            }
            addSoa();
            return;
        }

        bool answered = false;
        const ldns_rr* cname = nullptr;
        for (const ldns_rr* record : *records)
        {
            ldns_rr_type recordType = ldns_rr_get_type(record);
            if (recordType == type || type == LDNS_RR_TYPE_ANY)
            {
                ldns_pkt_push_rr(response, LDNS_SECTION_ANSWER, ldns_rr_clone(record));
                answered = true;
            }
            else if (recordType == LDNS_RR_TYPE_CNAME)
            {
                cname = record;
            }
        }
        if (answered)
        {
            break;
        }
        if (!cname)
        {
            addSoa();
            return;
        }
        ldns_pkt_push_rr(response, LDNS_SECTION_ANSWER, ldns_rr_clone(cname));
        current = ldns_rr_rdf(cname, 0);
        if (!mxrace::core::DnsNameInZone(WireName(current), WireName(m_apex.get())))
        {
            // The target lies in another zone, where the resolver looks it up.
            return;
        }
    }

    // Additional section processing: addresses of MX exchanges and NS hosts in this zone.
    std::set<std::string> added;
    const ldns_rr_list* answers = ldns_pkt_answer(response);
    size_t answerCount = ldns_rr_list_rr_count(answers);
    for (size_t i = 0; i < answerCount; ++i)
    {
        const ldns_rr* record = ldns_rr_list_rr(answers, i);
        const ldns_rdf* target = nullptr;
        if (ldns_rr_get_type(record) == LDNS_RR_TYPE_MX)
        {
            target = ldns_rr_rdf(record, 1);
        }
        else if (ldns_rr_get_type(record) == LDNS_RR_TYPE_NS)
        {
            target = ldns_rr_rdf(record, 0);
        }
        if (!target || !added.insert(CanonicalKey(target)).second)
        {
            continue;
        }
        const std::vector<const ldns_rr*>* addresses = FindRecords(target);
        if (!addresses)
        {
            continue;
        }
        for (const ldns_rr* address : *addresses)
        {
            ldns_rr_type addressType = ldns_rr_get_type(address);
            if (addressType == LDNS_RR_TYPE_A || addressType == LDNS_RR_TYPE_AAAA)
            {
                ldns_pkt_push_rr(response, LDNS_SECTION_ADDITIONAL, ldns_rr_clone(address));
            }
        }
    }
}

} // namespace ns3
