/**
 * \file
 * The server side of SMTP (RFC 5321) over ns-3 TCP, shared by the mail gateway and the
 * inside MTA.
 */
#ifndef MXRACE_SIM_SMTP_SERVER_APPLICATION_H
#define MXRACE_SIM_SMTP_SERVER_APPLICATION_H

#include "smtp-connection.h"

#include "ns3/address.h"
#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/socket.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ns3
{

/** \brief One mail transaction as a server received it. */
struct SmtpEnvelope
{
    std::string clientHelo;              //!< Name the client gave in EHLO or HELO.
    Ipv4Address clientAddress;           //!< Client's IPv4 address.
    std::string mailFrom;                //!< Reverse path of MAIL FROM, without brackets.
    std::vector<std::string> recipients; //!< Forward paths of RCPT TO, without brackets.
    std::string message;                 //!< Headers and body, CRLF line ends, unstuffed.
};

/** \brief A reply code and text for the client. */
struct SmtpServerReply
{
    uint16_t code;    //!< Three-digit reply code.
    std::string text; //!< Text after the code.
};

/**
 * \brief Accepts SMTP sessions on a TCP port and runs one command state machine per session.
 *
 * The server greets with 220 and implements EHLO, HELO, MAIL, RCPT, DATA, RSET, NOOP, VRFY
 * and QUIT. It handles each received line as it is completed, so commands may arrive in any
 * segmentation and pipelined. After the "." that ends the DATA phase it passes the
 * transaction to ReceiveMessage(), which derived classes implement, and sends its reply.
 *
 * Bad input gets an error reply and is counted, never asserted on: an unknown or malformed command
 * gets 500 or 501, a command out of sequence 503, a line over 998 bytes 500, a message over
 * MaxMessageSize 552. After MaxErrors such replies in one session, or after IdleTimeout
 * without a line, the server sends 421 and closes the session.
 */
class SmtpServerApplication : public Application
{
  public:
    /**
     * \brief Registers the attributes.
     * \returns the object TypeId.
     */
    static TypeId GetTypeId();

    SmtpServerApplication();
    ~SmtpServerApplication() override;

    /** \returns the number of TCP connections accepted. */
    uint64_t GetSessionCount() const;

    /** \returns the number of messages that ReceiveMessage() accepted with a 2xx reply. */
    uint64_t GetAcceptedMessageCount() const;

    /** \returns the number of messages rejected for size, line length or by ReceiveMessage(). */
    uint64_t GetRejectedMessageCount() const;

    /** \returns the number of commands that got a 500, 501 or 503 reply. */
    uint64_t GetProtocolErrorCount() const;

    /** \returns the host name used in the greeting and in EHLO replies. */
    std::string GetHostname() const;

  protected:
    void DoDispose() override;
    void StartApplication() override;
    void StopApplication() override;

    /**
     * \brief Takes one complete mail transaction.
     *
     * Called when the client ended the DATA phase. The returned reply is sent as it is, and
     * a 2xx code means the server took responsibility for the message.
     *
     * \param envelope the transaction.
     * \returns the reply to send.
     */
    virtual SmtpServerReply ReceiveMessage(const SmtpEnvelope& envelope) = 0;

  private:
    /** \brief The place of one session in the command sequence. */
    enum class SessionState
    {
        Command, //!< Waiting for a command.
        Data,    //!< Receiving message lines after 354.
        Closed   //!< The session ended; the entry is about to be erased.
    };

    /** \brief State of one client connection. */
    struct Session
    {
        Ptr<SmtpConnection> connection; //!< The client's stream.
        Ipv4Address clientAddress;      //!< Client's IPv4 address.
        SessionState state = SessionState::Command; //!< Place in the command sequence.
        bool greeted = false;           //!< EHLO or HELO was accepted.
        bool inTransaction = false;     //!< MAIL was accepted and not yet ended.
        SmtpEnvelope envelope;          //!< The transaction being built.
        bool dataTooLarge = false;      //!< The message exceeded MaxMessageSize.
        bool dataLineTooLong = false;   //!< A message line exceeded 998 bytes.
        uint32_t errors = 0;            //!< Replies of 500, 501 or 503 so far.
        EventId idleEvent;              //!< Checks for IdleTimeout without a line.
        Time lastActivity;              //!< When the last line arrived.
    };

    /** \brief Accepts every connection request. */
    bool HandleConnectionRequest(Ptr<Socket> socket, const Address& from);

    /** \brief Starts a session on a new connection. */
    void HandleAccept(Ptr<Socket> socket, const Address& from);

    /** \brief Dispatches one line of session \p id. */
    void HandleLine(uint64_t id, const std::string& line, bool overflow);

    /** \brief Forgets session \p id after the client closed it. */
    void HandleClosed(uint64_t id, bool error);

    /** \brief Handles one command line. */
    void HandleCommand(uint64_t id, Session& session, const std::string& line, bool overflow);

    /** \brief Handles one line of the DATA phase. */
    void HandleDataLine(Session& session, const std::string& line, bool overflow);

    /** \brief Sends a reply, and counts and limits the 500, 501 and 503 replies. */
    void Reply(uint64_t id, Session& session, uint16_t code, const std::string& text);

    /** \brief Sends 421 and closes an idle session. */
    void HandleIdleTimeout(uint64_t id);

    /** \brief Sends a final reply, closes the connection and erases the session. */
    void CloseSession(uint64_t id, uint16_t code, const std::string& text);

    /** \brief Clears the transaction of a session (RSET, EHLO, end of DATA). */
    static void ResetTransaction(Session& session);

    Ipv4Address m_localAddress;  //!< Address to listen on; 0.0.0.0 for every address.
    uint16_t m_port;             //!< TCP port to listen on.
    std::string m_hostname;      //!< Name in the greeting and in EHLO replies.
    uint32_t m_maxMessageSize;   //!< Largest message accepted, in bytes.
    uint32_t m_maxRecipients;    //!< Most RCPT commands accepted per transaction.
    uint32_t m_maxErrors;        //!< Error replies after which a session is closed.
    Time m_idleTimeout;          //!< Time without a line after which a session is closed.

    Ptr<Socket> m_listenSocket;           //!< The listening socket.
    std::map<uint64_t, Session> m_sessions; //!< Open sessions by id.
    uint64_t m_nextSessionId;             //!< Id for the next session.

    uint64_t m_sessionCount;         //!< Connections accepted.
    uint64_t m_acceptedMessageCount; //!< Messages accepted.
    uint64_t m_rejectedMessageCount; //!< Messages rejected.
    uint64_t m_protocolErrorCount;   //!< 500, 501 and 503 replies.
};

} // namespace ns3

#endif // MXRACE_SIM_SMTP_SERVER_APPLICATION_H
