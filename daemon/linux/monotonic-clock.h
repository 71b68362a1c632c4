/**
 * \file
 * The monotonic time that the core's rate limiter and the daemons' timers use.
 */
#ifndef MXRACE_LINUX_MONOTONIC_CLOCK_H
#define MXRACE_LINUX_MONOTONIC_CLOCK_H

#include <cstdint>
#include <ctime>

namespace mxrace
{
namespace linux_io
{

constexpr uint64_t kNsPerSecond = 1000000000ULL; //!< Nanoseconds in one second.

/** \returns CLOCK_MONOTONIC in nanoseconds; it never jumps when the wall clock is set. */
inline uint64_t
MonotonicNowNs()
{
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    return static_cast<uint64_t>(now.tv_sec) * kNsPerSecond + static_cast<uint64_t>(now.tv_nsec);
}

} // namespace linux_io
} // namespace mxrace

#endif
