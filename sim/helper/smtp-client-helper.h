/**
 * \file
 * Installs SmtpClientApplication, the outside MTA, on nodes.
 */
#ifndef MXRACE_SIM_SMTP_CLIENT_HELPER_H
#define MXRACE_SIM_SMTP_CLIENT_HELPER_H

#include "ns3/application-container.h"
#include "ns3/attribute.h"
#include "ns3/ipv4-address.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"

#include <cstdint>
#include <string>

namespace ns3
{

/**
 * \brief Installs SmtpClientApplication, the outside MTA, on nodes.
 */
class SmtpClientHelper
{
  public:
    /**
     * \brief Creates a helper for MTAs that send to \p rcptTo, resolving through \p resolver.
     * \param resolver the recursive resolver's address (ResolverAddress).
     * \param rcptTo the recipient address (RcptTo), whose domain is looked up.
     */
    SmtpClientHelper(Ipv4Address resolver, const std::string& rcptTo);

    /**
     * \brief Sets an attribute of the applications to be installed.
     * \param name the attribute name.
     * \param value the attribute value.
     */
    void SetAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \brief Installs one application on each node.
     * \param nodes the nodes.
     * \returns the applications installed.
     */
    ApplicationContainer Install(NodeContainer nodes) const;

    /**
     * \brief Installs one application on a node.
     * \param node the node.
     * \returns the application installed.
     */
    ApplicationContainer Install(Ptr<Node> node) const;

    /**
     * \brief Installs one application on a node known by name.
     * \param nodeName the name given to the node with Names::Add.
     * \returns the application installed.
     */
    ApplicationContainer Install(const std::string& nodeName) const;

    /**
     * \brief Fixes the random streams of the applications in \p apps.
     * \param apps applications installed by this helper.
     * \param stream the first stream index to use.
     * \returns the number of streams used.
     */
    int64_t AssignStreams(ApplicationContainer apps, int64_t stream);

  private:
    ObjectFactory m_factory; //!< Creates the applications.
};

} // namespace ns3

#endif // MXRACE_SIM_SMTP_CLIENT_HELPER_H
