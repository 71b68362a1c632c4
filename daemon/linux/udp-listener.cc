#include "udp-listener.h"

#include <arpa/inet.h>
#include <netinet/ip.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace mxrace
{
namespace linux_io
{

namespace
{

/** \returns "ADDRESS:PORT". */
std::string
Endpoint(core::Ipv4Addr address, uint16_t port)
{
    return core::FormatIpv4(address) + ":" + std::to_string(port);
}

} // namespace

UdpReceiveBatch::UdpReceiveBatch()
    : m_buffers(kMaxDatagrams * kBufferSize)
{
}

UdpListener::UdpListener(core::Ipv4Addr address, uint16_t port)
    : m_socket(socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)),
      m_address(address)
{
    std::string where = "UDP socket for " + Endpoint(address, port);
    if (!m_socket.IsValid())
    {
        throw std::runtime_error("cannot create " + where + ": " + std::strerror(errno));
    }

    int on = 1;
    if (setsockopt(m_socket.Get(), IPPROTO_IP, IP_PKTINFO, &on, sizeof(on)) != 0)
    {
        throw std::runtime_error("cannot set IP_PKTINFO on " + where + ": " +
                                 std::strerror(errno));
    }

    sockaddr_in local{};
    local.sin_family = AF_INET;
    local.sin_addr.s_addr = htonl(address);
    local.sin_port = htons(port);
    if (bind(m_socket.Get(), reinterpret_cast<sockaddr*>(&local), sizeof(local)) != 0)
    {
        int error = errno;
        std::string hint;
        if (error == EADDRNOTAVAIL)
        {
            hint = " (is " + core::FormatIpv4(address) + " configured on an interface?)";
        }
        else if (error == EACCES)
        {
            hint = " (ports below 1024 need root or CAP_NET_BIND_SERVICE)";
        }
        throw std::runtime_error("cannot bind " + where + ": " + std::strerror(error) + hint);
    }
}

int
UdpListener::Receive(UdpReceiveBatch& batch)
{
    batch.m_count = 0;
    for (size_t i = 0; i < UdpReceiveBatch::kMaxDatagrams; ++i)
    {
        batch.m_iovecs[i].iov_base = batch.m_buffers.data() + i * UdpReceiveBatch::kBufferSize;
        batch.m_iovecs[i].iov_len = UdpReceiveBatch::kBufferSize;
        msghdr& header = batch.m_headers[i].msg_hdr;
        header = msghdr{};
        header.msg_name = &batch.m_sources[i];
        header.msg_namelen = sizeof(sockaddr_in);
        header.msg_iov = &batch.m_iovecs[i];
        header.msg_iovlen = 1;
        header.msg_control = batch.m_control[i].data();
        header.msg_controllen = batch.m_control[i].size();
    }

    int count = recvmmsg(m_socket.Get(), batch.m_headers.data(),
                         static_cast<unsigned>(UdpReceiveBatch::kMaxDatagrams), MSG_DONTWAIT,
                         nullptr);
    if (count < 0)
    {
        return (errno == EAGAIN || errno == EWOULDBLOCK) ? 0 : -1;
    }

    for (size_t i = 0; i < static_cast<size_t>(count); ++i)
    {
        const msghdr& header = batch.m_headers[i].msg_hdr;
        UdpDatagram& datagram = batch.m_datagrams[i];
        datagram.source = ntohl(batch.m_sources[i].sin_addr.s_addr);
        datagram.sourcePort = ntohs(batch.m_sources[i].sin_port);
        datagram.destination = m_address;
        datagram.payload = core::ByteSpan(static_cast<const uint8_t*>(batch.m_iovecs[i].iov_base),
                                          batch.m_headers[i].msg_len);

        // The socket is bound to one address, so IP_PKTINFO confirms what the bind implies.
        // It is read anyway, so that the address the client used selects the route.
        for (cmsghdr* control = CMSG_FIRSTHDR(const_cast<msghdr*>(&header)); control != nullptr;
             control = CMSG_NXTHDR(const_cast<msghdr*>(&header), control))
        {
            if (control->cmsg_level == IPPROTO_IP && control->cmsg_type == IP_PKTINFO)
            {
                in_pktinfo info{};
                std::memcpy(&info, CMSG_DATA(control), sizeof(info));
                datagram.destination = ntohl(info.ipi_addr.s_addr);
            }
        }
    }
    batch.m_count = static_cast<size_t>(count);
    return count;
}

} // namespace linux_io
} // namespace mxrace
