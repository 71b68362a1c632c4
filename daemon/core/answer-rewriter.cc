#include "answer-rewriter.h"

#include "byte-span.h"
#include "checksum.h"
#include "ipv4-udp.h"

namespace mxrace
{
namespace core
{

AnswerRewriter::AnswerRewriter(const RewriterConfig& config)
    : m_config(config)
{
}

std::string
AnswerRewriter::ValidateConfig(const RewriterConfig& config)
{
    if (config.rules.empty())
    {
        return "no rewrite rule is configured: map at least one DNS server address to a "
               "proxy address";
    }
    for (size_t i = 0; i < config.rules.size(); ++i)
    {
        const RewriteRule& rule = config.rules[i];
        if (IsUnusableSource(rule.server) || IsUnusableSource(rule.proxy))
        {
            return "rule " + FormatIpv4(rule.server) + " -> " + FormatIpv4(rule.proxy) +
                   " uses an address that is not unicast: expected unicast IPv4 addresses";
        }
        if (rule.server == rule.proxy)
        {
            return "rule " + FormatIpv4(rule.server) + " -> " + FormatIpv4(rule.proxy) +
                   " maps an address to itself: the server address must differ from the proxy's";
        }
        for (size_t j = 0; j < i; ++j)
        {
            if (config.rules[j].server == rule.server)
            {
                return "DNS server " + FormatIpv4(rule.server) +
                       " has two rules: map each server address to one proxy address";
            }
        }
    }
    if (config.serverPort == 0)
    {
        return "server port 0 is invalid: expected 1 to 65535";
    }
    return "";
}

const RewriteRule*
AnswerRewriter::FindRule(Ipv4Addr server) const
{
    for (const RewriteRule& rule : m_config.rules)
    {
        if (rule.server == server)
        {
            return &rule;
        }
    }
    return nullptr;
}

void
AnswerRewriter::RewriteIpv4Source(uint8_t* ip, Ipv4Addr proxy)
{
    uint32_t oldSource = ReadBe32(ip + kIpv4SourceOffset);
    uint16_t checksum = ReadBe16(ip + kIpv4ChecksumOffset);
    WriteBe32(ip + kIpv4SourceOffset, proxy);
    WriteBe16(ip + kIpv4ChecksumOffset, ChecksumUpdate32(checksum, oldSource, proxy));
}

RewriteResult
AnswerRewriter::Rewrite(uint8_t* datagram, size_t size)
{
    Ipv4Header ip;
    DropReason reason = ParseIpv4Header(ByteSpan(datagram, size), ip);
    if (reason != DropReason::None)
    {
        return {RewriteVerdict::Dropped, reason};
    }
    const RewriteRule* rule = FindRule(ip.source);
    if (ip.protocol != kProtocolUdp || rule == nullptr)
    {
        return {RewriteVerdict::Unchanged, DropReason::None};
    }

    // A later fragment: rewrite it only if its first fragment was rewritten.
    if (ip.fragmentOffset != 0)
    {
        for (const FragmentKey& key : m_fragments)
        {
            if (key.used && key.source == ip.source && key.destination == ip.destination &&
                key.identification == ip.identification)
            {
                RewriteIpv4Source(datagram, rule->proxy);
                return {RewriteVerdict::Rewritten, DropReason::None};
            }
        }
        return {RewriteVerdict::Unchanged, DropReason::None};
    }

    // A whole datagram or a first fragment: the UDP header must be there.
    uint8_t* udp = datagram + ip.headerLength;
    size_t segmentLength = ip.totalLength - ip.headerLength;
    if (segmentLength < kUdpHeaderLength)
    {
        return {RewriteVerdict::Dropped, DropReason::UdpTooShort};
    }
    if (ReadBe16(udp) != m_config.serverPort)
    {
        return {RewriteVerdict::Unchanged, DropReason::None};
    }
    size_t udpLength = ReadBe16(udp + 4);
    if (ip.moreFragments)
    {
        // The UDP length covers all fragments, so it can only be checked for a lower bound.
        if (udpLength < segmentLength)
        {
            return {RewriteVerdict::Dropped, DropReason::UdpBadLength};
        }
        m_fragments[m_nextFragmentSlot] = FragmentKey{ip.source, ip.destination,
                                                      ip.identification, true};
        m_nextFragmentSlot = (m_nextFragmentSlot + 1) % kFragmentSlots;
    }
    else
    {
        if (udpLength != segmentLength)
        {
            return {RewriteVerdict::Dropped, DropReason::UdpBadLength};
        }
        if (!UdpChecksumValid(ip.source, ip.destination, ByteSpan(udp, segmentLength)))
        {
            return {RewriteVerdict::Dropped, DropReason::UdpBadChecksum};
        }
    }

    // The UDP checksum covers the source address through the pseudo-header. Zero means
    // "no checksum" and stays zero; an updated value of zero is sent as 0xFFFF.
    uint16_t udpChecksum = ReadBe16(udp + 6);
    if (udpChecksum != 0)
    {
        uint16_t updated = ChecksumUpdate32(udpChecksum, ip.source, rule->proxy);
        WriteBe16(udp + 6, updated == 0 ? 0xffff : updated);
    }
    RewriteIpv4Source(datagram, rule->proxy);
    return {RewriteVerdict::Rewritten, DropReason::None};
}

} // namespace core
} // namespace mxrace
