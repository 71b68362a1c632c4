/**
 * \file
 * Builds the organisation's side of the scheme on one multihomed host.
 */
#ifndef MXRACE_RACE_SITE_HELPER_H
#define MXRACE_RACE_SITE_HELPER_H

#include "ns3/ipv4-address.h"
#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/random-variable-stream.h"

#include <string>
#include <vector>

namespace ns3
{

class AuthoritativeDnsServer;
class DnsProxyApplication;
class DnsRewriterApplication;
class MailGatewayApplication;
class MailInsideMtaApplication;

/**
 * \brief One backbone attachment of the organisation's host: a NIC with a DNS server and
 * a mail gateway behind it.
 */
struct RaceSitePath
{
    Ptr<NetDevice> device;      //!< The NIC on this backbone; its first address is the MGW's.
    Ipv4Address dnsAddress;     //!< Address added to the NIC for the DNS server.
    std::string zoneFile;       //!< Zone file that prefers this path's gateway.
    std::string gatewayName;    //!< Host name of the MGW, written into Received: headers.
    Time answerDelay;           //!< Extra delay on this DNS server's answers (Dummynet pipe).
    Ipv4Address nextHop;        //!< Next hop on a shared (CSMA) link; 0.0.0.0 on point-to-point.
};

/**
 * \brief What RaceSiteHelper::Install() created.
 */
struct RaceSite
{
    Ptr<DnsProxyApplication> proxy;                  //!< The DNS proxy.
    std::vector<Ptr<AuthoritativeDnsServer>> servers; //!< One DNS server per path.
    std::vector<Ptr<DnsRewriterApplication>> rewriters; //!< One rewriter per path.
    std::vector<Ptr<MailGatewayApplication>> gateways; //!< One MGW per path.
    Ptr<MailInsideMtaApplication> insideMta;         //!< Records the gateway of each mail.
    std::vector<Ipv4Address> gatewayAddresses;       //!< Each path's MGW address.
};

/**
 * \brief Installs the scheme on one host with a NIC per backbone, as in the paper's
 * laboratory and Misasa set-ups: per path a DNS server (own address on the NIC, answers
 * diverted through a rewriter that sends them out of that NIC) and a mail gateway (the
 * NIC's address); one DNS proxy on a path's NIC; one inside MTA on the loopback address.
 *
 * It also routes everything the host sends from a path's addresses out of that path's
 * NIC, as the original host was set up ("each gateway and DNS server communicates through
 * its own NIC"); without it, the host's single routing table would send every reply out
 * of one NIC.
 */
class RaceSiteHelper
{
  public:
    /**
     * \brief Installs everything on \p node, which must have the internet stack with list
     * routing and an IPv4 interface on each path's device.
     * \param node the organisation's host
     * \param paths the backbone attachments, in order (DNS1/MGW1 first)
     * \param origin the zone origin (for example "lab.example.")
     * \param proxyAddress the published name server address, added to \p proxyPath's NIC
     * \param proxyPath index of the path whose NIC holds the proxy address
     * \param processingTime per-query processing time of the DNS servers (seconds)
     * \returns the created applications, started at time 0
     */
    static RaceSite Install(Ptr<Node> node,
                            const std::vector<RaceSitePath>& paths,
                            const std::string& origin,
                            Ipv4Address proxyAddress,
                            uint32_t proxyPath,
                            Ptr<RandomVariableStream> processingTime);
};

} // namespace ns3

#endif
