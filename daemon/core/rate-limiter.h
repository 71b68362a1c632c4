/**
 * \file
 * Token buckets per source prefix, applied to queries before they are duplicated.
 */
#ifndef MXRACE_CORE_RATE_LIMITER_H
#define MXRACE_CORE_RATE_LIMITER_H

#include "ipv4-address.h"

#include <cstdint>
#include <unordered_map>

namespace mxrace
{
namespace core
{

/**
 * \brief Settings of a RateLimiter.
 */
struct RateLimitConfig
{
    double queriesPerSecond{0};   //!< Refill rate per source prefix; 0 turns the limit off.
    double burst{0};              //!< Bucket size in queries; below 1 it is taken as 1.
    unsigned prefixLength{24};    //!< Sources sharing this many leading bits share a bucket.
    size_t maxPrefixes{65536};    //!< Most buckets kept; see RateLimiter::Allow().
    double globalQueriesPerSecond{0}; //!< Refill rate of one bucket shared by all; 0: off.
    double globalBurst{0};        //!< Size of the shared bucket; below 1 it is taken as 1.
};

/**
 * \brief Token-bucket rate limiter keyed by source prefix, with an optional global bucket.
 *
 * A proxy turns one query into one answer per DNS server, sent to whatever source the query
 * claims, so each query is charged here before it is duplicated. Time is passed in by the
 * caller, which keeps the class free of clocks and lets the ns-3 applications use
 * simulation time.
 *
 * NOTE: the per-prefix limit bounds what reaches one victim prefix. A flood spoofing many
 * prefixes is bounded only by the global bucket.
 */
class RateLimiter
{
  public:
    /** Creates a limiter with \p config. */
    explicit RateLimiter(const RateLimitConfig& config);

    /**
     * \brief Charges one query from \p source at time \p nowNs.
     *
     * When the table is full, buckets that have refilled completely are removed (at most
     * once a second), and if none was, an arbitrary bucket is evicted, so a new prefix
     * is never refused for lack of room.
     *
     * \param source the claimed source address
     * \param nowNs a monotonic time in nanoseconds
     * \returns true if the query may pass
     */
    bool Allow(Ipv4Addr source, uint64_t nowNs);

    /** \returns the number of prefixes with a bucket. */
    size_t PrefixCount() const
    {
        return m_buckets.size();
    }

  private:
    /** A token bucket. */
    struct Bucket
    {
        double tokens{0};      //!< Tokens left.
        uint64_t lastNs{0};    //!< Time of the last refill.
    };

    /** Refills \p bucket up to \p burst at \p rate and takes one token if there is one. */
    static bool Take(Bucket& bucket, double rate, double burst, uint64_t nowNs);

    /** Removes buckets that have been idle long enough to be full again. */
    void RemoveFullBuckets(uint64_t nowNs);

    RateLimitConfig m_config;                       //!< Settings.
    Ipv4Addr m_mask;                                //!< Mask of the prefix length.
    std::unordered_map<Ipv4Addr, Bucket> m_buckets; //!< Buckets by masked source.
    Bucket m_global;                                //!< The shared bucket.
    bool m_globalStarted{false};                    //!< Whether m_global was initialised.
    uint64_t m_lastSweepNs{0};                      //!< Time of the last RemoveFullBuckets().
};

} // namespace core
} // namespace mxrace

#endif
