/**
 * \file
 * Conversions between ldns objects and the byte vectors and strings the models use.
 */
#ifndef MXRACE_LDNS_WIRE_H
#define MXRACE_LDNS_WIRE_H

#include <ldns/ldns.h>

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \brief Serialises \p packet to DNS wire format.
 * \param[out] wire the message; unchanged on failure
 * \returns true on success
 */
bool LdnsPacketToWire(const ldns_pkt* packet, std::vector<uint8_t>& wire);

/**
 * \returns \p rdf in presentation format (a name with its trailing dot), or \p fallback if
 * ldns cannot print it
 */
std::string LdnsRdfToText(const ldns_rdf* rdf, const std::string& fallback = "");

} // namespace ns3

#endif
