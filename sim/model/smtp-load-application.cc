#include "smtp-load-application.h"

#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SmtpLoadApplication");

NS_OBJECT_ENSURE_REGISTERED(SmtpLoadApplication);

namespace
{

/** Body line without its CRLF. */
const std::string kFillerLine =
    "mxrace load mail filler abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0";

/** Size of one filler line with its CRLF. */
const size_t kFillerLineSize = kFillerLine.size() + 2;

} // namespace

TypeId
SmtpLoadApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::SmtpLoadApplication")
            .SetParent<Application>()
            .SetGroupName("Mxrace")
            .AddConstructor<SmtpLoadApplication>()
            .AddAttribute("Remote",
                          "IPv4 address of the mail gateway that receives the load; no MX "
                          "lookup is made.",
                          Ipv4AddressValue(Ipv4Address::GetAny()),
                          MakeIpv4AddressAccessor(&SmtpLoadApplication::m_remote),
                          MakeIpv4AddressChecker())
            .AddAttribute("Port",
                          "TCP port of the mail gateway.",
                          UintegerValue(25),
                          MakeUintegerAccessor(&SmtpLoadApplication::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("Sessions",
                          "Number of parallel SMTP sessions, each sending messages back to back.",
                          UintegerValue(8),
                          MakeUintegerAccessor(&SmtpLoadApplication::m_sessions),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("MessageSize",
                          "Size of each message (headers, empty line and body) in bytes, "
                          "before dot-stuffing; at least the size of the headers.",
                          UintegerValue(1000000),
                          MakeUintegerAccessor(&SmtpLoadApplication::m_messageSize),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("HeloName",
                          "Host name sent in EHLO and used in the Message-ID; the inside MTA "
                          "records it as the mail's origin.",
                          StringValue("load.outside.test"),
                          MakeStringAccessor(&SmtpLoadApplication::m_heloName),
                          MakeStringChecker())
            .AddAttribute("MailFrom",
                          "Envelope sender (MAIL FROM) and From: header address.",
                          StringValue("load@outside.test"),
                          MakeStringAccessor(&SmtpLoadApplication::m_mailFrom),
                          MakeStringChecker())
            .AddAttribute("RcptTo",
                          "Envelope recipient (RCPT TO) and To: header address.",
                          StringValue("load@org.test"),
                          MakeStringAccessor(&SmtpLoadApplication::m_rcptTo),
                          MakeStringChecker())
            .AddAttribute("StepTimeout",
                          "Maximum wait for the TCP connection and for each SMTP reply; the "
                          "wait after the end of data also covers the message's transfer.",
                          TimeValue(Seconds(60)),
                          MakeTimeAccessor(&SmtpLoadApplication::m_stepTimeout),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("RetryInterval",
                          "Wait after a failed session before its replacement connects.",
                          TimeValue(Seconds(5)),
                          MakeTimeAccessor(&SmtpLoadApplication::m_retryInterval),
                          MakeTimeChecker(Seconds(0)))
            .AddTraceSource("MessageAccepted",
                            "The server accepted a message: its size in bytes and the time.",
                            MakeTraceSourceAccessor(&SmtpLoadApplication::m_messageAcceptedTrace),
                            "ns3::SmtpLoadApplication::MessageAcceptedTracedCallback")
            .AddTraceSource("SessionFailed",
                            "A session failed: its index, the status and the server's last "
                            "reply code.",
                            MakeTraceSourceAccessor(&SmtpLoadApplication::m_sessionFailedTrace),
                            "ns3::SmtpLoadApplication::SessionFailedTracedCallback");
    return tid;
}

SmtpLoadApplication::SmtpLoadApplication()
    : m_port(25),
      m_sessions(8),
      m_messageSize(1000000),
      m_running(false),
      m_nextSeq(1),
      m_acceptedMessages(0),
      m_acceptedBytes(0),
      m_failedSessions(0),
      m_connectionCount(0)
{
    NS_LOG_FUNCTION(this);
}

SmtpLoadApplication::~SmtpLoadApplication()
{
    NS_LOG_FUNCTION(this);
}

uint64_t
SmtpLoadApplication::GetAcceptedMessages() const
{
    return m_acceptedMessages;
}

uint64_t
SmtpLoadApplication::GetAcceptedBytes() const
{
    return m_acceptedBytes;
}

const std::vector<uint32_t>&
SmtpLoadApplication::GetAcceptedSequenceNumbers() const
{
    return m_acceptedSeqs;
}

uint64_t
SmtpLoadApplication::GetFailedSessions() const
{
    return m_failedSessions;
}

uint64_t
SmtpLoadApplication::GetConnectionCount() const
{
    return m_connectionCount;
}

void
SmtpLoadApplication::DoDispose()
{
    NS_LOG_FUNCTION(this);
    for (LoadSession& loadSession : m_loadSessions)
    {
        Simulator::Cancel(loadSession.retryEvent);
        if (loadSession.session)
        {
            loadSession.session->Abort();
        }
    }
    m_loadSessions.clear();
    Application::DoDispose();
}

std::string
SmtpLoadApplication::BuildMessage(uint32_t seq, Time started) const
{
    std::string message = "From: <" + m_mailFrom + ">\r\n" + "To: <" + m_rcptTo + ">\r\n" +
                          "Subject: mxrace load mail " + std::to_string(seq) + "\r\n" +
                          "Message-ID: <mxrace-" + std::to_string(seq) + "@" + m_heloName +
                          ">\r\n" + "X-Mxrace-Sent: " +
                          std::to_string(started.GetNanoSeconds()) + "\r\n\r\n";
    if (m_messageSize <= message.size())
    {
        return message;
    }

    // Whole filler lines, then one shorter line for the rest. A rest of one byte cannot
    // hold a line end, so the last whole line absorbs it and grows by one byte.
    size_t room = m_messageSize - message.size();
    size_t wholeLines = room / kFillerLineSize;
    size_t rest = room % kFillerLineSize;
    if (rest == 1 && wholeLines > 0)
    {
        --wholeLines;
        rest += kFillerLineSize;
    }
    message.reserve(m_messageSize);
    for (size_t i = 0; i < wholeLines; ++i)
    {
        message += kFillerLine;
        message += "\r\n";
    }
    if (rest >= 2)
    {
        std::string line = (kFillerLine + "0").substr(0, rest - 2);
        message += line;
        message += "\r\n";
    }
    return message;
}

void
SmtpLoadApplication::StartApplication()
{
    NS_LOG_FUNCTION(this);
    NS_ABORT_MSG_IF(m_remote == Ipv4Address::GetAny(),
                    "SmtpLoadApplication: Remote is 0.0.0.0; set it to the IPv4 address of "
                    "the mail gateway that receives the load");
    m_running = true;
    m_loadSessions.assign(m_sessions, LoadSession());
    for (uint32_t index = 0; index < m_sessions; ++index)
    {
        OpenSession(index);
    }
}

void
SmtpLoadApplication::StopApplication()
{
    NS_LOG_FUNCTION(this);
    m_running = false;
    for (LoadSession& loadSession : m_loadSessions)
    {
        Simulator::Cancel(loadSession.retryEvent);
        if (loadSession.session)
        {
            loadSession.session->Abort();
            loadSession.session = nullptr;
        }
        loadSession.seq = 0;
        loadSession.bytes = 0;
    }
}

void
SmtpLoadApplication::OpenSession(uint32_t index)
{
    NS_LOG_FUNCTION(this << index);
    if (!m_running)
    {
        return;
    }
    ++m_connectionCount;
    LoadSession& loadSession = m_loadSessions[index];
    loadSession.session = Create<SmtpClientSession>(GetNode(), m_heloName, m_stepTimeout);
    loadSession.session->Open(
        m_remote,
        m_port,
        MakeCallback(&SmtpLoadApplication::HandleSessionOpened, this, index));
}

void
SmtpLoadApplication::HandleSessionOpened(uint32_t index, const SmtpClientSession::Result& result)
{
    NS_LOG_FUNCTION(this << index);
    if (result.status != SmtpClientSession::Status::Ok)
    {
        HandleSessionFailed(index, result);
        return;
    }
    SendNextMessage(index);
}

void
SmtpLoadApplication::SendNextMessage(uint32_t index)
{
    LoadSession& loadSession = m_loadSessions[index];
    loadSession.seq = m_nextSeq++;
    std::string message = BuildMessage(loadSession.seq, Simulator::Now());
    loadSession.bytes = static_cast<uint32_t>(message.size());
    NS_LOG_LOGIC(Simulator::Now().As(Time::S) << " session " << index << " sends message "
                                              << loadSession.seq << " to " << m_remote);
    loadSession.session->SendMail(
        m_mailFrom,
        {m_rcptTo},
        message,
        MakeCallback(&SmtpLoadApplication::HandleMessageSent, this, index));
}

void
SmtpLoadApplication::HandleMessageSent(uint32_t index, const SmtpClientSession::Result& result)
{
    NS_LOG_FUNCTION(this << index);
    if (result.status != SmtpClientSession::Status::Ok)
    {
        HandleSessionFailed(index, result);
        return;
    }

    LoadSession& loadSession = m_loadSessions[index];
    ++m_acceptedMessages;
    m_acceptedBytes += loadSession.bytes;
    m_acceptedSeqs.push_back(loadSession.seq);
    NS_LOG_INFO(Simulator::Now().As(Time::S) << " " << m_remote << " accepted load message "
                                             << loadSession.seq << " (" << loadSession.bytes
                                             << " bytes)");
    m_messageAcceptedTrace(loadSession.bytes, Simulator::Now());

    // A trace sink may have stopped the application.
    if (m_running && loadSession.session && loadSession.session->IsReady())
    {
        SendNextMessage(index);
    }
}

void
SmtpLoadApplication::HandleSessionFailed(uint32_t index, const SmtpClientSession::Result& result)
{
    LoadSession& loadSession = m_loadSessions[index];
    NS_LOG_INFO(Simulator::Now().As(Time::S)
                << " load session " << index << " to " << m_remote << " failed: "
                << SmtpClientSession::StatusToString(result.status) << " " << result.replyCode
                << " " << result.replyText << "; message " << loadSession.seq
                << " lost, new connection in " << m_retryInterval.As(Time::S));

    // The session has closed itself and keeps a reference to itself until this callback
    // returns, so it may be released here.
    loadSession.session = nullptr;
    loadSession.seq = 0;
    loadSession.bytes = 0;
    ++m_failedSessions;
    loadSession.retryEvent =
        Simulator::Schedule(m_retryInterval, &SmtpLoadApplication::OpenSession, this, index);
    m_sessionFailedTrace(index, result.status, result.replyCode);
}

} // namespace ns3
