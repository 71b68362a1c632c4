/**
 * \file
 * A bulk SMTP load generator: parallel SMTP sessions that send large messages back to back
 * to one mail gateway, to load the route to that gateway.
 */
#ifndef MXRACE_SIM_SMTP_LOAD_APPLICATION_H
#define MXRACE_SIM_SMTP_LOAD_APPLICATION_H

#include "smtp-client-session.h"

#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \brief Keeps Sessions SMTP sessions to one gateway address busy with MessageSize-byte
 * messages until the application stops.
 *
 * Each session connects to Remote:Port, greets the server and sends one message after the
 * other on the same connection: when the server accepts a message (2xx after the end of
 * data), the next MAIL FROM goes out at once. The gateway is addressed directly, without an
 * MX lookup, so all of the load follows the route to that one address.
 *
 * A failed session (connect failure, time-out, a rejected command, a malformed reply or a
 * lost connection) fires SessionFailed and is replaced by a new connection after
 * RetryInterval. The message in progress is lost and the new session sends a new one.
 *
 * Each message has a Message-ID of the form \<mxrace-SEQ\@HeloName\> and an X-Mxrace-Sent
 * header, as SmtpClientApplication writes them, so the inside MTA records the load mail
 * with HeloName as its origin and a scenario can tell it from the test mail. Sequence
 * numbers start at 1 and count the messages started, so lost messages leave gaps.
 *
 * NOTE: the sessions bind to the any address, because SmtpClientSession offers no local
 * address. The source address is that of the interface that routing picks toward Remote.
 *
 * StopApplication() aborts every session. NOTE: the abort closes each ns-3 3.37 TCP socket,
 * which still sends the contents of its transmit buffer (up to SndBufSize bytes) before
 * its FIN. So the gateway may accept up to Sessions messages after the stop that this application
 * never counts as accepted.
 */
class SmtpLoadApplication : public Application
{
  public:
    /**
     * \brief Signature of the MessageAccepted trace.
     * \param bytes the message's size in bytes, before dot-stuffing.
     * \param time the simulation time when the server accepted it.
     */
    typedef void (*MessageAcceptedTracedCallback)(uint32_t bytes, Time time);

    /**
     * \brief Signature of the SessionFailed trace.
     * \param session the session's index, from 0 to Sessions - 1.
     * \param status how the session failed.
     * \param replyCode the server's last reply code, 0 if none.
     */
    typedef void (*SessionFailedTracedCallback)(uint32_t session,
                                                SmtpClientSession::Status status,
                                                uint16_t replyCode);

    /**
     * \brief Registers the attributes and trace sources.
     * \returns the object TypeId.
     */
    static TypeId GetTypeId();

    SmtpLoadApplication();
    ~SmtpLoadApplication() override;

    /**
     * \brief Builds one message, exactly as it is sent before dot-stuffing.
     *
     * The message is MessageSize bytes long, or as long as its headers if MessageSize is
     * smaller than that. A MessageSize of exactly one byte more than the headers gives a
     * message one byte short, because a body line needs at least its CRLF.
     *
     * \param seq the message's sequence number.
     * \param started the time the message was started, written to X-Mxrace-Sent.
     * \returns headers, empty line and body, with CRLF line ends.
     */
    std::string BuildMessage(uint32_t seq, Time started) const;

    /** \returns the number of messages the server accepted. */
    uint64_t GetAcceptedMessages() const;

    /** \returns the total size of the messages the server accepted, in bytes. */
    uint64_t GetAcceptedBytes() const;

    /**
     * \returns the sequence numbers of the accepted messages, in the order of acceptance,
     *          to match them with the inside MTA's records.
     */
    const std::vector<uint32_t>& GetAcceptedSequenceNumbers() const;

    /** \returns the number of sessions that failed. */
    uint64_t GetFailedSessions() const;

    /** \returns the number of TCP connections opened. */
    uint64_t GetConnectionCount() const;

  protected:
    void DoDispose() override;

  private:
    /** \brief One of the parallel sessions. */
    struct LoadSession
    {
        Ptr<SmtpClientSession> session; //!< Session in progress; null while waiting to retry.
        EventId retryEvent;             //!< Opens the next session after a failure.
        uint32_t seq = 0;               //!< Message being sent; 0 if none.
        uint32_t bytes = 0;             //!< Size of that message.
    };

    void StartApplication() override;
    void StopApplication() override;

    /** \brief Opens a new connection for session \p index. */
    void OpenSession(uint32_t index);

    /** \brief Starts the first message once the session is open. */
    void HandleSessionOpened(uint32_t index, const SmtpClientSession::Result& result);

    /** \brief Sends the next message on the open session \p index. */
    void SendNextMessage(uint32_t index);

    /** \brief Counts the accepted message and starts the next one. */
    void HandleMessageSent(uint32_t index, const SmtpClientSession::Result& result);

    /** \brief Reports the failure of session \p index and schedules a new connection. */
    void HandleSessionFailed(uint32_t index, const SmtpClientSession::Result& result);

    Ipv4Address m_remote;  //!< Gateway's address.
    uint16_t m_port;       //!< Gateway's SMTP port.
    uint32_t m_sessions;   //!< Number of parallel sessions.
    uint32_t m_messageSize; //!< Size of each message in bytes, before dot-stuffing.
    std::string m_heloName; //!< Name in EHLO and in Message-ID.
    std::string m_mailFrom; //!< Envelope sender and From: address.
    std::string m_rcptTo;   //!< Envelope recipient and To: address.
    Time m_stepTimeout;     //!< Maximum wait for each SMTP reply and for connecting.
    Time m_retryInterval;   //!< Wait before a new connection after a failed session.

    std::vector<LoadSession> m_loadSessions; //!< The parallel sessions.
    bool m_running;                          //!< Between StartApplication and StopApplication.
    uint32_t m_nextSeq;                      //!< Sequence number of the next message.
    uint64_t m_acceptedMessages;             //!< Messages accepted.
    uint64_t m_acceptedBytes;                //!< Bytes of the messages accepted.
    std::vector<uint32_t> m_acceptedSeqs;    //!< Sequence numbers of the messages accepted.
    uint64_t m_failedSessions;               //!< Sessions that failed.
    uint64_t m_connectionCount;              //!< Connections opened.

    TracedCallback<uint32_t, Time> m_messageAcceptedTrace; //!< A message was accepted.
    TracedCallback<uint32_t, SmtpClientSession::Status, uint16_t>
        m_sessionFailedTrace; //!< A session failed.
};

} // namespace ns3

#endif // MXRACE_SIM_SMTP_LOAD_APPLICATION_H
