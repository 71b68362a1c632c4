#include "proxy-daemon.h"

#include "logger.h"
#include "monotonic-clock.h"

#include <sys/epoll.h>
#include <sys/resource.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <stdexcept>

namespace mxrace
{
namespace daemon
{

using linux_io::LogDebug;
using linux_io::Logger;
using linux_io::LogInfo;
using linux_io::LogLevel;
using linux_io::LogWarning;
using linux_io::MonotonicNowNs;

namespace
{

/** recvmmsg() batches read per readiness event, so that one busy address cannot starve
 *  the others or the signals. */
constexpr int kBatchesPerEvent = 8;

/** Copies collected before a sendmmsg() round. */
constexpr size_t kMaxPendingCopies = 256;

/** Period of the TCP timers. */
constexpr uint64_t kTimerPeriodNs = linux_io::kNsPerSecond;

/** \returns "ADDRESS:PORT". */
std::string
Endpoint(core::Ipv4Addr address, uint16_t port)
{
    return core::FormatIpv4(address) + ":" + std::to_string(port);
}

} // namespace

uint64_t
RaiseFileLimit(uint64_t wanted)
{
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
    {
        return 0;
    }
    if (limit.rlim_cur < wanted)
    {
        rlimit raised = limit;
        raised.rlim_cur = std::min<rlim_t>(wanted, limit.rlim_max);
        if (setrlimit(RLIMIT_NOFILE, &raised) == 0)
        {
            limit = raised;
        }
    }
    return limit.rlim_cur;
}

ProxyDaemon::UdpHandler::UdpHandler(ProxyDaemon& daemon,
                                    std::unique_ptr<linux_io::UdpListener> listener)
    : m_listener(std::move(listener)),
      m_daemon(daemon)
{
}

void
ProxyDaemon::UdpHandler::OnEvents(uint32_t /* events */)
{
    // Only memory allocation can throw here. The datagrams of this batch are lost, and the
    // daemon goes on.
    try
    {
        m_daemon.ReceiveQueries(*m_listener);
    }
    catch (const std::exception& error)
    {
        ++m_daemon.m_receiveErrors;
        m_daemon.m_pending.clear();
        Logger::Instance().WriteLimited(LogLevel::Error, "udp-internal",
                                        "handling queries on UDP " +
                                            core::FormatIpv4(m_listener->Address()) +
                                            " failed: " + error.what(),
                                        MonotonicNowNs());
    }
}

ProxyDaemon::SignalHandler::SignalHandler(ProxyDaemon& daemon)
    : m_daemon(daemon)
{
}

void
ProxyDaemon::SignalHandler::OnEvents(uint32_t /* events */)
{
    int signal;
    while ((signal = m_daemon.m_signals.Read()) != 0)
    {
        if (signal == SIGTERM || signal == SIGINT)
        {
            LogInfo(std::string("received ") + strsignal(signal) + ", stopping");
            m_daemon.m_stop = true;
        }
        else if (signal == SIGUSR1)
        {
            m_daemon.m_reportRequested = true;
        }
        else if (signal == SIGHUP)
        {
            LogInfo("received SIGHUP: ignored, restart the daemon to apply a new configuration");
        }
    }
}

ProxyDaemon::ProxyDaemon(const ProxySettings& settings)
    : m_settings(settings),
      m_duplicator(settings.duplicator),
      m_received(m_stats.Counter("received")),
      m_forwarded(m_stats.Counter("forwarded")),
      m_receiveErrors(m_stats.Counter("receive-errors")),
      m_drops(m_stats.Drops("dropped"))
{
    // Looked up first, so that a misspelt name stops start-up before anything is opened.
    linux_io::Credentials credentials =
        linux_io::LookUpCredentials(settings.common.user, settings.common.group);

    // Each TCP session may use two descriptors, and 64 more cover the listeners and the rest.
    uint64_t neededFiles = 2 * uint64_t(settings.tcpMaxConnections) + 64;
    uint64_t fileLimit = RaiseFileLimit(neededFiles);
    if (settings.tcp && fileLimit < neededFiles)
    {
        LogWarning("the open-file limit is " + std::to_string(fileLimit) + ", below the " +
                   std::to_string(neededFiles) + " that tcp-max-connections " +
                   std::to_string(settings.tcpMaxConnections) +
                   " may need: raise LimitNOFILE or lower tcp-max-connections");
    }

    for (const core::ProxyRoute& route : settings.duplicator.routes)
    {
        RouteCounters& counters = m_routes[route.proxyAddress];
        counters.servers = route.servers;
        for (core::Ipv4Addr server : route.servers)
        {
            std::string name = core::FormatIpv4(server);
            counters.sent.push_back(&m_stats.Counter("sent." + name));
            counters.sendErrors.push_back(&m_stats.Counter("send-errors." + name));
        }
    }

    for (const ListenEndpoint& endpoint : settings.listen)
    {
        // The servers answer from server-port and the rewriters change only the source
        // address, so a client that queried another port discards the UDP answers.
        if (endpoint.port != settings.duplicator.serverPort)
        {
            LogWarning("listen port " + std::to_string(endpoint.port) + " of " +
                       core::FormatIpv4(endpoint.address) + " differs from server-port " +
                       std::to_string(settings.duplicator.serverPort) +
                       ": UDP answers will come from port " +
                       std::to_string(settings.duplicator.serverPort) +
                       ", and clients will discard them");
        }
        std::unique_ptr<linux_io::UdpListener> listener;
        try
        {
            listener = std::make_unique<linux_io::UdpListener>(endpoint.address, endpoint.port);
        }
        catch (const std::runtime_error& error)
        {
            throw std::runtime_error(std::string("option listen: ") + error.what());
        }
        m_udp.push_back(std::make_unique<UdpHandler>(*this, std::move(listener)));
        m_loop.Add(m_udp.back()->m_listener->Fd(), EPOLLIN, m_udp.back().get());
        LogInfo("listening on UDP " + Endpoint(endpoint.address, endpoint.port));
    }

    if (settings.tcp)
    {
        linux_io::TcpRelayConfig config;
        config.maxConnections = settings.tcpMaxConnections;
        config.maxConnectionsPerPrefix = settings.tcpMaxConnectionsPerPrefix;
        config.prefixLength = settings.duplicator.rateLimit.prefixLength;
        config.idleTimeoutNs = uint64_t(settings.tcpTimeoutSeconds) * linux_io::kNsPerSecond;
        config.connectTimeoutNs = std::min(config.connectTimeoutNs, config.idleTimeoutNs);
        config.serverPort = settings.duplicator.serverPort;
        m_tcp = std::make_unique<linux_io::TcpRelay>(m_loop, m_duplicator, config, m_stats);
        for (size_t i = 0; i < settings.listen.size(); ++i)
        {
            const ListenEndpoint& endpoint = settings.listen[i];
            try
            {
                m_tcp->Listen(endpoint.address, endpoint.port,
                              settings.duplicator.routes[i].servers);
            }
            catch (const std::runtime_error& error)
            {
                throw std::runtime_error(std::string("option listen: ") + error.what() +
                                         " (set tcp = false to run without DNS over TCP)");
            }
            LogInfo("listening on TCP " + Endpoint(endpoint.address, endpoint.port));
        }
    }

    m_loop.Add(m_signals.Fd(), EPOLLIN, &m_signalHandler);
    m_pool.resize(kMaxPendingCopies);

    // Written once at start, so that a reader of the file can tell that the sockets are open.
    m_stats.SetFile(settings.common.statsFile);
    if (!settings.common.statsFile.empty())
    {
        std::string error = linux_io::Stats::WriteFile(settings.common.statsFile, m_stats.Snapshot());
        if (!error.empty())
        {
            throw std::runtime_error("cannot write the statistics file (option stats-file): " +
                                     error);
        }
    }

    m_pidFile = std::make_unique<linux_io::PidFile>(settings.common.pidFile);
    linux_io::DropPrivileges(credentials);
    if (credentials.changeUser || credentials.changeGroup)
    {
        LogInfo("switched to user ID " + std::to_string(getuid()) + ", group ID " +
                std::to_string(getgid()));
    }
}

ProxyDaemon::~ProxyDaemon() = default;

void
ProxyDaemon::ReceiveQueries(linux_io::UdpListener& listener)
{
    for (int round = 0; round < kBatchesPerEvent; ++round)
    {
        int count = listener.Receive(m_batch);
        if (count < 0)
        {
            ++m_receiveErrors;
            Logger::Instance().WriteLimited(LogLevel::Warning, "udp-receive",
                                            "receiving on UDP " +
                                                core::FormatIpv4(listener.Address()) +
                                                " failed: " + std::strerror(errno),
                                            MonotonicNowNs());
            break;
        }
        if (count == 0)
        {
            break;
        }

        uint64_t nowNs = MonotonicNowNs();
        for (size_t i = 0; i < m_batch.Size(); ++i)
        {
            const linux_io::UdpDatagram& datagram = m_batch[i];
            ++m_received;
            core::ReceivedQuery query{datagram.source, datagram.sourcePort, datagram.destination,
                                      datagram.payload};
            core::DropReason reason = m_duplicator.Duplicate(query, nowNs, m_copies);
            if (reason != core::DropReason::None)
            {
                m_drops.Add(reason);
                if (linux_io::IsDebugEnabled())
                {
                    LogDebug("query from " + Endpoint(datagram.source, datagram.sourcePort) +
                             " to " + core::FormatIpv4(datagram.destination) + " dropped: " +
                             core::ToString(reason));
                }
                continue;
            }
            ++m_forwarded;

            // Duplicate() succeeded, so the route exists and has one copy per server.
            RouteCounters& route = m_routes[datagram.destination];
            for (size_t j = 0; j < m_copies.size(); ++j)
            {
                if (m_pending.size() == kMaxPendingCopies)
                {
                    SendCopies();
                }
                std::swap(m_pool[m_pending.size()], m_copies[j]);
                m_pending.push_back(PendingCopy{datagram.source, datagram.sourcePort,
                                                route.servers[j], route.sent[j],
                                                route.sendErrors[j]});
            }
            if (linux_io::IsDebugEnabled())
            {
                std::string servers;
                for (core::Ipv4Addr server : route.servers)
                {
                    servers += " " + core::FormatIpv4(server);
                }
                LogDebug("query from " + Endpoint(datagram.source, datagram.sourcePort) +
                         " to " + core::FormatIpv4(datagram.destination) + ": copies to" +
                         servers);
            }
        }
        SendCopies();
    }
}

void
ProxyDaemon::SendCopies()
{
    if (m_pending.empty())
    {
        return;
    }
    m_spans.clear();
    for (size_t i = 0; i < m_pending.size(); ++i)
    {
        m_spans.emplace_back(m_pool[i]);
    }
    m_raw.Send(m_spans.data(), m_spans.size(), m_sendResults);

    uint64_t nowNs = MonotonicNowNs();
    for (size_t i = 0; i < m_pending.size(); ++i)
    {
        const PendingCopy& copy = m_pending[i];
        if (m_sendResults[i] == 0)
        {
            ++*copy.sent;
            continue;
        }
        ++*copy.sendErrors;
        std::string server = core::FormatIpv4(copy.server);
        Logger::Instance().WriteLimited(LogLevel::Warning, "send-error " + server,
                                        "sending the copy of a query from " +
                                            Endpoint(copy.client, copy.clientPort) +
                                            " to server " + server + " failed: " +
                                            std::strerror(m_sendResults[i]),
                                        nowNs);
    }
    m_pending.clear();
}

int
ProxyDaemon::Run()
{
    LogInfo("started");
    uint64_t nowNs = MonotonicNowNs();
    uint64_t nextTimersNs = nowNs + kTimerPeriodNs;
    uint64_t statsPeriodNs = uint64_t(m_settings.common.statsIntervalSeconds) * linux_io::kNsPerSecond;
    uint64_t nextStatsNs = nowNs + statsPeriodNs;

    while (!m_stop)
    {
        uint64_t wakeNs = nextTimersNs;
        if (statsPeriodNs != 0)
        {
            wakeNs = std::min(wakeNs, nextStatsNs);
        }
        int timeoutMs = wakeNs > nowNs ? int((wakeNs - nowNs) / 1000000 + 1) : 0;
        m_loop.RunOnce(timeoutMs);
        if (m_tcp)
        {
            m_tcp->CollectClosed();
        }

        nowNs = MonotonicNowNs();
        if (nowNs >= nextTimersNs)
        {
            if (m_tcp)
            {
                m_tcp->CheckTimers(nowNs);
                m_tcp->CollectClosed();
            }
            nextTimersNs = nowNs + kTimerPeriodNs;
        }
        if (statsPeriodNs != 0 && nowNs >= nextStatsNs)
        {
            m_stats.Report("periodic");
            nextStatsNs = nowNs + statsPeriodNs;
        }
        if (m_reportRequested)
        {
            m_stats.Report("SIGUSR1");
            m_reportRequested = false;
        }
    }

    m_stats.Report("exit");
    LogInfo("stopped");
    return 0;
}

} // namespace daemon
} // namespace mxrace
