/**
 * \file
 * A TUN device from which the rewriter reads the answers routed into it.
 */
#ifndef MXRACE_LINUX_TUN_DEVICE_H
#define MXRACE_LINUX_TUN_DEVICE_H

#include "unique-fd.h"

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace mxrace
{
namespace linux_io
{

/**
 * \brief A TUN device opened with IFF_TUN | IFF_NO_PI: each read() returns one whole IP
 * datagram, without a packet-information prefix.
 *
 * If a persistent device of that name exists (ip tuntap add dev NAME mode tun), it is
 * attached. Otherwise the kernel creates the device, which disappears with its routes
 * when the descriptor is closed.
 */
class TunDevice
{
  public:
    /**
     * \brief Opens /dev/net/tun and creates or attaches the device \p name, non-blocking.
     * \throws std::runtime_error naming the device, the cause and what to do
     */
    explicit TunDevice(const std::string& name);

    /** \returns the descriptor, for the event loop. */
    int Fd() const
    {
        return m_fd.Get();
    }

    /** \returns the device name the kernel confirmed. */
    const std::string& Name() const
    {
        return m_name;
    }

    /**
     * \brief Reads one datagram without blocking.
     * \returns its length, 0 if none is waiting, or -1 with errno set on error
     */
    ssize_t Read(uint8_t* buffer, size_t capacity);

  private:
    UniqueFd m_fd;      //!< The /dev/net/tun descriptor attached to the device.
    std::string m_name; //!< Device name.
};

} // namespace linux_io
} // namespace mxrace

#endif
