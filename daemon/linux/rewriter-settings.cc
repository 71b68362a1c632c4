#include "rewriter-settings.h"

#include <net/if.h>

#include <cctype>
#include <sstream>
#include <utility>

namespace mxrace
{
namespace daemon
{

namespace
{

constexpr const char* kProgram = "mxrace-rewriter";

constexpr const char* kSummary =
    "Runs beside a DNS server. Policy routing sends the server's UDP answers into a TUN\n"
    "device; the rewriter reads each one, replaces its source address (a server address)\n"
    "with the proxy address the client queried, fixes the checksums, and sends it out of\n"
    "the backbone interface through a raw socket. Runs in the foreground; SIGUSR1 logs the\n"
    "counters, SIGTERM and SIGINT stop it.";

/** \returns why core::IsUnusableSource() rejects \p address, as "is ..." for a message. */
std::string
UnusableReason(core::Ipv4Addr address)
{
    uint32_t first = address >> 24;
    if (first == 0)
    {
        return "is in 0.0.0.0/8";
    }
    if (first == 127)
    {
        return "is a loopback address";
    }
    if (first < 240)
    {
        return "is a multicast address";
    }
    return "is in the reserved range 240.0.0.0/4";
}

/** Reads the "rule" options into \p settings. */
void
ReadRules(const OptionSet& options, RewriterSettings& settings)
{
    std::vector<OptionValue> values = options.Values("rule");
    if (values.empty())
    {
        throw ConfigError("missing option \"rule\": map at least one DNS server address to a "
                          "proxy address, for example --rule 198.51.100.1=192.0.2.53 or "
                          "\"rule = 198.51.100.1=192.0.2.53\" in the config file");
    }
    const std::string expected = "SERVER=PROXY, two IPv4 addresses";
    for (const OptionValue& value : values)
    {
        size_t equals = value.value.find('=');
        if (equals == std::string::npos)
        {
            throw options.InvalidValue("rule", value, expected);
        }
        std::optional<core::Ipv4Addr> server = core::ParseIpv4(value.value.substr(0, equals));
        std::optional<core::Ipv4Addr> proxy = core::ParseIpv4(value.value.substr(equals + 1));
        if (!server || !proxy)
        {
            throw options.InvalidValue("rule", value, expected);
        }
        for (const auto& [role, address] :
             {std::pair("SERVER", *server), std::pair("PROXY", *proxy)})
        {
            if (core::IsUnusableSource(address))
            {
                throw options.InvalidValue(
                    "rule", value,
                    "SERVER=PROXY with two unicast addresses, but " + std::string(role) + " " +
                        core::FormatIpv4(address) + " " + UnusableReason(address) +
                        ". Loopback (127.0.0.0/8), multicast (224.0.0.0/4), 0.0.0.0/8 and "
                        "240.0.0.0/4 addresses are not allowed");
            }
        }
        if (*server == *proxy)
        {
            throw options.InvalidValue("rule", value, "a SERVER address that differs from "
                                                      "the PROXY address");
        }
        for (const core::RewriteRule& rule : settings.rewriter.rules)
        {
            if (rule.server == *server)
            {
                throw options.InvalidValue("rule", value,
                                           "one rule per server address (" +
                                               core::FormatIpv4(*server) +
                                               " already maps to " +
                                               core::FormatIpv4(rule.proxy) + ")");
            }
        }
        settings.rewriter.rules.push_back(core::RewriteRule{*server, *proxy});
    }
}

/** Reads an interface name option \p name into \p target. */
void
ReadInterfaceName(const OptionSet& options, const std::string& name, std::string& target)
{
    std::optional<OptionValue> value = options.Value(name);
    if (!value)
    {
        throw ConfigError("missing option \"" + name + "\": give the backbone interface the "
                          "rewritten answers leave by, for example --" + name + " eth1");
    }
    if (!IsValidInterfaceName(value->value))
    {
        throw options.InvalidValue(name, *value, "an interface name of 1 to 15 characters "
                                                 "without '/', ':' or blanks");
    }
    target = value->value;
}

} // namespace

bool
IsValidInterfaceName(const std::string& name)
{
    if (name.empty() || name.size() > 15 || name == "." || name == "..")
    {
        return false;
    }
    for (char c : name)
    {
        if (c == '/' || c == ':' || c == '\0' || std::isspace(static_cast<unsigned char>(c)))
        {
            return false;
        }
    }
    return true;
}

void
AddRewriterOptions(OptionSet& options)
{
    OptionSpec spec;
    spec = OptionSpec{"tun", "NAME", "TUN device the DNS server's answers are routed into; "
                                     "attached if it exists, created otherwise."};
    spec.defaultValue = "mxrace0";
    spec.hasDefault = true;
    options.Add(spec);

    spec = OptionSpec{"interface", "NAME", "Backbone interface the rewritten answers leave by "
                                           "(the raw socket is bound to it). Required."};
    options.Add(spec);

    spec = OptionSpec{"rule", "SERVER=PROXY", "Answers from the DNS server address SERVER "
                                              "(source port server-port) leave with source "
                                              "address PROXY. Required."};
    spec.repeatable = true;
    options.Add(spec);

    spec = OptionSpec{"server-port", "PORT", "Source port of the DNS server's answers."};
    spec.defaultValue = "53";
    spec.hasDefault = true;
    options.Add(spec);

    spec = OptionSpec{"setup-routing", "BOOL",
                      "At start, bring the TUN device up, add \"ip rule add from SERVER ipproto "
                      "udp sport PORT lookup TABLE\" per rule and \"ip route add default dev TUN "
                      "table TABLE\", and set the sysctls the set-up needs; undo it all at "
                      "exit. Needs root, and cannot be combined with user. Off: apply the same "
                      "with rewriter-routing.sh."};
    spec.defaultValue = "false";
    spec.hasDefault = true;
    spec.implicitValue = "true";
    options.Add(spec);

    spec = OptionSpec{"route-table", "TABLE", "Routing table that holds the default route into "
                                              "the TUN device (1 to 4294967295, not 253, 254 or "
                                              "255)."};
    spec.defaultValue = "53";
    spec.hasDefault = true;
    options.Add(spec);

    AddCommonOptions(options);
}

StartAction
ParseRewriterSettings(int argc,
                      const char* const* argv,
                      RewriterSettings& settings,
                      std::string& helpText)
{
    OptionSet options(kProgram, kSummary);
    AddRewriterOptions(options);
    helpText = options.Help();
    options.Parse(argc, argv);

    settings = RewriterSettings();
    StartAction action = ReadCommonSettings(options, settings.common);
    if (action == StartAction::PrintHelp || action == StartAction::PrintVersion)
    {
        return action;
    }

    ReadInterfaceName(options, "tun", settings.tun);
    ReadInterfaceName(options, "interface", settings.interface);
    ReadRules(options, settings);
    settings.rewriter.serverPort =
        static_cast<uint16_t>(options.GetUnsigned("server-port", 1, 65535));
    settings.setupRouting = options.GetBool("setup-routing");

    // Tables 253 (default), 254 (main) and 255 (local) belong to the kernel's own routing.
    std::optional<OptionValue> table = options.Value("route-table");
    settings.routeTable = static_cast<uint32_t>(options.GetUnsigned("route-table", 1, 4294967295u));
    if (settings.routeTable >= 253 && settings.routeTable <= 255)
    {
        throw options.InvalidValue("route-table", *table,
                                   "a table number other than 253 (default), 254 (main) and "
                                   "255 (local)");
    }

    if (settings.tun == settings.interface)
    {
        throw ConfigError("options \"tun\" and \"interface\" both name " + settings.tun +
                          ": the answers would be sent back into the TUN device");
    }
    if (settings.setupRouting && !settings.common.user.empty())
    {
        throw ConfigError("setup-routing = true cannot be combined with user: removing the "
                          "routing rules at exit needs root. Leave setup-routing off and run "
                          "rewriter-routing.sh up/down around the daemon (for example in "
                          "ExecStartPre and ExecStopPost)");
    }

    std::string error = core::AnswerRewriter::ValidateConfig(settings.rewriter);
    if (!error.empty())
    {
        throw ConfigError("invalid configuration: " + error);
    }
    return action;
}

std::vector<std::string>
CheckRewriterHostSettings(const RewriterSettings& settings)
{
    std::vector<std::string> problems = CheckCommonHostSettings(settings.common);
    if (if_nametoindex(settings.interface.c_str()) == 0)
    {
        problems.push_back("invalid value \"" + EscapeForMessage(settings.interface) +
                           "\" for option interface: no such interface (expected the name of "
                           "the backbone interface, as \"ip link\" lists it)");
    }
    return problems;
}

std::string
DescribeRewriterSettings(const RewriterSettings& settings)
{
    std::ostringstream text;
    text << "rules:";
    for (const core::RewriteRule& rule : settings.rewriter.rules)
    {
        text << " " << core::FormatIpv4(rule.server) << "=" << core::FormatIpv4(rule.proxy);
    }
    text << " | tun=" << settings.tun << " interface=" << settings.interface
         << " server-port=" << settings.rewriter.serverPort
         << " setup-routing=" << (settings.setupRouting ? "true" : "false")
         << " route-table=" << settings.routeTable << " | "
         << DescribeCommonSettings(settings.common);
    return text.str();
}

} // namespace daemon
} // namespace mxrace
