// Unit tests of core/rate-limiter: token buckets per source prefix and the global bucket.

#include "core/rate-limiter.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace mxrace
{
namespace core
{
namespace
{

constexpr uint64_t kMs = 1000000; // Nanoseconds per millisecond.
constexpr uint64_t kSecond = 1000 * kMs;

// Two sources in one /24, one in another /24.
constexpr Ipv4Addr kSourceA = 0xc6336407;  // 198.51.100.7
constexpr Ipv4Addr kSourceA2 = 0xc63364c8; // 198.51.100.200
constexpr Ipv4Addr kSourceB = 0xc6336507;  // 198.51.101.7
constexpr Ipv4Addr kSourceC = 0xcb007109;  // 203.0.113.9
constexpr Ipv4Addr kSourceD = 0x0a000001;  // 10.0.0.1

/** Returns a per-prefix limit of \p rate queries per second and bucket size \p burst. */
RateLimitConfig
PrefixLimit(double rate, double burst)
{
    RateLimitConfig config;
    config.queriesPerSecond = rate;
    config.burst = burst;
    return config;
}

/** Counts how many of \p count queries from \p source at \p nowNs pass. */
int
CountAllowed(RateLimiter& limiter, Ipv4Addr source, uint64_t nowNs, int count)
{
    int allowed = 0;
    for (int i = 0; i < count; ++i)
    {
        allowed += limiter.Allow(source, nowNs) ? 1 : 0;
    }
    return allowed;
}

TEST(RateLimiter, OffAllowsEverything)
{
    RateLimiter limiter(RateLimitConfig{});

    EXPECT_EQ(CountAllowed(limiter, kSourceA, 0, 1000), 1000);
    EXPECT_EQ(limiter.PrefixCount(), 0u);
}

TEST(RateLimiter, BurstThenRefused)
{
    RateLimiter limiter(PrefixLimit(10, 3));

    EXPECT_TRUE(limiter.Allow(kSourceA, 5 * kSecond));
    EXPECT_TRUE(limiter.Allow(kSourceA, 5 * kSecond));
    EXPECT_TRUE(limiter.Allow(kSourceA, 5 * kSecond));
    EXPECT_FALSE(limiter.Allow(kSourceA, 5 * kSecond));
    EXPECT_FALSE(limiter.Allow(kSourceA, 5 * kSecond));
    EXPECT_EQ(limiter.PrefixCount(), 1u);
}

TEST(RateLimiter, RefillsWithTime)
{
    RateLimiter limiter(PrefixLimit(10, 3));
    ASSERT_EQ(CountAllowed(limiter, kSourceA, 0, 3), 3);

    // At 10 per second a token takes 100 ms.
    EXPECT_FALSE(limiter.Allow(kSourceA, 99 * kMs));
    EXPECT_TRUE(limiter.Allow(kSourceA, 150 * kMs));
    EXPECT_FALSE(limiter.Allow(kSourceA, 150 * kMs));

    // A long pause refills the bucket to its size, not beyond.
    EXPECT_EQ(CountAllowed(limiter, kSourceA, 60 * kSecond, 10), 3);
}

TEST(RateLimiter, ClockGoingBackRefillsNothing)
{
    RateLimiter limiter(PrefixLimit(10, 1));
    ASSERT_TRUE(limiter.Allow(kSourceA, 10 * kSecond));

    EXPECT_FALSE(limiter.Allow(kSourceA, 1 * kSecond));
    EXPECT_FALSE(limiter.Allow(kSourceA, 10 * kSecond));
    EXPECT_TRUE(limiter.Allow(kSourceA, 10 * kSecond + 150 * kMs));
}

TEST(RateLimiter, BurstBelowOneIsOne)
{
    for (double burst : {0.0, 0.5, -3.0})
    {
        SCOPED_TRACE(burst);
        RateLimiter limiter(PrefixLimit(1, burst));

        EXPECT_EQ(CountAllowed(limiter, kSourceA, 0, 5), 1);
    }
}

TEST(RateLimiter, PrefixesHaveSeparateBuckets)
{
    RateLimiter limiter(PrefixLimit(1, 2));
    ASSERT_EQ(CountAllowed(limiter, kSourceA, 0, 2), 2);

    EXPECT_FALSE(limiter.Allow(kSourceA2, 0)) << "same /24 shares the bucket";
    EXPECT_EQ(CountAllowed(limiter, kSourceB, 0, 5), 2) << "another /24 has its own bucket";
    EXPECT_EQ(limiter.PrefixCount(), 2u);
}

TEST(RateLimiter, PrefixLength32And0)
{
    RateLimitConfig hosts = PrefixLimit(1, 1);
    hosts.prefixLength = 32;
    RateLimiter perHost(hosts);
    EXPECT_TRUE(perHost.Allow(kSourceA, 0));
    EXPECT_TRUE(perHost.Allow(kSourceA2, 0));
    EXPECT_FALSE(perHost.Allow(kSourceA, 0));
    EXPECT_EQ(perHost.PrefixCount(), 2u);

    RateLimitConfig everyone = PrefixLimit(1, 1);
    everyone.prefixLength = 0;
    RateLimiter shared(everyone);
    EXPECT_TRUE(shared.Allow(kSourceA, 0));
    EXPECT_FALSE(shared.Allow(kSourceC, 0));
    EXPECT_EQ(shared.PrefixCount(), 1u);
}

TEST(RateLimiter, GlobalBucketLimitsAllPrefixes)
{
    RateLimitConfig config;
    config.globalQueriesPerSecond = 1;
    config.globalBurst = 2;
    RateLimiter limiter(config);

    EXPECT_TRUE(limiter.Allow(kSourceA, 0));
    EXPECT_TRUE(limiter.Allow(kSourceB, 0));
    EXPECT_FALSE(limiter.Allow(kSourceC, 0));
    EXPECT_FALSE(limiter.Allow(kSourceD, 500 * kMs));
    EXPECT_TRUE(limiter.Allow(kSourceD, 1500 * kMs));
    EXPECT_EQ(limiter.PrefixCount(), 0u) << "no per-prefix limit, so no buckets";
}

TEST(RateLimiter, GlobalRefusalKeepsPrefixTokens)
{
    // The per-prefix bucket practically never refills, so only a drained token could
    // make the last query fail.
    RateLimitConfig config = PrefixLimit(0.001, 2);
    config.globalQueriesPerSecond = 1;
    config.globalBurst = 1;
    RateLimiter limiter(config);

    EXPECT_TRUE(limiter.Allow(kSourceA, 0));
    EXPECT_FALSE(limiter.Allow(kSourceA, 0)) << "global bucket empty";
    EXPECT_TRUE(limiter.Allow(kSourceA, 1 * kSecond)) << "prefix token was kept";
}

TEST(RateLimiter, PrefixRefusalKeepsGlobalTokens)
{
    // A flood from one prefix that its own bucket stops must not starve the other prefixes.
    RateLimitConfig config = PrefixLimit(0.001, 1);
    config.globalQueriesPerSecond = 0.001;
    config.globalBurst = 2;
    RateLimiter limiter(config);

    EXPECT_TRUE(limiter.Allow(kSourceA, 0));
    EXPECT_EQ(CountAllowed(limiter, kSourceA, 0, 100), 0);
    EXPECT_TRUE(limiter.Allow(kSourceB, 0)) << "global token was kept";
    EXPECT_FALSE(limiter.Allow(kSourceC, 0)) << "global bucket now empty";
}

TEST(RateLimiter, FullTableEvictsBucket)
{
    // The one bucket is evicted for the new prefix, so source A starts afresh.
    RateLimitConfig config = PrefixLimit(0.001, 1);
    config.maxPrefixes = 1;
    RateLimiter limiter(config);

    EXPECT_TRUE(limiter.Allow(kSourceA, 0));
    EXPECT_FALSE(limiter.Allow(kSourceA, 0));
    EXPECT_TRUE(limiter.Allow(kSourceB, 0));
    EXPECT_EQ(limiter.PrefixCount(), 1u);
    EXPECT_TRUE(limiter.Allow(kSourceA, 0));
    EXPECT_EQ(limiter.PrefixCount(), 1u);
}

TEST(RateLimiter, FullTableNeverRefusesNewPrefix)
{
    RateLimitConfig config = PrefixLimit(0.001, 1);
    config.maxPrefixes = 2;
    RateLimiter limiter(config);

    for (Ipv4Addr source : {kSourceA, kSourceB, kSourceC, kSourceD})
    {
        SCOPED_TRACE(source);
        EXPECT_TRUE(limiter.Allow(source, 0));
        EXPECT_LE(limiter.PrefixCount(), 2u);
    }
    EXPECT_EQ(limiter.PrefixCount(), 2u);
}

TEST(RateLimiter, MaxPrefixesZeroIsOne)
{
    RateLimitConfig config = PrefixLimit(0.001, 1);
    config.maxPrefixes = 0;
    RateLimiter limiter(config);

    EXPECT_TRUE(limiter.Allow(kSourceA, 0));
    EXPECT_TRUE(limiter.Allow(kSourceB, 0));
    EXPECT_EQ(limiter.PrefixCount(), 1u);
}

TEST(RateLimiter, FullTableDropsRefilledBuckets)
{
    // At 10 per second with a bucket of 1, a bucket is full again 100 ms after its use.
    RateLimitConfig config = PrefixLimit(10, 1);
    config.maxPrefixes = 3;
    RateLimiter limiter(config);
    ASSERT_TRUE(limiter.Allow(kSourceA, 0));
    ASSERT_TRUE(limiter.Allow(kSourceB, 0));
    ASSERT_TRUE(limiter.Allow(kSourceC, 1950 * kMs));
    ASSERT_EQ(limiter.PrefixCount(), 3u);

    // At 2 s, A and B are full and removed; C, used 50 ms ago, stays beside the new D.
    EXPECT_TRUE(limiter.Allow(kSourceD, 2 * kSecond));
    EXPECT_EQ(limiter.PrefixCount(), 2u);
    EXPECT_FALSE(limiter.Allow(kSourceC, 2 * kSecond)) << "C kept its empty bucket";
}

} // namespace
} // namespace core
} // namespace mxrace
