#include "drop-reason.h"

namespace mxrace
{
namespace core
{

const char*
ToString(DropReason reason)
{
    switch (reason)
    {
    case DropReason::None:
        return "none";
    case DropReason::Ipv4TooShort:
        return "ipv4-too-short";
    case DropReason::Ipv4BadVersion:
        return "ipv4-bad-version";
    case DropReason::Ipv4BadIhl:
        return "ipv4-bad-ihl";
    case DropReason::Ipv4BadTotalLength:
        return "ipv4-bad-total-length";
    case DropReason::Ipv4TrailingBytes:
        return "ipv4-trailing-bytes";
    case DropReason::Ipv4BadChecksum:
        return "ipv4-bad-checksum";
    case DropReason::Ipv4Fragment:
        return "ipv4-fragment";
    case DropReason::NotUdp:
        return "not-udp";
    case DropReason::UdpTooShort:
        return "udp-too-short";
    case DropReason::UdpBadLength:
        return "udp-bad-length";
    case DropReason::UdpBadChecksum:
        return "udp-bad-checksum";
    case DropReason::DnsTooShort:
        return "dns-too-short";
    case DropReason::DnsNotQuery:
        return "dns-not-query";
    case DropReason::DnsBadOpcode:
        return "dns-bad-opcode";
    case DropReason::DnsBadQuestionCount:
        return "dns-bad-question-count";
    case DropReason::DnsBadName:
        return "dns-bad-name";
    case DropReason::DnsQuestionTruncated:
        return "dns-question-truncated";
    case DropReason::ZoneNotServed:
        return "zone-not-served";
    case DropReason::BadSource:
        return "bad-source";
    case DropReason::RateLimited:
        return "rate-limited";
    case DropReason::TooLarge:
        return "too-large";
    case DropReason::NoServers:
        return "no-servers";
    case DropReason::Count:
        break;
    }
    return "unknown";
}

} // namespace core
} // namespace mxrace
