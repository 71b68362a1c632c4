/**
 * \file
 * DNS over TCP on the proxy addresses, relayed to one DNS server per connection.
 */
#ifndef MXRACE_LINUX_TCP_RELAY_H
#define MXRACE_LINUX_TCP_RELAY_H

#include "core/drop-reason.h"
#include "core/ipv4-address.h"
#include "core/query-duplicator.h"
#include "event-loop.h"
#include "stats.h"
#include "unique-fd.h"

#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <unordered_map>
#include <vector>

namespace mxrace
{
namespace linux_io
{

/**
 * \brief Limits of a TcpRelay.
 */
struct TcpRelayConfig
{
    size_t maxConnections{100};        //!< Client connections open at once.
    size_t maxConnectionsPerPrefix{10}; //!< Client connections open at once from one prefix.
    unsigned prefixLength{24};         //!< Clients sharing this many leading bits share a limit.
    uint64_t idleTimeoutNs{10000000000}; //!< Time without a complete query or answer.
    uint64_t connectTimeoutNs{3000000000}; //!< Time to wait for one server's connection.
    uint16_t serverPort{53};           //!< TCP port of the DNS servers.
};

/**
 * \brief Accepts DNS-over-TCP connections and relays their queries to a DNS server.
 *
 * Spoofed TCP cannot race, so a client that retries over TCP (after an answer truncated
 * over UDP, TC=1) talks to one server through this relay. Each complete query (2-byte
 * length prefix, RFC 1035 section 4.2.2) is checked with QueryDuplicator::Check() without
 * charging the rate limit, because a TCP client has proved its address. The first query
 * opens a connection to the first server of the route of the address the client
 * connected to. When that connection fails or does not complete within connectTimeoutNs,
 * the next server is tried. The answers are copied back unchanged.
 *
 * A connection is closed on an invalid query, when the server side fails with queries
 * unanswered, when the client has closed and every answer was sent, and after
 * idleTimeoutNs without a complete query or answer. Partial bytes do not reset that timer,
 * so a client sending a byte at a time cannot hold a connection. Each direction buffers at
 * most kMaxBuffered bytes before reading from the other side stops.
 *
 * A new connection is closed at once when its client's prefix (prefixLength bits) already
 * has maxConnectionsPerPrefix connections open, so that one client cannot hold every slot
 * of maxConnections for idleTimeoutNs and lock everyone else out of DNS over TCP.
 *
 * Counters: tcp-sessions, tcp-sessions-rejected (over maxConnections),
 * tcp-sessions-rejected-prefix (over maxConnectionsPerPrefix), tcp-received (queries),
 * tcp-relayed (queries sent to a server), tcp-answers, tcp-timeouts, tcp-errors,
 * tcp-connect-errors.SERVER, and the drop counters tcp-dropped.REASON.
 */
class TcpRelay
{
  public:
    /**
     * \brief Creates a relay with no listening socket.
     * \param loop the event loop its sockets are registered in
     * \param duplicator the query checks
     * \param config limits
     * \param stats where its counters are created
     */
    TcpRelay(EventLoop& loop,
             core::QueryDuplicator& duplicator,
             const TcpRelayConfig& config,
             Stats& stats);

    ~TcpRelay();

    TcpRelay(const TcpRelay&) = delete;
    TcpRelay& operator=(const TcpRelay&) = delete;

    /**
     * \brief Opens a listening socket on \p address, \p port.
     * \param servers the servers of the route of \p address, in the order to try them
     * \returns the bound port, which the kernel picks when \p port is 0
     * \throws std::runtime_error naming the address when a step fails
     */
    uint16_t Listen(core::Ipv4Addr address,
                    uint16_t port,
                    const std::vector<core::Ipv4Addr>& servers);

    /** Closes idle connections and fails over slow server connections; call about once a
     *  second. */
    void CheckTimers(uint64_t nowNs);

    /** Frees the connections closed during the last event-loop iteration. */
    void CollectClosed();

    /** \returns the number of open client connections. */
    size_t SessionCount() const
    {
        return m_sessions.size();
    }

    /** \returns the number of open client connections from the prefix of \p client. */
    size_t SessionCount(core::Ipv4Addr client) const;

    static constexpr size_t kMaxBuffered = 131072; //!< Bytes buffered per direction.

    /**
     * \returns the drop reasons that a query over TCP can hit, listed as
     * tcp-dropped.REASON: those of the source, the DNS header and question, and the zone.
     * The IPv4 and UDP checks and the rate limit do not apply to TCP, and every listen
     * address has servers.
     */
    static const std::vector<core::DropReason>& DropReasons();

  private:
    class Listener;
    class Session;
    friend class Listener;
    friend class Session;

    /** Takes a new client connection \p fd from \p listener. */
    void Adopt(Listener& listener, UniqueFd fd, core::Ipv4Addr client, uint16_t clientPort);

    /** Closes \p session and moves it to the list freed by CollectClosed(). */
    void Close(Session& session);

    /** \returns the counter of connection failures to \p server. */
    uint64_t& ConnectErrors(core::Ipv4Addr server);

    EventLoop& m_loop;                                  //!< Event loop.
    core::QueryDuplicator& m_duplicator;                //!< Query checks.
    TcpRelayConfig m_config;                            //!< Limits.
    Stats& m_stats;                                     //!< Counter registry.
    std::vector<std::unique_ptr<Listener>> m_listeners; //!< One per listen address.
    std::list<std::unique_ptr<Session>> m_sessions;     //!< Open client connections.
    std::vector<std::unique_ptr<Session>> m_closed;     //!< Closed, freed by CollectClosed().

    uint64_t& m_sessionsAccepted;  //!< tcp-sessions
    uint64_t& m_sessionsRejected;  //!< tcp-sessions-rejected
    uint64_t& m_sessionsRejectedPrefix; //!< tcp-sessions-rejected-prefix
    uint64_t& m_queriesReceived;   //!< tcp-received
    uint64_t& m_queriesRelayed;    //!< tcp-relayed
    uint64_t& m_answers;           //!< tcp-answers
    uint64_t& m_timeouts;          //!< tcp-timeouts
    uint64_t& m_errors;            //!< tcp-errors
    core::DropCounters& m_drops;   //!< tcp-dropped.REASON
    std::map<core::Ipv4Addr, uint64_t*> m_connectErrors; //!< tcp-connect-errors.SERVER
    core::Ipv4Addr m_prefixMask;                          //!< Mask of prefixLength.
    std::unordered_map<core::Ipv4Addr, size_t> m_prefixSessions; //!< Open sessions by prefix.
};

} // namespace linux_io
} // namespace mxrace

#endif
