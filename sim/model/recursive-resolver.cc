#include "recursive-resolver.h"

#include "ldns-wire.h"

#include "ns3/abort.h"
#include "ns3/attribute-container.h"
#include "ns3/boolean.h"
#include "ns3/enum.h"
#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"
#include "ns3/udp-socket-factory.h"

#include <algorithm>
#include <cstdlib>
#include <limits>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RecursiveResolver");

NS_OBJECT_ENSURE_REGISTERED(RecursiveResolver);

namespace
{

/** Largest answer over UDP to a stub without EDNS (RFC 1035 section 4.2.1). */
constexpr size_t kClassicUdpSize = 512;

/** Random ports tried before the resolver lets the stack pick an ephemeral one. */
constexpr int kPortTries = 16;

/** Weight of a new RTT sample in the smoothed RTT. */
constexpr double kSrttSampleWeight = 0.3;

/** Factor applied to the SRTT of the upstreams not chosen, so that they are probed again. */
constexpr double kSrttDecay = 0.98;

/** \returns the wire form of \p name with ASCII letters in lower case. */
std::string
CanonicalName(const ldns_rdf* name)
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

/** \returns \p time multiplied by \p factor. */
Time
Scale(Time time, double factor)
{
    return NanoSeconds(static_cast<int64_t>(static_cast<double>(time.GetNanoSeconds()) * factor));
}

} // namespace

void
RecursiveResolver::RrDeleter::operator()(ldns_rr* record) const
{
    ldns_rr_free(record);
}

void
RecursiveResolver::PacketDeleter::operator()(ldns_pkt* packet) const
{
    ldns_pkt_free(packet);
}

TypeId
RecursiveResolver::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::RecursiveResolver")
            .SetParent<Application>()
            .SetGroupName("Mxrace")
            .AddConstructor<RecursiveResolver>()
            .AddAttribute("Address",
                          "Address the resolver listens on for stub queries; 0.0.0.0 listens "
                          "on every address of the node.",
                          Ipv4AddressValue(Ipv4Address::GetAny()),
                          MakeIpv4AddressAccessor(&RecursiveResolver::m_address),
                          MakeIpv4AddressChecker())
            .AddAttribute("Port",
                          "UDP port the resolver listens on for stub queries.",
                          UintegerValue(53),
                          MakeUintegerAccessor(&RecursiveResolver::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("Upstreams",
                          "Name server addresses every question goes to (the DNS proxy's "
                          "addresses), as a comma-separated list.",
                          AttributeContainerValue<Ipv4AddressValue>(),
                          MakeAttributeContainerAccessor<Ipv4AddressValue>(
                              &RecursiveResolver::m_upstreams),
                          MakeAttributeContainerChecker<Ipv4AddressValue>(
                              MakeIpv4AddressChecker()))
            .AddAttribute("UpstreamPort",
                          "UDP port of the upstreams.",
                          UintegerValue(53),
                          MakeUintegerAccessor(&RecursiveResolver::m_upstreamPort),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("Selection",
                          "How each attempt's upstream is chosen: First (list order, the next "
                          "one on each retry) or Srtt (lowest smoothed RTT).",
                          EnumValue(RecursiveResolver::FIRST),
                          MakeEnumAccessor(&RecursiveResolver::m_selection),
                          MakeEnumChecker(RecursiveResolver::FIRST,
                                          "First",
                                          RecursiveResolver::SRTT,
                                          "Srtt"))
            .AddAttribute("Timeout",
                          "Time an attempt waits for an acceptable answer before the next "
                          "attempt goes out.",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&RecursiveResolver::m_timeout),
                          MakeTimeChecker(NanoSeconds(1)))
            .AddAttribute("Retries",
                          "Attempts after the first before the stub gets SERVFAIL.",
                          UintegerValue(2),
                          MakeUintegerAccessor(&RecursiveResolver::m_retries),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("LateAnswerWindow",
                          "Time a query's sockets stay open after it ends, to count late "
                          "answers; 0 closes them at once.",
                          TimeValue(Seconds(3)),
                          MakeTimeAccessor(&RecursiveResolver::m_lateAnswerWindow),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("RecursionDesired",
                          "RD bit of the queries sent upstream. A recursive resolver clears it "
                          "when it asks authoritative servers.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&RecursiveResolver::m_recursionDesired),
                          MakeBooleanChecker())
            .AddAttribute("RandomizeCase",
                          "Randomise the letter case of each upstream question (DNS 0x20) and "
                          "accept only answers that echo it exactly.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&RecursiveResolver::m_randomizeCase),
                          MakeBooleanChecker())
            .AddAttribute("EdnsUdpSize",
                          "EDNS buffer size in bytes offered upstream and to stubs that use "
                          "EDNS; 0 sends queries without EDNS.",
                          UintegerValue(1232),
                          MakeUintegerAccessor(&RecursiveResolver::m_ednsUdpSize),
                          MakeUintegerChecker<uint16_t>())
            .AddTraceSource("FirstAnswer",
                            "The first acceptable answer to a query arrived.",
                            MakeTraceSourceAccessor(&RecursiveResolver::m_firstAnswerTrace),
                            "ns3::RecursiveResolver::AnswerTracedCallback")
            .AddTraceSource("LateAnswer",
                            "A matching answer arrived after the query ended.",
                            MakeTraceSourceAccessor(&RecursiveResolver::m_lateAnswerTrace),
                            "ns3::RecursiveResolver::AnswerTracedCallback")
            .AddTraceSource("Timeout",
                            "An attempt got no acceptable answer in time.",
                            MakeTraceSourceAccessor(&RecursiveResolver::m_timeoutTrace),
                            "ns3::RecursiveResolver::TimeoutTracedCallback");
    return tid;
}

RecursiveResolver::RecursiveResolver()
    : m_port(53),
      m_upstreamPort(53),
      m_selection(FIRST),
      m_retries(2),
      m_recursionDesired(false),
      m_randomizeCase(false),
      m_ednsUdpSize(1232),
      m_nextKey(0)
{
    NS_LOG_FUNCTION(this);
    m_random = CreateObject<UniformRandomVariable>();
}

RecursiveResolver::~RecursiveResolver()
{
    NS_LOG_FUNCTION(this);
}

void
RecursiveResolver::DoDispose()
{
    NS_LOG_FUNCTION(this);
    for (auto& entry : m_queries)
    {
        entry.second.timeoutEvent.Cancel();
        entry.second.closeEvent.Cancel();
    }
    m_queries.clear();
    m_socketOwners.clear();
    m_cache.clear();
    m_socket = nullptr;
    m_random = nullptr;
    Application::DoDispose();
}

int64_t
RecursiveResolver::AssignStreams(int64_t stream)
{
    NS_LOG_FUNCTION(this << stream);
    m_random->SetStream(stream);
    return 1;
}

const RecursiveResolver::Statistics&
RecursiveResolver::GetStatistics() const
{
    return m_statistics;
}

Time
RecursiveResolver::GetSrtt(Ipv4Address upstream) const
{
    for (size_t i = 0; i < m_upstreams.size() && i < m_srtt.size(); ++i)
    {
        if (m_upstreams[i] == upstream)
        {
            return m_srtt[i];
        }
    }
    return Seconds(-1);
}

void
RecursiveResolver::StartApplication()
{
    NS_LOG_FUNCTION(this);
    NS_ABORT_MSG_IF(m_upstreams.empty(),
                    "RecursiveResolver on node " << GetNode()->GetId()
                                                 << ": Upstreams is empty: give the DNS "
                                                    "proxy's address");

    m_srtt.clear();
    for (size_t i = 0; i < m_upstreams.size(); ++i)
    {
        m_srtt.push_back(Seconds(m_random->GetValue(0, 0.001)));
    }

    m_socket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
    NS_ABORT_MSG_IF(m_socket->Bind(InetSocketAddress(m_address, m_port)) != 0,
                    "RecursiveResolver: cannot bind " << m_address << ":" << m_port << " (errno "
                                                      << m_socket->GetErrno()
                                                      << "): is the port taken?");
    m_socket->SetRecvCallback(MakeCallback(&RecursiveResolver::HandleStubRead, this));
}

void
RecursiveResolver::StopApplication()
{
    NS_LOG_FUNCTION(this);
    std::vector<uint64_t> keys;
    for (const auto& entry : m_queries)
    {
        keys.push_back(entry.first);
    }
    for (uint64_t key : keys)
    {
        Close(key);
    }
    if (m_socket)
    {
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_socket->Close();
        m_socket = nullptr;
    }
}

void
RecursiveResolver::HandleStubRead(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    Address from;
    Ptr<Packet> packet;
    while ((packet = socket->RecvFrom(from)))
    {
        std::vector<uint8_t> bytes(packet->GetSize());
        packet->CopyData(bytes.data(), bytes.size());
        ldns_pkt* parsed = nullptr;
        if (ldns_wire2pkt(&parsed, bytes.data(), bytes.size()) != LDNS_STATUS_OK)
        {
            ++m_statistics.malformedQueries;
            continue;
        }
        PacketPtr query(parsed);
        if (ldns_pkt_qr(query.get()) || ldns_pkt_get_opcode(query.get()) != LDNS_PACKET_QUERY ||
            ldns_pkt_qdcount(query.get()) != 1 ||
            ldns_rr_list_rr_count(ldns_pkt_question(query.get())) != 1)
        {
            ++m_statistics.malformedQueries;
            continue;
        }
        uint16_t stubId = ldns_pkt_id(query.get());

        // A stub that retransmits while the query is still pending gets the one answer.
        bool duplicate = std::any_of(m_queries.begin(), m_queries.end(), [&](const auto& entry) {
            return !entry.second.finished && entry.second.stub == from &&
                   entry.second.stubId == stubId;
        });
        if (duplicate)
        {
            ++m_statistics.duplicateQueries;
            continue;
        }
        ++m_statistics.stubQueries;

        PendingQuery pending;
        pending.stub = from;
        pending.stubId = stubId;
        pending.stubRecursionDesired = ldns_pkt_rd(query.get());
        pending.stubEdns = ldns_pkt_edns(query.get());
        pending.question.reset(ldns_rr_clone(ldns_rr_list_rr(ldns_pkt_question(query.get()), 0)));
        pending.name = LdnsRdfToText(ldns_rr_owner(pending.question.get()));
        NS_LOG_INFO("stub query " << pending.name << " from "
                                  << InetSocketAddress::ConvertFrom(from).GetIpv4());

        auto cached = m_cache.find(CacheKey(pending.question.get()));
        if (cached != m_cache.end() && Simulator::Now() < cached->second.expiresAt)
        {
            ++m_statistics.cacheHits;
            Time age = Simulator::Now() - cached->second.storedAt;
            ReplyToStub(pending, cached->second.answer.get(),
                        static_cast<uint32_t>(age.GetSeconds()));
            continue;
        }
        if (cached != m_cache.end())
        {
            m_cache.erase(cached);
        }

        uint64_t key = m_nextKey++;
        m_queries.emplace(key, std::move(pending));
        SendAttempt(key);
    }
}

uint32_t
RecursiveResolver::ChooseUpstream(const PendingQuery& query)
{
    uint32_t count = static_cast<uint32_t>(m_upstreams.size());
    if (m_selection == FIRST)
    {
        return static_cast<uint32_t>(query.attempts.size() % count);
    }

    uint32_t chosen = 0;
    for (uint32_t i = 1; i < count; ++i)
    {
        if (m_srtt[i] < m_srtt[chosen])
        {
            chosen = i;
        }
    }
    for (uint32_t i = 0; i < count; ++i)
    {
        if (i != chosen)
        {
            m_srtt[i] = Scale(m_srtt[i], kSrttDecay);
        }
    }
    return chosen;
}

void
RecursiveResolver::SendAttempt(uint64_t key)
{
    NS_LOG_FUNCTION(this << key);
    PendingQuery& query = m_queries.at(key);

    Attempt attempt;
    attempt.upstream = ChooseUpstream(query);
    attempt.id = static_cast<uint16_t>(m_random->GetInteger(0, 65535));

    ldns_rr* question = ldns_rr_clone(query.question.get());
    ldns_rdf* owner = ldns_rr_owner(question);
    if (m_randomizeCase)
    {
        uint8_t* data = ldns_rdf_data(owner);
        size_t size = ldns_rdf_size(owner);
        for (size_t position = 0; position < size && data[position] != 0;
             position += data[position] + 1u)
        {
            for (size_t i = position + 1; i <= position + data[position] && i < size; ++i)
            {
                bool letter = (data[i] >= 'a' && data[i] <= 'z') || (data[i] >= 'A' && data[i] <= 'Z');
                if (letter && m_random->GetInteger(0, 1) == 1)
                {
                    data[i] = static_cast<uint8_t>(data[i] ^ 0x20);
                }
            }
        }
    }
    attempt.wireName.assign(ldns_rdf_data(owner), ldns_rdf_data(owner) + ldns_rdf_size(owner));

    PacketPtr message(ldns_pkt_new());
    ldns_pkt_set_id(message.get(), attempt.id);
    ldns_pkt_set_opcode(message.get(), LDNS_PACKET_QUERY);
    ldns_pkt_set_rd(message.get(), m_recursionDesired);
    ldns_pkt_push_rr(message.get(), LDNS_SECTION_QUESTION, question);
    if (m_ednsUdpSize > 0)
    {
        ldns_pkt_set_edns_udp_size(message.get(), m_ednsUdpSize);
    }
    std::vector<uint8_t> wire;
    NS_ABORT_MSG_IF(!LdnsPacketToWire(message.get(), wire),
                    "RecursiveResolver: ldns cannot serialise the query for " << query.name);

    // RFC 5452 section 9.2 calls for a random source port. If every try is taken, the stack
    // picks an ephemeral port.
    attempt.socket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
    bool bound = false;
    for (int i = 0; i < kPortTries && !bound; ++i)
    {
        uint16_t port = static_cast<uint16_t>(m_random->GetInteger(1024, 65535));
        bound = attempt.socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), port)) == 0;
    }
    if (!bound)
    {
        attempt.socket->Bind();
    }
    attempt.socket->SetRecvCallback(MakeCallback(&RecursiveResolver::HandleUpstreamRead, this));
    m_socketOwners[PeekPointer(attempt.socket)] = std::make_pair(key, query.attempts.size());

    Ipv4Address upstream = m_upstreams[attempt.upstream];
    attempt.sentAt = Simulator::Now();
    Ptr<Packet> packet = Create<Packet>(wire.data(), static_cast<uint32_t>(wire.size()));
    if (attempt.socket->SendTo(packet, 0, InetSocketAddress(upstream, m_upstreamPort)) < 0)
    {
        // Counted as sent: it will time out like a query lost on the way.
        NS_LOG_WARN("query for " << query.name << " to " << upstream << " not sent (errno "
                                 << attempt.socket->GetErrno() << ")");
    }
    ++m_statistics.upstreamQueries;
    NS_LOG_INFO("attempt " << query.attempts.size() + 1 << " for " << query.name << " sent to "
                           << upstream << " with ID " << attempt.id);
    query.attempts.push_back(std::move(attempt));
    query.timeoutEvent = Simulator::Schedule(m_timeout, &RecursiveResolver::HandleTimeout, this, key);
}

void
RecursiveResolver::HandleUpstreamRead(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    Address from;
    Ptr<Packet> packet;
    while ((packet = socket->RecvFrom(from)))
    {
        auto owner = m_socketOwners.find(PeekPointer(socket));
        if (owner == m_socketOwners.end())
        {
            return;
        }
        HandleUpstreamAnswer(owner->second.first, owner->second.second, packet, from);
    }
}

void
RecursiveResolver::HandleUpstreamAnswer(uint64_t key,
                                        size_t attemptIndex,
                                        Ptr<Packet> packet,
                                        const Address& from)
{
    auto found = m_queries.find(key);
    if (found == m_queries.end())
    {
        return;
    }
    PendingQuery& query = found->second;
    const Attempt& attempt = query.attempts[attemptIndex];

    // RFC 5452 section 9.1: source address and port, ID and question must all match.
    if (!InetSocketAddress::IsMatchingType(from) ||
        InetSocketAddress::ConvertFrom(from).GetIpv4() != m_upstreams[attempt.upstream] ||
        InetSocketAddress::ConvertFrom(from).GetPort() != m_upstreamPort)
    {
        ++m_statistics.unmatchedAnswers;
        return;
    }
    std::vector<uint8_t> bytes(packet->GetSize());
    packet->CopyData(bytes.data(), bytes.size());
    ldns_pkt* parsed = nullptr;
    if (ldns_wire2pkt(&parsed, bytes.data(), bytes.size()) != LDNS_STATUS_OK)
    {
        ++m_statistics.unmatchedAnswers;
        return;
    }
    PacketPtr answer(parsed);
    const ldns_rr_list* questions = ldns_pkt_question(answer.get());
    if (!ldns_pkt_qr(answer.get()) || ldns_pkt_id(answer.get()) != attempt.id ||
        ldns_rr_list_rr_count(questions) != 1)
    {
        ++m_statistics.unmatchedAnswers;
        return;
    }
    const ldns_rr* echoed = ldns_rr_list_rr(questions, 0);
    const ldns_rdf* echoedName = ldns_rr_owner(echoed);
    bool nameMatches;
    if (m_randomizeCase)
    {
        nameMatches = ldns_rdf_size(echoedName) == attempt.wireName.size() &&
                      std::equal(attempt.wireName.begin(), attempt.wireName.end(),
                                 ldns_rdf_data(echoedName));
    }
    else
    {
        nameMatches = CanonicalName(echoedName) == CanonicalName(ldns_rr_owner(query.question.get()));
    }
    if (!nameMatches || ldns_rr_get_type(echoed) != ldns_rr_get_type(query.question.get()) ||
        ldns_rr_get_class(echoed) != ldns_rr_get_class(query.question.get()))
    {
        ++m_statistics.unmatchedAnswers;
        return;
    }

    Time rtt = Simulator::Now() - attempt.sentAt;
    std::string preferred = PreferredTarget(answer.get());
    if (query.finished)
    {
        ++m_statistics.lateAnswers;
        NS_LOG_INFO("late answer for " << query.name << " (" << preferred << ") after "
                                       << rtt.As(Time::MS));
        m_lateAnswerTrace(query.name, preferred, rtt);
        return;
    }
    ldns_pkt_rcode rcode = ldns_pkt_get_rcode(answer.get());
    if (rcode != LDNS_RCODE_NOERROR && rcode != LDNS_RCODE_NXDOMAIN)
    {
        ++m_statistics.errorAnswers;
        NS_LOG_INFO("answer for " << query.name << " with RCODE " << static_cast<int>(rcode)
                                  << " dropped; waiting for another");
        return;
    }

    ++m_statistics.firstAnswers;
    Time& srtt = m_srtt[attempt.upstream];
    srtt = Scale(srtt, 1 - kSrttSampleWeight) + Scale(rtt, kSrttSampleWeight);
    NS_LOG_INFO("first answer for " << query.name << " (" << preferred << ") after "
                                    << rtt.As(Time::MS));
    m_firstAnswerTrace(query.name, preferred, rtt);
    Store(query, answer.get());
    ReplyToStub(query, answer.get(), 0);
    Finish(key);
}

void
RecursiveResolver::HandleTimeout(uint64_t key)
{
    NS_LOG_FUNCTION(this << key);
    PendingQuery& query = m_queries.at(key);
    ++m_statistics.timeouts;
    uint32_t attemptNumber = static_cast<uint32_t>(query.attempts.size());
    NS_LOG_INFO("attempt " << attemptNumber << " for " << query.name << " timed out");
    m_timeoutTrace(query.name, attemptNumber);

    Time& srtt = m_srtt[query.attempts.back().upstream];
    srtt = std::max(Scale(srtt, 2), m_timeout);

    if (query.attempts.size() <= m_retries)
    {
        SendAttempt(key);
        return;
    }
    ++m_statistics.failures;
    NS_LOG_INFO("no answer for " << query.name << " after " << attemptNumber
                                 << " attempts: SERVFAIL");
    ReplyToStub(query, nullptr, 0);
    Finish(key);
}

void
RecursiveResolver::Finish(uint64_t key)
{
    NS_LOG_FUNCTION(this << key);
    PendingQuery& query = m_queries.at(key);
    query.finished = true;
    query.timeoutEvent.Cancel();
    // Scheduled even for a zero window: closing a socket from inside its own receive
    // callback would free the endpoint the stack is still delivering through.
    query.closeEvent =
        Simulator::Schedule(m_lateAnswerWindow, &RecursiveResolver::Close, this, key);
}

void
RecursiveResolver::Close(uint64_t key)
{
    NS_LOG_FUNCTION(this << key);
    auto found = m_queries.find(key);
    if (found == m_queries.end())
    {
        return;
    }
    found->second.timeoutEvent.Cancel();
    found->second.closeEvent.Cancel();
    for (Attempt& attempt : found->second.attempts)
    {
        m_socketOwners.erase(PeekPointer(attempt.socket));
        attempt.socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        attempt.socket->Close();
    }
    m_queries.erase(found);
}

void
RecursiveResolver::ReplyToStub(const PendingQuery& query,
                               const ldns_pkt* upstreamAnswer,
                               uint32_t ttlReduction)
{
    NS_LOG_FUNCTION(this);
    if (!m_socket)
    {
        return;
    }

    auto startReply = [&]() {
        PacketPtr reply(ldns_pkt_new());
        ldns_pkt_set_id(reply.get(), query.stubId);
        ldns_pkt_set_qr(reply.get(), true);
        ldns_pkt_set_opcode(reply.get(), LDNS_PACKET_QUERY);
        ldns_pkt_set_rd(reply.get(), query.stubRecursionDesired);
        ldns_pkt_set_ra(reply.get(), true);
        ldns_pkt_push_rr(reply.get(), LDNS_SECTION_QUESTION, ldns_rr_clone(query.question.get()));
        if (query.stubEdns)
        {
            ldns_pkt_set_edns_udp_size(reply.get(), m_ednsUdpSize > 0 ? m_ednsUdpSize : 1232);
        }
        return reply;
    };
    PacketPtr reply = startReply();

    if (!upstreamAnswer)
    {
        ldns_pkt_set_rcode(reply.get(), LDNS_RCODE_SERVFAIL);
    }
    else
    {
        ldns_pkt_set_rcode(reply.get(), ldns_pkt_get_rcode(upstreamAnswer));
        ldns_pkt_set_tc(reply.get(), ldns_pkt_tc(upstreamAnswer));
        const ldns_pkt_section sections[] = {LDNS_SECTION_ANSWER,
                                             LDNS_SECTION_AUTHORITY,
                                             LDNS_SECTION_ADDITIONAL};
        const ldns_rr_list* lists[] = {ldns_pkt_answer(upstreamAnswer),
                                       ldns_pkt_authority(upstreamAnswer),
                                       ldns_pkt_additional(upstreamAnswer)};
        for (size_t s = 0; s < 3; ++s)
        {
            for (size_t i = 0; i < ldns_rr_list_rr_count(lists[s]); ++i)
            {
                ldns_rr* record = ldns_rr_clone(ldns_rr_list_rr(lists[s], i));
                uint32_t ttl = ldns_rr_ttl(record);
                ldns_rr_set_ttl(record, ttl > ttlReduction ? ttl - ttlReduction : 0);
                ldns_pkt_push_rr(reply.get(), sections[s], record);
            }
        }
    }

    std::vector<uint8_t> wire;
    if (!LdnsPacketToWire(reply.get(), wire))
    {
        NS_LOG_WARN("ldns cannot serialise the answer for " << query.name);
        return;
    }
    size_t limit = query.stubEdns ? std::max<size_t>(kClassicUdpSize, m_ednsUdpSize)
                                  : kClassicUdpSize;
    if (wire.size() > limit)
    {
        // Too large for the stub's buffer: the question alone with TC set.
        PacketPtr truncated = startReply();
        ldns_pkt_set_rcode(truncated.get(), ldns_pkt_get_rcode(reply.get()));
        ldns_pkt_set_tc(truncated.get(), true);
        if (!LdnsPacketToWire(truncated.get(), wire))
        {
            return;
        }
    }
    Ptr<Packet> packet = Create<Packet>(wire.data(), static_cast<uint32_t>(wire.size()));
    if (m_socket->SendTo(packet, 0, query.stub) < 0)
    {
        NS_LOG_WARN("answer for " << query.name << " not sent to the stub (errno "
                                  << m_socket->GetErrno() << ")");
    }
}

void
RecursiveResolver::Store(const PendingQuery& query, const ldns_pkt* answer)
{
    uint32_t lowest = std::numeric_limits<uint32_t>::max();
    size_t records = 0;
    for (const ldns_rr_list* list : {ldns_pkt_answer(answer), ldns_pkt_authority(answer)})
    {
        for (size_t i = 0; i < ldns_rr_list_rr_count(list); ++i)
        {
            lowest = std::min(lowest, ldns_rr_ttl(ldns_rr_list_rr(list, i)));
            ++records;
        }
    }
    if (records == 0 || lowest == 0)
    {
        return;
    }
    CacheEntry& entry = m_cache[CacheKey(query.question.get())];
    entry.answer.reset(ldns_pkt_clone(answer));
    entry.storedAt = Simulator::Now();
    entry.expiresAt = Simulator::Now() + Seconds(lowest);
}

std::string
RecursiveResolver::CacheKey(const ldns_rr* question)
{
    return CanonicalName(ldns_rr_owner(question)) + "/" +
           std::to_string(static_cast<int>(ldns_rr_get_type(question))) + "/" +
           std::to_string(static_cast<int>(ldns_rr_get_class(question)));
}

std::string
RecursiveResolver::PreferredTarget(const ldns_pkt* answer)
{
    const ldns_rr_list* records = ldns_pkt_answer(answer);
    const ldns_rr* bestMx = nullptr;
    uint16_t bestPreference = 0;
    const ldns_rr* firstA = nullptr;
    for (size_t i = 0; i < ldns_rr_list_rr_count(records); ++i)
    {
        const ldns_rr* record = ldns_rr_list_rr(records, i);
        if (ldns_rr_get_type(record) == LDNS_RR_TYPE_MX && ldns_rr_rd_count(record) == 2)
        {
            uint16_t preference = ldns_rdf2native_int16(ldns_rr_rdf(record, 0));
            if (!bestMx || preference < bestPreference)
            {
                bestMx = record;
                bestPreference = preference;
            }
        }
        else if (ldns_rr_get_type(record) == LDNS_RR_TYPE_A && !firstA &&
                 ldns_rr_rd_count(record) == 1)
        {
            firstA = record;
        }
    }
    if (bestMx)
    {
        return LdnsRdfToText(ldns_rr_rdf(bestMx, 1));
    }
    if (firstA)
    {
        return LdnsRdfToText(ldns_rr_rdf(firstA, 0));
    }
    return "";
}

} // namespace ns3
