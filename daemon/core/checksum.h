/**
 * \file
 * The Internet checksum (RFC 1071) and its incremental update (RFC 1624).
 */
#ifndef MXRACE_CORE_CHECKSUM_H
#define MXRACE_CORE_CHECKSUM_H

#include "byte-span.h"
#include "ipv4-address.h"

#include <cstdint>

namespace mxrace
{
namespace core
{

/**
 * \brief Adds \p bytes to a running one's-complement sum, as 16-bit big-endian words;
 * an odd last byte is padded with a zero byte.
 * \param sum the sum so far (start with 0)
 * \returns the new sum, not yet folded to 16 bits
 */
uint32_t ChecksumAdd(uint32_t sum, ByteSpan bytes);

/** \returns the one's complement of \p sum folded to 16 bits: the checksum field value. */
uint16_t ChecksumFinish(uint32_t sum);

/** \returns the RFC 1071 checksum of \p bytes. Over a header that includes a correct
 *  checksum field, it returns 0. */
uint16_t InternetChecksum(ByteSpan bytes);

/**
 * \brief Computes the UDP checksum over the IPv4 pseudo-header and \p udpSegment (header
 * with its checksum field as stored, and payload).
 *
 * A result of 0 is returned as 0xFFFF because 0 on the wire means "no checksum"
 * (RFC 768). Over a segment whose stored checksum is correct the raw sum is 0xFFFF or 0,
 * so use UdpChecksumValid() to verify.
 */
uint16_t UdpChecksum(Ipv4Addr src, Ipv4Addr dst, ByteSpan udpSegment);

/** \returns true if the stored checksum of \p udpSegment is 0 (none) or verifies. */
bool UdpChecksumValid(Ipv4Addr src, Ipv4Addr dst, ByteSpan udpSegment);

/**
 * \brief Updates checksum field \p checksum after a 32-bit field of the covered data
 * changed from \p oldValue to \p newValue (RFC 1624, eqn. 3: HC' = ~(~HC + ~m + m')).
 */
uint16_t ChecksumUpdate32(uint16_t checksum, uint32_t oldValue, uint32_t newValue);

} // namespace core
} // namespace mxrace

#endif
