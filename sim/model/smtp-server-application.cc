#include "smtp-server-application.h"

#include "smtp-message.h"

#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-address.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/uinteger.h"

#include <cctype>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SmtpServerApplication");

NS_OBJECT_ENSURE_REGISTERED(SmtpServerApplication);

TypeId
SmtpServerApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::SmtpServerApplication")
            .SetParent<Application>()
            .SetGroupName("Mxrace")
            .AddAttribute("LocalAddress",
                          "IPv4 address to listen on; 0.0.0.0 listens on every address.",
                          Ipv4AddressValue(Ipv4Address::GetAny()),
                          MakeIpv4AddressAccessor(&SmtpServerApplication::m_localAddress),
                          MakeIpv4AddressChecker())
            .AddAttribute("Port",
                          "TCP port to listen on.",
                          UintegerValue(25),
                          MakeUintegerAccessor(&SmtpServerApplication::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("Hostname",
                          "Host name sent in the 220 greeting and the EHLO reply.",
                          StringValue("mta.invalid"),
                          MakeStringAccessor(&SmtpServerApplication::m_hostname),
                          MakeStringChecker())
            .AddAttribute("MaxMessageSize",
                          "Largest message accepted, in bytes; larger ones get 552.",
                          UintegerValue(10 * 1024 * 1024),
                          MakeUintegerAccessor(&SmtpServerApplication::m_maxMessageSize),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("MaxRecipients",
                          "Most RCPT TO commands accepted in one transaction; RFC 5321 "
                          "requires at least 100.",
                          UintegerValue(100),
                          MakeUintegerAccessor(&SmtpServerApplication::m_maxRecipients),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("MaxErrors",
                          "Replies of 500, 501 or 503 after which a session is closed with 421.",
                          UintegerValue(10),
                          MakeUintegerAccessor(&SmtpServerApplication::m_maxErrors),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("IdleTimeout",
                          "Time without a received line after which a session is closed with "
                          "421; RFC 5321 section 4.5.3.2.7 asks for at least 5 minutes.",
                          TimeValue(Minutes(5)),
                          MakeTimeAccessor(&SmtpServerApplication::m_idleTimeout),
                          MakeTimeChecker(Seconds(0)));
    return tid;
}

SmtpServerApplication::SmtpServerApplication()
    : m_port(25),
      m_maxMessageSize(0),
      m_maxRecipients(0),
      m_maxErrors(0),
      m_nextSessionId(1),
      m_sessionCount(0),
      m_acceptedMessageCount(0),
      m_rejectedMessageCount(0),
      m_protocolErrorCount(0)
{
    NS_LOG_FUNCTION(this);
}

SmtpServerApplication::~SmtpServerApplication()
{
    NS_LOG_FUNCTION(this);
}

uint64_t
SmtpServerApplication::GetSessionCount() const
{
    return m_sessionCount;
}

uint64_t
SmtpServerApplication::GetAcceptedMessageCount() const
{
    return m_acceptedMessageCount;
}

uint64_t
SmtpServerApplication::GetRejectedMessageCount() const
{
    return m_rejectedMessageCount;
}

uint64_t
SmtpServerApplication::GetProtocolErrorCount() const
{
    return m_protocolErrorCount;
}

std::string
SmtpServerApplication::GetHostname() const
{
    return m_hostname;
}

void
SmtpServerApplication::DoDispose()
{
    NS_LOG_FUNCTION(this);
    for (auto& entry : m_sessions)
    {
        Simulator::Cancel(entry.second.idleEvent);
        entry.second.connection->Abort();
    }
    m_sessions.clear();
    m_listenSocket = nullptr;
    Application::DoDispose();
}

void
SmtpServerApplication::StartApplication()
{
    NS_LOG_FUNCTION(this);
    m_listenSocket = Socket::CreateSocket(GetNode(), TcpSocketFactory::GetTypeId());
    if (m_listenSocket->Bind(InetSocketAddress(m_localAddress, m_port)) != 0)
    {
        NS_FATAL_ERROR("SmtpServerApplication " << m_hostname << ": cannot bind TCP "
                                                << m_localAddress << ":" << m_port
                                                << "; set LocalAddress to an address of "
                                                   "this node and a free Port");
    }
    m_listenSocket->Listen();
    m_listenSocket->SetAcceptCallback(
        MakeCallback(&SmtpServerApplication::HandleConnectionRequest, this),
        MakeCallback(&SmtpServerApplication::HandleAccept, this));
    NS_LOG_INFO(Simulator::Now().As(Time::S)
                << " " << m_hostname << " listening on " << m_localAddress << ":" << m_port);
}

void
SmtpServerApplication::StopApplication()
{
    NS_LOG_FUNCTION(this);
    if (m_listenSocket)
    {
        m_listenSocket->SetAcceptCallback(
            MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
            MakeNullCallback<void, Ptr<Socket>, const Address&>());
        m_listenSocket->Close();
        m_listenSocket = nullptr;
    }

    // A stopped server drops its sessions the way a crashed host would, without a reply.
    for (auto& entry : m_sessions)
    {
        Simulator::Cancel(entry.second.idleEvent);
        entry.second.connection->Abort();
    }
    m_sessions.clear();
}

bool
SmtpServerApplication::HandleConnectionRequest(Ptr<Socket> socket, const Address& from)
{
    NS_LOG_FUNCTION(this << socket << from);
    return true;
}

void
SmtpServerApplication::HandleAccept(Ptr<Socket> socket, const Address& from)
{
    NS_LOG_FUNCTION(this << socket << from);
    uint64_t id = m_nextSessionId++;
    ++m_sessionCount;

    Session& session = m_sessions[id];
    session.connection = Create<SmtpConnection>(socket, kSmtpMaxLineLength);
    session.clientAddress = InetSocketAddress::ConvertFrom(from).GetIpv4();
    session.envelope.clientAddress = session.clientAddress;
    session.connection->SetCallbacks(MakeCallback(&SmtpServerApplication::HandleLine, this, id),
                                     MakeCallback(&SmtpServerApplication::HandleClosed, this, id));
    session.lastActivity = Simulator::Now();
    session.idleEvent =
        Simulator::Schedule(m_idleTimeout, &SmtpServerApplication::HandleIdleTimeout, this, id);

    NS_LOG_INFO(Simulator::Now().As(Time::S) << " " << m_hostname << " session " << id
                                             << " from " << session.clientAddress);
    session.connection->Send("220 " + m_hostname + " ESMTP ready\r\n");
    session.connection->Start();
}

void
SmtpServerApplication::HandleLine(uint64_t id, const std::string& line, bool overflow)
{
    auto it = m_sessions.find(id);
    if (it == m_sessions.end() || it->second.state == SessionState::Closed)
    {
        return;
    }
    Session& session = it->second;
    session.lastActivity = Simulator::Now();

    if (session.state == SessionState::Data)
    {
        if (line != ".")
        {
            HandleDataLine(session, line, overflow);
            return;
        }

        // The lone "." ends the DATA phase.
        session.state = SessionState::Command;
        if (session.dataLineTooLong)
        {
            ++m_rejectedMessageCount;
            ResetTransaction(session);
            Reply(id, session, 500, "5.5.2 Line too long");
            return;
        }
        if (session.dataTooLarge)
        {
            ++m_rejectedMessageCount;
            ResetTransaction(session);
            Reply(id, session, 552, "5.3.4 Message size exceeds fixed maximum message size");
            return;
        }

        SmtpServerReply reply = ReceiveMessage(session.envelope);
        if (reply.code >= 200 && reply.code < 300)
        {
            ++m_acceptedMessageCount;
        }
        else
        {
            ++m_rejectedMessageCount;
        }
        ResetTransaction(session);
        Reply(id, session, reply.code, reply.text);
        return;
    }

    HandleCommand(id, session, line, overflow);
}

void
SmtpServerApplication::HandleDataLine(Session& session, const std::string& line, bool overflow)
{
    if (overflow)
    {
        session.dataLineTooLong = true;
    }
    if (session.dataTooLarge || session.dataLineTooLong)
    {
        return; // Keep reading to the ".", but store nothing more.
    }

    std::string unstuffed = SmtpDotUnstuffLine(line);
    if (session.envelope.message.size() + unstuffed.size() + 2 > m_maxMessageSize)
    {
        session.dataTooLarge = true;
        session.envelope.message.clear();
        return;
    }
    session.envelope.message.append(unstuffed);
    session.envelope.message.append("\r\n");
}

void
SmtpServerApplication::HandleCommand(uint64_t id,
                                     Session& session,
                                     const std::string& line,
                                     bool overflow)
{
    NS_LOG_LOGIC(m_hostname << " session " << id << " command: " << line);
    if (overflow)
    {
        Reply(id, session, 500, "5.5.2 Line too long");
        return;
    }

    size_t space = line.find(' ');
    std::string verb = line.substr(0, space);
    std::string argument = space == std::string::npos ? std::string() : line.substr(space + 1);
    for (char& c : verb)
    {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }

    if (verb == "EHLO" || verb == "HELO")
    {
        if (argument.empty())
        {
            Reply(id, session, 501, "5.5.4 " + verb + " requires a domain or address");
            return;
        }
        ResetTransaction(session);
        session.greeted = true;
        session.envelope.clientHelo = argument;
        if (verb == "HELO")
        {
            Reply(id, session, 250, m_hostname);
            return;
        }
        session.connection->Send("250-" + m_hostname + " greets " + argument + "\r\n" +
                                 "250-SIZE " + std::to_string(m_maxMessageSize) + "\r\n" +
                                 "250 8BITMIME\r\n");
        return;
    }
    if (verb == "MAIL")
    {
        std::string path;
        if (!session.greeted)
        {
            Reply(id, session, 503, "5.5.1 Send EHLO or HELO first");
        }
        else if (session.inTransaction)
        {
            Reply(id, session, 503, "5.5.1 Nested MAIL command");
        }
        else if (!SmtpParsePathArgument(argument, "FROM", path))
        {
            Reply(id, session, 501, "5.5.4 Syntax: MAIL FROM:<address>");
        }
        else
        {
            session.inTransaction = true;
            session.envelope.mailFrom = path;
            Reply(id, session, 250, "2.1.0 OK");
        }
        return;
    }
    if (verb == "RCPT")
    {
        std::string path;
        if (!session.inTransaction)
        {
            Reply(id, session, 503, "5.5.1 Send MAIL first");
        }
        else if (!SmtpParsePathArgument(argument, "TO", path) || path.empty())
        {
            Reply(id, session, 501, "5.5.4 Syntax: RCPT TO:<address>");
        }
        else if (session.envelope.recipients.size() >= m_maxRecipients)
        {
            Reply(id, session, 452, "4.5.3 Too many recipients");
        }
        else
        {
            session.envelope.recipients.push_back(path);
            Reply(id, session, 250, "2.1.5 OK");
        }
        return;
    }
    if (verb == "DATA")
    {
        if (!session.inTransaction || session.envelope.recipients.empty())
        {
            Reply(id, session, 503, "5.5.1 Send MAIL and RCPT first");
            return;
        }
        session.state = SessionState::Data;
        session.envelope.message.clear();
        session.dataTooLarge = false;
        session.dataLineTooLong = false;
        Reply(id, session, 354, "End data with <CR><LF>.<CR><LF>");
        return;
    }
    if (verb == "RSET")
    {
        ResetTransaction(session);
        Reply(id, session, 250, "2.0.0 OK");
        return;
    }
    if (verb == "NOOP")
    {
        Reply(id, session, 250, "2.0.0 OK");
        return;
    }
    if (verb == "VRFY")
    {
        Reply(id, session, 252, "2.5.0 Cannot verify the user, but will accept the message");
        return;
    }
    if (verb == "QUIT")
    {
        CloseSession(id, 221, "2.0.0 " + m_hostname + " closing connection");
        return;
    }
    Reply(id, session, 500, "5.5.2 Command not recognized");
}

void
SmtpServerApplication::Reply(uint64_t id, Session& session, uint16_t code, const std::string& text)
{
    if (code == 500 || code == 501 || code == 503)
    {
        ++m_protocolErrorCount;
        ++session.errors;
        NS_LOG_INFO(Simulator::Now().As(Time::S) << " " << m_hostname << " session " << id
                                                 << " error reply " << code << " " << text);
        if (session.errors >= m_maxErrors)
        {
            session.connection->Send(std::to_string(code) + " " + text + "\r\n");
            CloseSession(id, 421, "4.7.0 " + m_hostname + " too many errors, closing connection");
            return;
        }
    }
    session.connection->Send(std::to_string(code) + " " + text + "\r\n");
}

void
SmtpServerApplication::HandleIdleTimeout(uint64_t id)
{
    NS_LOG_FUNCTION(this << id);
    auto it = m_sessions.find(id);
    if (it == m_sessions.end())
    {
        return;
    }

    // The timer is not moved on every line: a cancelled ns-3 event stays in the scheduler
    // until its time, so one per line would pile up for IdleTimeout. It checks instead.
    Time idle = Simulator::Now() - it->second.lastActivity;
    if (idle < m_idleTimeout)
    {
        it->second.idleEvent = Simulator::Schedule(m_idleTimeout - idle,
                                                   &SmtpServerApplication::HandleIdleTimeout,
                                                   this,
                                                   id);
        return;
    }
    NS_LOG_INFO(Simulator::Now().As(Time::S) << " " << m_hostname << " session " << id
                                             << " idle for " << m_idleTimeout.As(Time::S));
    CloseSession(id, 421, "4.4.2 " + m_hostname + " idle timeout, closing connection");
}

void
SmtpServerApplication::CloseSession(uint64_t id, uint16_t code, const std::string& text)
{
    auto it = m_sessions.find(id);
    if (it == m_sessions.end())
    {
        return;
    }
    Session& session = it->second;
    Simulator::Cancel(session.idleEvent);
    session.state = SessionState::Closed;
    session.connection->Send(std::to_string(code) + " " + text + "\r\n");
    session.connection->Close();
    m_sessions.erase(it);
}

void
SmtpServerApplication::HandleClosed(uint64_t id, bool error)
{
    NS_LOG_FUNCTION(this << id << error);
    auto it = m_sessions.find(id);
    if (it == m_sessions.end())
    {
        return;
    }
    NS_LOG_INFO(Simulator::Now().As(Time::S) << " " << m_hostname << " session " << id
                                             << (error ? " reset by client" : " closed by client"));
    Simulator::Cancel(it->second.idleEvent);
    m_sessions.erase(it);
}

void
SmtpServerApplication::ResetTransaction(Session& session)
{
    session.inTransaction = false;
    session.envelope.mailFrom.clear();
    session.envelope.recipients.clear();
    session.envelope.message.clear();
    session.dataTooLarge = false;
    session.dataLineTooLong = false;
}

} // namespace ns3
