#include "mail-gateway-application.h"

#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <cstdio>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MailGatewayApplication");

NS_OBJECT_ENSURE_REGISTERED(MailGatewayApplication);

namespace
{

/** Formats a time as seconds with nine decimals, for example "12.000000001". */
std::string
FormatSeconds(Time time)
{
    int64_t ns = time.GetNanoSeconds();
    char fraction[16];
    std::snprintf(fraction, sizeof(fraction), "%09lld", static_cast<long long>(ns % 1000000000));
    return std::to_string(ns / 1000000000) + "." + fraction;
}

} // namespace

TypeId
MailGatewayApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::MailGatewayApplication")
            .SetParent<SmtpServerApplication>()
            .SetGroupName("Mxrace")
            .AddConstructor<MailGatewayApplication>()
            .AddAttribute("RelayAddress",
                          "IPv4 address of the inside MTA that messages are relayed to.",
                          Ipv4AddressValue(Ipv4Address("127.0.0.1")),
                          MakeIpv4AddressAccessor(&MailGatewayApplication::m_relayAddress),
                          MakeIpv4AddressChecker())
            .AddAttribute("RelayPort",
                          "SMTP port of the inside MTA.",
                          UintegerValue(25),
                          MakeUintegerAccessor(&MailGatewayApplication::m_relayPort),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("RelayStepTimeout",
                          "Maximum wait for the relay connection and for each reply of the "
                          "inside MTA.",
                          TimeValue(Seconds(30)),
                          MakeTimeAccessor(&MailGatewayApplication::m_relayStepTimeout),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("RelayRetryInterval",
                          "Wait after a temporary relay failure before the next attempt.",
                          TimeValue(Seconds(60)),
                          MakeTimeAccessor(&MailGatewayApplication::m_relayRetryInterval),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("RelayMaxAttempts",
                          "Relay attempts per message before it is dropped.",
                          UintegerValue(10),
                          MakeUintegerAccessor(&MailGatewayApplication::m_relayMaxAttempts),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("RelayIdleTimeout",
                          "Time an idle relay connection stays open for the next message; "
                          "0 closes it as soon as the queue is empty.",
                          TimeValue(Seconds(5)),
                          MakeTimeAccessor(&MailGatewayApplication::m_relayIdleTimeout),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("MaxQueueLength",
                          "Messages in the queue at which new messages get 452.",
                          UintegerValue(10000),
                          MakeUintegerAccessor(&MailGatewayApplication::m_maxQueueLength),
                          MakeUintegerChecker<uint32_t>(1))
            .AddTraceSource("MailRelayed",
                            "The inside MTA accepted a message: queue id and time queued.",
                            MakeTraceSourceAccessor(&MailGatewayApplication::m_mailRelayedTrace),
                            "ns3::MailGatewayApplication::MailRelayedTracedCallback")
            .AddTraceSource("RelayDropped",
                            "A message was dropped without being relayed: queue id, attempts "
                            "and last reply code.",
                            MakeTraceSourceAccessor(&MailGatewayApplication::m_relayDroppedTrace),
                            "ns3::MailGatewayApplication::RelayDroppedTracedCallback");
    return tid;
}

MailGatewayApplication::MailGatewayApplication()
    : m_relayPort(25),
      m_relayMaxAttempts(1),
      m_maxQueueLength(1),
      m_relayBusy(false),
      m_nextQueueId(1),
      m_relayedCount(0),
      m_relayDroppedCount(0),
      m_relayConnectionCount(0)
{
    NS_LOG_FUNCTION(this);
}

MailGatewayApplication::~MailGatewayApplication()
{
    NS_LOG_FUNCTION(this);
}

uint32_t
MailGatewayApplication::GetQueueLength() const
{
    return static_cast<uint32_t>(m_queue.size());
}

uint64_t
MailGatewayApplication::GetRelayedCount() const
{
    return m_relayedCount;
}

uint64_t
MailGatewayApplication::GetRelayDroppedCount() const
{
    return m_relayDroppedCount;
}

uint64_t
MailGatewayApplication::GetRelayConnectionCount() const
{
    return m_relayConnectionCount;
}

void
MailGatewayApplication::DoDispose()
{
    NS_LOG_FUNCTION(this);
    StopApplication();
    m_queue.clear();
    SmtpServerApplication::DoDispose();
}

void
MailGatewayApplication::StopApplication()
{
    NS_LOG_FUNCTION(this);
    SmtpServerApplication::StopApplication();

    // The queue survives, as a real MTA's queue survives a restart, but nothing is relayed.
    Simulator::Cancel(m_retryEvent);
    Simulator::Cancel(m_idleEvent);
    if (m_relaySession)
    {
        m_relaySession->Abort();
        m_relaySession = nullptr;
    }
    m_relayBusy = false;
}

SmtpServerReply
MailGatewayApplication::ReceiveMessage(const SmtpEnvelope& envelope)
{
    if (m_queue.size() >= m_maxQueueLength)
    {
        NS_LOG_INFO(Simulator::Now().As(Time::S) << " " << GetHostname() << " queue full ("
                                                 << m_queue.size() << "), message rejected");
        return {452, "4.3.1 Insufficient system storage"};
    }

    QueuedMessage queued;
    queued.id = m_nextQueueId++;
    queued.mailFrom = envelope.mailFrom;
    queued.recipients = envelope.recipients;
    queued.queued = Simulator::Now();
    queued.message = "Received: from " + envelope.clientHelo + " ([" +
                     std::to_string(envelope.clientAddress.Get() >> 24) + "." +
                     std::to_string((envelope.clientAddress.Get() >> 16) & 0xff) + "." +
                     std::to_string((envelope.clientAddress.Get() >> 8) & 0xff) + "." +
                     std::to_string(envelope.clientAddress.Get() & 0xff) + "])\r\n" +
                     "\tby " + GetHostname() + " with ESMTP id " + std::to_string(queued.id) +
                     "\r\n" + "\tfor <" + envelope.recipients.front() + ">; " +
                     FormatSeconds(queued.queued) + "\r\n" + envelope.message;

    NS_LOG_INFO(Simulator::Now().As(Time::S) << " " << GetHostname() << " queued message "
                                             << queued.id << " from " << envelope.clientAddress);
    uint64_t id = queued.id;
    m_queue.push_back(std::move(queued));

    // Relay from a new event: the 250 to the client goes out first, as after a real queue
    // write.
    Simulator::ScheduleNow(&MailGatewayApplication::ProcessQueue, this);
    return {250, "2.0.0 Ok: queued as " + std::to_string(id)};
}

void
MailGatewayApplication::ProcessQueue()
{
    if (m_relayBusy || m_queue.empty() || m_retryEvent.IsRunning())
    {
        return;
    }
    Simulator::Cancel(m_idleEvent);
    if (m_relaySession && m_relaySession->IsReady())
    {
        RelayHead();
        return;
    }

    m_relayBusy = true;
    ++m_relayConnectionCount;
    m_relaySession = Create<SmtpClientSession>(GetNode(), GetHostname(), m_relayStepTimeout);
    m_relaySession->Open(m_relayAddress,
                         m_relayPort,
                         MakeCallback(&MailGatewayApplication::HandleRelayOpened, this));
}

void
MailGatewayApplication::HandleRelayOpened(const SmtpClientSession::Result& result)
{
    m_relayBusy = false;
    if (result.status != SmtpClientSession::Status::Ok)
    {
        // The head's transaction never started, but the attempt counts, or an unreachable
        // inside MTA would keep the message forever.
        if (!m_queue.empty())
        {
            ++m_queue.front().attempts;
        }
        HandleRelayFailure(result);
        return;
    }
    RelayHead();
}

void
MailGatewayApplication::RelayHead()
{
    QueuedMessage& head = m_queue.front();
    ++head.attempts;
    m_relayBusy = true;
    m_relaySession->SendMail(head.mailFrom,
                             head.recipients,
                             head.message,
                             MakeCallback(&MailGatewayApplication::HandleRelayDone, this));
}

void
MailGatewayApplication::HandleRelayDone(const SmtpClientSession::Result& result)
{
    m_relayBusy = false;
    if (result.status != SmtpClientSession::Status::Ok)
    {
        HandleRelayFailure(result);
        return;
    }

    QueuedMessage head = std::move(m_queue.front());
    m_queue.pop_front();
    ++m_relayedCount;
    NS_LOG_INFO(Simulator::Now().As(Time::S) << " " << GetHostname() << " relayed message "
                                             << head.id);
    m_mailRelayedTrace(head.id, head.queued);

    if (!m_queue.empty())
    {
        RelayHead();
        return;
    }
    if (m_relayIdleTimeout.IsZero())
    {
        CloseIdleRelay();
        return;
    }
    m_idleEvent =
        Simulator::Schedule(m_relayIdleTimeout, &MailGatewayApplication::CloseIdleRelay, this);
}

void
MailGatewayApplication::HandleRelayFailure(const SmtpClientSession::Result& result)
{
    // The session ended with the failure; a new one is opened for the next attempt.
    m_relaySession = nullptr;
    if (m_queue.empty())
    {
        return;
    }
    QueuedMessage& head = m_queue.front();
    NS_LOG_INFO(Simulator::Now().As(Time::S)
                << " " << GetHostname() << " relay of message " << head.id << " failed: "
                << SmtpClientSession::StatusToString(result.status) << " " << result.replyCode
                << " " << result.replyText);
    bool permanent = result.status == SmtpClientSession::Status::Rejected &&
                     result.replyCode >= 500 && result.replyCode < 600;
    if (permanent || head.attempts >= m_relayMaxAttempts)
    {
        DropHead(result.replyCode);
        Simulator::ScheduleNow(&MailGatewayApplication::ProcessQueue, this);
        return;
    }
    m_retryEvent = Simulator::Schedule(m_relayRetryInterval,
                                       &MailGatewayApplication::ProcessQueue,
                                       this);
}

void
MailGatewayApplication::DropHead(uint16_t replyCode)
{
    QueuedMessage head = std::move(m_queue.front());
    m_queue.pop_front();
    ++m_relayDroppedCount;
    NS_LOG_INFO(Simulator::Now().As(Time::S) << " " << GetHostname() << " dropped message "
                                             << head.id << " after " << head.attempts
                                             << " relay attempts");
    m_relayDroppedTrace(head.id, head.attempts, replyCode);
}

void
MailGatewayApplication::CloseIdleRelay()
{
    if (m_relaySession && !m_relayBusy)
    {
        m_relaySession->Quit();
        m_relaySession = nullptr;
    }
}

} // namespace ns3
