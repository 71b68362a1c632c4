/**
 * \file
 * The proxy's minimal DNS check: header and one question, with a bounded name parser.
 *
 * The models in the ns-3 testbed use ldns for full DNS messages; the proxy's hot path only
 * needs the header and the question, so it keeps this small parser, which a fuzzer can
 * reach on its own.
 */
#ifndef MXRACE_CORE_DNS_MESSAGE_H
#define MXRACE_CORE_DNS_MESSAGE_H

#include "byte-span.h"
#include "drop-reason.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mxrace
{
namespace core
{

constexpr size_t kDnsHeaderLength = 12;  //!< ID, flags and four counts.
constexpr size_t kDnsMaxNameLength = 255; //!< Wire length of a name, root label included.
constexpr size_t kDnsMaxLabelLength = 63; //!< Longest label.

/**
 * \brief The question of a DNS query as CheckDnsQuery() found it.
 */
struct DnsQuestion
{
    uint16_t id{0};                //!< Message ID.
    uint16_t flags{0};             //!< Second header word (QR, opcode, RD, ...).
    std::vector<uint8_t> wireName; //!< QNAME in wire format as received (case kept).
    uint16_t qtype{0};             //!< QTYPE.
    uint16_t qclass{0};            //!< QCLASS.
};

/**
 * \brief Checks that \p message is a DNS query the proxy may forward.
 *
 * Requires a 12-byte header, QR clear, opcode QUERY, QDCOUNT 1 and a question whose name
 * is a sequence of labels of at most 63 bytes ending in the root label, at most 255 bytes
 * in all, without compression pointers, followed by QTYPE and QCLASS. Each step advances
 * the offset by at least one byte, so every input ends the parse. Sections after the
 * question (EDNS OPT, for example) are not inspected.
 *
 * \param message the UDP or TCP payload (without the TCP length prefix)
 * \param[out] question the parsed question; valid only when DropReason::None is returned
 * \returns DropReason::None, or why the message is rejected
 */
DropReason CheckDnsQuery(ByteSpan message, DnsQuestion& question);

/**
 * \brief Parses a wire-format name at \p offset of \p message (no compression pointers).
 * \param[out] wireName the name's bytes, root label included
 * \param[out] end offset just after the name
 * \returns DropReason::None, or DropReason::DnsBadName
 */
DropReason ParseDnsName(ByteSpan message, size_t offset, std::vector<uint8_t>& wireName, size_t& end);

/**
 * \brief Converts a presentation-format name ("mail.example.org", trailing dot optional,
 * "." for the root) to lower-case wire format.
 * \returns false if a label is empty or longer than 63 bytes, or the name exceeds 255
 */
bool DnsNameFromText(const std::string& text, std::vector<uint8_t>& wireName);

/** \returns \p wireName in presentation format, with non-printable bytes and dots inside
 *  labels escaped as \\DDD; "." for the root. The input must come from ParseDnsName(). */
std::string DnsNameToText(const std::vector<uint8_t>& wireName);

/**
 * \returns true if \p name equals \p zone or lies below it, comparing labels without
 * regard to ASCII case. Both are wire-format names from ParseDnsName() or DnsNameFromText().
 */
bool DnsNameInZone(const std::vector<uint8_t>& name, const std::vector<uint8_t>& zone);

} // namespace core
} // namespace mxrace

#endif
