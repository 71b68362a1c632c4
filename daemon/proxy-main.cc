// mxrace-proxy: parses the options, then runs daemon::ProxyDaemon in the foreground.

#include "linux/logger.h"
#include "linux/proxy-daemon.h"
#include "linux/proxy-settings.h"

#include <exception>
#include <iostream>
#include <string>
#include <vector>

using namespace mxrace;

int
main(int argc, char** argv)
{
    const char* program = "mxrace-proxy";
    linux_io::Logger::Instance().SetProgramName(program);

    daemon::ProxySettings settings;
    std::string helpText;
    daemon::StartAction action;
    try
    {
        action = daemon::ParseProxySettings(argc, argv, settings, helpText);
    }
    catch (const daemon::ConfigError& error)
    {
        std::cerr << program << ": " << error.what() << "\n";
        return 1;
    }

    switch (action)
    {
    case daemon::StartAction::PrintHelp:
        std::cout << helpText;
        return 0;
    case daemon::StartAction::PrintVersion:
        std::cout << daemon::VersionText(program) << "\n";
        return 0;
    case daemon::StartAction::CheckConfig:
    {
        // Each problem on its own line, so that one run reports all of them.
        std::vector<std::string> problems = daemon::CheckCommonHostSettings(settings.common);
        for (const std::string& problem : problems)
        {
            std::cerr << program << ": " << problem << "\n";
        }
        if (!problems.empty())
        {
            return 1;
        }
        std::cout << "configuration valid: " << daemon::DescribeProxySettings(settings) << "\n";
        return 0;
    }
    case daemon::StartAction::Run:
        break;
    }

    linux_io::Logger::Instance().SetLevel(settings.common.logLevel);
    linux_io::LogInfo(daemon::VersionText(program) + " starting: " +
                      daemon::DescribeProxySettings(settings));
    try
    {
        daemon::ProxyDaemon proxy(settings);
        return proxy.Run();
    }
    catch (const std::exception& error)
    {
        linux_io::LogError(std::string("stopped on error: ") + error.what());
        return 1;
    }
}
