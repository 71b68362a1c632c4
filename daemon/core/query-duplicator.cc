#include "query-duplicator.h"

#include <algorithm>

namespace mxrace
{
namespace core
{

QueryDuplicator::QueryDuplicator(const DuplicatorConfig& config)
    : m_config(config),
      m_rateLimiter(config.rateLimit)
{
    for (const std::string& zone : config.zones)
    {
        std::vector<uint8_t> wire;
        if (DnsNameFromText(zone, wire))
        {
            m_zones.push_back(wire);
        }
    }
}

std::string
QueryDuplicator::ValidateConfig(const DuplicatorConfig& config)
{
    if (config.routes.empty())
    {
        return "no proxy address is configured: give at least one listen address";
    }
    for (size_t i = 0; i < config.routes.size(); ++i)
    {
        const ProxyRoute& route = config.routes[i];
        if (route.servers.empty())
        {
            return "proxy address " + FormatIpv4(route.proxyAddress) +
                   " has no DNS server: give at least one server for it";
        }
        for (size_t j = 0; j < i; ++j)
        {
            if (config.routes[j].proxyAddress == route.proxyAddress)
            {
                return "proxy address " + FormatIpv4(route.proxyAddress) +
                       " is configured twice: list each listen address once";
            }
        }
        for (Ipv4Addr server : route.servers)
        {
            // A copy sent to any proxy address, not only this route's, is duplicated again.
            bool isProxy = std::any_of(config.routes.begin(), config.routes.end(),
                                       [server](const ProxyRoute& other) {
                                           return other.proxyAddress == server;
                                       });
            if (isProxy)
            {
                return "DNS server " + FormatIpv4(server) +
                       " is the proxy's own address: the copies would loop back to the proxy";
            }
            if (IsUnusableSource(server))
            {
                return "DNS server " + FormatIpv4(server) +
                       " is not a unicast address of another host: expected a reachable "
                       "unicast IPv4 address";
            }
        }
    }
    std::vector<uint8_t> wire;
    for (const std::string& zone : config.zones)
    {
        if (!DnsNameFromText(zone, wire))
        {
            return "zone \"" + zone +
                   "\" is not a valid domain name: expected labels of 1 to 63 bytes, "
                   "255 bytes in all";
        }
    }
    if (config.rateLimit.queriesPerSecond < 0 || config.rateLimit.globalQueriesPerSecond < 0)
    {
        return "rate limit is negative: expected queries per second >= 0 (0 turns it off)";
    }
    if (config.rateLimit.prefixLength > 32)
    {
        return "rate-limit prefix length " + std::to_string(config.rateLimit.prefixLength) +
               " is over 32: expected 0 to 32";
    }
    if (config.maxDatagramSize < 576 || config.maxDatagramSize > kIpv4MaxLength)
    {
        return "maximum datagram size " + std::to_string(config.maxDatagramSize) +
               " is out of range: expected 576 (the IPv4 minimum) to 65535 bytes";
    }
    if (config.ttl == 0)
    {
        return "TTL 0 would make the copies expire at the first router: expected 1 to 255";
    }
    if (config.serverPort == 0)
    {
        return "server port 0 is invalid: expected 1 to 65535";
    }
    return "";
}

const std::vector<Ipv4Addr>*
QueryDuplicator::ServersFor(Ipv4Addr proxyAddress) const
{
    for (const ProxyRoute& route : m_config.routes)
    {
        if (route.proxyAddress == proxyAddress)
        {
            return &route.servers;
        }
    }
    return nullptr;
}

bool
QueryDuplicator::IsOwnAddress(Ipv4Addr source) const
{
    for (const ProxyRoute& route : m_config.routes)
    {
        if (route.proxyAddress == source ||
            std::find(route.servers.begin(), route.servers.end(), source) != route.servers.end())
        {
            return true;
        }
    }
    return false;
}

DropReason
QueryDuplicator::Check(const ReceivedQuery& query,
                       uint64_t nowNs,
                       bool chargeRateLimit,
                       DnsQuestion& question)
{
    // Sources that would turn the copies against the proxy, a server or the host itself.
    if (IsUnusableSource(query.client) || query.clientPort == 0 || IsOwnAddress(query.client))
    {
        return DropReason::BadSource;
    }
    if (ServersFor(query.proxyAddress) == nullptr)
    {
        return DropReason::NoServers;
    }

    DropReason reason = CheckDnsQuery(query.payload, question);
    if (reason != DropReason::None)
    {
        return reason;
    }
    // A configured zone list that holds no valid zone (ValidateConfig() was skipped)
    // matches nothing, so the proxy fails closed rather than serving every name.
    if (!m_config.zones.empty())
    {
        bool served = std::any_of(m_zones.begin(), m_zones.end(), [&](const auto& zone) {
            return DnsNameInZone(question.wireName, zone);
        });
        if (!served)
        {
            return DropReason::ZoneNotServed;
        }
    }

    // Charged last, so that malformed queries do not use up a prefix's tokens.
    if (chargeRateLimit && !m_rateLimiter.Allow(query.client, nowNs))
    {
        return DropReason::RateLimited;
    }
    return DropReason::None;
}

DropReason
QueryDuplicator::Duplicate(const ReceivedQuery& query,
                           uint64_t nowNs,
                           std::vector<std::vector<uint8_t>>& copies)
{
    copies.clear();
    DnsQuestion question;
    DropReason reason = Check(query, nowNs, true, question);
    if (reason != DropReason::None)
    {
        return reason;
    }

    if (query.payload.size + kIpv4MinHeaderLength + kUdpHeaderLength > m_config.maxDatagramSize)
    {
        return DropReason::TooLarge;
    }

    const std::vector<Ipv4Addr>& servers = *ServersFor(query.proxyAddress);
    copies.resize(servers.size());
    for (size_t i = 0; i < servers.size(); ++i)
    {
        Ipv4UdpEndpoints endpoints{query.client, query.clientPort, servers[i], m_config.serverPort};
        reason = BuildIpv4Udp(endpoints, m_nextIdentification++, m_config.ttl, query.payload,
                              copies[i]);
        if (reason != DropReason::None)
        {
            copies.clear();
            return reason;
        }
    }
    return DropReason::None;
}

DropReason
QueryDuplicator::DuplicateDatagram(ByteSpan datagram,
                                   uint64_t nowNs,
                                   std::vector<std::vector<uint8_t>>& copies)
{
    copies.clear();
    Ipv4UdpDatagram parsed;
    DropReason reason = ParseIpv4Udp(datagram, parsed);
    if (reason != DropReason::None)
    {
        return reason;
    }
    ReceivedQuery query{parsed.ip.source, parsed.sourcePort, parsed.ip.destination,
                        parsed.payload};
    return Duplicate(query, nowNs, copies);
}

} // namespace core
} // namespace mxrace
