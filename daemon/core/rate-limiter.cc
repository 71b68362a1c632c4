#include "rate-limiter.h"

#include <algorithm>

namespace mxrace
{
namespace core
{

namespace
{
constexpr uint64_t kNsPerSecond = 1000000000ULL;
} // namespace

RateLimiter::RateLimiter(const RateLimitConfig& config)
    : m_config(config),
      m_mask(PrefixMask(config.prefixLength))
{
    m_config.burst = std::max(1.0, m_config.burst);
    m_config.globalBurst = std::max(1.0, m_config.globalBurst);
    m_config.maxPrefixes = std::max<size_t>(1, m_config.maxPrefixes);
}

bool
RateLimiter::Take(Bucket& bucket, double rate, double burst, uint64_t nowNs)
{
    if (nowNs > bucket.lastNs)
    {
        double elapsed = static_cast<double>(nowNs - bucket.lastNs) / kNsPerSecond;
        bucket.tokens = std::min(burst, bucket.tokens + elapsed * rate);
        bucket.lastNs = nowNs;
    }
    if (bucket.tokens < 1.0)
    {
        return false;
    }
    bucket.tokens -= 1.0;
    return true;
}

void
RateLimiter::RemoveFullBuckets(uint64_t nowNs)
{
    m_lastSweepNs = nowNs;
    double refillNs = m_config.burst / m_config.queriesPerSecond * kNsPerSecond;
    for (auto it = m_buckets.begin(); it != m_buckets.end();)
    {
        bool full = nowNs >= it->second.lastNs &&
                    static_cast<double>(nowNs - it->second.lastNs) >= refillNs;
        it = full ? m_buckets.erase(it) : std::next(it);
    }
}

bool
RateLimiter::Allow(Ipv4Addr source, uint64_t nowNs)
{
    // The global bucket first, so that queries refused by it do not drain per-prefix tokens.
    if (m_config.globalQueriesPerSecond > 0)
    {
        if (!m_globalStarted)
        {
            m_global = Bucket{m_config.globalBurst, nowNs};
            m_globalStarted = true;
        }
        if (!Take(m_global, m_config.globalQueriesPerSecond, m_config.globalBurst, nowNs))
        {
            return false;
        }
    }
    if (m_config.queriesPerSecond <= 0)
    {
        return true;
    }

    Ipv4Addr key = source & m_mask;
    auto it = m_buckets.find(key);
    if (it == m_buckets.end())
    {
        if (m_buckets.size() >= m_config.maxPrefixes)
        {
            if (nowNs - m_lastSweepNs >= kNsPerSecond || nowNs < m_lastSweepNs)
            {
                RemoveFullBuckets(nowNs);
            }
            if (m_buckets.size() >= m_config.maxPrefixes)
            {
                m_buckets.erase(m_buckets.begin());
            }
        }
        it = m_buckets.emplace(key, Bucket{m_config.burst, nowNs}).first;
    }
    bool allowed = Take(it->second, m_config.queriesPerSecond, m_config.burst, nowNs);

    // Return the global token of a query that the prefix's bucket refused. Otherwise a flood
    // from one prefix, which its own bucket already holds back, would starve all others.
    if (!allowed && m_config.globalQueriesPerSecond > 0)
    {
        m_global.tokens += 1.0;
    }
    return allowed;
}

} // namespace core
} // namespace mxrace
