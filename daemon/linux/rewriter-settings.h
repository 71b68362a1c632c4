/**
 * \file
 * Options of mxrace-rewriter and their conversion to the core's RewriterConfig.
 */
#ifndef MXRACE_LINUX_REWRITER_SETTINGS_H
#define MXRACE_LINUX_REWRITER_SETTINGS_H

#include "common-settings.h"
#include "core/answer-rewriter.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mxrace
{
namespace daemon
{

/**
 * \brief Everything mxrace-rewriter needs to start.
 */
struct RewriterSettings
{
    CommonSettings common;           //!< Shared options.
    std::string tun{"mxrace0"};      //!< TUN device the answers are routed into.
    std::string interface;           //!< Backbone interface the rewritten answers leave by.
    core::RewriterConfig rewriter;   //!< Rules and server port.
    bool setupRouting{false};        //!< Whether the daemon applies and removes the routing.
    uint32_t routeTable{53};         //!< Routing table of the TUN default route.
};

/** Declares the options of mxrace-rewriter (with their defaults and help) in \p options. */
void AddRewriterOptions(OptionSet& options);

/**
 * \brief Parses \p argv (and the config file it names) into \p settings.
 *
 * After the per-option checks, the result goes through core::AnswerRewriter::ValidateConfig().
 *
 * \param[out] helpText set to the --help text
 * \returns what to do next
 * \throws ConfigError naming the option, the value (and file and line) and what is expected
 */
StartAction ParseRewriterSettings(int argc,
                                  const char* const* argv,
                                  RewriterSettings& settings,
                                  std::string& helpText);

/**
 * \brief Looks up on this host what start-up would fail on: the checks of
 * CheckCommonHostSettings(), and the interface.
 * \returns one message per problem, naming the option and its value; empty if none
 */
std::vector<std::string> CheckRewriterHostSettings(const RewriterSettings& settings);

/** \returns the effective configuration in one line, for the start-up log. */
std::string DescribeRewriterSettings(const RewriterSettings& settings);

/**
 * \returns true if \p name is a valid Linux interface name: 1 to 15 bytes, not "." or "..",
 * without '/', ':' or white space.
 */
bool IsValidInterfaceName(const std::string& name);

} // namespace daemon
} // namespace mxrace

#endif
