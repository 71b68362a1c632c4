// ParseRewriterSettings(): rules, defaults, and the error messages for invalid options.

#include "core/ipv4-address.h"
#include "daemon-test-support.h"
#include "linux/rewriter-settings.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mxrace
{
namespace
{

using daemon::ConfigError;
using daemon::RewriterSettings;
using daemon::StartAction;
using test::Argv;
using test::WriteTempFile;

core::Ipv4Addr
Ip(const std::string& text)
{
    return *core::ParseIpv4(text);
}

StartAction
Parse(const std::vector<std::string>& arguments, RewriterSettings& settings)
{
    Argv argv("mxrace-rewriter", arguments);
    std::string help;
    return daemon::ParseRewriterSettings(argv.Count(), argv.Get(), settings, help);
}

std::string
ErrorOf(const std::vector<std::string>& arguments)
{
    RewriterSettings settings;
    try
    {
        Parse(arguments, settings);
    }
    catch (const ConfigError& error)
    {
        return error.what();
    }
    return "";
}

TEST(RewriterSettings, MinimalCommandLineAndDefaults)
{
    RewriterSettings settings;
    EXPECT_EQ(Parse({"--interface", "eth1", "--rule", "10.53.1.1=192.0.2.53"}, settings),
              StartAction::Run);

    EXPECT_EQ(settings.interface, "eth1");
    EXPECT_EQ(settings.tun, "mxrace0");
    ASSERT_EQ(settings.rewriter.rules.size(), 1u);
    EXPECT_EQ(settings.rewriter.rules[0].server, Ip("10.53.1.1"));
    EXPECT_EQ(settings.rewriter.rules[0].proxy, Ip("192.0.2.53"));
    EXPECT_EQ(settings.rewriter.serverPort, 53);
    EXPECT_FALSE(settings.setupRouting);
    EXPECT_EQ(settings.routeTable, 53u);
}

TEST(RewriterSettings, ConfigFileAndFlagForms)
{
    std::string path = WriteTempFile("rewriter.conf", "interface = eth1  # backbone 1\n"
                                                      "tun = mx0\n"
                                                      "rule = 10.53.1.1=192.0.2.53\n"
                                                      "rule = 10.53.1.2=198.51.100.53\n"
                                                      "server-port = 5300\n"
                                                      "route-table = 4000000000\n");
    RewriterSettings settings;
    Parse({"--config", path, "--setup-routing"}, settings);

    EXPECT_EQ(settings.tun, "mx0");
    ASSERT_EQ(settings.rewriter.rules.size(), 2u);
    EXPECT_EQ(settings.rewriter.rules[1].server, Ip("10.53.1.2"));
    EXPECT_EQ(settings.rewriter.rules[1].proxy, Ip("198.51.100.53"));
    EXPECT_EQ(settings.rewriter.serverPort, 5300);
    EXPECT_EQ(settings.routeTable, 4000000000u);
    EXPECT_TRUE(settings.setupRouting);

    Parse({"--config", path, "--setup-routing=false"}, settings);
    EXPECT_FALSE(settings.setupRouting);
}

TEST(RewriterSettings, InvalidValues)
{
    const std::string rule = "--rule=10.53.1.1=192.0.2.53";
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{rule},
         "missing option \"interface\": give the backbone interface the rewritten answers "
         "leave by, for example --interface eth1"},
        {{"--interface", "eth1"},
         "missing option \"rule\": map at least one DNS server address to a proxy address, for "
         "example --rule 198.51.100.1=192.0.2.53 or \"rule = 198.51.100.1=192.0.2.53\" in the "
         "config file"},
        {{"--interface", "eth1", "--rule", "10.53.1.1"},
         "invalid value \"10.53.1.1\" for option --rule on the command line: expected "
         "SERVER=PROXY, two IPv4 addresses"},
        {{"--interface", "eth1", "--rule", "10.53.1.1=proxy"},
         "invalid value \"10.53.1.1=proxy\" for option --rule on the command line: expected "
         "SERVER=PROXY, two IPv4 addresses"},
        {{"--interface", "eth1", "--rule", "10.53.1.1=224.0.0.1"},
         "invalid value \"10.53.1.1=224.0.0.1\" for option --rule on the command line: "
         "expected SERVER=PROXY with two unicast addresses, but PROXY 224.0.0.1 is a "
         "multicast address. Loopback (127.0.0.0/8), multicast (224.0.0.0/4), 0.0.0.0/8 and "
         "240.0.0.0/4 addresses are not allowed"},
        {{"--interface", "eth1", "--rule", "127.0.0.1=192.0.2.53"},
         "invalid value \"127.0.0.1=192.0.2.53\" for option --rule on the command line: "
         "expected SERVER=PROXY with two unicast addresses, but SERVER 127.0.0.1 is a "
         "loopback address. Loopback (127.0.0.0/8), multicast (224.0.0.0/4), 0.0.0.0/8 and "
         "240.0.0.0/4 addresses are not allowed"},
        {{"--interface", "eth1", "--rule", "0.1.2.3=192.0.2.53"},
         "invalid value \"0.1.2.3=192.0.2.53\" for option --rule on the command line: "
         "expected SERVER=PROXY with two unicast addresses, but SERVER 0.1.2.3 is in "
         "0.0.0.0/8. Loopback (127.0.0.0/8), multicast (224.0.0.0/4), 0.0.0.0/8 and "
         "240.0.0.0/4 addresses are not allowed"},
        {{"--interface", "eth1", "--rule", "10.53.1.1=255.255.255.255"},
         "invalid value \"10.53.1.1=255.255.255.255\" for option --rule on the command line: "
         "expected SERVER=PROXY with two unicast addresses, but PROXY 255.255.255.255 is in "
         "the reserved range 240.0.0.0/4. Loopback (127.0.0.0/8), multicast (224.0.0.0/4), "
         "0.0.0.0/8 and 240.0.0.0/4 addresses are not allowed"},
        {{"--interface", "eth1", "--rule", "10.53.1.1=10.53.1.1"},
         "invalid value \"10.53.1.1=10.53.1.1\" for option --rule on the command line: "
         "expected a SERVER address that differs from the PROXY address"},
        {{"--interface", "eth1", rule, "--rule", "10.53.1.1=198.51.100.53"},
         "invalid value \"10.53.1.1=198.51.100.53\" for option --rule on the command line: "
         "expected one rule per server address (10.53.1.1 already maps to 192.0.2.53)"},
        {{"--interface", "an-interface-name-too-long", rule},
         "invalid value \"an-interface-name-too-long\" for option --interface on the command "
         "line: expected an interface name of 1 to 15 characters without '/', ':' or blanks"},
        {{"--interface", "eth1", "--tun", "eth1", rule},
         "options \"tun\" and \"interface\" both name eth1: the answers would be sent back into "
         "the TUN device"},
        {{"--interface", "eth1", rule, "--route-table", "255"},
         "invalid value \"255\" for option --route-table on the command line: expected a table "
         "number other than 253 (default), 254 (main) and 255 (local)"},
        {{"--interface", "eth1", rule, "--route-table", "0"},
         "invalid value \"0\" for option --route-table on the command line: expected an "
         "integer from 1 to 4294967295"},
        {{"--interface", "eth1", rule, "--setup-routing", "--user", "mxrace"},
         "setup-routing = true cannot be combined with user: removing the routing rules at "
         "exit needs root. Leave setup-routing off and run rewriter-routing.sh up/down around "
         "the daemon (for example in ExecStartPre and ExecStopPost)"},
    };
    for (const auto& [arguments, expected] : cases)
    {
        EXPECT_EQ(ErrorOf(arguments), expected) << arguments.back();
    }
}

TEST(RewriterSettings, HostCheckFindsInterface)
{
    RewriterSettings settings;
    Parse({"--interface", "lo", "--rule", "10.53.1.1=192.0.2.53", "--check-config"}, settings);
    EXPECT_EQ(daemon::CheckRewriterHostSettings(settings), std::vector<std::string>{});

    Parse({"--interface", "mxhnosuch0", "--rule", "10.53.1.1=192.0.2.53", "--user",
           "mxh-no-such-user", "--check-config"},
          settings);
    std::vector<std::string> problems = daemon::CheckRewriterHostSettings(settings);
    ASSERT_EQ(problems.size(), 2u);
    EXPECT_EQ(problems[0], "invalid value \"mxh-no-such-user\" for option user: no such user "
                           "(expected a name from the user database)");
    EXPECT_EQ(problems[1], "invalid value \"mxhnosuch0\" for option interface: no such "
                           "interface (expected the name of the backbone interface, as \"ip "
                           "link\" lists it)");
}

TEST(RewriterSettings, InterfaceNames)
{
    EXPECT_TRUE(daemon::IsValidInterfaceName("eth1"));
    EXPECT_TRUE(daemon::IsValidInterfaceName("enp3s0f1.100"));
    EXPECT_TRUE(daemon::IsValidInterfaceName("abcdefghijklmno"));
    EXPECT_FALSE(daemon::IsValidInterfaceName("abcdefghijklmnop"));
    EXPECT_FALSE(daemon::IsValidInterfaceName(""));
    EXPECT_FALSE(daemon::IsValidInterfaceName("."));
    EXPECT_FALSE(daemon::IsValidInterfaceName(".."));
    EXPECT_FALSE(daemon::IsValidInterfaceName("a/b"));
    EXPECT_FALSE(daemon::IsValidInterfaceName("eth0:1"));
    EXPECT_FALSE(daemon::IsValidInterfaceName("eth 0"));
}

TEST(RewriterSettings, HelpLinesHaveNoTrailingBlanks)
{
    RewriterSettings settings;
    Argv argv("mxrace-rewriter", {"--help"});
    std::string help;
    daemon::ParseRewriterSettings(argv.Count(), argv.Get(), settings, help);

    EXPECT_EQ(help.find(" \n"), std::string::npos) << help;
    EXPECT_NE(help.find("--check-config"), std::string::npos) << help;
}

} // namespace
} // namespace mxrace
