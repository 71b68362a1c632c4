// ParseProxySettings(): routes from listen and server, defaults, and the error messages.

#include "core/ipv4-address.h"
#include "daemon-test-support.h"
#include "linux/proxy-settings.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mxrace
{
namespace
{

using daemon::ConfigError;
using daemon::ProxySettings;
using daemon::StartAction;
using test::Argv;
using test::WriteTempFile;

core::Ipv4Addr
Ip(const std::string& text)
{
    return *core::ParseIpv4(text);
}

/** Parses \p arguments; returns the action and fills \p settings. */
StartAction
Parse(const std::vector<std::string>& arguments, ProxySettings& settings)
{
    Argv argv("mxrace-proxy", arguments);
    std::string help;
    return daemon::ParseProxySettings(argv.Count(), argv.Get(), settings, help);
}

/** \returns the ConfigError message for \p arguments, or "" if they parse. */
std::string
ErrorOf(const std::vector<std::string>& arguments)
{
    ProxySettings settings;
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

TEST(ProxySettings, MinimalCommandLineAndDefaults)
{
    ProxySettings settings;
    EXPECT_EQ(Parse({"--listen", "192.0.2.53", "--server", "10.53.1.1"}, settings),
              StartAction::Run);

    ASSERT_EQ(settings.listen.size(), 1u);
    EXPECT_EQ(settings.listen[0].address, Ip("192.0.2.53"));
    EXPECT_EQ(settings.listen[0].port, 53);
    ASSERT_EQ(settings.duplicator.routes.size(), 1u);
    EXPECT_EQ(settings.duplicator.routes[0].proxyAddress, Ip("192.0.2.53"));
    EXPECT_EQ(settings.duplicator.routes[0].servers, std::vector<core::Ipv4Addr>{Ip("10.53.1.1")});
    EXPECT_EQ(settings.duplicator.serverPort, 53);
    EXPECT_EQ(settings.duplicator.ttl, 64);
    EXPECT_EQ(settings.duplicator.maxDatagramSize, 1500u);
    EXPECT_TRUE(settings.duplicator.zones.empty());
    EXPECT_DOUBLE_EQ(settings.duplicator.rateLimit.queriesPerSecond, 20);
    EXPECT_DOUBLE_EQ(settings.duplicator.rateLimit.burst, 40);
    EXPECT_EQ(settings.duplicator.rateLimit.prefixLength, 24u);
    EXPECT_DOUBLE_EQ(settings.duplicator.rateLimit.globalQueriesPerSecond, 0);
    EXPECT_TRUE(settings.tcp);
    EXPECT_EQ(settings.tcpMaxConnections, 100u);
    EXPECT_EQ(settings.tcpMaxConnectionsPerPrefix, 10u);
    EXPECT_EQ(settings.tcpTimeoutSeconds, 10u);
    EXPECT_EQ(settings.common.statsIntervalSeconds, 300u);
    EXPECT_EQ(settings.common.logLevel, linux_io::LogLevel::Info);
    EXPECT_EQ(settings.common.statsFile, "");
}

TEST(ProxySettings, ServersPerListenAddress)
{
    ProxySettings settings;
    Parse({"--listen", "192.0.2.53", "--listen", "198.51.100.53:5353", "--server",
           "10.53.1.1@192.0.2.53", "--server", "10.53.2.2@198.51.100.53", "--server",
           "10.53.9.9"},
          settings);

    ASSERT_EQ(settings.listen.size(), 2u);
    EXPECT_EQ(settings.listen[1].port, 5353);
    ASSERT_EQ(settings.duplicator.routes.size(), 2u);
    EXPECT_EQ(settings.duplicator.routes[0].servers,
              (std::vector<core::Ipv4Addr>{Ip("10.53.1.1"), Ip("10.53.9.9")}));
    EXPECT_EQ(settings.duplicator.routes[1].servers,
              (std::vector<core::Ipv4Addr>{Ip("10.53.2.2"), Ip("10.53.9.9")}));
}

TEST(ProxySettings, AllOptionsFromConfigFile)
{
    std::string path = WriteTempFile("proxy.conf", "listen = 192.0.2.53\n"
                                                   "server = 10.53.1.1\n"
                                                   "server-port = 5300\n"
                                                   "ttl = 9\n"
                                                   "max-datagram-size = 9000\n"
                                                   "zone = example.org\n"
                                                   "zone = example.net.\n"
                                                   "rate-limit = 0.5\n"
                                                   "rate-limit-burst = 3\n"
                                                   "rate-limit-prefix = 32\n"
                                                   "global-rate-limit = 1000\n"
                                                   "tcp = no\n"
                                                   "tcp-max-connections = 7\n"
                                                   "tcp-max-connections-per-prefix = 3\n"
                                                   "tcp-timeout = 30\n"
                                                   "log-level = debug\n"
                                                   "stats-interval = 0\n"
                                                   "stats-file = /run/x/stats\n"
                                                   "user = mxrace\n"
                                                   "group = mxgroup\n"
                                                   "pid-file = /run/x/pid\n");
    ProxySettings settings;
    EXPECT_EQ(Parse({"--config", path}, settings), StartAction::Run);

    EXPECT_EQ(settings.duplicator.serverPort, 5300);
    EXPECT_EQ(settings.duplicator.ttl, 9);
    EXPECT_EQ(settings.duplicator.maxDatagramSize, 9000u);
    EXPECT_EQ(settings.duplicator.zones, (std::vector<std::string>{"example.org", "example.net."}));
    EXPECT_DOUBLE_EQ(settings.duplicator.rateLimit.queriesPerSecond, 0.5);
    EXPECT_DOUBLE_EQ(settings.duplicator.rateLimit.burst, 3);
    EXPECT_EQ(settings.duplicator.rateLimit.prefixLength, 32u);
    EXPECT_DOUBLE_EQ(settings.duplicator.rateLimit.globalQueriesPerSecond, 1000);
    EXPECT_DOUBLE_EQ(settings.duplicator.rateLimit.globalBurst, 1000);
    EXPECT_FALSE(settings.tcp);
    EXPECT_EQ(settings.tcpMaxConnections, 7u);
    EXPECT_EQ(settings.tcpMaxConnectionsPerPrefix, 3u);
    EXPECT_EQ(settings.tcpTimeoutSeconds, 30u);
    EXPECT_EQ(settings.common.logLevel, linux_io::LogLevel::Debug);
    EXPECT_EQ(settings.common.statsIntervalSeconds, 0u);
    EXPECT_EQ(settings.common.statsFile, "/run/x/stats");
    EXPECT_EQ(settings.common.user, "mxrace");
    EXPECT_EQ(settings.common.group, "mxgroup");
    EXPECT_EQ(settings.common.pidFile, "/run/x/pid");
    EXPECT_EQ(settings.common.configFile, path);
}

TEST(ProxySettings, HelpVersionAndCheckConfig)
{
    ProxySettings settings;
    EXPECT_EQ(Parse({"--help"}, settings), StartAction::PrintHelp);
    EXPECT_EQ(Parse({"--version"}, settings), StartAction::PrintVersion);
    EXPECT_EQ(Parse({"--listen", "192.0.2.53", "--server", "10.53.1.1", "--check-config"},
                    settings),
              StartAction::CheckConfig);
    EXPECT_EQ(ErrorOf({"--check-config"}),
              "missing option \"listen\": give at least one proxy address, for example "
              "--listen 192.0.2.53 or \"listen = 192.0.2.53\" in the config file");
}

TEST(ProxySettings, HelpTextListsEveryOption)
{
    ProxySettings settings;
    Argv argv("mxrace-proxy", {"--help"});
    std::string help;
    daemon::ParseProxySettings(argv.Count(), argv.Get(), settings, help);

    for (const char* option :
         {"--listen ADDR[:PORT]", "--server SERVER[@LISTEN_ADDR]", "--server-port PORT (=53)",
          "--ttl HOPS (=64)", "--max-datagram-size BYTES (=1500)", "--zone NAME", "--rate-limit QPS (=20)",
          "--rate-limit-burst QUERIES (=40)", "--rate-limit-prefix BITS (=24)",
          "--global-rate-limit QPS (=0)", "--tcp [=BOOL(=true)] (=true)",
          "--tcp-max-connections COUNT (=100)", "--tcp-max-connections-per-prefix COUNT (=10)",
          "--tcp-timeout SECONDS (=10)", "--config FILE",
          "--check-config", "--help", "--version", "--log-level LEVEL (=info)",
          "--stats-interval SECONDS (=300)", "--stats-file PATH", "--user NAME",
          "--group NAME", "--pid-file PATH"})
    {
        EXPECT_NE(help.find(option), std::string::npos) << option;
    }
}

TEST(ProxySettings, InvalidValues)
{
    const std::string base = "--listen=192.0.2.53";
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{"--server", "10.53.1.1"},
         "missing option \"listen\": give at least one proxy address, for example --listen "
         "192.0.2.53 or \"listen = 192.0.2.53\" in the config file"},
        {{base},
         "missing option \"server\": give at least one DNS server, for example --server "
         "198.51.100.1 or \"server = 198.51.100.1\" in the config file"},
        {{"--listen", "0.0.0.0", "--server", "10.53.1.1"},
         "invalid value \"0.0.0.0\" for option --listen on the command line: expected a "
         "unicast address of this host (the address clients query selects the DNS servers, "
         "so the wildcard, loopback and multicast addresses cannot be used)"},
        {{"--listen", "192.0.2.53:70000", "--server", "10.53.1.1"},
         "invalid value \"192.0.2.53:70000\" for option --listen on the command line: "
         "expected an IPv4 address with an optional port, ADDR[:PORT], port 1 to 65535"},
        {{base, "--listen", "192.0.2.53:54", "--server", "10.53.1.1"},
         "invalid value \"192.0.2.53:54\" for option --listen on the command line: expected "
         "each proxy address once (192.0.2.53 is already a listen address)"},
        {{base, "--server", "10.53.1.1@192.0.2.99"},
         "invalid value \"10.53.1.1@192.0.2.99\" for option --server on the command line: "
         "expected a LISTEN_ADDR after '@' that is one of the listen addresses (192.0.2.99 is "
         "not)"},
        {{base, "--server", "dns1"},
         "invalid value \"dns1\" for option --server on the command line: expected SERVER or "
         "SERVER@LISTEN_ADDR, where SERVER is the IPv4 address of a DNS server and "
         "LISTEN_ADDR one of the listen addresses"},
        {{base, "--server", "127.0.0.1"},
         "invalid value \"127.0.0.1\" for option --server on the command line: expected the "
         "unicast address of another host as SERVER (not 0.0.0.0/8, loopback, multicast or "
         "reserved)"},
        {{base, "--server", "192.0.2.53"},
         "invalid value \"192.0.2.53\" for option --server on the command line: expected a "
         "SERVER address that is not a listen address (the copies would loop back to the "
         "proxy)"},
        {{base, "--server", "10.53.1.1", "--server", "10.53.1.1"},
         "invalid value \"10.53.1.1\" for option --server on the command line: expected each "
         "server once per listen address (10.53.1.1 already receives the queries sent to "
         "192.0.2.53)"},
        {{base, "--listen", "198.51.100.53", "--server", "10.53.1.1@192.0.2.53"},
         "invalid configuration: proxy address 198.51.100.53 has no DNS server: give at least "
         "one server for it"},
        {{base, "--server", "10.53.1.1", "--ttl", "0"},
         "invalid value \"0\" for option --ttl on the command line: expected an integer from 1 "
         "to 255"},
        {{base, "--server", "10.53.1.1", "--max-datagram-size", "575"},
         "invalid value \"575\" for option --max-datagram-size on the command line: expected "
         "an integer from 576 to 65535"},
        {{base, "--server", "10.53.1.1", "--max-datagram-size", "65536"},
         "invalid value \"65536\" for option --max-datagram-size on the command line: expected "
         "an integer from 576 to 65535"},
        {{base, "--server", "10.53.1.1", "--server-port", "0"},
         "invalid value \"0\" for option --server-port on the command line: expected an "
         "integer from 1 to 65535"},
        {{base, "--server", "10.53.1.1", "--zone", "a..b"},
         "invalid value \"a..b\" for option --zone on the command line: expected a domain name "
         "such as example.org, with labels of 1 to 63 bytes and 255 bytes in all"},
        {{base, "--server", "10.53.1.1", "--rate-limit-burst", "0.5"},
         "invalid value \"0.5\" for option --rate-limit-burst on the command line: expected a "
         "decimal number from 1 to 1000000000"},
        {{base, "--server", "10.53.1.1", "--rate-limit-prefix", "33"},
         "invalid value \"33\" for option --rate-limit-prefix on the command line: expected an "
         "integer from 0 to 32"},
        {{base, "--server", "10.53.1.1", "--tcp-max-connections-per-prefix", "0"},
         "invalid value \"0\" for option --tcp-max-connections-per-prefix on the command "
         "line: expected an integer from 1 to 65536"},
        {{base, "--server", "10.53.1.1", "--tcp-timeout", "0"},
         "invalid value \"0\" for option --tcp-timeout on the command line: expected an "
         "integer from 1 to 3600"},
        {{base, "--server", "10.53.1.1", "--log-level", "verbose"},
         "invalid value \"verbose\" for option --log-level on the command line: expected "
         "error, warning, info or debug"},
    };
    for (const auto& [arguments, expected] : cases)
    {
        EXPECT_EQ(ErrorOf(arguments), expected) << arguments.back();
    }
}

TEST(ProxySettings, FileErrorsGiveTheLine)
{
    std::string path = WriteTempFile("bad.conf", "listen = 192.0.2.53\n"
                                                 "server = 10.53.1.1\n"
                                                 "# the next line is wrong\n"
                                                 "server = 10.53.1.2@192.0.2.54\n");
    EXPECT_EQ(ErrorOf({"--config", path}),
              path + ":4: invalid value \"10.53.1.2@192.0.2.54\" for option \"server\": expected "
                     "a LISTEN_ADDR after '@' that is one of the listen addresses (192.0.2.54 is "
                     "not)");

    path = WriteTempFile("ttl.conf", "listen = 192.0.2.53\nserver = 10.53.1.1\n\nttl = 300\n");
    EXPECT_EQ(ErrorOf({"--config", path}),
              path + ":4: invalid value \"300\" for option \"ttl\": expected an integer from 1 "
                     "to 255");
}

TEST(ProxySettings, DescriptionShowsRoutes)
{
    ProxySettings settings;
    Parse({"--listen", "192.0.2.53", "--server", "10.53.1.1", "--server", "10.53.2.1"},
          settings);
    std::string text = daemon::DescribeProxySettings(settings);

    EXPECT_NE(text.find("routes: 192.0.2.53:53 -> 10.53.1.1 10.53.2.1 |"), std::string::npos)
        << text;
    EXPECT_NE(text.find("zones=(all)"), std::string::npos) << text;
    EXPECT_NE(text.find(" max-datagram-size=1500 "), std::string::npos) << text;
}

TEST(ProxySettings, DescriptionPrintsPlainNumbers)
{
    ProxySettings settings;
    Parse({"--listen", "192.0.2.53", "--server", "10.53.1.1", "--rate-limit", "1000000000",
           "--rate-limit-burst", "2.5", "--global-rate-limit", "0.25"},
          settings);
    std::string text = daemon::DescribeProxySettings(settings);

    EXPECT_NE(text.find(" rate-limit=1000000000/s rate-limit-burst=2.5 rate-limit-prefix=24 "
                        "global-rate-limit=0.25/s "),
              std::string::npos)
        << text;
    EXPECT_EQ(text.find("e+"), std::string::npos) << text;
}

TEST(ProxySettings, HelpLinesHaveNoTrailingBlanks)
{
    ProxySettings settings;
    Argv argv("mxrace-proxy", {"--help"});
    std::string help;
    daemon::ParseProxySettings(argv.Count(), argv.Get(), settings, help);

    EXPECT_EQ(help.find(" \n"), std::string::npos) << help;
    EXPECT_NE(help.find("--check-config"), std::string::npos) << help;
}

} // namespace
} // namespace mxrace
