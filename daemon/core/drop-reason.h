/**
 * \file
 * The reasons for which the core rejects a datagram, and counters indexed by them.
 */
#ifndef MXRACE_CORE_DROP_REASON_H
#define MXRACE_CORE_DROP_REASON_H

#include <array>
#include <cstddef>
#include <cstdint>

namespace mxrace
{
namespace core
{

/**
 * \brief Why a datagram was rejected.
 *
 * Every parser and policy check in the core returns one of these, the daemons count drops
 * per reason and the ns-3 applications fire their Drop trace with it. Append new values
 * before Count and give each a name in ToString().
 */
enum class DropReason : uint8_t
{
    None = 0,           //!< Not dropped.
    Ipv4TooShort,       //!< Fewer bytes than a minimal IPv4 header (20).
    Ipv4BadVersion,     //!< Version field is not 4.
    Ipv4BadIhl,         //!< IHL below 5, or the header runs past the total length.
    Ipv4BadTotalLength, //!< Total length below the header length or above the buffer size.
    Ipv4TrailingBytes,  //!< The buffer holds bytes after the total length.
    Ipv4BadChecksum,    //!< IPv4 header checksum does not verify.
    Ipv4Fragment,       //!< A fragment where only whole datagrams are accepted.
    NotUdp,             //!< Protocol field is not UDP (17).
    UdpTooShort,        //!< Fewer than 8 bytes for the UDP header.
    UdpBadLength,       //!< UDP length below 8 or different from the IPv4 payload length.
    UdpBadChecksum,     //!< UDP checksum present (non-zero) and wrong.
    DnsTooShort,        //!< Fewer than 12 bytes for the DNS header.
    DnsNotQuery,        //!< QR bit set: a response sent to the proxy.
    DnsBadOpcode,       //!< Opcode other than QUERY (0).
    DnsBadQuestionCount, //!< QDCOUNT is not 1.
    DnsBadName,         //!< Question name malformed: label over 63, name over 255, pointer, or cut short.
    DnsQuestionTruncated, //!< No room for QTYPE and QCLASS after the name.
    ZoneNotServed,      //!< Question name outside every configured zone.
    BadSource,          //!< Source address is loopback, unspecified, multicast, broadcast, the
                        //!< proxy's own or a DNS server's, or the source port is 0.
    RateLimited,        //!< The source prefix has no tokens left.
    TooLarge,           //!< A copy would exceed the maximum datagram size (at most 65535).
    NoServers,          //!< No DNS server is configured for the address the query came to.
    Count               //!< Number of values; not a reason.
};

/** Number of DropReason values, Count excluded. */
constexpr size_t kDropReasonCount = static_cast<size_t>(DropReason::Count);

/** \returns a stable kebab-case name for \p reason, used in logs, statistics and traces. */
const char* ToString(DropReason reason);

/**
 * \brief One counter per DropReason.
 */
class DropCounters
{
  public:
    /** Adds one to the counter of \p reason; DropReason::None is ignored. */
    void Add(DropReason reason)
    {
        if (reason != DropReason::None && reason < DropReason::Count)
        {
            ++m_counts[static_cast<size_t>(reason)];
        }
    }

    /** \returns the counter of \p reason. */
    uint64_t Get(DropReason reason) const
    {
        return reason < DropReason::Count ? m_counts[static_cast<size_t>(reason)] : 0;
    }

    /** \returns the sum over all reasons. */
    uint64_t Total() const
    {
        uint64_t sum = 0;
        for (uint64_t c : m_counts)
        {
            sum += c;
        }
        return sum;
    }

  private:
    std::array<uint64_t, kDropReasonCount> m_counts{}; //!< Counters indexed by reason.
};

} // namespace core
} // namespace mxrace

#endif
