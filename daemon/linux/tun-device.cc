#include "tun-device.h"

#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace mxrace
{
namespace linux_io
{

TunDevice::TunDevice(const std::string& name)
    : m_fd(open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC)),
      m_name(name)
{
    if (!m_fd.IsValid())
    {
        int error = errno;
        std::string hint;
        if (error == ENOENT || error == ENODEV || error == ENXIO)
        {
            hint = " (TUN is not available: load the tun kernel module, or give the "
                   "service access to /dev/net/tun)";
        }
        else if (error == EPERM || error == EACCES)
        {
            hint = " (run as root or with the capability CAP_NET_ADMIN)";
        }
        throw std::runtime_error(std::string("cannot open /dev/net/tun: ") + std::strerror(error) +
                                 hint);
    }
    if (name.empty() || name.size() >= IFNAMSIZ)
    {
        throw std::runtime_error("invalid TUN device name \"" + name + "\": expected 1 to " +
                                 std::to_string(IFNAMSIZ - 1) + " characters");
    }

    ifreq request{};
    request.ifr_flags = IFF_TUN | IFF_NO_PI;
    std::memcpy(request.ifr_name, name.c_str(), name.size());
    if (ioctl(m_fd.Get(), TUNSETIFF, &request) != 0)
    {
        int error = errno;
        std::string hint;
        if (error == EINVAL)
        {
            hint = " (an existing device of that name is not a TUN device without packet "
                   "information: recreate it with \"ip tuntap add dev " + name +
                   " mode tun\")";
        }
        else if (error == EBUSY)
        {
            hint = " (another process has the device open)";
        }
        else if (error == EPERM)
        {
            hint = " (run as root or with the capability CAP_NET_ADMIN)";
        }
        throw std::runtime_error("cannot create or attach TUN device " + name + ": " +
                                 std::strerror(error) + hint);
    }
    m_name = request.ifr_name;
}

ssize_t
TunDevice::Read(uint8_t* buffer, size_t capacity)
{
    ssize_t length = ::read(m_fd.Get(), buffer, capacity);
    if (length < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
    {
        return 0;
    }
    return length;
}

} // namespace linux_io
} // namespace mxrace
