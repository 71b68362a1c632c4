/**
 * \file
 * Building blocks shared by the scenario programs: links, stopping and result rows.
 */
#ifndef MXRACE_SCENARIO_SUPPORT_H
#define MXRACE_SCENARIO_SUPPORT_H

#include "ns3/net-device-container.h"
#include "ns3/node.h"
#include "ns3/nstime.h"

#include <string>

namespace ns3
{

class MailInsideMtaApplication;
class MailTally;
class RecursiveResolver;
class SmtpClientApplication;

/** Link parameters of a point-to-point link. */
struct LinkSettings
{
    std::string rate;      //!< Data rate, ns-3 syntax ("100Mbps").
    Time delay;            //!< One-way propagation delay.
    uint32_t queuePackets; //!< Drop-tail device queue size, in packets.
};

/**
 * \brief Connects \p a and \p b with a point-to-point link numbered from \p network/24
 * (\p a gets .1, \p b .2) and replaces ns-3's default FqCoDel queue disc by a drop-tail
 * device queue, as routers of 2007 had.
 * \returns the devices, \p a's first
 */
NetDeviceContainer ConnectNodes(Ptr<Node> a,
                                Ptr<Node> b,
                                const LinkSettings& link,
                                const std::string& network);

/**
 * \brief Connects \p a and \p b with a half-duplex Ethernet segment (ns-3's CSMA model, in
 * which one frame at a time occupies the channel in either direction), numbered from
 * \p network/24 (\p a gets .1, \p b .2), with drop-tail device queues and no queue disc.
 * \returns the devices, \p a's first
 */
NetDeviceContainer ConnectHalfDuplex(Ptr<Node> a,
                                     Ptr<Node> b,
                                     const LinkSettings& link,
                                     const std::string& network);

/**
 * \brief Checks every second from \p from on whether the inside MTA has recorded all \p mailCount
 * mails of \p origin, or the client gave the rest up, and stops the simulation then.
 */
void StopWhenMailDone(Ptr<MailInsideMtaApplication> insideMta,
                      const std::string& origin,
                      uint32_t mailCount,
                      const MailTally& tally,
                      Time from);

/**
 * \brief Runs the simulation of one scenario and fills \p tally.
 *
 * Counts \p client's mails (origin \p origin) at \p insideMta and the answers of
 * \p resolver, then runs until every mail is delivered or given up, checked each second
 * from \p lastMail on, or until \p stop at the latest.
 */
void RunUntilMailDone(MailTally& tally,
                      Ptr<SmtpClientApplication> client,
                      Ptr<MailInsideMtaApplication> insideMta,
                      Ptr<RecursiveResolver> resolver,
                      const std::string& origin,
                      uint32_t mailCount,
                      Time lastMail,
                      Time stop);

/**
 * \brief Writes \p header and \p row as a two-line CSV file at \p path, or to standard
 * output if \p path is empty.
 * \throws std::runtime_error if the file cannot be written
 */
void WriteCsvRow(const std::string& path, const std::string& header, const std::string& row);

} // namespace ns3

#endif
