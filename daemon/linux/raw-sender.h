/**
 * \file
 * A header-including raw IPv4 socket that sends complete datagrams in batches.
 */
#ifndef MXRACE_LINUX_RAW_SENDER_H
#define MXRACE_LINUX_RAW_SENDER_H

#include "core/byte-span.h"
#include "unique-fd.h"

#include <netinet/in.h>
#include <sys/socket.h>

#include <string>
#include <vector>

namespace mxrace
{
namespace linux_io
{

/**
 * \brief Sends complete IPv4 datagrams, headers included, through one
 * socket(AF_INET, SOCK_RAW, IPPROTO_RAW).
 *
 * IPPROTO_RAW implies IP_HDRINCL, so the source address in each datagram is kept even when
 * it is not an address of this host. That is how the proxy's copies keep the client's
 * address and the rewriter's answers carry the proxy's. The kernel fills in a zero IPv4
 * identification and always recomputes the header checksum. It does not fragment, so a
 * datagram longer than the route's MTU fails with EMSGSIZE.
 */
class RawSender
{
  public:
    /**
     * \brief Opens the socket, non-blocking.
     * \param device if not empty, binds the socket to this interface (SO_BINDTODEVICE), so
     *        every datagram leaves through it regardless of the routing table
     * \throws std::runtime_error with the cause and what to do (root or CAP_NET_RAW)
     */
    explicit RawSender(const std::string& device = "");

    /**
     * \brief Sends \p datagrams[0 .. count) with sendmmsg(), each to the destination address
     * in its IPv4 header.
     *
     * A failed datagram does not stop the others: its errno is stored in \p errors and
     * sending resumes with the next one. EAGAIN (send buffer full) is reported the same way,
     * so the call never blocks and the datagram is lost.
     *
     * \param datagrams complete IPv4 datagrams of at least 20 bytes
     * \param count number of datagrams
     * \param[out] errors resized to \p count: 0 where the datagram was sent, else its errno
     * \returns the number of datagrams sent
     */
    size_t Send(const core::ByteSpan* datagrams, size_t count, std::vector<int>& errors);

  private:
    static constexpr size_t kMaxBatch = 64; //!< Datagrams per sendmmsg() call.

    UniqueFd m_socket;                      //!< The raw socket.
    std::vector<mmsghdr> m_headers;         //!< sendmmsg() headers, reused.
    std::vector<iovec> m_iovecs;            //!< One per datagram, reused.
    std::vector<sockaddr_in> m_destinations; //!< One per datagram, reused.
};

} // namespace linux_io
} // namespace mxrace

#endif
