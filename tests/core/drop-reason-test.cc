// Unit tests of core/drop-reason: the names used in logs and statistics, and the counters.

#include "core/drop-reason.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace mxrace
{
namespace core
{
namespace
{

TEST(DropReason, NamesAreUniqueKebabCase)
{
    std::set<std::string> names;
    for (size_t i = 0; i < kDropReasonCount; ++i)
    {
        std::string name = ToString(static_cast<DropReason>(i));
        SCOPED_TRACE(name);

        EXPECT_NE(name, "unknown");
        EXPECT_FALSE(name.empty());
        EXPECT_EQ(name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-"),
                  std::string::npos);
        EXPECT_TRUE(names.insert(name).second) << "name used twice";
    }
    EXPECT_STREQ(ToString(DropReason::None), "none");
    EXPECT_STREQ(ToString(DropReason::UdpBadChecksum), "udp-bad-checksum");
    EXPECT_STREQ(ToString(DropReason::Count), "unknown");
}

TEST(DropReason, CountersCountEachReason)
{
    DropCounters counters;
    counters.Add(DropReason::RateLimited);
    counters.Add(DropReason::RateLimited);
    counters.Add(DropReason::DnsBadName);

    EXPECT_EQ(counters.Get(DropReason::RateLimited), 2u);
    EXPECT_EQ(counters.Get(DropReason::DnsBadName), 1u);
    EXPECT_EQ(counters.Get(DropReason::BadSource), 0u);
    EXPECT_EQ(counters.Total(), 3u);
}

TEST(DropReason, CountersIgnoreNoneAndCount)
{
    DropCounters counters;
    counters.Add(DropReason::None);
    counters.Add(DropReason::Count);
    counters.Add(static_cast<DropReason>(200));

    EXPECT_EQ(counters.Total(), 0u);
    EXPECT_EQ(counters.Get(DropReason::None), 0u);
    EXPECT_EQ(counters.Get(DropReason::Count), 0u);
    EXPECT_EQ(counters.Get(static_cast<DropReason>(200)), 0u);
}

} // namespace
} // namespace core
} // namespace mxrace
