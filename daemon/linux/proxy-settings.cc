#include "proxy-settings.h"

#include "core/dns-message.h"

#include <algorithm>
#include <sstream>

namespace mxrace
{
namespace daemon
{

namespace
{

constexpr const char* kProgram = "mxrace-proxy";

constexpr const char* kSummary =
    "Receives DNS queries on the organisation's published name server addresses and sends\n"
    "one copy of each, with the client's source address and port kept, to one DNS server\n"
    "per backbone, so that the servers' answers race back to the client. Queries over TCP\n"
    "are relayed to one server. Runs in the foreground; SIGUSR1 logs the counters, SIGTERM\n"
    "and SIGINT stop it.";

/**
 * \brief Parses "ADDR[:PORT]".
 * \returns false if \p text is not of that form
 */
bool
ParseEndpoint(const std::string& text, ListenEndpoint& endpoint)
{
    size_t colon = text.find(':');
    std::optional<core::Ipv4Addr> address = core::ParseIpv4(text.substr(0, colon));
    if (!address)
    {
        return false;
    }
    endpoint.address = *address;
    endpoint.port = 53;
    if (colon == std::string::npos)
    {
        return true;
    }
    std::string port = text.substr(colon + 1);
    if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos)
    {
        return false;
    }
    unsigned long number = std::stoul(port);
    if (number == 0 || number > 65535)
    {
        return false;
    }
    endpoint.port = static_cast<uint16_t>(number);
    return true;
}

/** Reads the "listen" options into \p settings. */
void
ReadListen(const OptionSet& options, ProxySettings& settings)
{
    std::vector<OptionValue> values = options.Values("listen");
    if (values.empty())
    {
        throw ConfigError("missing option \"listen\": give at least one proxy address, for "
                          "example --listen 192.0.2.53 or \"listen = 192.0.2.53\" in the "
                          "config file");
    }
    for (const OptionValue& value : values)
    {
        ListenEndpoint endpoint;
        if (!ParseEndpoint(value.value, endpoint))
        {
            throw options.InvalidValue("listen", value,
                                       "an IPv4 address with an optional port, ADDR[:PORT], "
                                       "port 1 to 65535");
        }
        if (core::IsUnusableSource(endpoint.address))
        {
            throw options.InvalidValue("listen", value,
                                       "a unicast address of this host (the address clients "
                                       "query selects the DNS servers, so the wildcard, "
                                       "loopback and multicast addresses cannot be used)");
        }
        for (const ListenEndpoint& other : settings.listen)
        {
            if (other.address == endpoint.address)
            {
                throw options.InvalidValue("listen", value,
                                           "each proxy address once (" +
                                               core::FormatIpv4(endpoint.address) +
                                               " is already a listen address)");
            }
        }
        settings.listen.push_back(endpoint);
        settings.duplicator.routes.push_back(core::ProxyRoute{endpoint.address, {}});
    }
}

/** Reads the "server" options into the routes of \p settings. */
void
ReadServers(const OptionSet& options, ProxySettings& settings)
{
    std::vector<OptionValue> values = options.Values("server");
    if (values.empty())
    {
        throw ConfigError("missing option \"server\": give at least one DNS server, for "
                          "example --server 198.51.100.1 or \"server = 198.51.100.1\" in the "
                          "config file");
    }
    const std::string expected = "SERVER or SERVER@LISTEN_ADDR, where SERVER is the IPv4 "
                                 "address of a DNS server and LISTEN_ADDR one of the listen "
                                 "addresses";
    for (const OptionValue& value : values)
    {
        size_t at = value.value.find('@');
        std::optional<core::Ipv4Addr> server = core::ParseIpv4(value.value.substr(0, at));
        if (!server)
        {
            throw options.InvalidValue("server", value, expected);
        }
        if (core::IsUnusableSource(*server))
        {
            throw options.InvalidValue("server", value,
                                       "the unicast address of another host as SERVER (not "
                                       "0.0.0.0/8, loopback, multicast or reserved)");
        }
        for (const ListenEndpoint& endpoint : settings.listen)
        {
            if (endpoint.address == *server)
            {
                throw options.InvalidValue("server", value,
                                           "a SERVER address that is not a listen address "
                                           "(the copies would loop back to the proxy)");
            }
        }

        std::vector<core::ProxyRoute*> routes;
        if (at == std::string::npos)
        {
            for (core::ProxyRoute& route : settings.duplicator.routes)
            {
                routes.push_back(&route);
            }
        }
        else
        {
            std::optional<core::Ipv4Addr> listen = core::ParseIpv4(value.value.substr(at + 1));
            if (!listen)
            {
                throw options.InvalidValue("server", value, expected);
            }
            for (core::ProxyRoute& route : settings.duplicator.routes)
            {
                if (route.proxyAddress == *listen)
                {
                    routes.push_back(&route);
                }
            }
            if (routes.empty())
            {
                throw options.InvalidValue("server", value,
                                           "a LISTEN_ADDR after '@' that is one of the listen "
                                           "addresses (" + core::FormatIpv4(*listen) +
                                               " is not)");
            }
        }

        for (core::ProxyRoute* route : routes)
        {
            if (std::find(route->servers.begin(), route->servers.end(), *server) !=
                route->servers.end())
            {
                throw options.InvalidValue("server", value,
                                           "each server once per listen address (" +
                                               core::FormatIpv4(*server) +
                                               " already receives the queries sent to " +
                                               core::FormatIpv4(route->proxyAddress) + ")");
            }
            route->servers.push_back(*server);
        }
    }
}

/** Reads the "zone" options into \p settings. */
void
ReadZones(const OptionSet& options, ProxySettings& settings)
{
    std::vector<uint8_t> wire;
    for (const OptionValue& value : options.Values("zone"))
    {
        if (!core::DnsNameFromText(value.value, wire))
        {
            throw options.InvalidValue("zone", value,
                                       "a domain name such as example.org, with labels of 1 "
                                       "to 63 bytes and 255 bytes in all");
        }
        settings.duplicator.zones.push_back(value.value);
    }
}

} // namespace

void
AddProxyOptions(OptionSet& options)
{
    OptionSpec spec;
    spec = OptionSpec{"listen", "ADDR[:PORT]",
                      "Proxy address to receive queries on, over UDP and TCP (port 53 if "
                      "omitted). Give one per backbone: the address a query arrives at selects "
                      "the servers its copies go to. Required."};
    spec.repeatable = true;
    options.Add(spec);

    spec = OptionSpec{"server", "SERVER[@LISTEN_ADDR]",
                      "DNS server that receives a copy of every query sent to LISTEN_ADDR, or "
                      "to every listen address without '@'. Copies are sent in the order "
                      "given. Required."};
    spec.repeatable = true;
    options.Add(spec);

    spec = OptionSpec{"server-port", "PORT", "UDP and TCP port of the DNS servers."};
    spec.defaultValue = "53";
    spec.hasDefault = true;
    options.Add(spec);

    spec = OptionSpec{"ttl", "HOPS", "IPv4 time to live of the copies sent to the servers "
                                     "(1 to 255)."};
    spec.defaultValue = "64";
    spec.hasDefault = true;
    options.Add(spec);

    spec = OptionSpec{"max-datagram-size", "BYTES",
                      "Largest copy sent to a server, IPv4 and UDP headers included (576 to "
                      "65535). A query whose copies would be larger is dropped and counted as "
                      "too-large, because the copies leave through a raw socket that does not "
                      "fragment them: set it to the smallest MTU on the paths to the servers."};
    spec.defaultValue = "1500";
    spec.hasDefault = true;
    options.Add(spec);

    spec = OptionSpec{"zone", "NAME", "Forward only queries for names in this zone or below "
                                      "it; others are dropped. Default: forward every name."};
    spec.repeatable = true;
    options.Add(spec);

    spec = OptionSpec{"rate-limit", "QPS", "Queries per second accepted from one source "
                                           "prefix (see rate-limit-prefix) before they are "
                                           "copied; each accepted query becomes one answer "
                                           "per server. 0 turns the limit off."};
    spec.defaultValue = "20";
    spec.hasDefault = true;
    options.Add(spec);

    spec = OptionSpec{"rate-limit-burst", "QUERIES", "Queries a source prefix may send at "
                                                     "once before rate-limit applies (at "
                                                     "least 1)."};
    spec.defaultValue = "40";
    spec.hasDefault = true;
    options.Add(spec);

    spec = OptionSpec{"rate-limit-prefix", "BITS", "Sources that share this many leading "
                                                   "address bits share one rate limit (0 to "
                                                   "32)."};
    spec.defaultValue = "24";
    spec.hasDefault = true;
    options.Add(spec);

    spec = OptionSpec{"global-rate-limit", "QPS", "Queries per second accepted from all "
                                                  "sources together, with a burst of one "
                                                  "second's worth. 0 turns it off."};
    spec.defaultValue = "0";
    spec.hasDefault = true;
    options.Add(spec);

    spec = OptionSpec{"tcp", "BOOL", "Accept DNS over TCP on the listen addresses and relay "
                                     "each query to the first server of its route that "
                                     "accepts a connection (for answers truncated over UDP)."};
    spec.defaultValue = "true";
    spec.hasDefault = true;
    spec.implicitValue = "true";
    options.Add(spec);

    spec = OptionSpec{"tcp-max-connections", "COUNT", "Client TCP connections open at once; "
                                                      "further ones are closed at once."};
    spec.defaultValue = "100";
    spec.hasDefault = true;
    options.Add(spec);

    spec = OptionSpec{"tcp-max-connections-per-prefix", "COUNT",
                      "Client TCP connections open at once from one source prefix of "
                      "rate-limit-prefix bits; further ones from that prefix are closed at "
                      "once, so that one client cannot take every connection."};
    spec.defaultValue = "10";
    spec.hasDefault = true;
    options.Add(spec);

    spec = OptionSpec{"tcp-timeout", "SECONDS", "Close a TCP connection after this many "
                                                "seconds without a complete query or answer."};
    spec.defaultValue = "10";
    spec.hasDefault = true;
    options.Add(spec);

    AddCommonOptions(options);
}

StartAction
ParseProxySettings(int argc,
                   const char* const* argv,
                   ProxySettings& settings,
                   std::string& helpText)
{
    OptionSet options(kProgram, kSummary);
    AddProxyOptions(options);
    helpText = options.Help();
    options.Parse(argc, argv);

    settings = ProxySettings();
    StartAction action = ReadCommonSettings(options, settings.common);
    if (action == StartAction::PrintHelp || action == StartAction::PrintVersion)
    {
        return action;
    }

    ReadListen(options, settings);
    ReadServers(options, settings);
    ReadZones(options, settings);

    core::DuplicatorConfig& duplicator = settings.duplicator;
    duplicator.serverPort = static_cast<uint16_t>(options.GetUnsigned("server-port", 1, 65535));
    duplicator.ttl = static_cast<uint8_t>(options.GetUnsigned("ttl", 1, 255));
    duplicator.maxDatagramSize = options.GetUnsigned("max-datagram-size", 576, 65535);
    duplicator.rateLimit.queriesPerSecond = options.GetDecimal("rate-limit", 0, 1e9);
    duplicator.rateLimit.burst = options.GetDecimal("rate-limit-burst", 1, 1e9);
    duplicator.rateLimit.prefixLength =
        static_cast<unsigned>(options.GetUnsigned("rate-limit-prefix", 0, 32));
    duplicator.rateLimit.globalQueriesPerSecond = options.GetDecimal("global-rate-limit", 0, 1e9);
    duplicator.rateLimit.globalBurst = duplicator.rateLimit.globalQueriesPerSecond;

    settings.tcp = options.GetBool("tcp");
    settings.tcpMaxConnections =
        static_cast<unsigned>(options.GetUnsigned("tcp-max-connections", 1, 65536));
    settings.tcpMaxConnectionsPerPrefix =
        static_cast<unsigned>(options.GetUnsigned("tcp-max-connections-per-prefix", 1, 65536));
    settings.tcpTimeoutSeconds = static_cast<unsigned>(options.GetUnsigned("tcp-timeout", 1, 3600));

    std::string error = core::QueryDuplicator::ValidateConfig(duplicator);
    if (!error.empty())
    {
        throw ConfigError("invalid configuration: " + error);
    }
    return action;
}

std::string
DescribeProxySettings(const ProxySettings& settings)
{
    const core::DuplicatorConfig& duplicator = settings.duplicator;
    std::ostringstream text;
    text << "routes:";
    for (size_t i = 0; i < settings.listen.size(); ++i)
    {
        text << (i == 0 ? " " : "; ") << core::FormatIpv4(settings.listen[i].address) << ":"
             << settings.listen[i].port << " ->";
        for (core::Ipv4Addr server : duplicator.routes[i].servers)
        {
            text << " " << core::FormatIpv4(server);
        }
    }
    text << " | server-port=" << duplicator.serverPort << " ttl=" << unsigned(duplicator.ttl)
         << " max-datagram-size=" << duplicator.maxDatagramSize << " zones=";
    if (duplicator.zones.empty())
    {
        text << "(all)";
    }
    for (size_t i = 0; i < duplicator.zones.size(); ++i)
    {
        text << (i == 0 ? "" : ",") << duplicator.zones[i];
    }
    text << " rate-limit=" << FormatDecimal(duplicator.rateLimit.queriesPerSecond)
         << "/s rate-limit-burst=" << FormatDecimal(duplicator.rateLimit.burst)
         << " rate-limit-prefix=" << duplicator.rateLimit.prefixLength
         << " global-rate-limit=" << FormatDecimal(duplicator.rateLimit.globalQueriesPerSecond)
         << "/s tcp=" << (settings.tcp ? "true" : "false")
         << " tcp-max-connections=" << settings.tcpMaxConnections
         << " tcp-max-connections-per-prefix=" << settings.tcpMaxConnectionsPerPrefix
         << " tcp-timeout=" << settings.tcpTimeoutSeconds << "s | "
         << DescribeCommonSettings(settings.common);
    return text.str();
}

} // namespace daemon
} // namespace mxrace
