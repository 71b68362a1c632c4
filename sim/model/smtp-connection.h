/**
 * \file
 * An SMTP byte stream over one connected ns-3 TCP socket: line reassembly on the receive
 * side, buffering on the send side, and orderly closing.
 */
#ifndef MXRACE_SIM_SMTP_CONNECTION_H
#define MXRACE_SIM_SMTP_CONNECTION_H

#include "smtp-line-buffer.h"

#include "ns3/address.h"
#include "ns3/callback.h"
#include "ns3/ptr.h"
#include "ns3/simple-ref-count.h"
#include "ns3/socket.h"

#include <string>

namespace ns3
{

/**
 * \brief One connected TCP socket carrying SMTP, shared by the client and server models.
 *
 * The owner receives every complete line through the line callback and one call of the
 * closed callback when the connection ends for any reason other than the owner's own
 * Close() or Abort(). Send() does not block. Bytes that do not fit into the socket's transmit
 * buffer are kept and sent when the socket reports space, unless Abort() or the end of the
 * connection drops them first.
 *
 * The connection detaches its handlers from the socket when it closes. A closed ns-3 TCP
 * socket lives on, through TIME_WAIT for example, so a handler left attached could call
 * into an owner that no longer exists.
 */
class SmtpConnection : public SimpleRefCount<SmtpConnection>
{
  public:
    /**
     * \brief Receives one line: the line without CRLF, and true if it was cut at the
     * maximum line length.
     */
    typedef Callback<void, const std::string&, bool> LineCallback;

    /** \brief Reports the end of the connection: true if TCP reported an error. */
    typedef Callback<void, bool> ClosedCallback;

    /**
     * \brief Wraps a connected socket. Call Start() to begin receiving.
     * \param socket a connected TCP socket.
     * \param maxLineLength the maximum line length in bytes, CRLF excluded.
     */
    SmtpConnection(Ptr<Socket> socket, size_t maxLineLength);

    ~SmtpConnection();

    /**
     * \brief Sets the owner's handlers.
     * \param lineReceived called for each complete line.
     * \param closed called once when the peer closes or TCP fails.
     */
    void SetCallbacks(LineCallback lineReceived, ClosedCallback closed);

    /** \brief Attaches the handlers to the socket and reads what it already holds. */
    void Start();

    /**
     * \brief Queues bytes for sending.
     * \param data the bytes; ignored once Close() or Abort() was called.
     */
    void Send(const std::string& data);

    /**
     * \brief Closes the socket once every queued byte is in its transmit buffer.
     *
     * The connection keeps itself alive until then, so the owner may release it at once.
     */
    void Close();

    /** \brief Closes the socket now and drops queued bytes. No callback follows. */
    void Abort();

    /** \returns true until Close() or Abort() is called or the peer closes. */
    bool IsOpen() const;

    /** \returns the peer's address, or an empty address if the socket has none. */
    Address GetPeerAddress() const;

  private:
    /** \brief Reads all available bytes and hands out the complete lines. */
    void HandleRead(Ptr<Socket> socket);

    /** \brief Continues sending when the transmit buffer has room again. */
    void HandleSend(Ptr<Socket> socket, uint32_t available);

    /** \brief Handles the peer's FIN. */
    void HandleNormalClose(Ptr<Socket> socket);

    /** \brief Handles a reset or a TCP time-out. */
    void HandleErrorClose(Ptr<Socket> socket);

    /** \brief Moves queued bytes into the socket, then closes it if requested. */
    void Flush();

    /** \brief Removes every handler from the socket. */
    void Detach();

    /**
     * \brief Ends the connection on the peer's or TCP's initiative and reports it to the owner.
     * \param error true for a reset or a TCP time-out.
     */
    void EndByPeer(bool error);

    Ptr<Socket> m_socket;         //!< The connected socket.
    SmtpLineBuffer m_lines;       //!< Received bytes not yet handed out as lines.
    std::string m_pending;        //!< Bytes queued by Send() and not yet in the socket.
    size_t m_pendingOffset;       //!< Bytes of m_pending already in the socket.
    bool m_open;                  //!< False after Close(), Abort() or the peer's close.
    bool m_closeWhenFlushed;      //!< Close() was called while bytes were still queued.
    LineCallback m_lineReceived;  //!< Owner's line handler.
    ClosedCallback m_closed;      //!< Owner's close handler.
    Ptr<SmtpConnection> m_selfUntilFlushed; //!< Set while Close() waits for queued bytes.
};

} // namespace ns3

#endif // MXRACE_SIM_SMTP_CONNECTION_H
