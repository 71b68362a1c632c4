#include "smtp-connection.h"

#include "ns3/log.h"
#include "ns3/packet.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SmtpConnection");

SmtpConnection::SmtpConnection(Ptr<Socket> socket, size_t maxLineLength)
    : m_socket(socket),
      m_lines(maxLineLength),
      m_pendingOffset(0),
      m_open(true),
      m_closeWhenFlushed(false)
{
    NS_LOG_FUNCTION(this << socket);
}

SmtpConnection::~SmtpConnection()
{
    NS_LOG_FUNCTION(this);
    if (m_socket)
    {
        Detach();
    }
}

void
SmtpConnection::SetCallbacks(LineCallback lineReceived, ClosedCallback closed)
{
    m_lineReceived = lineReceived;
    m_closed = closed;
}

void
SmtpConnection::Start()
{
    NS_LOG_FUNCTION(this);
    m_socket->SetRecvCallback(MakeCallback(&SmtpConnection::HandleRead, this));
    m_socket->SetSendCallback(MakeCallback(&SmtpConnection::HandleSend, this));
    m_socket->SetCloseCallbacks(MakeCallback(&SmtpConnection::HandleNormalClose, this),
                                MakeCallback(&SmtpConnection::HandleErrorClose, this));

    // A server socket may have received the client's first bytes before the owner got it.
    if (m_socket->GetRxAvailable() > 0)
    {
        HandleRead(m_socket);
    }
}

void
SmtpConnection::Send(const std::string& data)
{
    NS_LOG_FUNCTION(this << data.size());
    if (!m_open || m_closeWhenFlushed)
    {
        return;
    }
    m_pending.append(data);
    Flush();
}

void
SmtpConnection::Close()
{
    NS_LOG_FUNCTION(this);
    if (!m_socket || m_closeWhenFlushed)
    {
        return;
    }
    m_open = false;
    m_closeWhenFlushed = true;

    // No more lines are wanted. The close handlers stay attached so that a reset while
    // bytes are still queued ends the wait below; the owner gets no report of it.
    m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
    Flush();
    if (m_socket)
    {
        m_selfUntilFlushed = this;
    }
}

void
SmtpConnection::Abort()
{
    NS_LOG_FUNCTION(this);
    if (!m_socket)
    {
        return;
    }
    m_open = false;
    m_pending.clear();
    m_pendingOffset = 0;
    Detach();
    m_socket->Close();
    m_socket = nullptr;
    m_selfUntilFlushed = nullptr; // May destroy this object: nothing may follow.
}

bool
SmtpConnection::IsOpen() const
{
    return m_open;
}

Address
SmtpConnection::GetPeerAddress() const
{
    Address peer;
    if (m_socket)
    {
        m_socket->GetPeerName(peer);
    }
    return peer;
}

void
SmtpConnection::HandleRead(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);

    // The owner may release its last reference from inside a line callback.
    Ptr<SmtpConnection> self = this;

    Ptr<Packet> packet;
    while (m_open && (packet = socket->Recv()))
    {
        uint32_t size = packet->GetSize();
        if (size == 0)
        {
            break;
        }
        std::string bytes(size, '\0');
        packet->CopyData(reinterpret_cast<uint8_t*>(&bytes[0]), size);
        m_lines.Append(bytes);

        std::string line;
        bool overflow = false;
        while (m_open && m_lines.NextLine(line, overflow))
        {
            if (!m_lineReceived.IsNull())
            {
                m_lineReceived(line, overflow);
            }
        }
    }
}

void
SmtpConnection::HandleSend(Ptr<Socket> socket, uint32_t available)
{
    NS_LOG_FUNCTION(this << socket << available);
    Ptr<SmtpConnection> self = this;
    Flush();
}

void
SmtpConnection::HandleNormalClose(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    EndByPeer(false);
}

void
SmtpConnection::HandleErrorClose(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    EndByPeer(true);
}

void
SmtpConnection::EndByPeer(bool error)
{
    Ptr<SmtpConnection> self = this;
    bool wasOpen = m_open;
    ClosedCallback closed = m_closed;

    // After the peer's FIN ns-3 waits for this side to close (CLOSE_WAIT); after an error
    // the socket is closed already and Close() only returns an error code.
    m_open = false;
    m_pending.clear();
    m_pendingOffset = 0;
    Detach();
    if (!error)
    {
        m_socket->Close();
    }
    m_socket = nullptr;

    m_selfUntilFlushed = nullptr; // The local reference keeps this object alive below.

    if (wasOpen && !closed.IsNull())
    {
        closed(error);
    }
}

void
SmtpConnection::Flush()
{
    if (!m_socket)
    {
        return;
    }

    while (m_pendingOffset < m_pending.size())
    {
        uint32_t available = m_socket->GetTxAvailable();
        if (available == 0)
        {
            return; // HandleSend() continues when the buffer drains.
        }
        uint32_t chunk = static_cast<uint32_t>(
            std::min<size_t>(available, m_pending.size() - m_pendingOffset));
        Ptr<Packet> packet = Create<Packet>(
            reinterpret_cast<const uint8_t*>(m_pending.data() + m_pendingOffset), chunk);
        int sent = m_socket->Send(packet);
        if (sent <= 0)
        {
            NS_LOG_LOGIC("Send failed with error " << m_socket->GetErrno() << ", retry later");
            return;
        }
        m_pendingOffset += static_cast<size_t>(sent);
    }
    m_pending.clear();
    m_pendingOffset = 0;

    if (m_closeWhenFlushed)
    {
        // TCP sends what its buffer holds before its FIN.
        Detach();
        m_socket->Close();
        m_socket = nullptr;
        m_selfUntilFlushed = nullptr; // May destroy this object: nothing may follow.
    }
}

void
SmtpConnection::Detach()
{
    m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
    m_socket->SetSendCallback(MakeNullCallback<void, Ptr<Socket>, uint32_t>());
    m_socket->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                                MakeNullCallback<void, Ptr<Socket>>());
    m_socket->SetConnectCallback(MakeNullCallback<void, Ptr<Socket>>(),
                                 MakeNullCallback<void, Ptr<Socket>>());
}

} // namespace ns3
