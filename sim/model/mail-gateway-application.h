/**
 * \file
 * A mail gateway (MGW) at one backbone's attachment point: accepts mail from outside and
 * relays it to the inside MTA.
 */
#ifndef MXRACE_SIM_MAIL_GATEWAY_APPLICATION_H
#define MXRACE_SIM_MAIL_GATEWAY_APPLICATION_H

#include "smtp-client-session.h"
#include "smtp-server-application.h"

#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \brief A store-and-forward SMTP relay between the outside and the inside MTA.
 *
 * The gateway works like a real MTA: it replies 250 to the outside client as soon as the
 * message is in its queue, then relays it to the inside MTA (RelayAddress) over SMTP. So
 * the outside client's delay does not include the inside hop, and a failure of the inside
 * MTA delays mail instead of bouncing it back to the sender. Each queued message gets a
 * Received: header on top:
 *
 *     Received: from HELO ([client address])
 *             by Hostname with ESMTP id QUEUE-ID
 *             for <recipient>; SECONDS
 *
 * where SECONDS is the simulation time of receipt, in seconds with nine decimals (the
 * simulation has no calendar for an RFC 5322 date).
 *
 * The relay sends the queue in order over one connection. A temporary failure (connect
 * failure, time-out, 4xx, lost connection) leaves the message at the head of the queue and
 * retries after RelayRetryInterval. A message is dropped, with the RelayDropped trace, after
 * a 5xx reply to it or after RelayMaxAttempts failed attempts; a real MTA would bounce it.
 * When the queue is empty the connection stays open for RelayIdleTimeout so that the next
 * message reuses it, as Postfix's connection cache does. This also saves memory in long runs,
 * because every closed ns-3 TCP socket stays allocated through TIME_WAIT (2 MSL, 120 s).
 *
 * When the queue holds MaxQueueLength messages, new messages get 452.
 */
class MailGatewayApplication : public SmtpServerApplication
{
  public:
    /**
     * \brief Signature of the MailRelayed trace.
     * \param queueId the gateway's id of the message.
     * \param queued the time the message was queued.
     */
    typedef void (*MailRelayedTracedCallback)(uint64_t queueId, Time queued);

    /**
     * \brief Signature of the RelayDropped trace.
     * \param queueId the gateway's id of the message.
     * \param attempts the relay attempts made.
     * \param replyCode the inside MTA's last reply code, 0 if none.
     */
    typedef void (*RelayDroppedTracedCallback)(uint64_t queueId,
                                               uint32_t attempts,
                                               uint16_t replyCode);

    /**
     * \brief Registers the attributes and trace sources.
     * \returns the object TypeId.
     */
    static TypeId GetTypeId();

    MailGatewayApplication();
    ~MailGatewayApplication() override;

    /** \returns the number of messages waiting to be relayed. */
    uint32_t GetQueueLength() const;

    /** \returns the number of messages the inside MTA accepted. */
    uint64_t GetRelayedCount() const;

    /** \returns the number of messages dropped without being relayed. */
    uint64_t GetRelayDroppedCount() const;

    /** \returns the number of TCP connections opened to the inside MTA. */
    uint64_t GetRelayConnectionCount() const;

  protected:
    void DoDispose() override;
    void StopApplication() override;
    SmtpServerReply ReceiveMessage(const SmtpEnvelope& envelope) override;

  private:
    /** \brief A message waiting to be relayed. */
    struct QueuedMessage
    {
        uint64_t id;                         //!< Queue id, shown in Received:.
        std::string mailFrom;                //!< Envelope sender.
        std::vector<std::string> recipients; //!< Envelope recipients.
        std::string message;                 //!< Message with the Received: header added.
        Time queued;                         //!< Time of receipt.
        uint32_t attempts = 0;               //!< Relay attempts so far.
    };

    /** \brief Relays the head of the queue if nothing is in progress. */
    void ProcessQueue();

    /** \brief Sends the head of the queue over the open relay session. */
    void RelayHead();

    /** \brief Continues after the relay session opened or failed to. */
    void HandleRelayOpened(const SmtpClientSession::Result& result);

    /** \brief Continues after the inside MTA replied to a message. */
    void HandleRelayDone(const SmtpClientSession::Result& result);

    /** \brief Counts a failed attempt on the head message and schedules the retry. */
    void HandleRelayFailure(const SmtpClientSession::Result& result);

    /** \brief Drops the head message. */
    void DropHead(uint16_t replyCode);

    /** \brief Sends QUIT on the idle relay session. */
    void CloseIdleRelay();

    Ipv4Address m_relayAddress;   //!< Inside MTA's address.
    uint16_t m_relayPort;         //!< Inside MTA's port.
    Time m_relayStepTimeout;      //!< Maximum wait for each reply of the inside MTA.
    Time m_relayRetryInterval;    //!< Wait after a temporary relay failure.
    uint32_t m_relayMaxAttempts;  //!< Attempts per message before it is dropped.
    Time m_relayIdleTimeout;      //!< Time an idle relay connection stays open.
    uint32_t m_maxQueueLength;    //!< Queue length at which new messages get 452.

    std::deque<QueuedMessage> m_queue;      //!< Messages waiting, oldest first.
    Ptr<SmtpClientSession> m_relaySession;  //!< Session to the inside MTA.
    bool m_relayBusy;                       //!< An Open() or SendMail() is in progress.
    EventId m_retryEvent;                   //!< Next relay attempt after a failure.
    EventId m_idleEvent;                    //!< Closes the idle relay connection.
    uint64_t m_nextQueueId;                 //!< Id of the next queued message.
    uint64_t m_relayedCount;                //!< Messages relayed.
    uint64_t m_relayDroppedCount;           //!< Messages dropped.
    uint64_t m_relayConnectionCount;        //!< Relay connections opened.

    TracedCallback<uint64_t, Time> m_mailRelayedTrace;                 //!< Relayed.
    TracedCallback<uint64_t, uint32_t, uint16_t> m_relayDroppedTrace; //!< Dropped.
};

} // namespace ns3

#endif // MXRACE_SIM_MAIL_GATEWAY_APPLICATION_H
