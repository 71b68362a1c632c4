/**
 * \file
 * An authoritative DNS server for one zone, loaded from an RFC 1035 zone file with ldns.
 */
#ifndef MXRACE_AUTHORITATIVE_DNS_SERVER_H
#define MXRACE_AUTHORITATIVE_DNS_SERVER_H

#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/random-variable-stream.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <ldns/ldns.h>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \brief Answers DNS queries over UDP from one zone, as NSD or BIND does for a zone it is
 * authoritative for.
 *
 * StartApplication() loads ZoneFile with ldns (relative names complete with Origin) and
 * binds a UDP socket to Address:Port. Address must be the service address: a socket bound
 * to 0.0.0.0 would answer from the address of whatever device the route picks, which on a
 * rewriter's node is the divert device.
 *
 * Each answer leaves after a delay drawn from ProcessingTime, independently per query, as
 * if every query had a thread of its own; no queue forms under load.
 *
 * Answers:
 * - names in the zone: the RRset of the question's type (every RRset for ANY) with the TTL
 *   of the zone file, AA set, and in the additional section the zone's A and AAAA records
 *   of MX exchanges and NS hosts; a CNAME at the name is followed inside the zone;
 * - a name with no RRset of that type (an empty non-terminal included): NOERROR with no
 *   answer (NODATA), AA set, and the SOA in the authority section;
 * - a name in the zone that does not exist: NXDOMAIN, AA set, SOA in the authority
 *   section, with the SOA's TTL lowered to its MINIMUM field as RFC 2308 section 3 asks;
 * - names outside the zone and classes other than IN: REFUSED;
 * - opcodes other than QUERY: NOTIMP.
 * The question is copied from the query byte for byte, letter case included, because
 * resolvers that randomise the case of names (DNS 0x20) reject anything else. An answer
 * larger than 512 bytes, or than the query's EDNS buffer size (at most EdnsUdpSize), is
 * replaced by the question alone with TC set.
 *
 * Dropped and counted, never answered: bytes ldns cannot parse as a DNS message,
 * responses (QR set), and queries whose question count is not 1.
 *
 * NOTE: zone cuts (NS records below the apex) are answered as ordinary records rather than
 * as referrals, and wildcards and DNSSEC are not implemented.
 *
 * Trace sources: Rx (each query), Tx (each answer), Drop (with the reason).
 */
class AuthoritativeDnsServer : public Application
{
  public:
    /**
     * \brief Get the type ID.
     * \returns the object TypeId
     */
    static TypeId GetTypeId();

    AuthoritativeDnsServer();
    ~AuthoritativeDnsServer() override;

    /**
     * \brief Assigns a fixed random variable stream number to ProcessingTime.
     * \param stream first stream index to use
     * \returns the number of stream indices used (1)
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * \brief Loads ZoneFile now; StartApplication() calls it if it was not called before.
     *
     * Stops the run with a message naming the file, the line and the error when the file
     * cannot be read or parsed, uses $INCLUDE, has no SOA record at Origin, or contains a
     * name outside Origin. Records without a TTL of their own take the last $TTL, or
     * 3600 s before any; TTLs of 2^31 s and above are read as 0 (RFC 2181 section 8).
     */
    void LoadZone();

    /**
     * \brief Get the number of records loaded, the SOA included.
     * \returns the number of records, or 0 before LoadZone()
     */
    uint32_t GetRecordCount() const;

    /**
     * \brief Get the number of datagrams received.
     * \returns the number of queries read from the socket
     */
    uint64_t GetReceivedCount() const;

    /**
     * \brief Get the number of answers sent.
     * \returns the number of answers the socket accepted
     */
    uint64_t GetSentCount() const;

    /**
     * \brief Get the number of queries dropped without an answer.
     * \returns the number of malformed queries and responses received
     */
    uint64_t GetDropCount() const;

    /**
     * TracedCallback signature of Drop.
     * \param packet the dropped message
     * \param reason why it was dropped
     */
    typedef void (*DropTracedCallback)(Ptr<const Packet> packet, const std::string& reason);

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

    /** Frees an ldns name. */
    struct RdfDeleter
    {
        /** \param rdf the name to free */
        void operator()(ldns_rdf* rdf) const;
    };

    /**
     * \brief Reads every pending query from the socket and schedules its answer.
     * \param socket the server's socket
     */
    void HandleRead(Ptr<Socket> socket);

    /**
     * \brief Builds the answer to one query.
     * \param query the DNS message received
     * \param[out] response the answer in wire format
     * \returns an empty string, or why the query is dropped without an answer
     */
    std::string Respond(const std::vector<uint8_t>& query, std::vector<uint8_t>& response) const;

    /**
     * \brief Fills the answer, authority and additional sections and the RCODE of
     * \p response for a question in the zone.
     * \param response the answer being built, with its question already set
     * \param name the question name
     * \param type the question type
     */
    void Resolve(ldns_pkt* response, const ldns_rdf* name, ldns_rr_type type) const;

    /**
     * \brief Sends \p response to \p to, if the application still runs.
     * \param response the answer
     * \param to the client's address and port
     */
    void SendResponse(Ptr<Packet> response, Address to);

    /**
     * \brief Get the records of \p name.
     * \param name a name in wire format
     * \returns the records, or nullptr if the name owns none
     */
    const std::vector<const ldns_rr*>* FindRecords(const ldns_rdf* name) const;

    std::string m_zoneFile;                   //!< Path of the zone file.
    std::string m_origin;                     //!< Zone origin, for relative names.
    Ipv4Address m_address;                    //!< Service address.
    uint16_t m_port;                          //!< Service port.
    uint16_t m_ednsUdpSize;                   //!< Largest EDNS answer sent over UDP.
    Ptr<RandomVariableStream> m_processingTime; //!< Delay before each answer, in seconds.

    std::vector<std::unique_ptr<ldns_rr, RrDeleter>> m_zone; //!< The zone's records.
    const ldns_rr* m_soa{nullptr};                  //!< The zone's SOA record.
    std::unique_ptr<ldns_rdf, RdfDeleter> m_apex;   //!< The zone's apex name.
    std::map<std::string, std::vector<const ldns_rr*>> m_records; //!< By lower-case owner.
    std::set<std::string> m_names; //!< Owners and their ancestors up to the apex (lower case).

    Ptr<Socket> m_socket;            //!< Bound to m_address:m_port.
    std::vector<EventId> m_pending;  //!< Answers waiting for their processing time.
    uint64_t m_received;             //!< Queries received.
    uint64_t m_sent;                 //!< Answers sent.
    uint64_t m_dropped;              //!< Queries dropped.

    TracedCallback<Ptr<const Packet>, const Address&> m_rxTrace;       //!< Query received.
    TracedCallback<Ptr<const Packet>, const Address&> m_txTrace;       //!< Answer sent.
    TracedCallback<Ptr<const Packet>, const std::string&> m_dropTrace; //!< Query dropped.
};

} // namespace ns3

#endif
