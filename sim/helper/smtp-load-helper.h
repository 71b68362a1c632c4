/**
 * \file
 * Installs SmtpLoadApplication, a bulk SMTP load generator, on nodes.
 */
#ifndef MXRACE_SIM_SMTP_LOAD_HELPER_H
#define MXRACE_SIM_SMTP_LOAD_HELPER_H

#include "ns3/application-container.h"
#include "ns3/attribute.h"
#include "ns3/ipv4-address.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"

#include <string>

namespace ns3
{

/**
 * \brief Installs SmtpLoadApplication, a bulk SMTP load generator, on nodes.
 */
class SmtpLoadHelper
{
  public:
    /**
     * \brief Creates a helper for load generators that send to the gateway at \p remote.
     * \param remote the mail gateway's address (Remote).
     */
    explicit SmtpLoadHelper(Ipv4Address remote);

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

  private:
    ObjectFactory m_factory; //!< Creates the applications.
};

} // namespace ns3

#endif // MXRACE_SIM_SMTP_LOAD_HELPER_H
