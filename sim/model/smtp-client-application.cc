#include "smtp-client-application.h"

#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SmtpClientApplication");

NS_OBJECT_ENSURE_REGISTERED(SmtpClientApplication);

TypeId
SmtpClientApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::SmtpClientApplication")
            .SetParent<Application>()
            .SetGroupName("Mxrace")
            .AddConstructor<SmtpClientApplication>()
            .AddAttribute("ResolverAddress",
                          "IPv4 address of the recursive resolver that the stub resolver asks.",
                          Ipv4AddressValue(Ipv4Address("127.0.0.1")),
                          MakeIpv4AddressAccessor(&SmtpClientApplication::m_resolverAddress),
                          MakeIpv4AddressChecker())
            .AddAttribute("ResolverPort",
                          "UDP port of the recursive resolver.",
                          UintegerValue(53),
                          MakeUintegerAccessor(&SmtpClientApplication::m_resolverPort),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("DnsTimeout",
                          "Stub resolver's wait for an answer before sending the query again.",
                          TimeValue(Seconds(5)),
                          MakeTimeAccessor(&SmtpClientApplication::m_dnsTimeout),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("DnsAttempts",
                          "Stub resolver's transmissions of a query, the first included.",
                          UintegerValue(2),
                          MakeUintegerAccessor(&SmtpClientApplication::m_dnsAttempts),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("MailFrom",
                          "Envelope sender (MAIL FROM) and From: header address.",
                          StringValue("sender@outside.test"),
                          MakeStringAccessor(&SmtpClientApplication::m_mailFrom),
                          MakeStringChecker())
            .AddAttribute("RcptTo",
                          "Envelope recipient (RCPT TO) and To: header address; its domain "
                          "part is the domain whose MX records are looked up.",
                          StringValue("user@org.test"),
                          MakeStringAccessor(&SmtpClientApplication::m_rcptTo),
                          MakeStringChecker())
            .AddAttribute("HeloName",
                          "Host name sent in EHLO and used in the Message-ID.",
                          StringValue("mta.outside.test"),
                          MakeStringAccessor(&SmtpClientApplication::m_heloName),
                          MakeStringChecker())
            .AddAttribute("MailCount",
                          "Number of mails to send.",
                          UintegerValue(100),
                          MakeUintegerAccessor(&SmtpClientApplication::m_mailCount),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("Interval",
                          "Time between queuing two mails.",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&SmtpClientApplication::m_interval),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("MessageSize",
                          "Size of each message (headers, empty line and body) in bytes, "
                          "before dot-stuffing; at least the size of the headers.",
                          UintegerValue(2048),
                          MakeUintegerAccessor(&SmtpClientApplication::m_messageSize),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("Port",
                          "TCP port of the mail exchanges.",
                          UintegerValue(25),
                          MakeUintegerAccessor(&SmtpClientApplication::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("StepTimeout",
                          "Maximum wait for the TCP connection and for each SMTP reply; the "
                          "wait after the end of data also covers the message's transfer.",
                          TimeValue(Seconds(30)),
                          MakeTimeAccessor(&SmtpClientApplication::m_stepTimeout),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("RetryInterval",
                          "Wait before another attempt of a mail that no exchange took "
                          "(Postfix's minimal_backoff_time defaults to 300 s).",
                          TimeValue(Seconds(300)),
                          MakeTimeAccessor(&SmtpClientApplication::m_retryInterval),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("MaxAttempts",
                          "Attempts of one mail, the first included, before it is counted "
                          "as lost.",
                          UintegerValue(5),
                          MakeUintegerAccessor(&SmtpClientApplication::m_maxAttempts),
                          MakeUintegerChecker<uint32_t>(1))
            .AddTraceSource("MailSent",
                            "A server accepted a mail: its sequence number and the time.",
                            MakeTraceSourceAccessor(&SmtpClientApplication::m_mailSentTrace),
                            "ns3::SmtpClientApplication::MailSentTracedCallback")
            .AddTraceSource("MailAttempt",
                            "An attempt on one exchange or address ended: sequence number, "
                            "exchange, address, result and reply code.",
                            MakeTraceSourceAccessor(&SmtpClientApplication::m_mailAttemptTrace),
                            "ns3::SmtpClientApplication::MailAttemptTracedCallback")
            .AddTraceSource("MailFailed",
                            "A mail was given up after MaxAttempts attempts.",
                            MakeTraceSourceAccessor(&SmtpClientApplication::m_mailFailedTrace),
                            "ns3::SmtpClientApplication::MailFailedTracedCallback");
    return tid;
}

SmtpClientApplication::SmtpClientApplication()
    : m_resolverPort(53),
      m_dnsAttempts(2),
      m_mailCount(0),
      m_messageSize(0),
      m_port(25),
      m_maxAttempts(1),
      m_resolver(CreateObject<StubResolver>()),
      m_random(CreateObject<UniformRandomVariable>()),
      m_queuedCount(0),
      m_sentCount(0),
      m_lostCount(0)
{
    NS_LOG_FUNCTION(this);
}

SmtpClientApplication::~SmtpClientApplication()
{
    NS_LOG_FUNCTION(this);
}

const char*
SmtpClientApplication::AttemptResultToString(AttemptResult result)
{
    switch (result)
    {
    case AttemptResult::Delivered:
        return "delivered";
    case AttemptResult::DnsFailed:
        return "dns-failed";
    case AttemptResult::NoAddress:
        return "no-address";
    case AttemptResult::ConnectFailed:
        return "connect-failed";
    case AttemptResult::Timeout:
        return "timeout";
    case AttemptResult::Rejected:
        return "rejected";
    case AttemptResult::ProtocolError:
        return "protocol-error";
    case AttemptResult::ConnectionLost:
        return "connection-lost";
    }
    return "unknown";
}

int64_t
SmtpClientApplication::AssignStreams(int64_t stream)
{
    m_random->SetStream(stream);
    return 1 + m_resolver->AssignStreams(stream + 1);
}

Ptr<StubResolver>
SmtpClientApplication::GetStubResolver() const
{
    return m_resolver;
}

uint32_t
SmtpClientApplication::GetSentCount() const
{
    return m_sentCount;
}

uint32_t
SmtpClientApplication::GetLostCount() const
{
    return m_lostCount;
}

uint32_t
SmtpClientApplication::GetQueuedCount() const
{
    return static_cast<uint32_t>(m_jobs.size());
}

void
SmtpClientApplication::DoDispose()
{
    NS_LOG_FUNCTION(this);
    StopApplication();
    m_jobs.clear();
    m_resolver->Dispose();
    m_resolver = nullptr;
    Application::DoDispose();
}

std::string
SmtpClientApplication::GetRecipientDomain() const
{
    size_t at = m_rcptTo.rfind('@');
    return at == std::string::npos ? m_rcptTo : m_rcptTo.substr(at + 1);
}

std::string
SmtpClientApplication::BuildMessage(uint32_t seq, Time queued) const
{
    std::string message = "From: <" + m_mailFrom + ">\r\n" + "To: <" + m_rcptTo + ">\r\n" +
                          "Subject: mxrace test mail " + std::to_string(seq) + "\r\n" +
                          "Message-ID: <mxrace-" + std::to_string(seq) + "@" + m_heloName +
                          ">\r\n" + "X-Mxrace-Sent: " +
                          std::to_string(queued.GetNanoSeconds()) + "\r\n\r\n";

    // Every eighth line is a lone ".", and other lines start with "." or "..", so every
    // message of a few hundred bytes or more needs dot-stuffing to arrive intact.
    size_t target = std::max<size_t>(m_messageSize, message.size());
    for (uint32_t lineNumber = 0; message.size() < target; ++lineNumber)
    {
        std::string line;
        switch (lineNumber % 8)
        {
        case 3:
            line = ".";
            break;
        case 5:
            line = ".. two leading dots, line " + std::to_string(lineNumber);
            break;
        case 7:
            line = ". one leading dot, line " + std::to_string(lineNumber);
            break;
        default:
            line = "mxrace mail " + std::to_string(seq) + " line " + std::to_string(lineNumber) +
                   " abcdefghijklmnopqrstuvwxyz0123456789";
            break;
        }

        // Cut the line so the message ends exactly at the target size. A remainder of one
        // byte cannot hold a line end, so the line before it gives up one byte.
        size_t room = target - message.size();
        if (line.size() + 2 > room)
        {
            line.resize(room - 2);
        }
        else if (room - (line.size() + 2) == 1)
        {
            line.pop_back();
        }
        message += line + "\r\n";
    }
    return message;
}

void
SmtpClientApplication::StartApplication()
{
    NS_LOG_FUNCTION(this);
    NS_ABORT_MSG_IF(m_rcptTo.find('@') == std::string::npos,
                    "SmtpClientApplication: RcptTo \"" << m_rcptTo
                                                       << "\" has no domain part; expected "
                                                          "local@domain");
    m_resolver->SetAttribute("ServerAddress", Ipv4AddressValue(m_resolverAddress));
    m_resolver->SetAttribute("ServerPort", UintegerValue(m_resolverPort));
    m_resolver->SetAttribute("Timeout", TimeValue(m_dnsTimeout));
    m_resolver->SetAttribute("Attempts", UintegerValue(m_dnsAttempts));
    m_resolver->SetNode(GetNode());
    m_resolver->Start();

    if (m_queuedCount < m_mailCount)
    {
        m_nextMailEvent = Simulator::ScheduleNow(&SmtpClientApplication::QueueNextMail, this);
    }
}

void
SmtpClientApplication::StopApplication()
{
    NS_LOG_FUNCTION(this);
    Simulator::Cancel(m_nextMailEvent);
    for (auto& entry : m_jobs)
    {
        Simulator::Cancel(entry.second.retryEvent);
        if (entry.second.session)
        {
            entry.second.session->Abort();
            entry.second.session = nullptr;
        }
    }
    if (m_resolver)
    {
        m_resolver->Stop();
    }
}

void
SmtpClientApplication::QueueNextMail()
{
    uint32_t seq = ++m_queuedCount;
    MailJob& job = m_jobs[seq];
    job.queued = Simulator::Now();
    NS_LOG_INFO(Simulator::Now().As(Time::S) << " " << m_heloName << " queued mail " << seq);

    if (m_queuedCount < m_mailCount)
    {
        m_nextMailEvent =
            Simulator::Schedule(m_interval, &SmtpClientApplication::QueueNextMail, this);
    }
    StartAttempt(seq);
}

void
SmtpClientApplication::StartAttempt(uint32_t seq)
{
    auto it = m_jobs.find(seq);
    if (it == m_jobs.end())
    {
        return;
    }
    MailJob& job = it->second;
    ++job.attempts;
    job.mx.clear();
    job.mxIndex = 0;
    job.addresses.clear();
    job.addressIndex = 0;

    // No cache: the organisation's answers carry TTL 0, so every attempt asks again.
    m_resolver->QueryMx(GetRecipientDomain(),
                        MakeCallback(&SmtpClientApplication::HandleMxAnswer, this, seq));
}

void
SmtpClientApplication::HandleMxAnswer(uint32_t seq, const StubResolver::Answer& answer)
{
    auto it = m_jobs.find(seq);
    if (it == m_jobs.end())
    {
        return;
    }
    MailJob& job = it->second;

    if (answer.status != StubResolver::Status::Ok)
    {
        NS_LOG_INFO(Simulator::Now().As(Time::S)
                    << " mail " << seq << ": MX lookup of " << answer.name << " failed: "
                    << StubResolver::StatusToString(answer.status));
        m_mailAttemptTrace(seq, answer.name, Ipv4Address::GetAny(), AttemptResult::DnsFailed, 0);
        HandleAttemptFailed(seq);
        return;
    }

    job.mx = answer.mx;
    if (job.mx.empty())
    {
        // RFC 5321 section 5.1: without MX records the domain itself is the exchange.
        job.mx.push_back({0, answer.name});
    }

    // Shuffle first, then sort stably: equal preferences end up in random order.
    for (size_t i = job.mx.size(); i > 1; --i)
    {
        size_t j = m_random->GetInteger(0, static_cast<uint32_t>(i - 1));
        std::swap(job.mx[i - 1], job.mx[j]);
    }
    std::stable_sort(job.mx.begin(),
                     job.mx.end(),
                     [](const StubResolver::MxRecord& a, const StubResolver::MxRecord& b) {
                         return a.preference < b.preference;
                     });
    job.mxIndex = 0;
    TryNextExchange(seq);
}

void
SmtpClientApplication::TryNextExchange(uint32_t seq)
{
    MailJob& job = m_jobs.at(seq);
    if (job.mxIndex >= job.mx.size())
    {
        HandleAttemptFailed(seq);
        return;
    }
    m_resolver->QueryA(job.mx[job.mxIndex].exchange,
                       MakeCallback(&SmtpClientApplication::HandleAddressAnswer, this, seq));
}

void
SmtpClientApplication::HandleAddressAnswer(uint32_t seq, const StubResolver::Answer& answer)
{
    auto it = m_jobs.find(seq);
    if (it == m_jobs.end())
    {
        return;
    }
    MailJob& job = it->second;

    if (answer.status != StubResolver::Status::Ok || answer.addresses.empty())
    {
        NS_LOG_INFO(Simulator::Now().As(Time::S)
                    << " mail " << seq << ": no address for " << answer.name << ": "
                    << StubResolver::StatusToString(answer.status));
        m_mailAttemptTrace(seq, answer.name, Ipv4Address::GetAny(), AttemptResult::NoAddress, 0);
        ++job.mxIndex;
        TryNextExchange(seq);
        return;
    }
    job.addresses = answer.addresses;
    job.addressIndex = 0;
    TryNextAddress(seq);
}

void
SmtpClientApplication::TryNextAddress(uint32_t seq)
{
    MailJob& job = m_jobs.at(seq);
    if (job.addressIndex >= job.addresses.size())
    {
        ++job.mxIndex;
        TryNextExchange(seq);
        return;
    }
    Ipv4Address address = job.addresses[job.addressIndex];
    NS_LOG_INFO(Simulator::Now().As(Time::S) << " mail " << seq << " attempt " << job.attempts
                                             << ": connecting to " << job.mx[job.mxIndex].exchange
                                             << " " << address);
    job.session = Create<SmtpClientSession>(GetNode(), m_heloName, m_stepTimeout);
    job.session->Open(address,
                      m_port,
                      MakeCallback(&SmtpClientApplication::HandleSessionOpened, this, seq));
}

void
SmtpClientApplication::HandleSessionOpened(uint32_t seq, const SmtpClientSession::Result& result)
{
    MailJob& job = m_jobs.at(seq);
    if (result.status != SmtpClientSession::Status::Ok)
    {
        TraceSessionAttempt(seq, result);
        job.session = nullptr;
        ++job.addressIndex;
        TryNextAddress(seq);
        return;
    }
    job.session->SendMail(m_mailFrom,
                          {m_rcptTo},
                          BuildMessage(seq, job.queued),
                          MakeCallback(&SmtpClientApplication::HandleMailSent, this, seq));
}

void
SmtpClientApplication::HandleMailSent(uint32_t seq, const SmtpClientSession::Result& result)
{
    MailJob& job = m_jobs.at(seq);
    TraceSessionAttempt(seq, result);
    if (result.status != SmtpClientSession::Status::Ok)
    {
        job.session = nullptr;
        ++job.addressIndex;
        TryNextAddress(seq);
        return;
    }

    NS_LOG_INFO(Simulator::Now().As(Time::S) << " mail " << seq << " accepted by "
                                             << job.mx[job.mxIndex].exchange);
    job.session->Quit();
    ++m_sentCount;
    m_jobs.erase(seq);
    m_mailSentTrace(seq, Simulator::Now());
}

void
SmtpClientApplication::TraceSessionAttempt(uint32_t seq, const SmtpClientSession::Result& result)
{
    const MailJob& job = m_jobs.at(seq);
    AttemptResult attemptResult = AttemptResult::Delivered;
    switch (result.status)
    {
    case SmtpClientSession::Status::Ok:
        attemptResult = AttemptResult::Delivered;
        break;
    case SmtpClientSession::Status::ConnectFailed:
        attemptResult = AttemptResult::ConnectFailed;
        break;
    case SmtpClientSession::Status::Timeout:
        attemptResult = AttemptResult::Timeout;
        break;
    case SmtpClientSession::Status::Rejected:
        attemptResult = AttemptResult::Rejected;
        break;
    case SmtpClientSession::Status::ProtocolError:
        attemptResult = AttemptResult::ProtocolError;
        break;
    case SmtpClientSession::Status::ConnectionLost:
        attemptResult = AttemptResult::ConnectionLost;
        break;
    }
    if (attemptResult != AttemptResult::Delivered)
    {
        NS_LOG_INFO(Simulator::Now().As(Time::S)
                    << " mail " << seq << ": " << job.mx[job.mxIndex].exchange << " "
                    << job.addresses[job.addressIndex] << " failed: "
                    << AttemptResultToString(attemptResult) << " " << result.replyCode << " "
                    << result.replyText);
    }
    m_mailAttemptTrace(seq,
                       job.mx[job.mxIndex].exchange,
                       job.addresses[job.addressIndex],
                       attemptResult,
                       result.replyCode);
}

void
SmtpClientApplication::HandleAttemptFailed(uint32_t seq)
{
    MailJob& job = m_jobs.at(seq);
    job.session = nullptr;
    if (job.attempts < m_maxAttempts)
    {
        NS_LOG_INFO(Simulator::Now().As(Time::S) << " mail " << seq << " deferred after attempt "
                                                 << job.attempts << ", retry in "
                                                 << m_retryInterval.As(Time::S));
        job.retryEvent =
            Simulator::Schedule(m_retryInterval, &SmtpClientApplication::StartAttempt, this, seq);
        return;
    }

    NS_LOG_INFO(Simulator::Now().As(Time::S) << " mail " << seq << " lost after " << job.attempts
                                             << " attempts");
    uint32_t attempts = job.attempts;
    ++m_lostCount;
    m_jobs.erase(seq);
    m_mailFailedTrace(seq, attempts);
}

} // namespace ns3
