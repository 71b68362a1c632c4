// Scenario property tests of the Misasa experiment: each sender's usual route in the
// normal state, partial diversion under load, nothing lost. Fixed seeds, fewer mails than
// the full runs of scenarios/reproduce.py.

#include "sim/helper/misasa-scenario.h"
#include "sim/helper/scenario-config.h"

#include <gtest/gtest.h>

#include <string>

namespace
{

using ns3::MisasaResult;
using ns3::ScenarioConfig;

constexpr uint32_t kMails = 20;

/** \returns the path of scenarios/misasa/misasa.conf in the source tree. */
std::string
MisasaConfigPath()
{
    std::string file = __FILE__;
    return file.substr(0, file.rfind("/tests/sim/")) + "/scenarios/misasa/misasa.conf";
}

MisasaResult
RunMisasa(const std::string& sender, const std::string& condition, uint32_t seed)
{
    ScenarioConfig config;
    config.LoadFile(MisasaConfigPath());
    config.Override("mail.count=" + std::to_string(kMails), "test");
    return ns3::RunMisasaScenario(config, sender, condition, seed);
}

TEST(MisasaScenario, TsushimaNormalAllViaOkix)
{
    for (uint32_t seed = 1; seed <= 2; ++seed)
    {
        MisasaResult result = RunMisasa("tsushima", "normal", seed);
        EXPECT_EQ(result.lost, 0u) << "seed " << seed;
        EXPECT_EQ(result.duplicates, 0u) << "seed " << seed;
        EXPECT_EQ(result.viaOkix, kMails) << "seed " << seed;
        EXPECT_EQ(result.viaTottori, 0u) << "seed " << seed;
    }
}

TEST(MisasaScenario, OsakaNormalAllViaTottori)
{
    for (uint32_t seed = 1; seed <= 2; ++seed)
    {
        MisasaResult result = RunMisasa("osaka", "normal", seed);
        EXPECT_EQ(result.lost, 0u) << "seed " << seed;
        EXPECT_EQ(result.duplicates, 0u) << "seed " << seed;
        EXPECT_EQ(result.viaTottori, kMails) << "seed " << seed;
        EXPECT_EQ(result.viaOkix, 0u) << "seed " << seed;
    }
}

TEST(MisasaScenario, LoadTottoriDivertsOsakaPartly)
{
    MisasaResult result = RunMisasa("osaka", "load-tottori", 1);
    EXPECT_EQ(result.lost, 0u);
    EXPECT_EQ(result.duplicates, 0u);
    EXPECT_EQ(result.viaTottori + result.viaOkix, kMails);
    EXPECT_GT(result.viaOkix, 0u) << "no mail left the loaded route";
    EXPECT_LT(result.viaOkix, kMails) << "every mail left the usual route";
    EXPECT_GT(result.loadMbps, 10.0) << "the load generator did not load the route";
}

TEST(MisasaScenario, LoadOkixDivertsTsushimaPartly)
{
    MisasaResult result = RunMisasa("tsushima", "load-okix", 1);
    EXPECT_EQ(result.lost, 0u);
    EXPECT_EQ(result.duplicates, 0u);
    EXPECT_EQ(result.viaTottori + result.viaOkix, kMails);
    EXPECT_GT(result.viaTottori, 0u) << "no mail left the loaded route";
    EXPECT_LT(result.viaTottori, kMails) << "every mail left the usual route";
    EXPECT_GT(result.loadMbps, 10.0) << "the load generator did not load the route";
}

TEST(MisasaScenario, InvalidParametersAreRejected)
{
    ScenarioConfig config;
    config.LoadFile(MisasaConfigPath());
    EXPECT_THROW(ns3::RunMisasaScenario(config, "kyoto", "normal", 1), std::runtime_error);
    EXPECT_THROW(ns3::RunMisasaScenario(config, "osaka", "load-hiroshima", 1),
                 std::runtime_error);
    EXPECT_THROW(ns3::RunMisasaScenario(config, "osaka", "normal", 0), std::runtime_error);

    ScenarioConfig badDuplex;
    badDuplex.LoadFile(MisasaConfigPath());
    badDuplex.Override("server-port.duplex=quarter", "test");
    EXPECT_THROW(ns3::RunMisasaScenario(badDuplex, "osaka", "normal", 1), std::runtime_error);
}

} // namespace
