#include "tcp-relay.h"

#include "core/byte-span.h"
#include "core/dns-message.h"
#include "logger.h"
#include "monotonic-clock.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace mxrace
{
namespace linux_io
{

namespace
{

constexpr size_t kReadChunk = 16384;     //!< Bytes read per read() call.
constexpr int kAcceptsPerEvent = 64;     //!< Connections accepted per readiness event.
constexpr int kListenBacklog = 128;      //!< listen() backlog.

/** \returns "ADDRESS:PORT". */
std::string
Endpoint(core::Ipv4Addr address, uint16_t port)
{
    return core::FormatIpv4(address) + ":" + std::to_string(port);
}

} // namespace

/**
 * \brief A listening socket on one proxy address.
 */
class TcpRelay::Listener : public EventHandler
{
  public:
    Listener(TcpRelay& relay,
             core::Ipv4Addr address,
             uint16_t port,
             const std::vector<core::Ipv4Addr>& servers)
        : m_relay(relay),
          m_socket(socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)),
          m_address(address),
          m_port(port),
          m_servers(servers)
    {
        std::string where = "TCP socket for " + Endpoint(address, port);
        if (!m_socket.IsValid())
        {
            throw std::runtime_error("cannot create " + where + ": " + std::strerror(errno));
        }
        int on = 1;
        setsockopt(m_socket.Get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));

        sockaddr_in local{};
        local.sin_family = AF_INET;
        local.sin_addr.s_addr = htonl(address);
        local.sin_port = htons(port);
        if (bind(m_socket.Get(), reinterpret_cast<sockaddr*>(&local), sizeof(local)) != 0)
        {
            int error = errno;
            std::string hint;
            if (error == EADDRNOTAVAIL)
            {
                hint = " (is " + core::FormatIpv4(address) + " configured on an interface?)";
            }
            else if (error == EACCES)
            {
                hint = " (ports below 1024 need root or CAP_NET_BIND_SERVICE)";
            }
            throw std::runtime_error("cannot bind " + where + ": " + std::strerror(error) +
                                     hint);
        }
        if (listen(m_socket.Get(), kListenBacklog) != 0)
        {
            throw std::runtime_error("cannot listen on " + where + ": " + std::strerror(errno));
        }

        // Port 0 lets the kernel pick a port, which the caller needs to know.
        socklen_t localLength = sizeof(local);
        if (getsockname(m_socket.Get(), reinterpret_cast<sockaddr*>(&local), &localLength) != 0)
        {
            throw std::runtime_error("cannot read the address of " + where + ": " +
                                     std::strerror(errno));
        }
        m_port = ntohs(local.sin_port);
        m_relay.m_loop.Add(m_socket.Get(), EPOLLIN, this);
    }

    void OnEvents(uint32_t /* events */) override
    {
        try
        {
            AcceptConnections();
        }
        catch (const std::exception& error)
        {
            ++m_relay.m_errors;
            Logger::Instance().WriteLimited(LogLevel::Error, "tcp-accept",
                                            "TCP connection on " + Endpoint(m_address, m_port) +
                                                " dropped: " + error.what(),
                                            MonotonicNowNs());
        }
    }

    /** Accepts the waiting connections, up to kAcceptsPerEvent. */
    void AcceptConnections()
    {
        for (int i = 0; i < kAcceptsPerEvent; ++i)
        {
            sockaddr_in peer{};
            socklen_t length = sizeof(peer);
            int fd = accept4(m_socket.Get(), reinterpret_cast<sockaddr*>(&peer), &length,
                             SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (fd < 0)
            {
                HandleAcceptError(errno);
                return;
            }
            m_relay.Adopt(*this, UniqueFd(fd), ntohl(peer.sin_addr.s_addr), ntohs(peer.sin_port));
        }
    }

    /** Resumes accepting after a pause caused by running out of descriptors or memory. */
    void Resume()
    {
        if (m_paused)
        {
            m_relay.m_loop.Modify(m_socket.Get(), EPOLLIN, this);
            m_paused = false;
        }
    }

    core::Ipv4Addr Address() const
    {
        return m_address;
    }

    uint16_t Port() const
    {
        return m_port;
    }

    const std::vector<core::Ipv4Addr>& Servers() const
    {
        return m_servers;
    }

  private:
    /** Handles a failed accept4() with error \p error. */
    void HandleAcceptError(int error)
    {
        if (error == EAGAIN || error == EWOULDBLOCK || error == EINTR || error == ECONNABORTED)
        {
            return;
        }
        ++m_relay.m_errors;
        Logger::Instance().WriteLimited(LogLevel::Error, "tcp-accept",
                                        "TCP accept on " + Endpoint(m_address, m_port) +
                                            " failed: " + std::strerror(error),
                                        MonotonicNowNs());

        // The pending connection keeps the socket readable, so with a level-triggered loop
        // the daemon would spin until descriptors or memory are free again. Pause instead;
        // CheckTimers() resumes within a second.
        if (error == EMFILE || error == ENFILE || error == ENOBUFS || error == ENOMEM)
        {
            m_relay.m_loop.Modify(m_socket.Get(), 0, this);
            m_paused = true;
        }
    }

    TcpRelay& m_relay;                    //!< Owner.
    UniqueFd m_socket;                    //!< Listening socket.
    core::Ipv4Addr m_address;             //!< Proxy address.
    uint16_t m_port;                      //!< Port.
    std::vector<core::Ipv4Addr> m_servers; //!< Servers of the route, in order of preference.
    bool m_paused{false};                 //!< Whether accepting is paused.
};

/**
 * \brief One client connection and its connection to a DNS server.
 */
class TcpRelay::Session
{
  public:
    /** Routes the events of one of the two descriptors to the session. */
    class Side : public EventHandler
    {
      public:
        Side(Session& session, bool isServer)
            : m_session(session),
              m_isServer(isServer)
        {
        }

        void OnEvents(uint32_t events) override
        {
            if (m_session.m_closed)
            {
                return;
            }

            // An exception here comes from epoll_ctl() or memory allocation. It ends this
            // session only, never the daemon.
            try
            {
                if (m_isServer)
                {
                    m_session.OnServerEvents(events);
                }
                else
                {
                    m_session.OnClientEvents(events);
                }
                if (!m_session.m_closed)
                {
                    m_session.UpdateInterest();
                }
            }
            catch (const std::exception& error)
            {
                m_session.Fail(std::string("internal error: ") + error.what());
            }
        }

      private:
        Session& m_session; //!< Owner.
        bool m_isServer;    //!< Whether this is the server side.
    };

    Session(TcpRelay& relay,
            const Listener& listener,
            UniqueFd client,
            core::Ipv4Addr clientAddress,
            uint16_t clientPort,
            uint64_t nowNs)
        : m_relay(relay),
          m_listener(listener),
          m_client(std::move(client)),
          m_clientAddress(clientAddress),
          m_clientPort(clientPort),
          m_lastActivityNs(nowNs)
    {
        m_relay.m_loop.Add(m_client.Get(), EPOLLIN, &m_clientSide);
        m_clientEvents = EPOLLIN;
    }

    /** \returns "client C:P -> PROXY" for log messages. */
    std::string Describe() const
    {
        return "client " + Endpoint(m_clientAddress, m_clientPort) + " -> " +
               core::FormatIpv4(m_listener.Address());
    }

    /** Applies the idle and connect time-outs at \p nowNs. */
    void CheckTimers(uint64_t nowNs)
    {
        if (m_connecting && nowNs - m_connectStartNs >= m_relay.m_config.connectTimeoutNs)
        {
            ConnectFailed(ETIMEDOUT);
            if (m_closed)
            {
                return;
            }
        }
        if (nowNs - m_lastActivityNs >= m_relay.m_config.idleTimeoutNs)
        {
            ++m_relay.m_timeouts;
            if (IsDebugEnabled())
            {
                LogDebug("TCP " + Describe() + ": closed after the idle time-out");
            }
            m_relay.Close(*this);
            return;
        }
        UpdateInterest();
    }

    /** Closes both descriptors. */
    void Shut()
    {
        m_closed = true;
        m_server.Reset();
        m_client.Reset();
    }

    bool IsClosed() const
    {
        return m_closed;
    }

    core::Ipv4Addr ClientAddress() const
    {
        return m_clientAddress;
    }

    std::list<std::unique_ptr<Session>>::iterator m_position; //!< Place in m_sessions.

  private:
    void OnClientEvents(uint32_t events)
    {
        // EPOLLHUP or EPOLLERR on a TCP socket means a reset or a full shutdown, so no
        // answer can reach the client any more.
        if ((events & (EPOLLERR | EPOLLHUP)) != 0)
        {
            if (IsDebugEnabled())
            {
                LogDebug("TCP " + Describe() + ": connection reset by the client");
            }
            m_relay.Close(*this);
            return;
        }
        if ((events & EPOLLIN) != 0)
        {
            ReadClient();
            if (m_closed)
            {
                return;
            }
        }
        if ((events & EPOLLOUT) != 0)
        {
            WriteClient();
            if (m_closed)
            {
                return;
            }
        }
        FinishIfDone();
    }

    void OnServerEvents(uint32_t events)
    {
        if (m_connecting)
        {
            int error = 0;
            socklen_t length = sizeof(error);
            getsockopt(m_server.Get(), SOL_SOCKET, SO_ERROR, &error, &length);
            if (error == 0 && (events & (EPOLLERR | EPOLLHUP)) != 0)
            {
                error = ECONNREFUSED;
            }
            if (error != 0)
            {
                ConnectFailed(error);
                return;
            }
            m_connecting = false;
            if (IsDebugEnabled())
            {
                LogDebug("TCP " + Describe() + ": connected to server " + ServerText());
            }
        }
        if ((events & EPOLLIN) != 0)
        {
            ReadServer();
            if (m_closed || !m_server.IsValid())
            {
                return;
            }
        }
        if ((events & (EPOLLERR | EPOLLHUP)) != 0)
        {
            ServerClosed("connection reset by the server");
            return;
        }
        WriteServer();
        if (!m_closed)
        {
            FinishIfDone();
        }
    }

    /** Reads what the client sent and queues each valid query for the server. */
    void ReadClient()
    {
        uint8_t buffer[kReadChunk];
        while (m_toServer.size() < kMaxBuffered)
        {
            ssize_t length = ::read(m_client.Get(), buffer, sizeof(buffer));
            if (length == 0)
            {
                m_clientEof = true;
                return;
            }
            if (length < 0)
            {
                int error = errno;
                if (error != EAGAIN && error != EWOULDBLOCK && error != EINTR)
                {
                    if (IsDebugEnabled())
                    {
                        LogDebug("TCP " + Describe() + ": reading from the client failed: " +
                                 std::strerror(error));
                    }
                    m_relay.Close(*this);
                }
                return;
            }
            m_fromClient.insert(m_fromClient.end(), buffer, buffer + length);
            if (!TakeQueries())
            {
                return;
            }
        }
    }

    /**
     * \brief Moves every complete query from m_fromClient to m_toServer after checking it.
     * \returns false if a query was invalid and the session was closed
     */
    bool TakeQueries()
    {
        uint64_t nowNs = MonotonicNowNs();
        size_t offset = 0;
        while (m_fromClient.size() - offset >= 2)
        {
            size_t length = core::ReadBe16(m_fromClient.data() + offset);
            if (m_fromClient.size() - offset - 2 < length)
            {
                break;
            }
            ++m_relay.m_queriesReceived;
            core::ReceivedQuery query{m_clientAddress, m_clientPort, m_listener.Address(),
                                      core::ByteSpan(m_fromClient.data() + offset + 2, length)};
            core::DnsQuestion question;
            core::DropReason reason = m_relay.m_duplicator.Check(query, nowNs, false, question);
            if (reason != core::DropReason::None)
            {
                m_relay.m_drops.Add(reason);
                if (IsDebugEnabled())
                {
                    LogDebug("TCP " + Describe() + ": query dropped (" + core::ToString(reason) +
                             "), connection closed");
                }
                m_relay.Close(*this);
                return false;
            }
            if (IsDebugEnabled())
            {
                LogDebug("TCP " + Describe() + ": query id " + std::to_string(question.id) +
                         " " + core::DnsNameToText(question.wireName) + " type " +
                         std::to_string(question.qtype));
            }
            m_toServer.insert(m_toServer.end(), m_fromClient.begin() + static_cast<long>(offset),
                              m_fromClient.begin() + static_cast<long>(offset + 2 + length));
            ++m_outstanding;
            ++m_relay.m_queriesRelayed;
            m_lastActivityNs = nowNs;
            offset += 2 + length;
        }
        m_fromClient.erase(m_fromClient.begin(), m_fromClient.begin() + static_cast<long>(offset));

        if (!m_toServer.empty() && !m_server.IsValid())
        {
            m_serverIndex = 0;
            Connect();
        }
        return !m_closed;
    }

    /** Starts connecting to servers[m_serverIndex], moving on to the next on failure. */
    void Connect()
    {
        const std::vector<core::Ipv4Addr>& servers = m_listener.Servers();
        while (m_serverIndex < servers.size())
        {
            m_server.Reset(socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
            if (!m_server.IsValid())
            {
                Fail("cannot create a socket towards server " + ServerText() + ": " +
                     std::strerror(errno));
                return;
            }
            sockaddr_in remote{};
            remote.sin_family = AF_INET;
            remote.sin_addr.s_addr = htonl(servers[m_serverIndex]);
            remote.sin_port = htons(m_relay.m_config.serverPort);
            int result = connect(m_server.Get(), reinterpret_cast<sockaddr*>(&remote),
                                 sizeof(remote));
            if (result == 0 || errno == EINPROGRESS)
            {
                m_connecting = result != 0;
                m_connectStartNs = MonotonicNowNs();
                m_serverEvents = EPOLLOUT;
                m_relay.m_loop.Add(m_server.Get(), m_serverEvents, &m_serverSide);
                return;
            }
            CountConnectError(errno);
            m_server.Reset();
            ++m_serverIndex;
        }
        Fail("no DNS server of this address accepted a TCP connection");
    }

    /** Handles a failed connection attempt with error \p error and tries the next server. */
    void ConnectFailed(int error)
    {
        CountConnectError(error);
        m_relay.m_loop.Remove(m_server.Get());
        m_server.Reset();
        m_serverEvents = 0;
        m_connecting = false;
        ++m_serverIndex;
        Connect();
    }

    /** Counts and logs a failed connection to the current server. */
    void CountConnectError(int error)
    {
        core::Ipv4Addr server = m_listener.Servers()[m_serverIndex];
        ++m_relay.ConnectErrors(server);
        Logger::Instance().WriteLimited(LogLevel::Warning,
                                        "tcp-connect " + core::FormatIpv4(server),
                                        "TCP " + Describe() + ": connection to server " +
                                            Endpoint(server, m_relay.m_config.serverPort) +
                                            " failed: " + std::strerror(error) +
                                            "; trying the next server",
                                        MonotonicNowNs());
    }

    /** Sends queued queries to the connected server. */
    void WriteServer()
    {
        if (m_connecting || !m_server.IsValid() || m_toServer.empty())
        {
            return;
        }
        ssize_t sent = send(m_server.Get(), m_toServer.data(), m_toServer.size(), MSG_NOSIGNAL);
        if (sent < 0)
        {
            if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
            {
                ServerClosed(std::string("sending to the server failed: ") + std::strerror(errno));
            }
            return;
        }
        m_toServer.erase(m_toServer.begin(), m_toServer.begin() + sent);
    }

    /** Reads answers from the server into the buffer towards the client. */
    void ReadServer()
    {
        uint8_t buffer[kReadChunk];
        while (m_toClient.size() < kMaxBuffered)
        {
            ssize_t length = ::read(m_server.Get(), buffer, sizeof(buffer));
            if (length == 0)
            {
                ServerClosed("the server closed the connection");
                return;
            }
            if (length < 0)
            {
                if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
                {
                    ServerClosed(std::string("reading from the server failed: ") +
                                 std::strerror(errno));
                }
                return;
            }
            CountAnswers(buffer, static_cast<size_t>(length));
            m_toClient.insert(m_toClient.end(), buffer, buffer + length);
        }
    }

    /** Follows the 2-byte length prefixes in the server's byte stream to count answers. */
    void CountAnswers(const uint8_t* data, size_t size)
    {
        while (size > 0)
        {
            if (m_answerPrefixBytes < 2)
            {
                m_answerPrefix[m_answerPrefixBytes++] = *data++;
                --size;
                if (m_answerPrefixBytes == 2)
                {
                    m_answerRemaining = core::ReadBe16(m_answerPrefix);
                }
            }
            size_t take = std::min(size, m_answerRemaining);
            data += take;
            size -= take;
            m_answerRemaining -= take;
            if (m_answerPrefixBytes == 2 && m_answerRemaining == 0)
            {
                m_answerPrefixBytes = 0;
                ++m_relay.m_answers;
                m_outstanding -= m_outstanding > 0 ? 1 : 0;
                m_lastActivityNs = MonotonicNowNs();
            }
        }
    }

    /** Sends buffered answers to the client. */
    void WriteClient()
    {
        if (m_toClient.empty())
        {
            return;
        }
        ssize_t sent = send(m_client.Get(), m_toClient.data(), m_toClient.size(), MSG_NOSIGNAL);
        if (sent < 0)
        {
            int error = errno;
            if (error != EAGAIN && error != EWOULDBLOCK && error != EINTR)
            {
                if (IsDebugEnabled())
                {
                    LogDebug("TCP " + Describe() + ": sending to the client failed: " +
                             std::strerror(error));
                }
                m_relay.Close(*this);
            }
            return;
        }
        m_toClient.erase(m_toClient.begin(), m_toClient.begin() + sent);
    }

    /**
     * \brief Handles the end of the server connection: an error while queries wait for
     * answers, otherwise a normal close after which the next query connects again.
     */
    void ServerClosed(const std::string& reason)
    {
        m_relay.m_loop.Remove(m_server.Get());
        m_server.Reset();
        m_serverEvents = 0;
        if (m_outstanding > 0)
        {
            Fail("server " + ServerText() + ": " + reason + " with " +
                 std::to_string(m_outstanding) + " queries unanswered");
            return;
        }
        FinishIfDone();
    }

    /** Closes the session once the client has closed and every answer has been sent. */
    void FinishIfDone()
    {
        if (!m_closed && m_clientEof && m_outstanding == 0 && m_toClient.empty())
        {
            m_relay.Close(*this);
        }
    }

    /** Counts and logs a relay error, then closes the session. */
    void Fail(const std::string& message)
    {
        ++m_relay.m_errors;
        Logger::Instance().WriteLimited(LogLevel::Warning,
                                        "tcp-relay " + core::FormatIpv4(m_listener.Address()),
                                        "TCP " + Describe() + ": " + message +
                                            "; connection closed",
                                        MonotonicNowNs());
        m_relay.Close(*this);
    }

    /** Registers the epoll events that the buffers call for. */
    void UpdateInterest()
    {
        uint32_t client = 0;
        if (!m_clientEof && m_toServer.size() < kMaxBuffered)
        {
            client |= EPOLLIN;
        }
        if (!m_toClient.empty())
        {
            client |= EPOLLOUT;
        }
        if (client != m_clientEvents)
        {
            m_relay.m_loop.Modify(m_client.Get(), client, &m_clientSide);
            m_clientEvents = client;
        }

        if (!m_server.IsValid())
        {
            return;
        }
        uint32_t server = 0;
        if (m_connecting || !m_toServer.empty())
        {
            server |= EPOLLOUT;
        }
        if (!m_connecting && m_toClient.size() < kMaxBuffered)
        {
            server |= EPOLLIN;
        }
        if (server != m_serverEvents)
        {
            m_relay.m_loop.Modify(m_server.Get(), server, &m_serverSide);
            m_serverEvents = server;
        }
    }

    /** \returns the current server as "ADDRESS:PORT". */
    std::string ServerText() const
    {
        const std::vector<core::Ipv4Addr>& servers = m_listener.Servers();
        core::Ipv4Addr server = servers[std::min(m_serverIndex, servers.size() - 1)];
        return Endpoint(server, m_relay.m_config.serverPort);
    }

    TcpRelay& m_relay;                   //!< Owner.
    const Listener& m_listener;          //!< Listener that accepted the client.
    UniqueFd m_client;                   //!< Client connection.
    UniqueFd m_server;                   //!< Server connection, or none.
    core::Ipv4Addr m_clientAddress;      //!< Client address.
    uint16_t m_clientPort;               //!< Client port.
    Side m_clientSide{*this, false};     //!< Event handler of m_client.
    Side m_serverSide{*this, true};      //!< Event handler of m_server.
    uint32_t m_clientEvents{0};          //!< Events registered for m_client.
    uint32_t m_serverEvents{0};          //!< Events registered for m_server.
    size_t m_serverIndex{0};             //!< Server being used or tried.
    bool m_connecting{false};            //!< Whether a connect() is in progress.
    uint64_t m_connectStartNs{0};        //!< When the connect() started.
    bool m_clientEof{false};             //!< Whether the client has closed its side.
    bool m_closed{false};                //!< Whether the session is closed.
    std::vector<uint8_t> m_fromClient;   //!< Bytes of an incomplete query.
    std::vector<uint8_t> m_toServer;     //!< Checked queries not yet sent.
    std::vector<uint8_t> m_toClient;     //!< Answer bytes not yet sent.
    size_t m_outstanding{0};             //!< Queries relayed and not yet answered.
    uint8_t m_answerPrefix[2]{};         //!< Length prefix of the answer being read.
    size_t m_answerPrefixBytes{0};       //!< Bytes of m_answerPrefix read.
    size_t m_answerRemaining{0};         //!< Bytes of the current answer still to come.
    uint64_t m_lastActivityNs;           //!< Last complete query or answer.
};

TcpRelay::TcpRelay(EventLoop& loop,
                   core::QueryDuplicator& duplicator,
                   const TcpRelayConfig& config,
                   Stats& stats)
    : m_loop(loop),
      m_duplicator(duplicator),
      m_config(config),
      m_stats(stats),
      m_sessionsAccepted(stats.Counter("tcp-sessions")),
      m_sessionsRejected(stats.Counter("tcp-sessions-rejected")),
      m_sessionsRejectedPrefix(stats.Counter("tcp-sessions-rejected-prefix")),
      m_queriesReceived(stats.Counter("tcp-received")),
      m_queriesRelayed(stats.Counter("tcp-relayed")),
      m_answers(stats.Counter("tcp-answers")),
      m_timeouts(stats.Counter("tcp-timeouts")),
      m_errors(stats.Counter("tcp-errors")),
      m_drops(stats.Drops("tcp-dropped", DropReasons())),
      m_prefixMask(core::PrefixMask(config.prefixLength))
{
}

TcpRelay::~TcpRelay()
{
    for (auto& session : m_sessions)
    {
        session->Shut();
    }
}

uint16_t
TcpRelay::Listen(core::Ipv4Addr address,
                 uint16_t port,
                 const std::vector<core::Ipv4Addr>& servers)
{
    for (core::Ipv4Addr server : servers)
    {
        ConnectErrors(server);
    }
    m_listeners.push_back(std::make_unique<Listener>(*this, address, port, servers));
    return m_listeners.back()->Port();
}

const std::vector<core::DropReason>&
TcpRelay::DropReasons()
{
    static const std::vector<core::DropReason> reasons = {
        core::DropReason::DnsTooShort,         core::DropReason::DnsNotQuery,
        core::DropReason::DnsBadOpcode,        core::DropReason::DnsBadQuestionCount,
        core::DropReason::DnsBadName,          core::DropReason::DnsQuestionTruncated,
        core::DropReason::ZoneNotServed,       core::DropReason::BadSource,
    };
    return reasons;
}

size_t
TcpRelay::SessionCount(core::Ipv4Addr client) const
{
    auto it = m_prefixSessions.find(client & m_prefixMask);
    return it == m_prefixSessions.end() ? 0 : it->second;
}

uint64_t&
TcpRelay::ConnectErrors(core::Ipv4Addr server)
{
    auto it = m_connectErrors.find(server);
    if (it == m_connectErrors.end())
    {
        uint64_t& counter = m_stats.Counter("tcp-connect-errors." + core::FormatIpv4(server));
        it = m_connectErrors.emplace(server, &counter).first;
    }
    return *it->second;
}

void
TcpRelay::Adopt(Listener& listener, UniqueFd fd, core::Ipv4Addr client, uint16_t clientPort)
{
    // The prefix limit is checked first, so that a prefix over its share is counted as such
    // even when the relay is full as well.
    core::Ipv4Addr prefix = client & m_prefixMask;
    size_t prefixSessions = SessionCount(client);
    if (prefixSessions >= m_config.maxConnectionsPerPrefix)
    {
        ++m_sessionsRejectedPrefix;
        Logger::Instance().WriteLimited(LogLevel::Warning, "tcp-prefix-limit",
                                        "TCP client " + Endpoint(client, clientPort) + " -> " +
                                            core::FormatIpv4(listener.Address()) +
                                            ": connection closed, " +
                                            std::to_string(prefixSessions) +
                                            " connections from " +
                                            core::FormatIpv4(prefix) + "/" +
                                            std::to_string(m_config.prefixLength) +
                                            " are open (tcp-max-connections-per-prefix)",
                                        MonotonicNowNs());
        return;
    }
    if (m_sessions.size() >= m_config.maxConnections)
    {
        ++m_sessionsRejected;
        Logger::Instance().WriteLimited(LogLevel::Warning, "tcp-limit",
                                        "TCP client " + Endpoint(client, clientPort) + " -> " +
                                            core::FormatIpv4(listener.Address()) +
                                            ": connection closed, " +
                                            std::to_string(m_config.maxConnections) +
                                            " connections are open (tcp-max-connections)",
                                        MonotonicNowNs());
        return;
    }
    ++m_sessionsAccepted;
    m_sessions.push_back(
        std::make_unique<Session>(*this, listener, std::move(fd), client, clientPort,
                                  MonotonicNowNs()));
    m_sessions.back()->m_position = std::prev(m_sessions.end());
    ++m_prefixSessions[prefix];
    if (IsDebugEnabled())
    {
        LogDebug("TCP " + m_sessions.back()->Describe() + ": connection accepted");
    }
}

void
TcpRelay::Close(Session& session)
{
    if (session.IsClosed())
    {
        return;
    }
    session.Shut();
    auto prefix = m_prefixSessions.find(session.ClientAddress() & m_prefixMask);
    if (prefix != m_prefixSessions.end() && --prefix->second == 0)
    {
        m_prefixSessions.erase(prefix);
    }
    m_closed.push_back(std::move(*session.m_position));
    m_sessions.erase(session.m_position);
}

void
TcpRelay::CheckTimers(uint64_t nowNs)
{
    for (auto& listener : m_listeners)
    {
        listener->Resume();
    }
    for (auto it = m_sessions.begin(); it != m_sessions.end();)
    {
        Session& session = **it;
        ++it;
        session.CheckTimers(nowNs);
    }
}

void
TcpRelay::CollectClosed()
{
    m_closed.clear();
}

} // namespace linux_io
} // namespace mxrace
