// Scenario property tests of the laboratory experiment: who wins under each condition,
// with fixed seeds and fewer mails than the full runs of scenarios/reproduce.py.

#include "sim/helper/lab-scenario.h"
#include "sim/helper/scenario-config.h"

#include <gtest/gtest.h>

#include <string>

namespace
{

using ns3::LabResult;
using ns3::ScenarioConfig;

constexpr uint32_t kMails = 20;

/** \returns the path of scenarios/lab/lab.conf in the source tree. */
std::string
LabConfigPath()
{
    std::string file = __FILE__;
    return file.substr(0, file.rfind("/tests/sim/")) + "/scenarios/lab/lab.conf";
}

/** Sums of the runs of one condition over several seeds. */
struct Totals
{
    uint32_t sent = 0;
    uint32_t viaMgw1 = 0;
    uint32_t viaMgw2 = 0;
    uint32_t lost = 0;
    uint32_t duplicates = 0;
};

Totals
RunSeeds(const std::string& condition,
         uint32_t firstSeed,
         uint32_t lastSeed,
         const std::string& extraOverride = "")
{
    Totals totals;
    for (uint32_t seed = firstSeed; seed <= lastSeed; ++seed)
    {
        ScenarioConfig config;
        config.LoadFile(LabConfigPath());
        config.Override("mail.count=" + std::to_string(kMails), "test");
        if (!extraOverride.empty())
        {
            config.Override(extraOverride, "test");
        }
        LabResult result = ns3::RunLabScenario(config, condition, seed);
        totals.sent += result.mailsSent;
        totals.viaMgw1 += result.viaMgw1;
        totals.viaMgw2 += result.viaMgw2;
        totals.lost += result.lost;
        totals.duplicates += result.duplicates;
    }
    return totals;
}

TEST(LabScenario, NoneUsesBothGateways)
{
    Totals totals = RunSeeds("none", 1, 5);
    EXPECT_EQ(totals.sent, 5 * kMails);
    EXPECT_EQ(totals.lost, 0u);
    EXPECT_EQ(totals.duplicates, 0u);
    EXPECT_GE(totals.viaMgw1 * 10, totals.sent * 3) << "MGW1 took under 30 % of the mail";
    EXPECT_GE(totals.viaMgw2 * 10, totals.sent * 3) << "MGW2 took under 30 % of the mail";
}

TEST(LabScenario, DelayPath1SendsAllViaMgw2)
{
    Totals totals = RunSeeds("delay-path1", 1, 3);
    EXPECT_EQ(totals.lost, 0u);
    EXPECT_EQ(totals.duplicates, 0u);
    EXPECT_EQ(totals.viaMgw1, 0u);
    EXPECT_EQ(totals.viaMgw2, 3 * kMails);
}

TEST(LabScenario, DelayPath2SendsAllViaMgw1)
{
    Totals totals = RunSeeds("delay-path2", 1, 3);
    EXPECT_EQ(totals.lost, 0u);
    EXPECT_EQ(totals.duplicates, 0u);
    EXPECT_EQ(totals.viaMgw2, 0u);
    EXPECT_EQ(totals.viaMgw1, 3 * kMails);
}

TEST(LabScenario, SubMillisecondDelayMovesMail)
{
    // 0.3 ms is above the 0.1 ms spread of the DNS servers' processing times.
    Totals totals = RunSeeds("delay-path1", 1, 3, "delay.added-ms=0.3");
    EXPECT_EQ(totals.lost, 0u);
    EXPECT_EQ(totals.viaMgw1, 0u);
    EXPECT_EQ(totals.viaMgw2, 3 * kMails);
}

TEST(LabScenario, FtpPath1SendsMostViaMgw2)
{
    Totals totals = RunSeeds("ftp-path1", 1, 2);
    EXPECT_EQ(totals.lost, 0u);
    EXPECT_EQ(totals.duplicates, 0u);
    EXPECT_EQ(totals.viaMgw1 + totals.viaMgw2, 2 * kMails);
    EXPECT_GT(totals.viaMgw2, totals.viaMgw1);
}

TEST(LabScenario, FtpPath2SendsMostViaMgw1)
{
    Totals totals = RunSeeds("ftp-path2", 1, 2);
    EXPECT_EQ(totals.lost, 0u);
    EXPECT_EQ(totals.duplicates, 0u);
    EXPECT_EQ(totals.viaMgw1 + totals.viaMgw2, 2 * kMails);
    EXPECT_GT(totals.viaMgw1, totals.viaMgw2);
}

TEST(LabScenario, FtpFilesLetSomeAnswersThrough)
{
    // Small files with pauses leave the loaded path idle at times, so it wins some races.
    Totals totals = RunSeeds("ftp-path1", 1, 2, "ftp.file-bytes=250000");
    EXPECT_EQ(totals.lost, 0u);
    EXPECT_EQ(totals.viaMgw1 + totals.viaMgw2, 2 * kMails);
    EXPECT_GT(totals.viaMgw1, 0u) << "the loaded path never won";
    EXPECT_GT(totals.viaMgw2, totals.viaMgw1) << "the idle path did not take most mail";
}

TEST(LabScenario, InvalidParametersAreRejected)
{
    ScenarioConfig config;
    config.LoadFile(LabConfigPath());
    EXPECT_THROW(ns3::RunLabScenario(config, "delay-path3", 1), std::runtime_error);
    EXPECT_THROW(ns3::RunLabScenario(config, "none", 0), std::runtime_error);

    ScenarioConfig misspelt;
    misspelt.LoadFile(LabConfigPath());
    misspelt.Override("mail.cuont=5", "test");
    EXPECT_THROW(ns3::RunLabScenario(misspelt, "none", 1), std::runtime_error);

    ScenarioConfig negative;
    negative.LoadFile(LabConfigPath());
    negative.Override("delay.added-ms=-1", "test");
    EXPECT_THROW(ns3::RunLabScenario(negative, "delay-path1", 1), std::runtime_error);
}

} // namespace
