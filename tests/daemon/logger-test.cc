// Logger: levels, and the per-kind limit that keeps floods out of the log.

#include "linux/logger.h"

#include <gtest/gtest.h>

#include <string>

namespace mxrace
{
namespace
{

using linux_io::Logger;
using linux_io::LogLevel;

/** \returns the number of occurrences of \p needle in \p text. */
size_t
CountOf(const std::string& text, const std::string& needle)
{
    size_t count = 0;
    for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
    {
        ++count;
    }
    return count;
}

TEST(Logger, ParsesLevelNames)
{
    LogLevel level = LogLevel::Error;
    EXPECT_TRUE(linux_io::ParseLogLevel("debug", level));
    EXPECT_EQ(level, LogLevel::Debug);
    EXPECT_TRUE(linux_io::ParseLogLevel("warning", level));
    EXPECT_EQ(level, LogLevel::Warning);
    EXPECT_FALSE(linux_io::ParseLogLevel("WARNING", level));
    EXPECT_FALSE(linux_io::ParseLogLevel("warn", level));
}

TEST(Logger, LevelFiltersMessages)
{
    Logger& logger = Logger::Instance();
    logger.SetLevel(LogLevel::Warning);

    testing::internal::CaptureStderr();
    linux_io::LogError("first");
    linux_io::LogWarning("second");
    linux_io::LogInfo("third");
    linux_io::LogDebug("fourth");
    std::string output = testing::internal::GetCapturedStderr();
    logger.SetLevel(LogLevel::Info);

    EXPECT_NE(output.find("error: first\n"), std::string::npos) << output;
    EXPECT_NE(output.find("warning: second\n"), std::string::npos) << output;
    EXPECT_EQ(output.find("third"), std::string::npos) << output;
    EXPECT_EQ(output.find("fourth"), std::string::npos) << output;
}

TEST(Logger, LimitedMessagesAreCountedAfterTheBurst)
{
    Logger& logger = Logger::Instance();
    const uint64_t start = 1000;

    testing::internal::CaptureStderr();
    for (int i = 0; i < 25; ++i)
    {
        logger.WriteLimited(LogLevel::Warning, "test-kind-a", "flood message", start + i);
    }
    logger.WriteLimited(LogLevel::Warning, "test-kind-b", "other kind", start);
    std::string burst = testing::internal::GetCapturedStderr();

    EXPECT_EQ(CountOf(burst, "flood message"), Logger::kLimitedBurst);
    EXPECT_EQ(CountOf(burst, "other kind"), 1u);

    // The next message after the window reports the 15 suppressed ones.
    testing::internal::CaptureStderr();
    logger.WriteLimited(LogLevel::Warning, "test-kind-a", "flood message",
                        start + Logger::kLimitedWindowNs + 1);
    std::string after = testing::internal::GetCapturedStderr();

    EXPECT_NE(after.find("15 similar messages suppressed (test-kind-a)\n"), std::string::npos)
        << after;
    EXPECT_EQ(CountOf(after, "flood message"), 1u);
}

TEST(Logger, FlushReportsSuppressedCounts)
{
    Logger& logger = Logger::Instance();

    testing::internal::CaptureStderr();
    for (int i = 0; i < 12; ++i)
    {
        logger.WriteLimited(LogLevel::Error, "test-kind-c", "again", 5);
    }
    logger.FlushSuppressed();
    logger.FlushSuppressed();
    std::string output = testing::internal::GetCapturedStderr();

    EXPECT_EQ(CountOf(output, "2 similar messages suppressed (test-kind-c)"), 1u) << output;
}

} // namespace
} // namespace mxrace
