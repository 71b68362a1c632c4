/**
 * \file
 * A UDP socket bound to one proxy address, read in batches with recvmmsg().
 */
#ifndef MXRACE_LINUX_UDP_LISTENER_H
#define MXRACE_LINUX_UDP_LISTENER_H

#include "core/byte-span.h"
#include "core/ipv4-address.h"
#include "unique-fd.h"

#include <netinet/in.h>
#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <vector>

namespace mxrace
{
namespace linux_io
{

/**
 * \brief One datagram received by UdpListener::Receive().
 */
struct UdpDatagram
{
    core::Ipv4Addr source{0};      //!< Sender's address.
    uint16_t sourcePort{0};        //!< Sender's port.
    core::Ipv4Addr destination{0}; //!< Address the datagram was sent to (IP_PKTINFO).
    core::ByteSpan payload;        //!< UDP payload, inside the batch's buffers.
};

/**
 * \brief Buffers for one recvmmsg() call, shared by all listeners of a daemon.
 *
 * Each buffer holds 65535 bytes, more than the largest UDP payload over IPv4 (65507), so a
 * datagram is never cut short.
 */
class UdpReceiveBatch
{
  public:
    static constexpr size_t kMaxDatagrams = 32;    //!< Datagrams per recvmmsg() call.
    static constexpr size_t kBufferSize = 65535;   //!< Bytes per datagram buffer.

    UdpReceiveBatch();

    /** \returns the number of datagrams of the last Receive(). */
    size_t Size() const
    {
        return m_count;
    }

    /** \returns datagram \p i of the last Receive(); valid until the next one. */
    const UdpDatagram& operator[](size_t i) const
    {
        return m_datagrams[i];
    }

  private:
    friend class UdpListener;

    std::vector<uint8_t> m_buffers;                              //!< kMaxDatagrams buffers.
    std::array<mmsghdr, kMaxDatagrams> m_headers{};              //!< recvmmsg() headers.
    std::array<iovec, kMaxDatagrams> m_iovecs{};                 //!< One per buffer.
    std::array<sockaddr_in, kMaxDatagrams> m_sources{};          //!< Sender addresses.
    std::array<std::array<uint8_t, 64>, kMaxDatagrams> m_control{}; //!< IP_PKTINFO space.
    std::array<UdpDatagram, kMaxDatagrams> m_datagrams{};        //!< Parsed results.
    size_t m_count{0};                                           //!< Datagrams received.
};

/**
 * \brief A non-blocking UDP socket bound to one address and port, with IP_PKTINFO.
 */
class UdpListener
{
  public:
    /**
     * \brief Creates, configures and binds the socket.
     * \throws std::runtime_error naming the address when a step fails
     */
    UdpListener(core::Ipv4Addr address, uint16_t port);

    /** \returns the socket descriptor, for the event loop. */
    int Fd() const
    {
        return m_socket.Get();
    }

    /** \returns the bound address. */
    core::Ipv4Addr Address() const
    {
        return m_address;
    }

    /**
     * \brief Receives up to UdpReceiveBatch::kMaxDatagrams datagrams without blocking.
     * \returns the number received (also batch.Size()), 0 if none was waiting, or -1 with
     *          errno set on another error
     */
    int Receive(UdpReceiveBatch& batch);

  private:
    UniqueFd m_socket;         //!< The UDP socket.
    core::Ipv4Addr m_address;  //!< Bound address, used when IP_PKTINFO is missing.
};

} // namespace linux_io
} // namespace mxrace

#endif
