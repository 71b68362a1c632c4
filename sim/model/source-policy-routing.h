/**
 * \file
 * Routing by source address: sends a node's own packets from chosen addresses to a device.
 */
#ifndef MXRACE_SOURCE_POLICY_ROUTING_H
#define MXRACE_SOURCE_POLICY_ROUTING_H

#include "ns3/ipv4-address.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv4.h"
#include "ns3/net-device.h"
#include "ns3/ptr.h"

#include <vector>

namespace ns3
{

/**
 * \brief Routes locally generated packets by their source address, like the Linux rule
 * `ip rule add from ADDRESS lookup T` with a table T whose default route is one device.
 *
 * Add it to a node's Ipv4ListRouting with a priority above the static and global routing
 * protocols. RouteOutput() returns a route through the rule's device when the packet's
 * source address has a rule, and no route otherwise, so the next protocol in the list
 * decides. The rewriter uses it to send a DNS server's answers into its VirtualNetDevice.
 *
 * It matches on the source address only. In ns-3.37 a UDP socket bound to the wildcard
 * calls RouteOutput() with the payload alone, before the UDP header is added, so the
 * source port cannot be matched as the Linux rule's `sport 53` does. Every packet from a
 * rule's address takes the rule's route.
 *
 * A packet that a socket bound to another device sends (the route lookup then names that
 * device as the output interface) takes no rule, so the rewriter's own raw socket can send
 * a datagram with a rule's source address out of the backbone device without a loop.
 *
 * It forwards nothing: RouteInput() always returns false.
 */
class SourcePolicyRouting : public Ipv4RoutingProtocol
{
  public:
    /**
     * \brief Get the type ID.
     * \returns the object TypeId
     */
    static TypeId GetTypeId();

    SourcePolicyRouting();
    ~SourcePolicyRouting() override;

    /**
     * \brief Sends the packets whose source is \p source through \p device.
     *
     * A second rule for the same source replaces the first.
     *
     * \param source the source address to match
     * \param device a device of this node that has an IPv4 interface
     * \param gateway the next hop, or 0.0.0.0 (the default) to send to the destination
     *        itself, which suits a divert device and point-to-point links
     */
    void AddRule(Ipv4Address source,
                 Ptr<NetDevice> device,
                 Ipv4Address gateway = Ipv4Address::GetAny());

    /**
     * \brief Removes the rule of \p source.
     * \param source the source address of the rule
     * \returns true if a rule was removed
     */
    bool RemoveRule(Ipv4Address source);

    /**
     * \brief Get the number of rules.
     * \returns the number of rules
     */
    uint32_t GetNRules() const;

    /**
     * \brief Get the device of the rule of \p source.
     * \param source the source address
     * \returns the rule's device, or nullptr if \p source has no rule
     */
    Ptr<NetDevice> GetRuleDevice(Ipv4Address source) const;

    // Inherited from Ipv4RoutingProtocol.
    Ptr<Ipv4Route> RouteOutput(Ptr<Packet> p,
                               const Ipv4Header& header,
                               Ptr<NetDevice> oif,
                               Socket::SocketErrno& sockerr) override;
    bool RouteInput(Ptr<const Packet> p,
                    const Ipv4Header& header,
                    Ptr<const NetDevice> idev,
                    UnicastForwardCallback ucb,
                    MulticastForwardCallback mcb,
                    LocalDeliverCallback lcb,
                    ErrorCallback ecb) override;
    void NotifyInterfaceUp(uint32_t interface) override;
    void NotifyInterfaceDown(uint32_t interface) override;
    void NotifyAddAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    void NotifyRemoveAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    void SetIpv4(Ptr<Ipv4> ipv4) override;
    void PrintRoutingTable(Ptr<OutputStreamWrapper> stream,
                           Time::Unit unit = Time::S) const override;

  protected:
    void DoDispose() override;

  private:
    /** A source address and where its packets leave. */
    struct Rule
    {
        Ipv4Address source;    //!< Source address to match.
        Ptr<NetDevice> device; //!< Output device.
        Ipv4Address gateway;   //!< Next hop, or 0.0.0.0 for the destination itself.
    };

    /**
     * \brief Get the rule of \p source.
     * \param source the source address
     * \returns the rule, or nullptr
     */
    const Rule* FindRule(Ipv4Address source) const;

    Ptr<Ipv4> m_ipv4;         //!< The node's IPv4 stack.
    std::vector<Rule> m_rules; //!< Rules, at most one per source address.
};

} // namespace ns3

#endif
