/**
 * \file
 * The options that mxrace-proxy and mxrace-rewriter share: config file, logging,
 * statistics, privileges and PID file.
 */
#ifndef MXRACE_LINUX_COMMON_SETTINGS_H
#define MXRACE_LINUX_COMMON_SETTINGS_H

#include "logger.h"
#include "option-set.h"

#include <string>
#include <vector>

namespace mxrace
{
namespace daemon
{

/** Next step of a program after parsing its options. */
enum class StartAction
{
    Run,          //!< Start the daemon.
    CheckConfig,  //!< The configuration is valid: report it and exit 0.
    PrintHelp,    //!< Print OptionSet::Help() and exit 0.
    PrintVersion  //!< Print the version and exit 0.
};

/**
 * \brief Settings common to both daemons.
 */
struct CommonSettings
{
    std::string configFile;                               //!< Config file, or empty.
    linux_io::LogLevel logLevel{linux_io::LogLevel::Info}; //!< Least severe level logged.
    unsigned statsIntervalSeconds{300};                   //!< Period of reports; 0: none.
    std::string statsFile;                                //!< Statistics file, or empty.
    std::string user;                                     //!< User to switch to, or empty.
    std::string group;                                    //!< Group to switch to, or empty.
    std::string pidFile;                                  //!< PID file, or empty.
};

/** Adds config, help, version, check-config, log-level, stats-interval, stats-file, user,
 *  group and pid-file to \p options. */
void AddCommonOptions(OptionSet& options);

/**
 * \brief Reads the common settings from parsed \p options.
 * \param[out] settings the values
 * \returns what to do next: help and version win over everything else
 * \throws ConfigError for an invalid value
 */
StartAction ReadCommonSettings(const OptionSet& options, CommonSettings& settings);

/**
 * \brief Looks up on this host what start-up would fail on: user and group in their
 * databases, and the directories of stats-file and pid-file.
 *
 * For --check-config, which opens no socket. Write access to the directories is not
 * checked, because the daemon writes them after switching to user.
 * \returns one message per problem, naming the option and its value; empty if none
 */
std::vector<std::string> CheckCommonHostSettings(const CommonSettings& settings);

/** \returns the settings as "name=value" pairs for the start-up log line. */
std::string DescribeCommonSettings(const CommonSettings& settings);

/** \returns the program name and version, as --version prints them. */
std::string VersionText(const std::string& program);

} // namespace daemon
} // namespace mxrace

#endif
