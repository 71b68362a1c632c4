/**
 * \file
 * Validating parser and builder for IPv4 datagrams that carry UDP.
 */
#ifndef MXRACE_CORE_IPV4_UDP_H
#define MXRACE_CORE_IPV4_UDP_H

#include "byte-span.h"
#include "drop-reason.h"
#include "ipv4-address.h"

#include <cstdint>
#include <vector>

namespace mxrace
{
namespace core
{

constexpr size_t kIpv4MinHeaderLength = 20; //!< IHL 5, no options.
constexpr size_t kUdpHeaderLength = 8;      //!< Ports, length, checksum.
constexpr size_t kIpv4MaxLength = 65535;    //!< Largest total length field.
constexpr uint8_t kProtocolUdp = 17;        //!< IANA protocol number of UDP.

/** Offsets of IPv4 header fields. */
constexpr size_t kIpv4ChecksumOffset = 10;
constexpr size_t kIpv4SourceOffset = 12;
constexpr size_t kIpv4DestinationOffset = 16;

/**
 * \brief What ParseIpv4Header() found: the fields the core uses, and where the payload is.
 */
struct Ipv4Header
{
    size_t headerLength{0};     //!< IHL * 4, options included (20..60).
    size_t totalLength{0};      //!< Total length field; equals the buffer size.
    uint16_t identification{0}; //!< Identification field.
    bool moreFragments{false};  //!< MF flag.
    uint16_t fragmentOffset{0}; //!< Fragment offset in 8-byte units.
    uint8_t ttl{0};             //!< Time to live.
    uint8_t protocol{0};        //!< Protocol field.
    Ipv4Addr source{0};         //!< Source address.
    Ipv4Addr destination{0};    //!< Destination address.

    /** \returns true if this datagram is a fragment (MF set or a non-zero offset). */
    bool IsFragment() const
    {
        return moreFragments || fragmentOffset != 0;
    }
};

/**
 * \brief Parses and validates the IPv4 header of \p datagram.
 *
 * Checks, in order: at least 20 bytes, version 4, IHL of at least 5 whose header fits the
 * total length, total length of at least the header and at most the buffer, no trailing
 * bytes after the total length, and the header checksum. It reads nothing before checking
 * that it lies inside the buffer.
 *
 * \param datagram the bytes of one IPv4 datagram
 * \param[out] header the parsed fields; valid only when DropReason::None is returned
 * \returns DropReason::None, or why the datagram is invalid
 */
DropReason ParseIpv4Header(ByteSpan datagram, Ipv4Header& header);

/**
 * \brief What ParseIpv4Udp() found in a whole (unfragmented) IPv4/UDP datagram.
 */
struct Ipv4UdpDatagram
{
    Ipv4Header ip;           //!< The IPv4 header.
    uint16_t sourcePort{0};  //!< UDP source port.
    uint16_t destinationPort{0}; //!< UDP destination port.
    uint16_t udpChecksum{0}; //!< UDP checksum field as received (0: none).
    ByteSpan payload;        //!< UDP payload inside the parsed buffer.
};

/**
 * \brief Parses and validates a whole IPv4 datagram that carries UDP.
 *
 * After ParseIpv4Header(), it rejects fragments (DropReason::Ipv4Fragment), protocols other
 * than UDP, a UDP header that does not fit, a UDP length that differs from the IPv4 payload
 * length and a wrong non-zero UDP checksum.
 *
 * \param datagram the bytes of one IPv4 datagram
 * \param[out] result the parsed fields; valid only when DropReason::None is returned
 * \returns DropReason::None, or why the datagram is invalid
 */
DropReason ParseIpv4Udp(ByteSpan datagram, Ipv4UdpDatagram& result);

/**
 * \brief Parameters of a datagram built by BuildIpv4Udp().
 */
struct Ipv4UdpEndpoints
{
    Ipv4Addr source{0};          //!< IPv4 source address.
    uint16_t sourcePort{0};      //!< UDP source port.
    Ipv4Addr destination{0};     //!< IPv4 destination address.
    uint16_t destinationPort{0}; //!< UDP destination port.
};

/**
 * \brief Builds a complete IPv4/UDP datagram: 20-byte header without options, DF clear,
 * correct IPv4 header checksum and UDP checksum (a computed 0 is sent as 0xFFFF).
 *
 * \param endpoints addresses and ports
 * \param identification IPv4 identification field (Linux fills in 0 on a raw socket)
 * \param ttl time to live
 * \param payload UDP payload
 * \param[out] out replaced by the datagram
 * \returns DropReason::None, or DropReason::TooLarge if the datagram would exceed 65535
 *          bytes (\p out is then left empty)
 */
DropReason BuildIpv4Udp(const Ipv4UdpEndpoints& endpoints,
                        uint16_t identification,
                        uint8_t ttl,
                        ByteSpan payload,
                        std::vector<uint8_t>& out);

} // namespace core
} // namespace mxrace

#endif
