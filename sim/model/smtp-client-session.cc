#include "smtp-client-session.h"

#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/tcp-socket-factory.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SmtpClientSession");

SmtpClientSession::SmtpClientSession(Ptr<Node> node, const std::string& heloName, Time stepTimeout)
    : m_node(node),
      m_heloName(heloName),
      m_stepTimeout(stepTimeout),
      m_state(State::Idle),
      m_recipientIndex(0),
      m_replyOpen(false),
      m_replyCode(0)
{
    NS_LOG_FUNCTION(this << heloName << stepTimeout);
}

SmtpClientSession::~SmtpClientSession()
{
    NS_LOG_FUNCTION(this);
    Simulator::Cancel(m_timer);
    CloseTransport(false);
}

const char*
SmtpClientSession::StatusToString(Status status)
{
    switch (status)
    {
    case Status::Ok:
        return "ok";
    case Status::ConnectFailed:
        return "connect-failed";
    case Status::Timeout:
        return "timeout";
    case Status::Rejected:
        return "rejected";
    case Status::ProtocolError:
        return "protocol-error";
    case Status::ConnectionLost:
        return "connection-lost";
    }
    return "unknown";
}

void
SmtpClientSession::Open(Ipv4Address server, uint16_t port, ResultCallback done)
{
    NS_LOG_FUNCTION(this << server << port);
    NS_ABORT_MSG_IF(m_state != State::Idle, "SmtpClientSession::Open called twice");
    m_server = server;
    m_done = done;
    m_state = State::Connecting;

    m_socket = Socket::CreateSocket(m_node, TcpSocketFactory::GetTypeId());
    m_socket->SetConnectCallback(MakeCallback(&SmtpClientSession::HandleConnected, this),
                                 MakeCallback(&SmtpClientSession::HandleConnectFailed, this));
    // TCP reports a reset received in SYN_SENT (connection refused) as a close, not as a
    // failed connection. NOTE: ns-3 3.37 ignores a RST|ACK in SYN_SENT, so there a refused
    // connection ends only with the step time-out, like an unreachable server.
    m_socket->SetCloseCallbacks(MakeCallback(&SmtpClientSession::HandleConnectFailed, this),
                                MakeCallback(&SmtpClientSession::HandleConnectFailed, this));
    RestartTimer();
    if (m_socket->Bind() != 0 || m_socket->Connect(InetSocketAddress(server, port)) != 0)
    {
        // No route, for example: report it from a fresh event, as a refused connection
        // would be, so the owner is never called back from inside Open().
        NS_LOG_LOGIC("Connect to " << server << " failed at once, error "
                                   << m_socket->GetErrno());
        Simulator::Cancel(m_timer);
        m_timer = Simulator::ScheduleNow(&SmtpClientSession::HandleConnectFailed, this, m_socket);
    }
}

void
SmtpClientSession::SendMail(const std::string& mailFrom,
                            const std::vector<std::string>& recipients,
                            const std::string& message,
                            ResultCallback done)
{
    NS_LOG_FUNCTION(this << mailFrom << recipients.size() << message.size());
    NS_ABORT_MSG_IF(m_state != State::Ready, "SmtpClientSession::SendMail on a session that "
                                             "is not ready; check IsReady() first");
    NS_ABORT_MSG_IF(recipients.empty(), "SmtpClientSession::SendMail without a recipient");
    m_done = done;
    m_recipients = recipients;
    m_recipientIndex = 0;
    m_message = message;
    SendCommand("MAIL FROM:<" + mailFrom + ">", State::MailFrom);
}

void
SmtpClientSession::Quit()
{
    NS_LOG_FUNCTION(this);
    m_done = ResultCallback();
    if (m_state == State::Ready)
    {
        SendCommand("QUIT", State::Quit);
        m_selfUntilClosed = this;
        return;
    }
    if (m_state != State::Quit)
    {
        Abort();
    }
}

void
SmtpClientSession::Abort()
{
    NS_LOG_FUNCTION(this);
    m_done = ResultCallback();
    Simulator::Cancel(m_timer);
    m_state = State::Closed;
    CloseTransport(false);
    m_selfUntilClosed = nullptr; // May destroy this object: nothing may follow.
}

bool
SmtpClientSession::IsReady() const
{
    return m_state == State::Ready;
}

Ipv4Address
SmtpClientSession::GetServer() const
{
    return m_server;
}

void
SmtpClientSession::HandleConnected(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    if (m_state != State::Connecting)
    {
        return;
    }
    socket->SetConnectCallback(MakeNullCallback<void, Ptr<Socket>>(),
                               MakeNullCallback<void, Ptr<Socket>>());
    socket->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                              MakeNullCallback<void, Ptr<Socket>>());
    m_socket = nullptr;
    m_connection = Create<SmtpConnection>(socket, kSmtpMaxLineLength);
    m_connection->SetCallbacks(MakeCallback(&SmtpClientSession::HandleLine, this),
                               MakeCallback(&SmtpClientSession::HandleClosed, this));
    m_state = State::Greeting;
    RestartTimer();
    m_connection->Start();
}

void
SmtpClientSession::HandleConnectFailed(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    if (m_state != State::Connecting)
    {
        return;
    }
    Fail(Status::ConnectFailed, 0, "", false);
}

void
SmtpClientSession::HandleLine(const std::string& line, bool overflow)
{
    SmtpReplyLine reply;
    if (overflow || !SmtpParseReplyLine(line, reply) ||
        (m_replyOpen && reply.code != m_replyCode))
    {
        NS_LOG_INFO(Simulator::Now().As(Time::S) << " " << m_server << " sent an invalid reply line");
        Fail(Status::ProtocolError, 0, line.substr(0, 80), false);
        return;
    }

    // Lines of a multi-line reply share one code; only the last one completes it.
    if (!reply.isLast)
    {
        m_replyOpen = true;
        m_replyCode = reply.code;
        return;
    }
    m_replyOpen = false;
    HandleReply(reply.code, reply.text);
}

void
SmtpClientSession::HandleReply(uint16_t code, const std::string& text)
{
    NS_LOG_LOGIC(m_server << " replied " << code << " " << text);
    Ptr<SmtpClientSession> self = this;
    Simulator::Cancel(m_timer);

    switch (m_state)
    {
    case State::Greeting:
        if (code != 220)
        {
            Fail(Status::Rejected, code, text, true);
            return;
        }
        SendCommand("EHLO " + m_heloName, State::Ehlo);
        return;

    case State::Ehlo:
        if (code >= 500 && code < 600)
        {
            // RFC 5321 section 3.2: a server that does not know EHLO gets HELO.
            SendCommand("HELO " + m_heloName, State::Helo);
            return;
        }
        // EHLO and HELO succeed and fail alike from here.
        [[fallthrough]];
    case State::Helo:
        if (code != 250)
        {
            Fail(Status::Rejected, code, text, true);
            return;
        }
        m_state = State::Ready;
        Report(Status::Ok, code, text);
        return;

    case State::MailFrom:
        if (code != 250)
        {
            Fail(Status::Rejected, code, text, true);
            return;
        }
        SendCommand("RCPT TO:<" + m_recipients[0] + ">", State::RcptTo);
        return;

    case State::RcptTo:
        if (code != 250 && code != 251)
        {
            Fail(Status::Rejected, code, text, true);
            return;
        }
        if (++m_recipientIndex < m_recipients.size())
        {
            SendCommand("RCPT TO:<" + m_recipients[m_recipientIndex] + ">", State::RcptTo);
            return;
        }
        SendCommand("DATA", State::Data);
        return;

    case State::Data:
        if (code != 354)
        {
            Fail(Status::Rejected, code, text, true);
            return;
        }
        m_state = State::DataEnd;
        m_connection->Send(SmtpDotStuff(m_message));
        m_message.clear();
        // NOTE: the time-out runs from the moment the whole message is queued, so it must
        // also cover the transfer of a large message over a slow path.
        RestartTimer();
        return;

    case State::DataEnd:
        if (code < 200 || code >= 300)
        {
            Fail(Status::Rejected, code, text, true);
            return;
        }
        m_state = State::Ready;
        Report(Status::Ok, code, text);
        return;

    case State::Quit:
        m_state = State::Closed;
        CloseTransport(false);
        m_selfUntilClosed = nullptr; // The local reference keeps this object alive.
        return;

    case State::Ready:
        // An unsolicited reply, typically a 421 before the server closes an idle session.
        m_state = State::Closed;
        CloseTransport(false);
        return;

    case State::Idle:
    case State::Connecting:
    case State::Closed:
        return;
    }
}

void
SmtpClientSession::HandleClosed(bool error)
{
    NS_LOG_FUNCTION(this << error);
    m_connection = nullptr;
    if (m_state == State::Quit || m_state == State::Ready)
    {
        Simulator::Cancel(m_timer);
        m_state = State::Closed;
        m_selfUntilClosed = nullptr; // May destroy this object: nothing may follow.
        return;
    }
    Fail(Status::ConnectionLost, 0, "", false);
}

void
SmtpClientSession::SendCommand(const std::string& command, State next)
{
    m_state = next;
    m_connection->Send(command + "\r\n");
    RestartTimer();
}

void
SmtpClientSession::RestartTimer()
{
    Simulator::Cancel(m_timer);
    m_timer = Simulator::Schedule(m_stepTimeout, &SmtpClientSession::HandleTimeout, this);
}

void
SmtpClientSession::HandleTimeout()
{
    NS_LOG_FUNCTION(this);
    NS_LOG_INFO(Simulator::Now().As(Time::S) << " " << m_server << " did not reply within "
                                             << m_stepTimeout.As(Time::S));
    if (m_state == State::Quit)
    {
        m_state = State::Closed;
        CloseTransport(false);
        m_selfUntilClosed = nullptr; // May destroy this object: nothing may follow.
        return;
    }
    Fail(Status::Timeout, 0, "", false);
}

void
SmtpClientSession::Fail(Status status, uint16_t code, const std::string& text, bool sayQuit)
{
    Ptr<SmtpClientSession> self = this;
    Simulator::Cancel(m_timer);
    m_state = State::Closed;
    CloseTransport(sayQuit);
    Report(status, code, text);
}

void
SmtpClientSession::Report(Status status, uint16_t code, const std::string& text)
{
    ResultCallback done = m_done;
    m_done = ResultCallback();
    if (done.IsNull())
    {
        return;
    }
    Result result;
    result.status = status;
    result.replyCode = code;
    result.replyText = text;
    done(result);
}

void
SmtpClientSession::CloseTransport(bool sayQuit)
{
    if (m_socket)
    {
        m_socket->SetConnectCallback(MakeNullCallback<void, Ptr<Socket>>(),
                                     MakeNullCallback<void, Ptr<Socket>>());
        m_socket->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                                    MakeNullCallback<void, Ptr<Socket>>());
        m_socket->Close();
        m_socket = nullptr;
    }
    if (m_connection)
    {
        if (sayQuit)
        {
            // The server is still in the session: leave politely, without waiting for 221.
            m_connection->Send("QUIT\r\n");
            m_connection->Close();
        }
        else
        {
            m_connection->Abort();
        }
        m_connection = nullptr;
    }
}

} // namespace ns3
