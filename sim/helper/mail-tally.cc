#include "mail-tally.h"

#include "sim/model/mail-inside-mta-application.h"
#include "sim/model/recursive-resolver.h"
#include "sim/model/smtp-client-application.h"

#include "ns3/callback.h"

#include <algorithm>

namespace ns3
{

void
MailTally::Watch(Ptr<SmtpClientApplication> client,
                 Ptr<MailInsideMtaApplication> insideMta,
                 const std::string& origin)
{
    m_insideMta = insideMta;
    m_origin = origin;
    client->TraceConnectWithoutContext("MailFailed",
                                       MakeCallback(&MailTally::HandleFailed, this));
}

void
MailTally::WatchResolver(Ptr<RecursiveResolver> resolver)
{
    resolver->TraceConnectWithoutContext("FirstAnswer",
                                         MakeCallback(&MailTally::HandleFirstAnswer, this));
    resolver->TraceConnectWithoutContext("LateAnswer",
                                         MakeCallback(&MailTally::HandleLateAnswer, this));
    resolver->TraceConnectWithoutContext("Timeout",
                                         MakeCallback(&MailTally::HandleTimeout, this));
}

void
MailTally::HandleFailed(uint32_t /* seq */, uint32_t /* attempts */)
{
    ++m_failed;
}

void
MailTally::HandleFirstAnswer(const std::string& /* name */,
                             const std::string& preferred,
                             Time /* rtt */)
{
    ++m_firstAnswers[preferred];
}

void
MailTally::HandleLateAnswer(const std::string& /* name */,
                            const std::string& /* preferred */,
                            Time /* rtt */)
{
    ++m_lateAnswers;
}

void
MailTally::HandleTimeout(const std::string& /* name */, uint32_t /* attempt */)
{
    ++m_timeouts;
}

void
MailTally::Collect()
{
    for (const MailDeliveryRecord& record : m_insideMta->GetRecords())
    {
        if (record.origin == m_origin)
        {
            CountDelivery(record.seq, record.gateway, record.sent, record.received);
        }
    }
}

void
MailTally::CountDelivery(uint32_t seq, const std::string& gateway, Time sent, Time received)
{
    if (!m_delivered.insert(seq).second)
    {
        ++m_duplicates;
        return;
    }
    ++m_viaGateway[gateway];
    double delay = (received - sent).GetSeconds();
    m_delaySum += delay;
    m_delayMax = std::max(m_delayMax, delay);
}

uint32_t
MailTally::ViaGateway(const std::string& gateway) const
{
    auto it = m_viaGateway.find(gateway);
    return it == m_viaGateway.end() ? 0 : it->second;
}

uint32_t
MailTally::Delivered() const
{
    return static_cast<uint32_t>(m_delivered.size());
}

uint32_t
MailTally::Duplicates() const
{
    return m_duplicates;
}

uint32_t
MailTally::Failed() const
{
    return m_failed;
}

double
MailTally::MeanDeliverySeconds() const
{
    return m_delivered.empty() ? 0.0 : m_delaySum / static_cast<double>(m_delivered.size());
}

double
MailTally::MaxDeliverySeconds() const
{
    return m_delayMax;
}

uint32_t
MailTally::FirstAnswersPreferring(const std::string& preferred) const
{
    auto it = m_firstAnswers.find(preferred);
    return it == m_firstAnswers.end() ? 0 : it->second;
}

uint32_t
MailTally::FirstAnswers() const
{
    uint32_t total = 0;
    for (const auto& entry : m_firstAnswers)
    {
        total += entry.second;
    }
    return total;
}

uint32_t
MailTally::LateAnswers() const
{
    return m_lateAnswers;
}

uint32_t
MailTally::Timeouts() const
{
    return m_timeouts;
}

} // namespace ns3
