/**
 * \file
 * The proxy's packet logic: check a query, then build one datagram per DNS server.
 */
#ifndef MXRACE_CORE_QUERY_DUPLICATOR_H
#define MXRACE_CORE_QUERY_DUPLICATOR_H

#include "byte-span.h"
#include "dns-message.h"
#include "drop-reason.h"
#include "ipv4-address.h"
#include "ipv4-udp.h"
#include "rate-limiter.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mxrace
{
namespace core
{

/**
 * \brief The DNS servers that receive the copies of queries sent to one proxy address.
 *
 * A proxy published on several addresses (one per backbone) has one route per address,
 * and each route has its own server addresses, so that each server's rewriter can map the
 * answer back to the proxy address the client queried.
 */
struct ProxyRoute
{
    Ipv4Addr proxyAddress{0};     //!< Address the queries arrive at.
    std::vector<Ipv4Addr> servers; //!< One DNS server address per backbone.
};

/**
 * \brief Settings of a QueryDuplicator.
 */
struct DuplicatorConfig
{
    std::vector<ProxyRoute> routes; //!< At least one; proxy addresses must differ.
    uint16_t serverPort{53};        //!< Destination port of the copies.
    uint8_t ttl{64};                //!< TTL of the copies.
    /** Largest copy in bytes, IPv4 and UDP headers included. The copies leave through a
     *  header-including raw socket, which Linux does not fragment, so a copy larger than
     *  the path MTU could not be sent; 1500 is Ethernet's MTU. */
    size_t maxDatagramSize{1500};
    std::vector<std::string> zones; //!< Zones served; empty accepts every name.
    RateLimitConfig rateLimit;      //!< Per-source limit, charged before duplication.
};

/**
 * \brief A query as the adapter received it.
 */
struct ReceivedQuery
{
    Ipv4Addr client{0};        //!< Source address.
    uint16_t clientPort{0};    //!< Source port.
    Ipv4Addr proxyAddress{0};  //!< Destination address (the proxy address queried).
    ByteSpan payload;          //!< DNS message.
};

/**
 * \brief Checks queries and builds the copies that go to the DNS servers.
 *
 * Each copy is a complete IPv4/UDP datagram whose source is the client's address and port,
 * so that each DNS server answers the client directly, and whose destination is one DNS
 * server. The adapters send the copies through a header-including raw socket.
 */
class QueryDuplicator
{
  public:
    /**
     * \brief Creates a duplicator.
     * \param config the settings; use ValidateConfig() first to report errors
     */
    explicit QueryDuplicator(const DuplicatorConfig& config);

    /**
     * \brief Checks \p config for errors a user can fix.
     * \returns an empty string, or a message naming the invalid setting and value
     */
    static std::string ValidateConfig(const DuplicatorConfig& config);

    /**
     * \brief Applies every check to a query: source address and port, DNS header and
     * question, zones, and (if \p chargeRateLimit) the rate limit.
     * \param query the received query
     * \param nowNs monotonic time in nanoseconds, for the rate limit
     * \param chargeRateLimit false for queries over TCP, whose source is not spoofable
     * \param[out] question the parsed question
     * \returns DropReason::None, or why the query is dropped
     */
    DropReason Check(const ReceivedQuery& query,
                     uint64_t nowNs,
                     bool chargeRateLimit,
                     DnsQuestion& question);

    /**
     * \brief Checks \p query and builds one IPv4/UDP datagram per DNS server of the route
     * of its proxy address.
     * \param query the received query
     * \param nowNs monotonic time in nanoseconds, for the rate limit
     * \param[out] copies resized to the number of servers, one datagram each, in the order
     *             of ServersFor(); empty on a drop
     * \returns DropReason::None, or why the query is dropped
     */
    DropReason Duplicate(const ReceivedQuery& query,
                         uint64_t nowNs,
                         std::vector<std::vector<uint8_t>>& copies);

    /**
     * \brief Parses a whole IPv4/UDP datagram addressed to the proxy and duplicates it,
     * as Duplicate() does. For adapters that receive datagrams, headers included.
     */
    DropReason DuplicateDatagram(ByteSpan datagram,
                                 uint64_t nowNs,
                                 std::vector<std::vector<uint8_t>>& copies);

    /** \returns the servers of the route of \p proxyAddress, or nullptr if it has none. */
    const std::vector<Ipv4Addr>* ServersFor(Ipv4Addr proxyAddress) const;

  private:
    /** \returns true if \p source is the proxy's own or a DNS server's address. */
    bool IsOwnAddress(Ipv4Addr source) const;

    DuplicatorConfig m_config;                   //!< Settings.
    std::vector<std::vector<uint8_t>> m_zones;   //!< Zones in wire format.
    RateLimiter m_rateLimiter;                   //!< Per-source token buckets.
    uint16_t m_nextIdentification{1};            //!< IPv4 ID of the next copy.
};

} // namespace core
} // namespace mxrace

#endif
