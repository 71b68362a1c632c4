/**
 * \file
 * The organisation's inside MTA: the final destination that records which gateway each
 * mail came through.
 */
#ifndef MXRACE_SIM_MAIL_INSIDE_MTA_APPLICATION_H
#define MXRACE_SIM_MAIL_INSIDE_MTA_APPLICATION_H

#include "smtp-server-application.h"

#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/** \brief What the inside MTA recorded about one delivered mail. */
struct MailDeliveryRecord
{
    uint32_t seq = 0;          //!< Sequence number from the Message-ID.
    std::string origin;        //!< Host part of the Message-ID (the sending MTA's name).
    std::string gateway;       //!< "by" host of the top Received: header; empty if none.
    Ipv4Address relayAddress;  //!< Address of the host that delivered it to this MTA.
    Time sent;                 //!< Time from X-Mxrace-Sent (when the sender queued it).
    Time received;             //!< Time this MTA accepted it.
    uint32_t size = 0;         //!< Message size in bytes, as received.
    std::string message;       //!< Whole message, kept only if StoreMessages is true.
};

/**
 * \brief Accepts every mail and records, per mail, the gateway it came through.
 *
 * For each message the MTA reads three headers: the sequence number from a Message-ID of
 * the form \<mxrace-SEQ\@ORIGIN\> and the send time from X-Mxrace-Sent (nanoseconds), both
 * written by SmtpClientApplication, and the gateway from the "by" clause of the top
 * Received: header, written by the last MailGatewayApplication on the way. A message
 * without a parsable Message-ID or X-Mxrace-Sent is still accepted, as a real MTA would,
 * but only counted as unrecognised. Duplicates (a mail delivered twice after a lost reply)
 * are recorded twice.
 */
class MailInsideMtaApplication : public SmtpServerApplication
{
  public:
    /**
     * \brief Signature of the MailDelivered trace.
     * \param seq the mail's sequence number.
     * \param gateway the gateway's host name.
     * \param sent the time the sender queued the mail.
     * \param received the time this MTA accepted it.
     */
    typedef void (*MailDeliveredTracedCallback)(uint32_t seq,
                                                const std::string& gateway,
                                                Time sent,
                                                Time received);

    /**
     * \brief Registers the attributes and trace sources.
     * \returns the object TypeId.
     */
    static TypeId GetTypeId();

    MailInsideMtaApplication();
    ~MailInsideMtaApplication() override;

    /** \returns the records of every recognised mail, in order of receipt. */
    const std::vector<MailDeliveryRecord>& GetRecords() const;

    /** \returns the number of accepted messages without a parsable Message-ID or send time. */
    uint64_t GetUnrecognisedCount() const;

  protected:
    void DoDispose() override;
    SmtpServerReply ReceiveMessage(const SmtpEnvelope& envelope) override;

  private:
    bool m_storeMessages;                     //!< Keep whole messages in the records.
    std::vector<MailDeliveryRecord> m_records; //!< Recognised mails.
    uint64_t m_unrecognisedCount;             //!< Accepted but unrecognised messages.
    TracedCallback<uint32_t, const std::string&, Time, Time> m_mailDeliveredTrace; //!< Trace.
};

} // namespace ns3

#endif // MXRACE_SIM_MAIL_INSIDE_MTA_APPLICATION_H
