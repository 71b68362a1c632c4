#include "raw-sender.h"

#include "core/ipv4-udp.h"

#include <arpa/inet.h>
#include <net/if.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace mxrace
{
namespace linux_io
{

RawSender::RawSender(const std::string& device)
    : m_socket(socket(AF_INET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_RAW)),
      m_headers(kMaxBatch),
      m_iovecs(kMaxBatch),
      m_destinations(kMaxBatch)
{
    if (!m_socket.IsValid())
    {
        int error = errno;
        std::string hint;
        if (error == EPERM || error == EACCES)
        {
            hint = " (effective user ID " + std::to_string(geteuid()) +
                   "; run as root or with the capability CAP_NET_RAW)";
        }
        throw std::runtime_error(std::string("cannot open a raw IPv4 socket: ") +
                                 std::strerror(error) + hint);
    }

    if (!device.empty())
    {
        if (setsockopt(m_socket.Get(), SOL_SOCKET, SO_BINDTODEVICE, device.c_str(),
                       static_cast<socklen_t>(device.size())) != 0)
        {
            int error = errno;
            std::string hint = error == ENODEV ? " (no such interface)" : "";
            throw std::runtime_error("cannot bind the raw socket to interface " + device +
                                     ": " + std::strerror(error) + hint);
        }
    }
}

size_t
RawSender::Send(const core::ByteSpan* datagrams, size_t count, std::vector<int>& errors)
{
    errors.assign(count, 0);
    size_t sent = 0;
    size_t next = 0;
    while (next < count)
    {
        size_t batch = std::min(kMaxBatch, count - next);
        for (size_t i = 0; i < batch; ++i)
        {
            const core::ByteSpan& datagram = datagrams[next + i];
            sockaddr_in& destination = m_destinations[i];
            destination = sockaddr_in{};
            destination.sin_family = AF_INET;
            destination.sin_addr.s_addr =
                htonl(core::ReadBe32(datagram.data + core::kIpv4DestinationOffset));
            m_iovecs[i].iov_base = const_cast<uint8_t*>(datagram.data);
            m_iovecs[i].iov_len = datagram.size;
            msghdr& header = m_headers[i].msg_hdr;
            header = msghdr{};
            header.msg_name = &destination;
            header.msg_namelen = sizeof(destination);
            header.msg_iov = &m_iovecs[i];
            header.msg_iovlen = 1;
        }

        // sendmmsg() stops at the first failing datagram: it returns the number sent
        // before it, or -1 if the first one failed. Record the failure, skip that
        // datagram and go on with the rest.
        int result = sendmmsg(m_socket.Get(), m_headers.data(), static_cast<unsigned>(batch),
                              MSG_DONTWAIT);
        if (result < 0)
        {
            errors[next] = errno;
            ++next;
        }
        else if (result == 0)
        {
            errors[next] = EIO;
            ++next;
        }
        else
        {
            sent += static_cast<size_t>(result);
            next += static_cast<size_t>(result);
        }
    }
    return sent;
}

} // namespace linux_io
} // namespace mxrace
