#include "common-settings.h"

#include "privileges.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <utility>

namespace mxrace
{
namespace daemon
{

namespace
{

/**
 * \brief Checks that the directory of the file \p path (option \p name) exists.
 * \returns an empty string, or the problem
 */
std::string
CheckFileDirectory(const std::string& name, const std::string& path)
{
    size_t slash = path.rfind('/');
    std::string directory;
    if (slash == std::string::npos)
    {
        directory = ".";
    }
    else if (slash == 0)
    {
        directory = "/";
    }
    else
    {
        directory = path.substr(0, slash);
    }

    std::string start = "invalid value \"" + EscapeForMessage(path) + "\" for option " + name +
                        ": directory " + EscapeForMessage(directory);
    struct stat status{};
    if (stat(directory.c_str(), &status) != 0)
    {
        int error = errno;
        if (error == ENOENT)
        {
            return start + " does not exist (create it, or name a file in an existing "
                           "directory)";
        }
        return start + " cannot be read: " + std::strerror(error);
    }
    if (!S_ISDIR(status.st_mode))
    {
        return start + " is not a directory (name a file in an existing directory)";
    }
    return "";
}

} // namespace

void
AddCommonOptions(OptionSet& options)
{
    OptionSpec spec;

    spec = OptionSpec{"config", "FILE", "Read options from FILE, one \"name = value\" per line."};
    spec.commandLineOnly = true;
    options.Add(spec);

    spec = OptionSpec{"check-config", "", "Validate the options and the config file, look up "
                                          "user, group, the directories of stats-file and "
                                          "pid-file (and the rewriter's interface) on this "
                                          "host, print the effective configuration, and exit: "
                                          "status 0 if valid, 1 if not. Opens no socket."};
    spec.commandLineOnly = true;
    options.Add(spec);

    spec = OptionSpec{"help", "", "Print this help and exit."};
    spec.commandLineOnly = true;
    options.Add(spec);

    spec = OptionSpec{"version", "", "Print the version and exit."};
    spec.commandLineOnly = true;
    options.Add(spec);

    spec = OptionSpec{"log-level", "LEVEL", "Least severe messages written to stderr: error, "
                                            "warning, info or debug (debug adds one line per "
                                            "packet)."};
    spec.defaultValue = "info";
    spec.hasDefault = true;
    options.Add(spec);

    spec = OptionSpec{"stats-interval", "SECONDS", "Log the counters every SECONDS seconds "
                                                   "(0: only on SIGUSR1 and at exit)."};
    spec.defaultValue = "300";
    spec.hasDefault = true;
    options.Add(spec);

    spec = OptionSpec{"stats-file", "PATH", "Also write the counters to PATH as \"name value\" "
                                            "lines, replaced atomically at start, on each "
                                            "report and at exit. Its directory must be "
                                            "writable by user. Default: none."};
    options.Add(spec);

    spec = OptionSpec{"user", "NAME", "Switch to this user after opening the sockets. "
                                      "Default: keep the current user."};
    options.Add(spec);

    spec = OptionSpec{"group", "NAME", "Switch to this group after opening the sockets. "
                                       "Default: the primary group of user, if user is given."};
    options.Add(spec);

    spec = OptionSpec{"pid-file", "PATH", "Write the process ID to PATH at start and remove it "
                                          "at exit. Default: none."};
    options.Add(spec);
}

StartAction
ReadCommonSettings(const OptionSet& options, CommonSettings& settings)
{
    if (options.IsGiven("help"))
    {
        return StartAction::PrintHelp;
    }
    if (options.IsGiven("version"))
    {
        return StartAction::PrintVersion;
    }

    settings.configFile = options.GetString("config");

    std::optional<OptionValue> level = options.Value("log-level");
    if (!linux_io::ParseLogLevel(level->value, settings.logLevel))
    {
        throw options.InvalidValue("log-level", *level, "error, warning, info or debug");
    }

    // One week keeps the period far from overflowing the millisecond arithmetic.
    settings.statsIntervalSeconds =
        static_cast<unsigned>(options.GetUnsigned("stats-interval", 0, 604800));
    settings.statsFile = options.GetString("stats-file");
    settings.user = options.GetString("user");
    settings.group = options.GetString("group");
    settings.pidFile = options.GetString("pid-file");

    for (const char* name : {"stats-file", "user", "group", "pid-file"})
    {
        std::optional<OptionValue> value = options.Value(name);
        if (value && value->value.empty())
        {
            throw options.InvalidValue(name, *value, "a non-empty value (leave the option out "
                                                     "for none)");
        }
    }

    return options.IsGiven("check-config") ? StartAction::CheckConfig : StartAction::Run;
}

std::vector<std::string>
CheckCommonHostSettings(const CommonSettings& settings)
{
    std::vector<std::string> problems;

    // One look-up per option, so that a wrong user and a wrong group are both reported.
    for (const auto& [user, group] : {std::pair(settings.user, std::string()),
                                      std::pair(std::string(), settings.group)})
    {
        try
        {
            linux_io::LookUpCredentials(user, group);
        }
        catch (const std::runtime_error& error)
        {
            problems.push_back(error.what());
        }
    }

    for (const auto& [name, path] : {std::pair("stats-file", settings.statsFile),
                                     std::pair("pid-file", settings.pidFile)})
    {
        if (path.empty())
        {
            continue;
        }
        std::string problem = CheckFileDirectory(name, path);
        if (!problem.empty())
        {
            problems.push_back(problem);
        }
    }
    return problems;
}

std::string
DescribeCommonSettings(const CommonSettings& settings)
{
    auto orNone = [](const std::string& text) { return text.empty() ? "(none)" : text; };
    return "config=" + orNone(settings.configFile) +
           " log-level=" + linux_io::ToString(settings.logLevel) +
           " stats-interval=" + std::to_string(settings.statsIntervalSeconds) + "s" +
           " stats-file=" + orNone(settings.statsFile) + " user=" + orNone(settings.user) +
           " group=" + orNone(settings.group) + " pid-file=" + orNone(settings.pidFile);
}

std::string
VersionText(const std::string& program)
{
    return program + " " MXRACE_VERSION;
}

} // namespace daemon
} // namespace mxrace
