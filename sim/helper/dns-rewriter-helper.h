/**
 * \file
 * Installs DnsRewriterApplication on nodes, with its divert device and routing rules.
 */
#ifndef MXRACE_DNS_REWRITER_HELPER_H
#define MXRACE_DNS_REWRITER_HELPER_H

#include "ns3/application-container.h"
#include "ns3/ipv4-address.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"

#include <string>
#include <utility>
#include <vector>

namespace ns3
{

class SourcePolicyRouting;

/**
 * \brief Installs a DnsRewriterApplication on a DNS server's node, together with what
 * diverts the server's answers into it.
 *
 * For each node, Install() adds a VirtualNetDevice with an IPv4 interface that is up, has
 * no address and does not forward, so global routing does not advertise it. It then
 * routes every server address of the application's rules into the new device through
 * the node's SourcePolicyRouting (see GetSourcePolicyRouting()) and hands the device to
 * the application. The node needs the internet stack with list routing, which
 * InternetStackHelper installs by default.
 *
 * The application's answers leave through the device holding the first server address
 * unless DnsRewriterApplication::SetOutputDevice() names another one before the start.
 */
class DnsRewriterHelper
{
  public:
    /** Creates a helper whose applications have no rule until one is configured. */
    DnsRewriterHelper();

    /**
     * \brief Creates a helper whose applications give the answers of \p server the source
     * address \p proxy.
     * \param server the DNS server's address (attribute ServerAddress)
     * \param proxy the proxy address (attribute ProxyAddress)
     */
    DnsRewriterHelper(Ipv4Address server, Ipv4Address proxy);

    /**
     * \brief Sets an attribute of every application created from now on.
     * \param name the attribute name
     * \param value its value
     */
    void SetAttribute(std::string name, const AttributeValue& value);

    /**
     * \brief Adds a rule to every application created from now on
     * (DnsRewriterApplication::AddRule()).
     * \param server a DNS server address
     * \param proxy the proxy address its answers leave with
     */
    void AddRule(Ipv4Address server, Ipv4Address proxy);

    /**
     * \brief Sets the priority of the SourcePolicyRouting that Install() adds to a node's
     * Ipv4ListRouting (default 100, above static routing's 0 and global routing's -10).
     * \param priority the priority
     */
    void SetRoutingPriority(int16_t priority);

    /**
     * \brief Installs a rewriter on \p node.
     * \param node the DNS server's node
     * \returns the application
     */
    ApplicationContainer Install(Ptr<Node> node) const;

    /**
     * \brief Installs a rewriter on the node named \p nodeName.
     * \param nodeName a name registered with the Names service
     * \returns the application
     */
    ApplicationContainer Install(std::string nodeName) const;

    /**
     * \brief Installs a rewriter on each node of \p nodes.
     * \param nodes the nodes
     * \returns one application per node
     */
    ApplicationContainer Install(NodeContainer nodes) const;

    /**
     * \brief Get the SourcePolicyRouting of \p node's Ipv4ListRouting, adding one with
     * \p priority if there is none.
     *
     * A node has at most one: an existing instance is returned whatever its priority, so
     * every caller's rules share it, and rules for different source addresses never
     * conflict.
     * \param node a node with the internet stack and list routing
     * \param priority the priority of a new instance
     * \returns the routing protocol
     */
    static Ptr<SourcePolicyRouting> GetSourcePolicyRouting(Ptr<Node> node, int16_t priority);

  private:
    /**
     * \brief Creates and configures one application with its divert device.
     * \param node the node
     * \returns the application
     */
    Ptr<Application> InstallPriv(Ptr<Node> node) const;

    ObjectFactory m_factory;                                   //!< Creates the applications.
    std::vector<std::pair<Ipv4Address, Ipv4Address>> m_rules; //!< AddRule(): server, proxy.
    int16_t m_routingPriority;                                //!< Priority in the list.
};

} // namespace ns3

#endif
