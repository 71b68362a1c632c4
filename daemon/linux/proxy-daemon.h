/**
 * \file
 * The mxrace-proxy process: UDP listeners, raw sender, TCP relay, signals and statistics
 * around core::QueryDuplicator.
 */
#ifndef MXRACE_LINUX_PROXY_DAEMON_H
#define MXRACE_LINUX_PROXY_DAEMON_H

#include "core/query-duplicator.h"
#include "event-loop.h"
#include "privileges.h"
#include "proxy-settings.h"
#include "raw-sender.h"
#include "signals.h"
#include "stats.h"
#include "tcp-relay.h"
#include "udp-listener.h"

#include <cstdint>
#include <map>
#include <memory>
#include <vector>

namespace mxrace
{
namespace daemon
{

/**
 * \brief The proxy: every UDP query that passes the core's checks becomes one datagram per
 * DNS server of its route, sent through one raw socket with the client's source address.
 *
 * Counters (see Stats): received, forwarded, receive-errors, sent.SERVER,
 * send-errors.SERVER, dropped.REASON and dropped-total for UDP, and the TcpRelay counters.
 * received = forwarded + dropped-total.
 */
class ProxyDaemon
{
  public:
    /**
     * \brief Opens every socket, writes the PID file and drops privileges.
     * \throws std::runtime_error or std::system_error with the cause, leaving nothing open
     */
    explicit ProxyDaemon(const ProxySettings& settings);

    ~ProxyDaemon();

    ProxyDaemon(const ProxyDaemon&) = delete;
    ProxyDaemon& operator=(const ProxyDaemon&) = delete;

    /**
     * \brief Runs the event loop until SIGTERM or SIGINT, then writes a final report.
     * \returns the exit status: 0
     */
    int Run();

  private:
    /** Per-server counters of one route, in the order of its servers. */
    struct RouteCounters
    {
        std::vector<core::Ipv4Addr> servers; //!< Servers of the route.
        std::vector<uint64_t*> sent;         //!< sent.SERVER
        std::vector<uint64_t*> sendErrors;   //!< send-errors.SERVER
    };

    /** A copy waiting in the send batch. */
    struct PendingCopy
    {
        core::Ipv4Addr client{0};      //!< Client address, for error messages.
        uint16_t clientPort{0};        //!< Client port.
        core::Ipv4Addr server{0};      //!< Destination server.
        uint64_t* sent{nullptr};       //!< Its sent.SERVER counter.
        uint64_t* sendErrors{nullptr}; //!< Its send-errors.SERVER counter.
    };

    /** Event handler of one UDP listener. */
    class UdpHandler : public linux_io::EventHandler
    {
      public:
        UdpHandler(ProxyDaemon& daemon, std::unique_ptr<linux_io::UdpListener> listener);
        void OnEvents(uint32_t events) override;

        std::unique_ptr<linux_io::UdpListener> m_listener; //!< The socket.

      private:
        ProxyDaemon& m_daemon; //!< Owner.
    };

    /** Event handler of the signalfd. */
    class SignalHandler : public linux_io::EventHandler
    {
      public:
        explicit SignalHandler(ProxyDaemon& daemon);
        void OnEvents(uint32_t events) override;

      private:
        ProxyDaemon& m_daemon; //!< Owner.
    };

    /** Reads and duplicates the waiting datagrams of \p listener. */
    void ReceiveQueries(linux_io::UdpListener& listener);

    /** Sends the pending copies and counts the outcome per server. */
    void SendCopies();

    ProxySettings m_settings;                           //!< Configuration.
    linux_io::Stats m_stats;                            //!< Counters.
    core::QueryDuplicator m_duplicator;                 //!< Packet logic.
    linux_io::SignalReceiver m_signals;                 //!< SIGTERM, SIGINT, SIGHUP, SIGUSR1.
    linux_io::EventLoop m_loop;                         //!< The epoll loop.
    linux_io::RawSender m_raw;                          //!< Sends the copies.
    std::vector<std::unique_ptr<UdpHandler>> m_udp;     //!< One per listen address.
    std::unique_ptr<linux_io::TcpRelay> m_tcp;          //!< TCP relay, if enabled.
    SignalHandler m_signalHandler{*this};               //!< Handles m_signals.
    std::unique_ptr<linux_io::PidFile> m_pidFile;       //!< PID file, if configured.
    linux_io::UdpReceiveBatch m_batch;                  //!< recvmmsg() buffers.
    std::map<core::Ipv4Addr, RouteCounters> m_routes;   //!< Counters by proxy address.
    std::vector<std::vector<uint8_t>> m_copies;         //!< Output of Duplicate().
    std::vector<std::vector<uint8_t>> m_pool;           //!< Copies waiting to be sent.
    std::vector<PendingCopy> m_pending;                 //!< Describes m_pool[0 .. size).
    std::vector<core::ByteSpan> m_spans;                //!< Views of m_pool for RawSender.
    std::vector<int> m_sendResults;                     //!< errno per copy of a batch.
    bool m_stop{false};                                 //!< Set by SIGTERM and SIGINT.
    bool m_reportRequested{false};                      //!< Set by SIGUSR1.

    uint64_t& m_received;       //!< received
    uint64_t& m_forwarded;      //!< forwarded
    uint64_t& m_receiveErrors;  //!< receive-errors
    core::DropCounters& m_drops; //!< dropped.REASON
};

/**
 * \brief Raises the soft limit on open files towards \p wanted (at most the hard limit).
 * \returns the resulting soft limit
 */
uint64_t RaiseFileLimit(uint64_t wanted);

} // namespace daemon
} // namespace mxrace

#endif
