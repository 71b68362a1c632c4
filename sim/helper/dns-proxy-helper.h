/**
 * \file
 * Installs DnsProxyApplication on nodes.
 */
#ifndef MXRACE_DNS_PROXY_HELPER_H
#define MXRACE_DNS_PROXY_HELPER_H

#include "ns3/application-container.h"
#include "ns3/ipv4-address.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"

#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \brief Creates DnsProxyApplication instances with the attributes and routes given here.
 */
class DnsProxyHelper
{
  public:
    /** Creates a helper whose applications have no route until one is configured. */
    DnsProxyHelper();

    /**
     * \brief Creates a helper for a proxy published on \p proxyAddress that sends a copy of
     * each query to every address of \p servers.
     * \param proxyAddress the proxy address (attribute ProxyAddress)
     * \param servers one DNS server per backbone (attribute ServerAddresses)
     */
    DnsProxyHelper(Ipv4Address proxyAddress, const std::vector<Ipv4Address>& servers);

    /**
     * \brief Sets an attribute of every application created from now on.
     * \param name the attribute name
     * \param value its value
     */
    void SetAttribute(std::string name, const AttributeValue& value);

    /**
     * \brief Adds a further proxy address and its servers to every application created
     * from now on (DnsProxyApplication::AddRoute()).
     * \param proxyAddress the proxy address
     * \param servers its DNS servers
     */
    void AddRoute(Ipv4Address proxyAddress, const std::vector<Ipv4Address>& servers);

    /**
     * \brief Installs a proxy on \p node.
     * \param node the node
     * \returns the application
     */
    ApplicationContainer Install(Ptr<Node> node) const;

    /**
     * \brief Installs a proxy on the node named \p nodeName.
     * \param nodeName a name registered with the Names service
     * \returns the application
     */
    ApplicationContainer Install(std::string nodeName) const;

    /**
     * \brief Installs a proxy on each node of \p nodes.
     * \param nodes the nodes
     * \returns one application per node
     */
    ApplicationContainer Install(NodeContainer nodes) const;

  private:
    /**
     * \brief Creates, configures and adds one application.
     * \param node the node
     * \returns the application
     */
    Ptr<Application> InstallPriv(Ptr<Node> node) const;

    ObjectFactory m_factory; //!< Creates the applications.
    std::vector<std::pair<Ipv4Address, std::vector<Ipv4Address>>> m_routes; //!< AddRoute().
};

} // namespace ns3

#endif
