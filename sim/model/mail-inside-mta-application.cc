#include "mail-inside-mta-application.h"

#include "smtp-message.h"

#include "ns3/boolean.h"
#include "ns3/log.h"
#include "ns3/simulator.h"


namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MailInsideMtaApplication");

NS_OBJECT_ENSURE_REGISTERED(MailInsideMtaApplication);

namespace
{

/** Parses a whole string of decimal digits into \p value; false on anything else. */
bool
ParseUnsigned(const std::string& text, uint64_t maximum, uint64_t& value)
{
    if (text.empty() || text.size() > 19)
    {
        return false;
    }
    uint64_t result = 0;
    for (char c : text)
    {
        if (c < '0' || c > '9')
        {
            return false;
        }
        result = result * 10 + static_cast<uint64_t>(c - '0');
    }
    if (result > maximum)
    {
        return false;
    }
    value = result;
    return true;
}

/** Splits a Message-ID of the form <mxrace-SEQ@ORIGIN>. */
bool
ParseMessageId(const std::string& messageId, uint32_t& seq, std::string& origin)
{
    const std::string prefix = "<mxrace-";
    if (messageId.compare(0, prefix.size(), prefix) != 0 || messageId.back() != '>')
    {
        return false;
    }
    size_t at = messageId.find('@', prefix.size());
    if (at == std::string::npos)
    {
        return false;
    }
    uint64_t value = 0;
    if (!ParseUnsigned(messageId.substr(prefix.size(), at - prefix.size()), UINT32_MAX, value))
    {
        return false;
    }
    seq = static_cast<uint32_t>(value);
    origin = messageId.substr(at + 1, messageId.size() - at - 2);
    return true;
}

} // namespace

TypeId
MailInsideMtaApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::MailInsideMtaApplication")
            .SetParent<SmtpServerApplication>()
            .SetGroupName("Mxrace")
            .AddConstructor<MailInsideMtaApplication>()
            .AddAttribute("StoreMessages",
                          "Keep each whole message in its record (for tests; costs memory).",
                          BooleanValue(false),
                          MakeBooleanAccessor(&MailInsideMtaApplication::m_storeMessages),
                          MakeBooleanChecker())
            .AddTraceSource("MailDelivered",
                            "A recognised mail arrived: sequence number, gateway, time sent "
                            "and time received.",
                            MakeTraceSourceAccessor(&MailInsideMtaApplication::m_mailDeliveredTrace),
                            "ns3::MailInsideMtaApplication::MailDeliveredTracedCallback");
    return tid;
}

MailInsideMtaApplication::MailInsideMtaApplication()
    : m_storeMessages(false),
      m_unrecognisedCount(0)
{
    NS_LOG_FUNCTION(this);
}

MailInsideMtaApplication::~MailInsideMtaApplication()
{
    NS_LOG_FUNCTION(this);
}

const std::vector<MailDeliveryRecord>&
MailInsideMtaApplication::GetRecords() const
{
    return m_records;
}

uint64_t
MailInsideMtaApplication::GetUnrecognisedCount() const
{
    return m_unrecognisedCount;
}

void
MailInsideMtaApplication::DoDispose()
{
    NS_LOG_FUNCTION(this);
    SmtpServerApplication::DoDispose();
}

SmtpServerReply
MailInsideMtaApplication::ReceiveMessage(const SmtpEnvelope& envelope)
{
    MailDeliveryRecord record;
    record.relayAddress = envelope.clientAddress;
    record.received = Simulator::Now();
    record.size = static_cast<uint32_t>(envelope.message.size());

    std::string messageId;
    std::string sentText;
    uint64_t sentNs = 0;
    bool recognised = SmtpFindHeader(envelope.message, "Message-ID", messageId) &&
                      ParseMessageId(messageId, record.seq, record.origin) &&
                      SmtpFindHeader(envelope.message, "X-Mxrace-Sent", sentText) &&
                      ParseUnsigned(sentText, INT64_MAX, sentNs);
    if (!recognised)
    {
        ++m_unrecognisedCount;
        NS_LOG_INFO(Simulator::Now().As(Time::S) << " " << GetHostname()
                                                 << " accepted an unrecognised message from "
                                                 << envelope.clientAddress);
        return {250, "2.0.0 Ok"};
    }
    record.sent = NanoSeconds(static_cast<int64_t>(sentNs));

    // The top Received: header is the last hop's, which is the gateway's.
    std::string received;
    if (SmtpFindHeader(envelope.message, "Received", received))
    {
        SmtpParseReceivedBy(received, record.gateway);
    }
    if (m_storeMessages)
    {
        record.message = envelope.message;
    }

    NS_LOG_INFO(Simulator::Now().As(Time::S) << " " << GetHostname() << " delivered mail "
                                             << record.seq << " from " << record.origin
                                             << " via " << record.gateway);
    m_records.push_back(record);
    m_mailDeliveredTrace(record.seq, record.gateway, record.sent, record.received);
    return {250, "2.0.0 Ok: delivered mail " + std::to_string(record.seq)};
}

} // namespace ns3
