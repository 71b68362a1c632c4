/**
 * \file
 * The main() shared by both daemons: parse the options, answer --help, --version and
 * --check-config, then run the daemon in the foreground.
 */
#ifndef MXRACE_LINUX_DAEMON_MAIN_H
#define MXRACE_LINUX_DAEMON_MAIN_H

#include "linux/common-settings.h"
#include "linux/logger.h"

#include <exception>
#include <iostream>
#include <string>
#include <vector>

namespace mxrace
{
namespace daemon
{

/**
 * \brief Runs one daemon program from its command line.
 *
 * \tparam Settings the daemon's settings type, with a `common` member
 * \tparam Daemon the daemon class, constructed from Settings, with `int Run()`
 * \param program the program name used in messages
 * \param parse fills Settings from argc/argv and returns the start action
 * \param checkHost returns the problems --check-config finds on this host
 * \param describe formats the effective configuration for the log
 * \returns the process exit status: 0 on success, 1 on any error
 */
template <typename Settings, typename Daemon, typename Parse, typename CheckHost, typename Describe>
int
RunDaemonMain(const char* program,
              int argc,
              char** argv,
              Parse parse,
              CheckHost checkHost,
              Describe describe)
{
    linux_io::Logger::Instance().SetProgramName(program);

    Settings settings;
    std::string helpText;
    StartAction action;
    try
    {
        action = parse(argc, argv, settings, helpText);
    }
    catch (const ConfigError& error)
    {
        std::cerr << program << ": " << error.what() << "\n";
        return 1;
    }

    switch (action)
    {
    case StartAction::PrintHelp:
        std::cout << helpText;
        return 0;
    case StartAction::PrintVersion:
        std::cout << VersionText(program) << "\n";
        return 0;
    case StartAction::CheckConfig:
    {
        // Each problem on its own line, so that one run reports all of them.
        std::vector<std::string> problems = checkHost(settings);
        for (const std::string& problem : problems)
        {
            std::cerr << program << ": " << problem << "\n";
        }
        if (!problems.empty())
        {
            return 1;
        }
        std::cout << "configuration valid: " << describe(settings) << "\n";
        return 0;
    }
    case StartAction::Run:
        break;
    }

    linux_io::Logger::Instance().SetLevel(settings.common.logLevel);
    linux_io::LogInfo(VersionText(program) + " starting: " + describe(settings));
    try
    {
        Daemon daemon(settings);
        return daemon.Run();
    }
    catch (const std::exception& error)
    {
        linux_io::LogError(std::string("stopped on error: ") + error.what());
        return 1;
    }
}

} // namespace daemon
} // namespace mxrace

#endif
