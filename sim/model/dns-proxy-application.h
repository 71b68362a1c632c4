/**
 * \file
 * The mxrace DNS proxy as an ns-3 application: one copy of each query per DNS server.
 */
#ifndef MXRACE_DNS_PROXY_APPLICATION_H
#define MXRACE_DNS_PROXY_APPLICATION_H

#include "daemon/core/drop-reason.h"
#include "daemon/core/query-duplicator.h"

#include "ns3/application.h"
#include "ns3/ipv4-address.h"
#include "ns3/net-device.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \brief Receives DNS queries on the proxy's addresses and sends one copy of each to every
 * DNS server, keeping the client's source address and port.
 *
 * The packet logic is mxrace::core::QueryDuplicator, the same code the mxrace-proxy daemon
 * runs: it checks the query and builds each copy as a complete IPv4/UDP datagram. This
 * class only moves bytes: a UDP socket bound to each proxy address receives the queries,
 * and each copy leaves through an Ipv4RawSocketImpl with IpHeaderInclude set. That raw
 * socket is bound to the device of the route to the server first, because ns-3.37 asserts
 * on a header-including datagram whose source is not the node's own address unless the
 * socket is bound to a device.
 *
 * The first route (one proxy address and its servers) comes from the attributes
 * ProxyAddress and ServerAddresses; AddRoute() adds more, for a proxy published on one
 * address per backbone.
 *
 * Trace sources: Rx (each query received), Tx (each copy sent, with its server), Drop (each
 * query or copy dropped, with the reason as mxrace::core::ToString() names it, or
 * "no-route" when no route leads to a server).
 */
class DnsProxyApplication : public Application
{
  public:
    /**
     * \brief Get the type ID.
     * \returns the object TypeId
     */
    static TypeId GetTypeId();

    DnsProxyApplication();
    ~DnsProxyApplication() override;

    /**
     * \brief Adds a proxy address whose queries go to \p servers, beside the route that the
     * attributes ProxyAddress and ServerAddresses configure. Call it before the start.
     * \param proxyAddress an address of this node that receives queries
     * \param servers one DNS server address per backbone
     */
    void AddRoute(Ipv4Address proxyAddress, const std::vector<Ipv4Address>& servers);

    /**
     * \brief Get the drop counters of the queries, by reason.
     * \returns the counters
     */
    const mxrace::core::DropCounters& GetDropCounters() const;

    /**
     * \brief Get the number of queries received.
     * \returns the number of datagrams read from the proxy's UDP sockets
     */
    uint64_t GetReceivedCount() const;

    /**
     * \brief Get the number of copies sent.
     * \returns the number of datagrams the raw sockets accepted
     */
    uint64_t GetSentCount() const;

    /**
     * \brief Get the number of copies dropped because no route led to their server.
     * \returns the number of copies without a route
     */
    uint64_t GetNoRouteCount() const;

    /**
     * TracedCallback signature of Tx.
     * \param datagram the copy, IPv4 header included
     * \param server the DNS server it is sent to
     */
    typedef void (*TxTracedCallback)(Ptr<const Packet> datagram, Ipv4Address server);

    /**
     * TracedCallback signature of Drop.
     * \param packet the query (UDP payload) or the copy (IPv4 datagram)
     * \param reason why it was dropped
     */
    typedef void (*DropTracedCallback)(Ptr<const Packet> packet, const std::string& reason);

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    /**
     * \brief Builds the core's settings from the attributes and AddRoute().
     * \returns the settings
     */
    mxrace::core::DuplicatorConfig BuildConfig() const;

    /**
     * \brief Reads every pending query from \p socket and sends its copies.
     * \param socket a proxy address's UDP socket
     */
    void HandleRead(Ptr<Socket> socket);

    /**
     * \brief Sends one copy through the raw socket of its route's device.
     * \param datagram the copy built by the core
     * \param client the query's source address, the copy's source
     * \param server the copy's destination
     */
    void SendCopy(const std::vector<uint8_t>& datagram, Ipv4Address client, Ipv4Address server);

    /**
     * \brief Get the raw socket bound to \p device, creating it on first use.
     * \param device an output device of this node
     * \returns the socket
     */
    Ptr<Socket> GetRawSocket(Ptr<NetDevice> device);

    Ipv4Address m_proxyAddress;           //!< Proxy address of the first route.
    std::vector<Ipv4Address> m_servers;   //!< DNS servers of the first route.
    std::vector<std::pair<Ipv4Address, std::vector<Ipv4Address>>> m_extraRoutes; //!< AddRoute().
    uint16_t m_port;                      //!< Port the proxy listens on.
    uint16_t m_serverPort;                //!< Destination port of the copies.
    uint8_t m_ttl;                        //!< TTL of the copies.
    std::vector<std::string> m_zones;     //!< Zones served; empty accepts every name.
    double m_rateLimit;                   //!< Queries per second per source prefix; 0: off.
    double m_rateBurst;                   //!< Bucket size per source prefix, in queries.
    uint32_t m_ratePrefixLength;          //!< Prefix length that groups sources.
    double m_globalRateLimit;             //!< Queries per second over all sources; 0: off.
    double m_globalRateBurst;             //!< Size of the shared bucket, in queries.

    std::unique_ptr<mxrace::core::QueryDuplicator> m_duplicator; //!< The packet logic.
    std::vector<std::pair<Ptr<Socket>, Ipv4Address>> m_listenSockets; //!< Socket, its address.
    std::vector<std::pair<Ptr<NetDevice>, Ptr<Socket>>> m_rawSockets; //!< Device, raw socket.

    mxrace::core::DropCounters m_drops; //!< Dropped queries by reason.
    uint64_t m_received;                //!< Queries received.
    uint64_t m_sent;                    //!< Copies sent.
    uint64_t m_noRoute;                 //!< Copies without a route.

    TracedCallback<Ptr<const Packet>, const Address&> m_rxTrace;          //!< Query received.
    TracedCallback<Ptr<const Packet>, Ipv4Address> m_txTrace;             //!< Copy sent.
    TracedCallback<Ptr<const Packet>, const std::string&> m_dropTrace;    //!< Dropped.
};

} // namespace ns3

#endif
