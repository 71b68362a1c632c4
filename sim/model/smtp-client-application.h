/**
 * \file
 * The outside MTA: sends a series of mails to a domain, choosing the server by MX lookup.
 */
#ifndef MXRACE_SIM_SMTP_CLIENT_APPLICATION_H
#define MXRACE_SIM_SMTP_CLIENT_APPLICATION_H

#include "smtp-client-session.h"
#include "stub-resolver.h"

#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \brief An outside MTA that sends MailCount mails, one every Interval, to one recipient.
 *
 * For every attempt of every mail the MTA looks up the MX records of the recipient's domain
 * again, because the organisation's answers carry TTL 0 and the point of the experiment
 * is which answer comes first each time. It sorts the exchanges by preference (equal
 * preferences in random order, RFC 5321 section 5.1), or uses the domain itself when the
 * answer has no MX record. It then resolves each exchange's A records and tries its
 * addresses in turn with a full SMTP session. A connect failure, a time-out, a 4xx or 5xx
 * reply or a lost connection moves on to the next address and then to the next exchange.
 *
 * NOTE: ns-3 3.37 ignores the reset that refuses a connection to a closed port, so a
 * stopped gateway costs StepTimeout, like an unreachable one, and not one round trip.
 *
 * A mail that no exchange takes stays queued and is tried again after RetryInterval, as a
 * real MTA's deferred queue does, up to MaxAttempts attempts; then it is counted as lost
 * and the MailFailed trace fires. Unlike a real MTA this one also retries after a 5xx
 * reply, because here a 5xx only comes from a gateway model in trouble.
 *
 * Each message has a Message-ID of the form \<mxrace-SEQ\@HeloName\> and an
 * X-Mxrace-Sent header with the time the mail was queued, in nanoseconds of simulation
 * time, so the inside MTA can match it and compute its delay. The body contains lines that
 * start with "." to exercise dot-stuffing and is padded so that the whole message is
 * MessageSize bytes long.
 */
class SmtpClientApplication : public Application
{
  public:
    /** \brief Outcome of one delivery attempt to one exchange or address. */
    enum class AttemptResult
    {
        Delivered,     //!< The server accepted the message with a 2xx reply.
        DnsFailed,     //!< The MX lookup failed (time-out, error RCODE, truncation).
        NoAddress,     //!< The exchange's A lookup failed or returned no address.
        ConnectFailed, //!< TCP could not connect.
        Timeout,       //!< The server did not reply within StepTimeout.
        Rejected,      //!< The server replied with an unexpected code.
        ProtocolError, //!< The server sent an invalid reply line.
        ConnectionLost //!< The server closed or reset the connection mid-session.
    };

    /**
     * \brief Signature of the MailSent trace.
     * \param seq the mail's sequence number, from 1.
     * \param time the simulation time when the server accepted it.
     */
    typedef void (*MailSentTracedCallback)(uint32_t seq, Time time);

    /**
     * \brief Signature of the MailAttempt trace.
     * \param seq the mail's sequence number.
     * \param exchange the MX host name, or the domain for a failed MX lookup.
     * \param address the address tried, 0.0.0.0 when there was none.
     * \param result how the attempt ended.
     * \param replyCode the server's last reply code, 0 if none.
     */
    typedef void (*MailAttemptTracedCallback)(uint32_t seq,
                                              const std::string& exchange,
                                              Ipv4Address address,
                                              AttemptResult result,
                                              uint16_t replyCode);

    /**
     * \brief Signature of the MailFailed trace.
     * \param seq the mail's sequence number.
     * \param attempts the number of attempts made.
     */
    typedef void (*MailFailedTracedCallback)(uint32_t seq, uint32_t attempts);

    /**
     * \brief Registers the attributes and trace sources.
     * \returns the object TypeId.
     */
    static TypeId GetTypeId();

    SmtpClientApplication();
    ~SmtpClientApplication() override;

    /**
     * \brief Builds the message of one mail, exactly as it is sent before dot-stuffing.
     * \param seq the mail's sequence number.
     * \param queued the time the mail was queued, written to X-Mxrace-Sent.
     * \returns headers, empty line and body, with CRLF line ends.
     */
    std::string BuildMessage(uint32_t seq, Time queued) const;

    /**
     * \brief Fixes the random streams of the MX order and of the stub resolver.
     * \param stream the first stream index to use.
     * \returns the number of streams used.
     */
    int64_t AssignStreams(int64_t stream);

    /** \returns the stub resolver, for its counters. */
    Ptr<StubResolver> GetStubResolver() const;

    /** \returns the number of mails a server accepted. */
    uint32_t GetSentCount() const;

    /** \returns the number of mails given up after MaxAttempts attempts. */
    uint32_t GetLostCount() const;

    /** \returns the number of mails queued and neither sent nor lost yet. */
    uint32_t GetQueuedCount() const;

    /**
     * \param result an attempt result.
     * \returns a stable kebab-case name for \p result.
     */
    static const char* AttemptResultToString(AttemptResult result);

  protected:
    void DoDispose() override;

  private:
    /** \brief A mail in the queue. */
    struct MailJob
    {
        Time queued;                                //!< When the mail was queued.
        uint32_t attempts = 0;                      //!< Attempts started so far.
        std::vector<StubResolver::MxRecord> mx;     //!< Exchanges of this attempt, in order.
        size_t mxIndex = 0;                         //!< Exchange being tried.
        std::vector<Ipv4Address> addresses;         //!< Addresses of that exchange.
        size_t addressIndex = 0;                    //!< Address being tried.
        Ptr<SmtpClientSession> session;             //!< SMTP session in progress.
        EventId retryEvent;                         //!< Next attempt, when deferred.
    };

    void StartApplication() override;
    void StopApplication() override;

    /** \brief Queues the next mail and schedules the one after. */
    void QueueNextMail();

    /** \brief Starts an attempt: looks up the MX records. */
    void StartAttempt(uint32_t seq);

    /** \brief Orders the exchanges and tries the first. */
    void HandleMxAnswer(uint32_t seq, const StubResolver::Answer& answer);

    /** \brief Looks up the address of the next exchange, or ends the attempt. */
    void TryNextExchange(uint32_t seq);

    /** \brief Takes the addresses of an exchange and tries the first. */
    void HandleAddressAnswer(uint32_t seq, const StubResolver::Answer& answer);

    /** \brief Opens a session to the next address, or moves to the next exchange. */
    void TryNextAddress(uint32_t seq);

    /** \brief Sends the message once the session is open. */
    void HandleSessionOpened(uint32_t seq, const SmtpClientSession::Result& result);

    /** \brief Finishes the mail, or tries the next address. */
    void HandleMailSent(uint32_t seq, const SmtpClientSession::Result& result);

    /** \brief Defers the mail after a failed attempt, or gives it up. */
    void HandleAttemptFailed(uint32_t seq);

    /** \brief Fires the MailAttempt trace for the current exchange and address. */
    void TraceSessionAttempt(uint32_t seq, const SmtpClientSession::Result& result);

    /** \returns the domain part of RcptTo. */
    std::string GetRecipientDomain() const;

    Ipv4Address m_resolverAddress; //!< Recursive resolver's address.
    uint16_t m_resolverPort;       //!< Recursive resolver's port.
    Time m_dnsTimeout;             //!< Stub resolver's wait per transmission.
    uint32_t m_dnsAttempts;        //!< Stub resolver's transmissions per query.
    std::string m_mailFrom;        //!< Envelope sender and From: address.
    std::string m_rcptTo;          //!< Envelope recipient and To: address.
    std::string m_heloName;        //!< Name in EHLO and in Message-ID.
    uint32_t m_mailCount;          //!< Mails to send.
    Time m_interval;               //!< Time between queuing two mails.
    uint32_t m_messageSize;        //!< Size of each message in bytes, before dot-stuffing.
    uint16_t m_port;               //!< SMTP port of the exchanges.
    Time m_stepTimeout;            //!< Maximum wait for each SMTP reply and for connecting.
    Time m_retryInterval;          //!< Wait before another attempt of a deferred mail.
    uint32_t m_maxAttempts;        //!< Attempts before a mail is counted as lost.

    Ptr<StubResolver> m_resolver;         //!< Resolver for MX and A lookups.
    Ptr<UniformRandomVariable> m_random;  //!< Orders exchanges of equal preference.
    std::map<uint32_t, MailJob> m_jobs;   //!< Queued mails by sequence number.
    uint32_t m_queuedCount;               //!< Mails queued so far.
    uint32_t m_sentCount;                 //!< Mails accepted by a server.
    uint32_t m_lostCount;                 //!< Mails given up.
    EventId m_nextMailEvent;              //!< Queues the next mail.

    TracedCallback<uint32_t, Time> m_mailSentTrace; //!< A server accepted a mail.
    TracedCallback<uint32_t, const std::string&, Ipv4Address, AttemptResult, uint16_t>
        m_mailAttemptTrace;                                //!< One attempt ended.
    TracedCallback<uint32_t, uint32_t> m_mailFailedTrace; //!< A mail was given up.
};

} // namespace ns3

#endif // MXRACE_SIM_SMTP_CLIENT_APPLICATION_H
