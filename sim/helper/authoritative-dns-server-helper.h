/**
 * \file
 * Installs AuthoritativeDnsServer on nodes.
 */
#ifndef MXRACE_AUTHORITATIVE_DNS_SERVER_HELPER_H
#define MXRACE_AUTHORITATIVE_DNS_SERVER_HELPER_H

#include "ns3/application-container.h"
#include "ns3/ipv4-address.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"

#include <string>

namespace ns3
{

/**
 * \brief Creates AuthoritativeDnsServer instances with the attributes given here.
 *
 * When the Address attribute is left at 0.0.0.0, Install() binds each server to the first
 * address of the node's first interface other than loopback.
 */
class AuthoritativeDnsServerHelper
{
  public:
    /**
     * \brief Creates a helper for servers of the zone in \p zoneFile.
     * \param zoneFile path of the zone file (attribute ZoneFile)
     * \param origin the zone's apex (attribute Origin)
     */
    AuthoritativeDnsServerHelper(std::string zoneFile, std::string origin);

    /**
     * \brief Sets an attribute of every application created from now on.
     * \param name the attribute name
     * \param value its value
     */
    void SetAttribute(std::string name, const AttributeValue& value);

    /**
     * \brief Installs a server on \p node.
     * \param node the node
     * \returns the application
     */
    ApplicationContainer Install(Ptr<Node> node) const;

    /**
     * \brief Installs a server on the node named \p nodeName.
     * \param nodeName a name registered with the Names service
     * \returns the application
     */
    ApplicationContainer Install(std::string nodeName) const;

    /**
     * \brief Installs a server on each node of \p nodes.
     * \param nodes the nodes
     * \returns one application per node
     */
    ApplicationContainer Install(NodeContainer nodes) const;

    /**
     * \brief Assigns fixed random variable streams to the servers on \p nodes.
     * \param nodes the nodes whose AuthoritativeDnsServer applications get streams
     * \param stream first stream index to use
     * \returns the number of stream indices used
     */
    int64_t AssignStreams(NodeContainer nodes, int64_t stream) const;

  private:
    /**
     * \brief Creates, configures and adds one application.
     * \param node the node
     * \returns the application
     */
    Ptr<Application> InstallPriv(Ptr<Node> node) const;

    ObjectFactory m_factory; //!< Creates the applications.
};

} // namespace ns3

#endif
