/**
 * \file
 * The mxrace-rewriter process: TUN device, raw sender, optional routing set-up, signals
 * and statistics around core::AnswerRewriter.
 */
#ifndef MXRACE_LINUX_REWRITER_DAEMON_H
#define MXRACE_LINUX_REWRITER_DAEMON_H

#include "core/answer-rewriter.h"
#include "event-loop.h"
#include "privileges.h"
#include "raw-sender.h"
#include "rewriter-settings.h"
#include "routing-setup.h"
#include "signals.h"
#include "stats.h"
#include "tun-device.h"

#include <cstdint>
#include <map>
#include <memory>
#include <vector>

namespace mxrace
{
namespace daemon
{

/**
 * \brief The rewriter, which passes every datagram read from the TUN device through
 * core::AnswerRewriter.
 *
 * Rewritten and unchanged datagrams leave through a raw socket bound to the backbone
 * interface. Dropped ones are counted per reason.
 *
 * Counters: received, rewritten, rewritten.SERVER, unchanged, sent, send-errors,
 * receive-errors, dropped.REASON and dropped-total.
 * received = rewritten + unchanged + dropped-total.
 */
class RewriterDaemon
{
  public:
    /**
     * \brief Checks the interface, opens the TUN device and the raw socket, applies the
     * routing if setup-routing is on, writes the PID file and drops privileges.
     * \throws std::runtime_error or std::system_error with the cause and what to do
     */
    explicit RewriterDaemon(const RewriterSettings& settings);

    ~RewriterDaemon();

    RewriterDaemon(const RewriterDaemon&) = delete;
    RewriterDaemon& operator=(const RewriterDaemon&) = delete;

    /**
     * \brief Runs the event loop until SIGTERM or SIGINT, removes the routing it applied and
     * writes a final report.
     * \returns the exit status: 0
     */
    int Run();

  private:
    /** Event handler of the TUN device. */
    class TunHandler : public linux_io::EventHandler
    {
      public:
        explicit TunHandler(RewriterDaemon& daemon);
        void OnEvents(uint32_t events) override;

      private:
        RewriterDaemon& m_daemon; //!< Owner.
    };

    /** Event handler of the signalfd. */
    class SignalHandler : public linux_io::EventHandler
    {
      public:
        explicit SignalHandler(RewriterDaemon& daemon);
        void OnEvents(uint32_t events) override;

      private:
        RewriterDaemon& m_daemon; //!< Owner.
    };

    /** Reads, rewrites and sends the waiting datagrams. */
    void ProcessDatagrams();

    static constexpr size_t kBatch = 32;              //!< Datagrams per send round.
    static constexpr size_t kBufferSize = 65535;      //!< Largest IPv4 datagram.

    RewriterSettings m_settings;                      //!< Configuration.
    linux_io::Stats m_stats;                          //!< Counters.
    core::AnswerRewriter m_rewriter;                  //!< Packet logic.
    linux_io::SignalReceiver m_signals;               //!< SIGTERM, SIGINT, SIGHUP, SIGUSR1.
    linux_io::EventLoop m_loop;                       //!< The epoll loop.
    std::unique_ptr<linux_io::TunDevice> m_tun;       //!< Where the answers arrive.
    std::unique_ptr<linux_io::RawSender> m_raw;       //!< Sends them out of the interface.
    std::unique_ptr<linux_io::RoutingSetup> m_routing; //!< Applied routing, if setup-routing.
    std::unique_ptr<linux_io::PidFile> m_pidFile;     //!< PID file, if configured.
    TunHandler m_tunHandler{*this};                   //!< Handles m_tun.
    SignalHandler m_signalHandler{*this};             //!< Handles m_signals.
    std::vector<uint8_t> m_buffers;                   //!< kBatch datagram buffers.
    std::vector<core::ByteSpan> m_spans;              //!< Datagrams to send.
    std::vector<int> m_sendResults;                   //!< errno per datagram sent.
    std::map<core::Ipv4Addr, uint64_t*> m_rewrittenPerServer; //!< rewritten.SERVER
    bool m_stop{false};                               //!< Set by SIGTERM and SIGINT.
    bool m_reportRequested{false};                    //!< Set by SIGUSR1.

    uint64_t& m_received;        //!< received
    uint64_t& m_rewritten;       //!< rewritten
    uint64_t& m_unchanged;       //!< unchanged
    uint64_t& m_sent;            //!< sent
    uint64_t& m_sendErrors;      //!< send-errors
    uint64_t& m_receiveErrors;   //!< receive-errors
    core::DropCounters& m_drops; //!< dropped.REASON
};

} // namespace daemon
} // namespace mxrace

#endif
