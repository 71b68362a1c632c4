/**
 * \file
 * A stub resolver for the simulated MTAs: DNS queries over UDP to one recursive resolver.
 */
#ifndef MXRACE_SIM_STUB_RESOLVER_H
#define MXRACE_SIM_STUB_RESOLVER_H

#include "ns3/address.h"
#include "ns3/callback.h"
#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/ptr.h"
#include "ns3/random-variable-stream.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \brief Sends MX and A queries to a recursive resolver and returns the parsed answers.
 *
 * The resolver is a plain Object that an application owns, like the resolver library a
 * real MTA links. Queries are built and parsed with ldns, carry RD=1 and an ID drawn from
 * an ns-3 random stream, and leave from one UDP socket bound at Start() to an ephemeral
 * port. An answer is accepted only if it comes from the configured server address and port
 * and matches a pending query's ID and question (name, type and class, RFC 5452 section
 * 9.1); anything else is dropped and counted under a DropReason. A query without an
 * accepted answer is sent again with the same ID after Timeout, at most Attempts times in
 * all, and then reported as timed out.
 *
 * \todo A truncated (TC=1) answer is reported as Truncated; there is no retry over TCP.
 */
class StubResolver : public Object
{
  public:
    /** \brief Outcome of one query. */
    enum class Status
    {
        Ok,            //!< RCODE NOERROR; the record list may be empty (no data).
        NameError,     //!< RCODE NXDOMAIN.
        ServerFailure, //!< Any other RCODE; the code is in Answer::rcode.
        Truncated,     //!< TC bit set.
        Timeout,       //!< No accepted answer after Attempts transmissions.
        LocalError     //!< The query could not be built or sent (invalid name, no socket).
    };

    /** \brief Why a received datagram was dropped. */
    enum class DropReason : uint8_t
    {
        UnexpectedSource, //!< Not from the server's address and port.
        Malformed,        //!< ldns could not parse it as a DNS message.
        NotResponse,      //!< QR bit clear.
        UnknownId,        //!< No pending query has its ID (late duplicate, or forged).
        QuestionMismatch, //!< Question differs from the pending query's name, type or class.
        Count             //!< Number of values; not a reason.
    };

    /** \brief One MX record of an answer. */
    struct MxRecord
    {
        uint16_t preference; //!< Lower is preferred.
        std::string exchange; //!< Host name, lower case, without the trailing dot.
    };

    /** \brief The parsed answer to one query. */
    struct Answer
    {
        Status status = Status::Ok;         //!< Outcome of the query.
        uint8_t rcode = 0;                  //!< RCODE of the accepted answer.
        std::string name;                   //!< The name queried.
        std::vector<MxRecord> mx;           //!< MX records, in the order of the answer.
        std::vector<Ipv4Address> addresses; //!< A records, in the order of the answer.
        uint32_t transmissions = 0;         //!< Copies of the query sent.
    };

    /** \brief Receives the answer to one query. */
    typedef Callback<void, const Answer&> AnswerCallback;

    /**
     * \brief Signature of the Drop trace.
     * \param reason why the datagram was dropped.
     * \param from the datagram's source.
     */
    typedef void (*DropTracedCallback)(DropReason reason, const Address& from);

    /**
     * \brief Registers the attributes and trace sources.
     * \returns the object TypeId.
     */
    static TypeId GetTypeId();

    StubResolver();
    ~StubResolver() override;

    /**
     * \brief Sets the node whose UDP stack sends the queries. Call before Start().
     * \param node the node.
     */
    void SetNode(Ptr<Node> node);

    /** \brief Opens the socket. Start-up errors stop the simulation with a message. */
    void Start();

    /** \brief Closes the socket and cancels pending queries without calling them back. */
    void Stop();

    /**
     * \brief Looks up the MX records of a domain.
     * \param domain the domain, for example "example.org".
     * \param done called once with the answer, never from inside this call.
     */
    void QueryMx(const std::string& domain, AnswerCallback done);

    /**
     * \brief Looks up the IPv4 addresses of a host.
     * \param host the host name.
     * \param done called once with the answer, never from inside this call.
     */
    void QueryA(const std::string& host, AnswerCallback done);

    /**
     * \brief Fixes the random stream used for query IDs.
     * \param stream the first stream index to use.
     * \returns the number of streams used (1).
     */
    int64_t AssignStreams(int64_t stream);

    /** \returns the number of queries started. */
    uint64_t GetQueryCount() const;

    /** \returns the number of query copies sent again after a time-out. */
    uint64_t GetRetransmissionCount() const;

    /** \returns the number of queries reported as timed out. */
    uint64_t GetTimeoutCount() const;

    /**
     * \param reason a drop reason.
     * \returns the number of datagrams dropped for \p reason.
     */
    uint64_t GetDropCount(DropReason reason) const;

    /**
     * \param reason a drop reason.
     * \returns a stable kebab-case name for \p reason.
     */
    static const char* DropReasonToString(DropReason reason);

    /**
     * \param status a query status.
     * \returns a stable kebab-case name for \p status.
     */
    static const char* StatusToString(Status status);

  protected:
    void DoDispose() override;

  private:
    /** \brief A query waiting for its answer. */
    struct PendingQuery
    {
        std::string name;           //!< Name queried, as given.
        uint16_t type;              //!< Query type (LDNS_RR_TYPE_MX or LDNS_RR_TYPE_A).
        std::vector<uint8_t> wire;  //!< The query message, sent again on time-out.
        uint32_t transmissions;     //!< Copies sent so far.
        EventId timer;              //!< Time-out of the last copy.
        AnswerCallback done;        //!< Caller's callback.
    };

    /** \brief Starts a query of type \p type. */
    void Query(const std::string& name, uint16_t type, AnswerCallback done);

    /** \brief Sends the query \p id (again). */
    void Transmit(uint16_t id);

    /** \brief Retransmits or times out query \p id. */
    void HandleTimeout(uint16_t id);

    /** \brief Reads and matches every datagram the socket holds. */
    void HandleRead(Ptr<Socket> socket);

    /** \brief Matches one datagram against the pending queries. */
    void HandleDatagram(const uint8_t* data, size_t size, const Address& from);

    /** \brief Counts a dropped datagram and fires the Drop trace. */
    void Drop(DropReason reason, const Address& from);

    /** \brief Calls \p done with an answer that only has a status. */
    static void ReportStatus(AnswerCallback done, std::string name, Status status);

    Ptr<Node> m_node;                           //!< Node that sends the queries.
    Ipv4Address m_serverAddress;                //!< Recursive resolver's address.
    uint16_t m_serverPort;                      //!< Recursive resolver's UDP port.
    Ipv4Address m_localAddress;                 //!< Source address; 0.0.0.0 lets routing pick.
    Time m_timeout;                             //!< Wait for an answer before retransmitting.
    uint32_t m_attempts;                        //!< Transmissions per query, first included.
    Ptr<UniformRandomVariable> m_idRandom;      //!< Source of query IDs.
    Ptr<Socket> m_socket;                       //!< The UDP socket, open between Start and Stop.
    std::map<uint16_t, PendingQuery> m_pending; //!< Queries waiting for an answer, by ID.

    uint64_t m_queryCount;          //!< Queries started.
    uint64_t m_retransmissionCount; //!< Copies sent after a time-out.
    uint64_t m_timeoutCount;        //!< Queries that timed out.
    std::array<uint64_t, static_cast<size_t>(DropReason::Count)> m_dropCounts; //!< Drops.
    TracedCallback<DropReason, const Address&> m_dropTrace; //!< Fired for each drop.
};

} // namespace ns3

#endif // MXRACE_SIM_STUB_RESOLVER_H
