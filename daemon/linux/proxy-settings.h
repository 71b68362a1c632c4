/**
 * \file
 * Options of mxrace-proxy and their conversion to the core's DuplicatorConfig.
 */
#ifndef MXRACE_LINUX_PROXY_SETTINGS_H
#define MXRACE_LINUX_PROXY_SETTINGS_H

#include "common-settings.h"
#include "core/ipv4-address.h"
#include "core/query-duplicator.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mxrace
{
namespace daemon
{

/**
 * \brief An address and port the proxy receives queries on, over UDP and TCP.
 */
struct ListenEndpoint
{
    core::Ipv4Addr address{0}; //!< Proxy address; selects the route.
    uint16_t port{53};         //!< Port.
};

/**
 * \brief Everything mxrace-proxy needs to start.
 */
struct ProxySettings
{
    CommonSettings common;               //!< Shared options.
    std::vector<ListenEndpoint> listen;  //!< One per proxy address, in the order given.
    core::DuplicatorConfig duplicator;   //!< Routes, server port, TTL, zones, rate limits.
    bool tcp{true};                      //!< Whether DNS over TCP is accepted and relayed.
    unsigned tcpMaxConnections{100};     //!< Concurrent client connections.
    unsigned tcpMaxConnectionsPerPrefix{10}; //!< Of those, from one rate-limit prefix.
    unsigned tcpTimeoutSeconds{10};      //!< Idle time after which a connection is closed.
};

/**
 * \brief Declares the options of mxrace-proxy (with their defaults and help) in \p options.
 */
void AddProxyOptions(OptionSet& options);

/**
 * \brief Parses \p argv (and the config file it names) into \p settings.
 *
 * After the per-option checks, the result goes through
 * core::QueryDuplicator::ValidateConfig().
 *
 * \param[out] helpText set to the --help text
 * \returns what to do next
 * \throws ConfigError naming the option, the value (and file and line) and what is expected
 */
StartAction ParseProxySettings(int argc,
                               const char* const* argv,
                               ProxySettings& settings,
                               std::string& helpText);

/** \returns the effective configuration in one line, for the start-up log. */
std::string DescribeProxySettings(const ProxySettings& settings);

} // namespace daemon
} // namespace mxrace

#endif
