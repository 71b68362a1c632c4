/**
 * \file
 * The mxrace answer rewriter as an ns-3 application: DNS answers leave with the proxy's
 * source address.
 */
#ifndef MXRACE_DNS_REWRITER_APPLICATION_H
#define MXRACE_DNS_REWRITER_APPLICATION_H

#include "daemon/core/answer-rewriter.h"
#include "daemon/core/drop-reason.h"

#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/net-device.h"
#include "ns3/nstime.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"
#include "ns3/virtual-net-device.h"

#include <deque>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \brief Takes a DNS server's answers from a divert device, gives them the proxy's source
 * address and sends them out through the server's backbone.
 *
 * The divert point is a VirtualNetDevice on the DNS server's node. SourcePolicyRouting
 * routes every packet whose source is a configured server address into it, so the
 * device's send callback receives the whole IPv4 datagram and the stack does not send it.
 * This is the ns-3 counterpart of the TUN device the mxrace-rewriter daemon reads. The
 * packet logic is mxrace::core::AnswerRewriter, the daemon's code: Rewritten and Unchanged
 * datagrams leave through an Ipv4RawSocketImpl with IpHeaderInclude set, bound to the
 * output device (the backbone's); Dropped ones fire the Drop trace.
 *
 * AnswerDelay holds every datagram in a FIFO delay line before it is sent, as a Dummynet
 * pipe with a delay and no bandwidth limit does: each datagram leaves AnswerDelay after it
 * entered, in the order it entered.
 *
 * It needs the global value ChecksumEnabled set, because the core verifies the IPv4 header
 * checksum, which ns-3 leaves at 0 otherwise; StartApplication() stops the run if it is not.
 *
 * The first rule comes from the attributes ServerAddress and ProxyAddress; AddRule() adds
 * more. DnsRewriterHelper creates the divert device and the routing rules and passes them
 * in with SetDivertDevice() and SetOutputDevice().
 *
 * Trace sources: Rx (each datagram taken from the divert device), Tx (each datagram sent),
 * Drop (with the reason as mxrace::core::ToString() names it, "not-running" for datagrams
 * diverted while the application is stopped, or "no-route" when the raw socket finds no
 * route).
 */
class DnsRewriterApplication : public Application
{
  public:
    /**
     * \brief Get the type ID.
     * \returns the object TypeId
     */
    static TypeId GetTypeId();

    DnsRewriterApplication();
    ~DnsRewriterApplication() override;

    /**
     * \brief Makes answers from \p server leave with source \p proxy, beside the rule of
     * the attributes ServerAddress and ProxyAddress. Call it before the start.
     * \param server an address the DNS server answers from
     * \param proxy the proxy address the clients queried
     */
    void AddRule(Ipv4Address server, Ipv4Address proxy);

    /**
     * \brief Get the server addresses of every rule.
     * \returns the addresses whose packets must be routed into the divert device
     */
    std::vector<Ipv4Address> GetServerAddresses() const;

    /**
     * \brief Takes the datagrams that \p device's send callback receives.
     * \param device the divert device, already added to the node
     */
    void SetDivertDevice(Ptr<VirtualNetDevice> device);

    /**
     * \brief Get the divert device.
     * \returns the device given to SetDivertDevice(), or nullptr
     */
    Ptr<VirtualNetDevice> GetDivertDevice() const;

    /**
     * \brief Sends the datagrams out through \p device.
     * \param device the backbone's device on this node
     */
    void SetOutputDevice(Ptr<NetDevice> device);

    /**
     * \brief Get the output device.
     * \returns the device given to SetOutputDevice(), or nullptr
     */
    Ptr<NetDevice> GetOutputDevice() const;

    /**
     * \brief Get the drop counters, by reason.
     * \returns the counters of the datagrams the core rejected
     */
    const mxrace::core::DropCounters& GetDropCounters() const;

    /**
     * \brief Get the number of datagrams taken from the divert device.
     * \returns the number of datagrams received
     */
    uint64_t GetReceivedCount() const;

    /**
     * \brief Get the number of datagrams whose source was rewritten.
     * \returns the number of rewritten datagrams
     */
    uint64_t GetRewrittenCount() const;

    /**
     * \brief Get the number of datagrams passed on unchanged.
     * \returns the number of datagrams that were not a configured server's answers
     */
    uint64_t GetUnchangedCount() const;

    /**
     * \brief Get the number of datagrams sent.
     * \returns the number of datagrams the raw socket accepted
     */
    uint64_t GetSentCount() const;

    /**
     * \brief Get the number of valid datagrams that were not sent.
     * \returns the number of datagrams dropped because the raw socket found no route or
     *          the application was stopped
     */
    uint64_t GetNotSentCount() const;

    /**
     * TracedCallback signature of Rx and Tx.
     * \param datagram an IPv4 datagram, header included
     */
    typedef void (*DatagramTracedCallback)(Ptr<const Packet> datagram);

    /**
     * TracedCallback signature of Drop.
     * \param datagram the dropped IPv4 datagram
     * \param reason why it was dropped
     */
    typedef void (*DropTracedCallback)(Ptr<const Packet> datagram, const std::string& reason);

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    /**
     * \brief Builds the core's settings from the attributes and AddRule().
     * \returns the settings
     */
    mxrace::core::RewriterConfig BuildConfig() const;

    /**
     * \brief Receives a datagram from the divert device's send callback.
     * \param packet the IPv4 datagram, header included
     * \param source the device's own address
     * \param destination the link-layer destination
     * \param protocolNumber the EtherType, 0x0800 for IPv4
     * \returns true: the device counts the datagram as sent, whatever becomes of it
     */
    bool HandleDivert(Ptr<Packet> packet,
                      const Address& source,
                      const Address& destination,
                      uint16_t protocolNumber);

    /** Sends every datagram of the delay line whose time has come, and schedules the next. */
    void SendDue();

    /**
     * \brief Sends one datagram through the raw socket.
     * \param datagram the IPv4 datagram
     */
    void Send(Ptr<Packet> datagram);

    Ipv4Address m_serverAddress;                                   //!< Server of the first rule.
    Ipv4Address m_proxyAddress;                                    //!< Proxy of the first rule.
    std::vector<std::pair<Ipv4Address, Ipv4Address>> m_extraRules; //!< AddRule(): server, proxy.
    uint16_t m_serverPort;                                         //!< Source port of answers.
    Time m_answerDelay;                                            //!< Delay line length.

    Ptr<VirtualNetDevice> m_divertDevice; //!< Where the answers arrive.
    Ptr<NetDevice> m_outputDevice;        //!< Where they leave.
    Ptr<Socket> m_rawSocket;              //!< Header-including socket bound to m_outputDevice.
    std::unique_ptr<mxrace::core::AnswerRewriter> m_rewriter; //!< The packet logic.
    bool m_running;                                           //!< Between start and stop.

    std::deque<std::pair<Time, Ptr<Packet>>> m_delayLine; //!< Due time and datagram, FIFO.
    EventId m_sendEvent;                                  //!< Next SendDue().

    mxrace::core::DropCounters m_drops; //!< Datagrams the core rejected, by reason.
    uint64_t m_received;                //!< Datagrams diverted.
    uint64_t m_rewritten;               //!< Datagrams rewritten.
    uint64_t m_unchanged;               //!< Datagrams passed on as they were.
    uint64_t m_sent;                    //!< Datagrams sent.
    uint64_t m_notSent;                 //!< Datagrams lost: no route, or stopped.

    TracedCallback<Ptr<const Packet>> m_rxTrace;                       //!< Diverted.
    TracedCallback<Ptr<const Packet>> m_txTrace;                       //!< Sent.
    TracedCallback<Ptr<const Packet>, const std::string&> m_dropTrace; //!< Dropped.
};

} // namespace ns3

#endif
