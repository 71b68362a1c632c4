#include "rewriter-daemon.h"

#include "core/ipv4-udp.h"
#include "logger.h"
#include "monotonic-clock.h"

#include <net/if.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

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

/** Datagrams read from the TUN device per readiness event. */
constexpr int kReadsPerEvent = 128;

/**
 * \brief Reads the flags of \p interface.
 * \returns false if the interface does not exist or its flags cannot be read
 */
bool
InterfaceFlags(const std::string& interface, short& flags)
{
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
    {
        return false;
    }
    ifreq request{};
    std::strncpy(request.ifr_name, interface.c_str(), IFNAMSIZ - 1);
    int result = ioctl(fd, SIOCGIFFLAGS, &request);
    ::close(fd);
    flags = request.ifr_flags;
    return result == 0;
}

} // namespace

RewriterDaemon::TunHandler::TunHandler(RewriterDaemon& daemon)
    : m_daemon(daemon)
{
}

void
RewriterDaemon::TunHandler::OnEvents(uint32_t /* events */)
{
    // Only memory allocation can throw here. The datagrams of this batch are lost, and the
    // daemon goes on.
    try
    {
        m_daemon.ProcessDatagrams();
    }
    catch (const std::exception& error)
    {
        ++m_daemon.m_receiveErrors;
        Logger::Instance().WriteLimited(LogLevel::Error, "tun-internal",
                                        "handling datagrams from TUN device " +
                                            m_daemon.m_tun->Name() + " failed: " + error.what(),
                                        MonotonicNowNs());
    }
}

RewriterDaemon::SignalHandler::SignalHandler(RewriterDaemon& daemon)
    : m_daemon(daemon)
{
}

void
RewriterDaemon::SignalHandler::OnEvents(uint32_t /* events */)
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

RewriterDaemon::RewriterDaemon(const RewriterSettings& settings)
    : m_settings(settings),
      m_rewriter(settings.rewriter),
      m_buffers(kBatch * kBufferSize),
      m_received(m_stats.Counter("received")),
      m_rewritten(m_stats.Counter("rewritten")),
      m_unchanged(m_stats.Counter("unchanged")),
      m_sent(m_stats.Counter("sent")),
      m_sendErrors(m_stats.Counter("send-errors")),
      m_receiveErrors(m_stats.Counter("receive-errors")),
      m_drops(m_stats.Drops("dropped"))
{
    linux_io::Credentials credentials =
        linux_io::LookUpCredentials(settings.common.user, settings.common.group);

    // What can be detected before opening anything.
    short flags = 0;
    if (!InterfaceFlags(settings.interface, flags))
    {
        throw std::runtime_error("interface " + settings.interface + " (option interface) not "
                                 "found: expected the name of the backbone interface, as "
                                 "\"ip link\" lists it");
    }
    if ((flags & IFF_UP) == 0)
    {
        LogWarning("interface " + settings.interface + " is down: answers cannot leave until "
                   "it is up");
    }
    if (settings.setupRouting && geteuid() != 0)
    {
        throw std::runtime_error("setup-routing needs root (the effective user ID is " +
                                 std::to_string(geteuid()) + "): run as root, or leave "
                                 "setup-routing off and apply rewriter-routing.sh as root");
    }

    m_tun = std::make_unique<linux_io::TunDevice>(settings.tun);
    m_raw = std::make_unique<linux_io::RawSender>(settings.interface);
    LogInfo("reading answers from TUN device " + m_tun->Name() + ", sending through " +
            settings.interface);

    std::vector<core::Ipv4Addr> servers;
    for (const core::RewriteRule& rule : settings.rewriter.rules)
    {
        servers.push_back(rule.server);
        m_rewrittenPerServer[rule.server] =
            &m_stats.Counter("rewritten." + core::FormatIpv4(rule.server));
    }
    if (settings.setupRouting)
    {
        linux_io::RoutingPlan plan{m_tun->Name(), settings.interface, servers,
                                   settings.rewriter.serverPort, settings.routeTable};
        m_routing = std::make_unique<linux_io::RoutingSetup>(plan);
        m_routing->Apply();
    }
    else if (InterfaceFlags(m_tun->Name(), flags) && (flags & IFF_UP) == 0)
    {
        LogWarning("TUN device " + m_tun->Name() + " is down, so no answer can be routed into "
                   "it: run rewriter-routing.sh up, or set setup-routing = true");
    }

    // Strict reverse-path filtering drops the queries once the rules route the servers'
    // replies into the TUN device (see RoutingSetup). This is only a warning, because
    // without setup-routing the operator owns the sysctls.
    for (const std::string& interface : linux_io::InterfacesHolding(servers))
    {
        std::string all = linux_io::ReadSysctl("/proc/sys/net/ipv4/conf/all/rp_filter");
        std::string own =
            linux_io::ReadSysctl("/proc/sys/net/ipv4/conf/" + interface + "/rp_filter");
        if (std::max(all, own) == "1")
        {
            LogWarning("net.ipv4.conf." + interface + ".rp_filter is strict (1): queries to "
                       "the DNS servers on " + interface + " will be dropped; set it to 2 "
                       "(loose) or 0");
        }
    }

    m_loop.Add(m_tun->Fd(), EPOLLIN, &m_tunHandler);
    m_loop.Add(m_signals.Fd(), EPOLLIN, &m_signalHandler);

    m_stats.SetFile(settings.common.statsFile);
    if (!settings.common.statsFile.empty())
    {
        std::string error =
            linux_io::Stats::WriteFile(settings.common.statsFile, m_stats.Snapshot());
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

RewriterDaemon::~RewriterDaemon()
{
    // The routing goes first: with a TUN device created by this process, closing it would
    // take its routes along and make their removal fail.
    m_routing.reset();
}

void
RewriterDaemon::ProcessDatagrams()
{
    for (int round = 0; round * int(kBatch) < kReadsPerEvent; ++round)
    {
        m_spans.clear();
        bool drained = false;
        for (size_t slot = 0; slot < kBatch; ++slot)
        {
            uint8_t* buffer = m_buffers.data() + slot * kBufferSize;
            ssize_t length = m_tun->Read(buffer, kBufferSize);
            if (length == 0)
            {
                drained = true;
                break;
            }
            if (length < 0)
            {
                ++m_receiveErrors;
                Logger::Instance().WriteLimited(LogLevel::Warning, "tun-read",
                                                "reading from TUN device " + m_tun->Name() +
                                                    " failed: " + std::strerror(errno),
                                                MonotonicNowNs());
                drained = true;
                break;
            }
            ++m_received;

            size_t size = static_cast<size_t>(length);
            core::Ipv4Addr source = size >= core::kIpv4MinHeaderLength
                                        ? core::ReadBe32(buffer + core::kIpv4SourceOffset)
                                        : 0;
            core::RewriteResult result = m_rewriter.Rewrite(buffer, size);
            if (result.verdict == core::RewriteVerdict::Dropped)
            {
                m_drops.Add(result.reason);
                if (linux_io::IsDebugEnabled())
                {
                    LogDebug("datagram of " + std::to_string(size) + " bytes from TUN dropped: " +
                             core::ToString(result.reason));
                }
                continue;
            }
            if (result.verdict == core::RewriteVerdict::Rewritten)
            {
                ++m_rewritten;
                auto counter = m_rewrittenPerServer.find(source);
                if (counter != m_rewrittenPerServer.end())
                {
                    ++*counter->second;
                }
            }
            else
            {
                ++m_unchanged;
            }
            if (linux_io::IsDebugEnabled())
            {
                LogDebug(std::string(result.verdict == core::RewriteVerdict::Rewritten
                                         ? "answer rewritten: "
                                         : "datagram passed unchanged: ") +
                         core::FormatIpv4(source) + " -> " +
                         core::FormatIpv4(core::ReadBe32(buffer + core::kIpv4DestinationOffset)) +
                         ", source now " +
                         core::FormatIpv4(core::ReadBe32(buffer + core::kIpv4SourceOffset)));
            }
            m_spans.emplace_back(buffer, size);
        }

        if (!m_spans.empty())
        {
            m_sent += m_raw->Send(m_spans.data(), m_spans.size(), m_sendResults);
            for (size_t i = 0; i < m_spans.size(); ++i)
            {
                if (m_sendResults[i] == 0)
                {
                    continue;
                }
                ++m_sendErrors;
                std::string destination =
                    core::FormatIpv4(core::ReadBe32(m_spans[i].data + core::kIpv4DestinationOffset));
                Logger::Instance().WriteLimited(LogLevel::Warning, "send-error",
                                                "sending an answer to " + destination +
                                                    " through " + m_settings.interface +
                                                    " failed: " +
                                                    std::strerror(m_sendResults[i]),
                                                MonotonicNowNs());
            }
        }
        if (drained)
        {
            break;
        }
    }
}

int
RewriterDaemon::Run()
{
    LogInfo("started");
    uint64_t statsPeriodNs =
        uint64_t(m_settings.common.statsIntervalSeconds) * linux_io::kNsPerSecond;
    uint64_t nowNs = MonotonicNowNs();
    uint64_t nextStatsNs = nowNs + statsPeriodNs;

    while (!m_stop)
    {
        int timeoutMs = 1000;
        if (statsPeriodNs != 0)
        {
            timeoutMs = nextStatsNs > nowNs ? int(std::min<uint64_t>(
                                                  (nextStatsNs - nowNs) / 1000000 + 1, 1000))
                                            : 0;
        }
        m_loop.RunOnce(timeoutMs);

        nowNs = MonotonicNowNs();
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

    if (m_routing)
    {
        m_routing->Remove();
    }
    m_stats.Report("exit");
    LogInfo("stopped");
    return 0;
}

} // namespace daemon
} // namespace mxrace
