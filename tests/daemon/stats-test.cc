// Stats: counter registry, drop counters expanded per reason, and the statistics file.

#include "core/drop-reason.h"
#include "daemon-test-support.h"
#include "linux/stats.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

namespace mxrace
{
namespace
{

using linux_io::Stats;

TEST(Stats, CountersKeepCreationOrderAndReferences)
{
    Stats stats;
    uint64_t& received = stats.Counter("received");
    for (int i = 0; i < 100; ++i)
    {
        stats.Counter("filler." + std::to_string(i));
    }
    received += 5;
    ++stats.Counter("received");

    auto snapshot = stats.Snapshot();
    ASSERT_EQ(snapshot.size(), 101u);
    EXPECT_EQ(snapshot[0].first, "received");
    EXPECT_EQ(snapshot[0].second, 6u);
    EXPECT_EQ(snapshot[100].first, "filler.99");
}

TEST(Stats, DropsListEveryReasonAndTotal)
{
    Stats stats;
    stats.Counter("received") = 3;
    core::DropCounters& drops = stats.Drops("dropped");
    drops.Add(core::DropReason::DnsBadName);
    drops.Add(core::DropReason::DnsBadName);
    drops.Add(core::DropReason::RateLimited);

    auto snapshot = stats.Snapshot();
    // "received", one line per reason (None excluded), and the total.
    ASSERT_EQ(snapshot.size(), 1 + (core::kDropReasonCount - 1) + 1);
    EXPECT_EQ(snapshot[1].first, "dropped.ipv4-too-short");
    EXPECT_EQ(snapshot[1].second, 0u);
    EXPECT_EQ(snapshot.back().first, "dropped-total");
    EXPECT_EQ(snapshot.back().second, 3u);
    for (const auto& [name, value] : snapshot)
    {
        if (name == "dropped.dns-bad-name")
        {
            EXPECT_EQ(value, 2u);
        }
        if (name == "dropped.rate-limited")
        {
            EXPECT_EQ(value, 1u);
        }
    }
}

TEST(Stats, DropsListOnlyGivenReasons)
{
    Stats stats;
    core::DropCounters& drops =
        stats.Drops("tcp-dropped", {core::DropReason::DnsBadName, core::DropReason::BadSource});
    drops.Add(core::DropReason::BadSource);

    std::vector<std::pair<std::string, uint64_t>> expected = {
        {"tcp-dropped.dns-bad-name", 0}, {"tcp-dropped.bad-source", 1}, {"tcp-dropped-total", 1}};
    EXPECT_EQ(stats.Snapshot(), expected);

    // A reason outside the list still shows once counted, so the lines add up to the total.
    drops.Add(core::DropReason::RateLimited);
    expected = {{"tcp-dropped.dns-bad-name", 0},
                {"tcp-dropped.bad-source", 1},
                {"tcp-dropped.rate-limited", 1},
                {"tcp-dropped-total", 2}};
    EXPECT_EQ(stats.Snapshot(), expected);
}

TEST(Stats, FileHasNameValueLines)
{
    std::string path = test::WriteTempFile("stats", "old contents\n");
    std::string error = Stats::WriteFile(path, {{"received", 12}, {"sent.192.0.2.1", 0}});

    EXPECT_EQ(error, "");
    EXPECT_EQ(test::ReadFile(path), "received 12\nsent.192.0.2.1 0\n");
    EXPECT_EQ(test::ReadFile(path + ".tmp"), "");
    std::remove(path.c_str());
}

TEST(Stats, FileErrorNamesPath)
{
    std::string error = Stats::WriteFile("/nonexistent-dir/stats", {{"received", 1}});

    EXPECT_EQ(error, "cannot create /nonexistent-dir/stats.tmp: No such file or directory");
}

TEST(Stats, ReportWritesTheFile)
{
    std::string path = test::WriteTempFile("report", "");
    Stats stats;
    stats.SetFile(path);
    stats.Counter("forwarded") = 4;
    stats.Drops("dropped").Add(core::DropReason::NotUdp);

    testing::internal::CaptureStderr();
    EXPECT_TRUE(stats.Report("test"));
    std::string log = testing::internal::GetCapturedStderr();

    std::string text = test::ReadFile(path);
    EXPECT_EQ(text.substr(0, 12), "forwarded 4\n");
    EXPECT_NE(text.find("\ndropped.not-udp 1\n"), std::string::npos);
    EXPECT_NE(text.find("\ndropped-total 1\n"), std::string::npos);
    EXPECT_NE(log.find("statistics (test): forwarded=4 dropped-total=1 dropped.not-udp=1\n"),
              std::string::npos)
        << log;
    std::remove(path.c_str());
}

} // namespace
} // namespace mxrace
