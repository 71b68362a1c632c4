/**
 * \file
 * Installs FTP-like cross traffic: FtpCrossTrafficApplication senders and PacketSink
 * receivers.
 */
#ifndef MXRACE_SIM_FTP_CROSS_TRAFFIC_HELPER_H
#define MXRACE_SIM_FTP_CROSS_TRAFFIC_HELPER_H

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
 * \brief Installs FTP-like cross traffic from senders to one sink address.
 *
 * Install() puts an FtpCrossTrafficApplication on each sending node; InstallSink() puts an
 * ns-3 PacketSink listening on the same port on the receiving node. The load flows from the
 * senders towards the sink, so the pair of nodes chooses both the path and the direction.
 */
class FtpCrossTrafficHelper
{
  public:
    /**
     * \brief Creates a helper for traffic towards \p sinkAddress:\p port.
     * \param sinkAddress the receiving node's address (Remote).
     * \param port the TCP port of the sink (Port).
     */
    FtpCrossTrafficHelper(Ipv4Address sinkAddress, uint16_t port = 20);

    /**
     * \brief Sets an attribute of the sending applications to be installed.
     * \param name the attribute name.
     * \param value the attribute value.
     */
    void SetAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \brief Installs one sender on each node.
     * \param nodes the sending nodes.
     * \returns the applications installed.
     */
    ApplicationContainer Install(NodeContainer nodes) const;

    /**
     * \brief Installs one sender on a node.
     * \param node the sending node.
     * \returns the application installed.
     */
    ApplicationContainer Install(Ptr<Node> node) const;

    /**
     * \brief Installs one sender on a node known by name.
     * \param nodeName the name given to the node with Names::Add.
     * \returns the application installed.
     */
    ApplicationContainer Install(const std::string& nodeName) const;

    /**
     * \brief Installs a PacketSink that receives the transfers on the helper's port.
     * \param node the receiving node, the one that owns the sink address.
     * \returns the PacketSink installed; its GetTotalRx() counts the bytes received.
     */
    ApplicationContainer InstallSink(Ptr<Node> node) const;

    /**
     * \brief Fixes the random streams of the senders in \p apps.
     * \param apps applications installed by Install().
     * \param stream the first stream index to use.
     * \returns the number of streams used.
     */
    int64_t AssignStreams(ApplicationContainer apps, int64_t stream);

  private:
    ObjectFactory m_factory; //!< Creates the senders.
    uint16_t m_port;         //!< Port of sender and sink.
};

} // namespace ns3

#endif // MXRACE_SIM_FTP_CROSS_TRAFFIC_HELPER_H
