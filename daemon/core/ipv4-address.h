/**
 * \file
 * IPv4 addresses as host-order integers, with text conversion and address classes.
 */
#ifndef MXRACE_CORE_IPV4_ADDRESS_H
#define MXRACE_CORE_IPV4_ADDRESS_H

#include <cstdint>
#include <optional>
#include <string>

namespace mxrace
{
namespace core
{

/** An IPv4 address in host byte order (192.0.2.1 is 0xC0000201). */
using Ipv4Addr = uint32_t;

/**
 * \brief Parses dotted-quad text ("192.0.2.1") strictly: four decimal fields of 0..255,
 * no leading zeros, no other characters.
 * \returns the address, or nothing if \p text is not of that form.
 */
std::optional<Ipv4Addr> ParseIpv4(const std::string& text);

/** \returns \p addr as dotted-quad text. */
std::string FormatIpv4(Ipv4Addr addr);

/** \returns the mask of a /\p prefixLength network (0..32; larger values give /32). */
Ipv4Addr PrefixMask(unsigned prefixLength);

/**
 * \returns true if \p addr can never be the source of a genuine query from another host:
 * 0.0.0.0/8, 127.0.0.0/8, 224.0.0.0/4 (multicast), 240.0.0.0/4 (reserved) or
 * 255.255.255.255.
 */
bool IsUnusableSource(Ipv4Addr addr);

} // namespace core
} // namespace mxrace

#endif
