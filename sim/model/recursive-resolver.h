/**
 * \file
 * A recursive resolver model that keeps the first matching answer of a DNS race.
 */
#ifndef MXRACE_RECURSIVE_RESOLVER_H
#define MXRACE_RECURSIVE_RESOLVER_H

#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/random-variable-stream.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <ldns/ldns.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \brief Answers stub resolvers' queries by asking the organisation's name server
 * addresses, and accepts the first answer that matches, as RFC 5452 section 9.1 asks.
 *
 * It listens on UDP Address:Port for stub queries. It does not iterate from the root:
 * every question goes to one of the Upstreams, as if the delegation to the organisation's
 * name servers were already known. Each attempt goes out from a socket bound to a random
 * port (1024 to 65535) with a random ID, both drawn from an ns-3 random stream, so a seed
 * reproduces a run. It accepts an answer only if its source address and port are the
 * upstream's, its ID is the attempt's and its question has the query's name, class and
 * type; anything else is counted as unmatched and dropped.
 *
 * The first matching answer with RCODE NOERROR or NXDOMAIN is relayed to the stub with
 * the stub's ID and question, RA set and AA clear. Answers with another RCODE are counted
 * and dropped, and the resolver keeps waiting, since another copy of the race may still
 * come. When an attempt gets no acceptable answer within Timeout, the next attempt goes
 * out (a new port and ID), up to Retries more attempts; then the stub gets SERVFAIL.
 * Earlier attempts' sockets stay open until the query ends, so a slow answer to an earlier
 * attempt is still accepted.
 *
 * Late answers: after the query ends, its sockets stay open for LateAnswerWindow, and a
 * matching answer arriving there is counted as late and fires LateAnswer. Unbound 1.17
 * closes the port as soon as it has its answer, so the late answer meets a closed port;
 * set LateAnswerWindow to 0 to model that (ns-3 then answers it with ICMP port
 * unreachable, as a real host does, and the resolver counts nothing).
 *
 * Server selection: with Selection First, attempt k goes to Upstreams[k modulo their
 * number]. With Selection Srtt, each attempt goes to the upstream with the lowest smoothed
 * RTT. Unknown upstreams start at a random SRTT below 1 ms, so each is tried early; an
 * answer updates the SRTT as 0.7 SRTT + 0.3 RTT; a time-out sets it to at least twice its
 * value and at least Timeout; every selection lowers the SRTT of the upstreams not chosen
 * by 2 %, so a slow upstream is probed again after a while.
 *
 * Caching: answers are cached for the lowest TTL of their answer and authority records,
 * and not at all when that TTL is 0, which is what the race relies on.
 *
 * NOTE: a relayed answer with TC set reaches the stub as it is, because the resolver does
 * not retry over TCP. Each attempt opens a UDP socket, and ns-3.37 frees closed UDP
 * sockets only when the simulation is destroyed, so memory grows with the attempts.
 *
 * Trace sources: FirstAnswer and LateAnswer (question name, the most preferred MX
 * exchange or the first A address of the answer, and the RTT of the attempt it answers),
 * Timeout (question name, attempt number from 1).
 */
class RecursiveResolver : public Application
{
  public:
    /** Upstream selection mode. */
    enum Selection
    {
        FIRST, //!< Upstreams in list order, the next one on each retry.
        SRTT   //!< The upstream with the lowest smoothed RTT.
    };

    /** Counters of a RecursiveResolver. */
    struct Statistics
    {
        uint64_t stubQueries{0};       //!< Stub queries accepted.
        uint64_t malformedQueries{0};  //!< Stub datagrams dropped: unparsable or not a query.
        uint64_t duplicateQueries{0};  //!< Stub retransmissions of a query still pending.
        uint64_t cacheHits{0};         //!< Stub queries answered from the cache.
        uint64_t upstreamQueries{0};   //!< Attempts sent upstream.
        uint64_t firstAnswers{0};      //!< Answers accepted.
        uint64_t lateAnswers{0};       //!< Matching answers after the query ended.
        uint64_t unmatchedAnswers{0};  //!< Answers failing the RFC 5452 match.
        uint64_t errorAnswers{0};      //!< Matching answers with a RCODE other than
                                       //!< NOERROR or NXDOMAIN.
        uint64_t timeouts{0};          //!< Attempts that timed out.
        uint64_t failures{0};          //!< Queries answered with SERVFAIL after all attempts.
    };

    /**
     * \brief Get the type ID.
     * \returns the object TypeId
     */
    static TypeId GetTypeId();

    RecursiveResolver();
    ~RecursiveResolver() override;

    /**
     * \brief Assigns fixed random variable stream numbers to the IDs, ports and initial
     * SRTTs.
     * \param stream first stream index to use
     * \returns the number of stream indices used (1)
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * \brief Get the counters.
     * \returns the counters
     */
    const Statistics& GetStatistics() const;

    /**
     * \brief Get the smoothed RTT of an upstream.
     * \param upstream an address of Upstreams
     * \returns the SRTT, or a negative time if \p upstream is not one of them or the
     *          application has not started
     */
    Time GetSrtt(Ipv4Address upstream) const;

    /**
     * TracedCallback signature of FirstAnswer and LateAnswer.
     * \param name the question name as the stub sent it
     * \param preferred the MX exchange of lowest preference, or the first A address, or an
     *        empty string if the answer has neither
     * \param rtt time from sending the attempt to receiving this answer
     */
    typedef void (*AnswerTracedCallback)(const std::string& name,
                                         const std::string& preferred,
                                         Time rtt);

    /**
     * TracedCallback signature of Timeout.
     * \param name the question name as the stub sent it
     * \param attempt the attempt that timed out, from 1
     */
    typedef void (*TimeoutTracedCallback)(const std::string& name, uint32_t attempt);

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    /** Frees an ldns record. */
    struct RrDeleter
    {
        /** \param record the record to free */
        void operator()(ldns_rr* record) const;
    };

    /** Frees an ldns packet. */
    struct PacketDeleter
    {
        /** \param packet the packet to free */
        void operator()(ldns_pkt* packet) const;
    };

    using RrPtr = std::unique_ptr<ldns_rr, RrDeleter>;        //!< Owned record.
    using PacketPtr = std::unique_ptr<ldns_pkt, PacketDeleter>; //!< Owned packet.

    /** One query sent upstream. */
    struct Attempt
    {
        Ptr<Socket> socket;            //!< Bound to a random port.
        uint16_t id{0};                //!< Message ID.
        uint32_t upstream{0};          //!< Index into m_upstreams.
        Time sentAt;                   //!< When it was sent.
        std::vector<uint8_t> wireName; //!< Question name as sent (case randomised or not).
    };

    /** A stub query being resolved, or lingering after its end. */
    struct PendingQuery
    {
        Address stub;                  //!< Stub address and port.
        uint16_t stubId{0};            //!< Stub's message ID.
        bool stubRecursionDesired{false}; //!< Stub's RD bit.
        bool stubEdns{false};          //!< Whether the stub sent EDNS.
        RrPtr question;                //!< Stub's question as received.
        std::string name;              //!< Question name in presentation format.
        std::vector<Attempt> attempts; //!< Attempts so far.
        EventId timeoutEvent;          //!< Time-out of the last attempt.
        EventId closeEvent;            //!< End of the late-answer window.
        bool finished{false};          //!< The stub got its answer (or SERVFAIL).
    };

    /** A cached answer. */
    struct CacheEntry
    {
        PacketPtr answer; //!< The upstream's answer.
        Time storedAt;    //!< When it was stored.
        Time expiresAt;   //!< When its lowest TTL runs out.
    };

    /**
     * \brief Reads every pending stub query from the listening socket.
     * \param socket the listening socket
     */
    void HandleStubRead(Ptr<Socket> socket);

    /**
     * \brief Reads every pending datagram from an attempt's socket.
     * \param socket an attempt's socket
     */
    void HandleUpstreamRead(Ptr<Socket> socket);

    /**
     * \brief Handles one datagram received on an attempt's socket of \p key.
     * \param key the query
     * \param attemptIndex the attempt whose socket received it
     * \param packet the datagram
     * \param from its source
     */
    void HandleUpstreamAnswer(uint64_t key,
                              size_t attemptIndex,
                              Ptr<Packet> packet,
                              const Address& from);

    /**
     * \brief Sends the next attempt of query \p key.
     * \param key the query
     */
    void SendAttempt(uint64_t key);

    /**
     * \brief Handles the time-out of the last attempt of query \p key.
     * \param key the query
     */
    void HandleTimeout(uint64_t key);

    /**
     * \brief Ends query \p key: its sockets close after LateAnswerWindow.
     * \param key the query
     */
    void Finish(uint64_t key);

    /**
     * \brief Closes the sockets of query \p key and removes it.
     * \param key the query
     */
    void Close(uint64_t key);

    /**
     * \brief Chooses the upstream of the next attempt of \p query.
     * \param query the query
     * \returns an index into m_upstreams
     */
    uint32_t ChooseUpstream(const PendingQuery& query);

    /**
     * \brief Sends the stub of \p query an answer built from \p upstreamAnswer.
     * \param query the query
     * \param upstreamAnswer the accepted or cached answer, or nullptr for SERVFAIL
     * \param ttlReduction seconds to subtract from every TTL (for cached answers)
     */
    void ReplyToStub(const PendingQuery& query,
                     const ldns_pkt* upstreamAnswer,
                     uint32_t ttlReduction);

    /**
     * \brief Stores \p answer in the cache if its lowest TTL is above 0.
     * \param query the query it answers
     * \param answer the accepted answer
     */
    void Store(const PendingQuery& query, const ldns_pkt* answer);

    /**
     * \brief Get the cache key of a question.
     * \param question the question record
     * \returns lower-case name, type and class as a string
     */
    static std::string CacheKey(const ldns_rr* question);

    /**
     * \brief Get the MX exchange of lowest preference or the first A address in
     * \p answer's answer section.
     * \param answer the answer
     * \returns its presentation format, or an empty string
     */
    static std::string PreferredTarget(const ldns_pkt* answer);

    Ipv4Address m_address;                //!< Address to listen on (0.0.0.0: all).
    uint16_t m_port;                      //!< Port to listen on.
    std::vector<Ipv4Address> m_upstreams; //!< Name server addresses to query.
    uint16_t m_upstreamPort;              //!< Their port.
    Selection m_selection;                //!< Upstream selection mode.
    Time m_timeout;                       //!< Time-out of one attempt.
    uint32_t m_retries;                   //!< Attempts after the first.
    Time m_lateAnswerWindow;              //!< How long sockets stay open after the end.
    bool m_recursionDesired;              //!< RD bit of the upstream queries.
    bool m_randomizeCase;                 //!< Whether to randomise the case of names (0x20).
    uint16_t m_ednsUdpSize;               //!< EDNS buffer size offered upstream; 0: no EDNS.

    Ptr<UniformRandomVariable> m_random; //!< IDs, ports, case and initial SRTTs.
    Ptr<Socket> m_socket;                //!< Listening socket.
    std::vector<Time> m_srtt;            //!< SRTT per upstream.
    std::map<uint64_t, PendingQuery> m_queries;     //!< Queries by serial number.
    std::map<const Socket*, std::pair<uint64_t, size_t>> m_socketOwners; //!< Query, attempt.
    std::map<std::string, CacheEntry> m_cache;      //!< Cached answers by CacheKey().
    uint64_t m_nextKey;                             //!< Serial number of the next query.
    Statistics m_statistics;                        //!< Counters.

    TracedCallback<const std::string&, const std::string&, Time> m_firstAnswerTrace; //!< First.
    TracedCallback<const std::string&, const std::string&, Time> m_lateAnswerTrace;  //!< Late.
    TracedCallback<const std::string&, uint32_t> m_timeoutTrace;                    //!< Timeout.
};

} // namespace ns3

#endif
