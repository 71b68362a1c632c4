/**
 * \file
 * Installs RecursiveResolver on nodes.
 */
#ifndef MXRACE_RECURSIVE_RESOLVER_HELPER_H
#define MXRACE_RECURSIVE_RESOLVER_HELPER_H

#include "ns3/application-container.h"
#include "ns3/ipv4-address.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * \brief Creates RecursiveResolver instances with the attributes given here.
 */
class RecursiveResolverHelper
{
  public:
    /**
     * \brief Creates a helper for resolvers that send every question to \p upstreams.
     * \param upstreams the DNS proxy's addresses (attribute Upstreams)
     */
    explicit RecursiveResolverHelper(const std::vector<Ipv4Address>& upstreams);

    /**
     * \brief Sets an attribute of every application created from now on.
     * \param name the attribute name
     * \param value its value
     */
    void SetAttribute(std::string name, const AttributeValue& value);

    /**
     * \brief Installs a resolver on \p node.
     * \param node the node
     * \returns the application
     */
    ApplicationContainer Install(Ptr<Node> node) const;

    /**
     * \brief Installs a resolver on the node named \p nodeName.
     * \param nodeName a name registered with the Names service
     * \returns the application
     */
    ApplicationContainer Install(std::string nodeName) const;

    /**
     * \brief Installs a resolver on each node of \p nodes.
     * \param nodes the nodes
     * \returns one application per node
     */
    ApplicationContainer Install(NodeContainer nodes) const;

    /**
     * \brief Assigns fixed random variable streams to the resolvers on \p nodes.
     * \param nodes the nodes whose RecursiveResolver applications get streams
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
