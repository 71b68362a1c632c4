/**
 * \file
 * The client side of one SMTP session (RFC 5321) over ns-3 TCP, shared by the outside MTA
 * and the mail gateway's relay.
 */
#ifndef MXRACE_SIM_SMTP_CLIENT_SESSION_H
#define MXRACE_SIM_SMTP_CLIENT_SESSION_H

#include "smtp-connection.h"
#include "smtp-message.h"

#include "ns3/callback.h"
#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/simple-ref-count.h"
#include "ns3/socket.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \brief Runs the client's half of one SMTP session: connect, greeting, EHLO, then any
 * number of mail transactions, then QUIT.
 *
 * Open() connects and reports once the server accepted EHLO (or HELO, which the session
 * falls back to when EHLO gets a 5xx reply). SendMail() then runs MAIL FROM, RCPT TO and
 * DATA for one message and reports the server's reply to the end of data. Every step waits
 * at most the step time-out for the server's reply.
 *
 * The first failure (connect failure, time-out, connection loss, a reply other than the
 * expected one, or a malformed reply) is reported to the pending callback and ends the
 * session: the session sends QUIT if the connection still works and closes it. After a
 * result is reported the owner may release the session.
 */
class SmtpClientSession : public SimpleRefCount<SmtpClientSession>
{
  public:
    /** \brief How an Open() or SendMail() ended. */
    enum class Status
    {
        Ok,             //!< The server accepted the step.
        ConnectFailed,  //!< TCP could not connect (reset, no route, SYN retries exhausted).
        Timeout,        //!< No complete reply within the step time-out.
        Rejected,       //!< The server replied with an unexpected code (4xx, 5xx, ...).
        ProtocolError,  //!< The server sent a line that is not a valid reply.
        ConnectionLost  //!< The server closed or reset the connection mid-step.
    };

    /** \brief Outcome of one step, with the server's final reply if there was one. */
    struct Result
    {
        Status status = Status::Ok; //!< How the step ended.
        uint16_t replyCode = 0;     //!< Code of the server's last reply; 0 if none.
        std::string replyText;      //!< Text of the last line of that reply.
    };

    /** \brief Receives the outcome of Open() or SendMail(). */
    typedef Callback<void, const Result&> ResultCallback;

    /**
     * \brief Creates an idle session.
     * \param node the node whose TCP stack connects.
     * \param heloName the name sent in EHLO.
     * \param stepTimeout the maximum wait for each reply, and for the connection.
     */
    SmtpClientSession(Ptr<Node> node, const std::string& heloName, Time stepTimeout);

    ~SmtpClientSession();

    /**
     * \brief Connects and greets the server.
     * \param server the server's address.
     * \param port the server's TCP port.
     * \param done called once: Ok when the session is ready for SendMail().
     */
    void Open(Ipv4Address server, uint16_t port, ResultCallback done);

    /**
     * \brief Sends one message. The session must be ready.
     *
     * Every recipient must be accepted (250 or 251); the first rejected one fails the
     * transaction.
     *
     * \param mailFrom the reverse path, without angle brackets.
     * \param recipients the forward paths, without angle brackets; at least one.
     * \param message headers and body with CRLF line ends, not dot-stuffed.
     * \param done called once: Ok when the server accepted the message.
     */
    void SendMail(const std::string& mailFrom,
                  const std::vector<std::string>& recipients,
                  const std::string& message,
                  ResultCallback done);

    /**
     * \brief Sends QUIT if the session is ready, then closes it. No callback follows.
     *
     * The session keeps itself alive until the 221 reply, a time-out or the server's close,
     * so the owner may release it at once.
     */
    void Quit();

    /** \brief Closes the connection now and drops any pending callback. */
    void Abort();

    /** \returns true when Open() succeeded and no transaction or failure is in progress. */
    bool IsReady() const;

    /** \returns the server's address given to Open(). */
    Ipv4Address GetServer() const;

    /**
     * \brief Names a status for logs and traces.
     * \param status the status.
     * \returns a stable name such as "connect-failed".
     */
    static const char* StatusToString(Status status);

  private:
    /** \brief The reply the session is waiting for. */
    enum class State
    {
        Idle,       //!< Nothing sent yet.
        Connecting, //!< SYN sent.
        Greeting,   //!< Waiting for 220.
        Ehlo,       //!< Waiting for the EHLO reply.
        Helo,       //!< Waiting for the HELO reply.
        Ready,      //!< Between transactions.
        MailFrom,   //!< Waiting for the MAIL FROM reply.
        RcptTo,     //!< Waiting for the RCPT TO reply.
        Data,       //!< Waiting for 354.
        DataEnd,    //!< Waiting for the reply to the end of data.
        Quit,       //!< Waiting for 221.
        Closed      //!< Finished; the session cannot be used again.
    };

    /** \brief Wraps the connected socket and waits for the greeting. */
    void HandleConnected(Ptr<Socket> socket);

    /** \brief Reports a failed connection attempt. */
    void HandleConnectFailed(Ptr<Socket> socket);

    /** \brief Collects reply lines until a reply is complete. */
    void HandleLine(const std::string& line, bool overflow);

    /** \brief Reports that the server closed the connection. */
    void HandleClosed(bool error);

    /** \brief Acts on a complete reply. */
    void HandleReply(uint16_t code, const std::string& text);

    /** \brief Sends a command and restarts the step timer. */
    void SendCommand(const std::string& command, State next);

    /** \brief Fails the current step after the step time-out. */
    void HandleTimeout();

    /** \brief Restarts the step timer. */
    void RestartTimer();

    /**
     * \brief Ends the session and reports \p status to the pending callback.
     * \param status the failure.
     * \param code the server's reply code, 0 if none.
     * \param text the server's reply text.
     * \param sayQuit true to send QUIT before closing because the connection still works.
     */
    void Fail(Status status, uint16_t code, const std::string& text, bool sayQuit);

    /** \brief Reports a result to the pending callback, which is cleared first. */
    void Report(Status status, uint16_t code, const std::string& text);

    /** \brief Detaches from and closes the socket or connection. */
    void CloseTransport(bool sayQuit);

    Ptr<Node> m_node;                //!< Node whose TCP stack is used.
    std::string m_heloName;          //!< Name sent in EHLO and HELO.
    Time m_stepTimeout;              //!< Maximum wait for each reply.
    Ipv4Address m_server;            //!< Server given to Open().
    State m_state;                   //!< Reply awaited.
    Ptr<Socket> m_socket;            //!< Socket while connecting.
    Ptr<SmtpConnection> m_connection; //!< Stream once connected.
    ResultCallback m_done;           //!< Pending Open() or SendMail() callback.
    EventId m_timer;                 //!< Step time-out.
    std::vector<std::string> m_recipients; //!< Recipients of the transaction in progress.
    size_t m_recipientIndex;         //!< Recipient whose RCPT TO reply is awaited.
    std::string m_message;           //!< Message of the transaction in progress.
    bool m_replyOpen;                //!< A multi-line reply has started but not ended.
    uint16_t m_replyCode;            //!< Code of the multi-line reply in progress.
    Ptr<SmtpClientSession> m_selfUntilClosed; //!< Set while QUIT waits for its reply.
};

} // namespace ns3

#endif // MXRACE_SIM_SMTP_CLIENT_SESSION_H
