/**
 * \file
 * The policy routing that sends a DNS server's answers into the rewriter's TUN device,
 * applied at start and removed at exit when setup-routing is on.
 */
#ifndef MXRACE_LINUX_ROUTING_SETUP_H
#define MXRACE_LINUX_ROUTING_SETUP_H

#include "core/ipv4-address.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mxrace
{
namespace linux_io
{

/**
 * \brief What RoutingSetup applies.
 */
struct RoutingPlan
{
    std::string tun;                     //!< TUN device name.
    std::string interface;               //!< Backbone interface.
    std::vector<core::Ipv4Addr> servers; //!< DNS server addresses whose answers are diverted.
    uint16_t serverPort{53};             //!< Source port of the answers.
    uint32_t table{53};                  //!< Routing table of the TUN default route.
};

/**
 * \brief Runs \p argv (argv[0] looked up in PATH) without a shell and waits for it.
 * \returns an empty string on exit status 0, else the command, its status and its stderr
 */
std::string RunCommand(const std::vector<std::string>& argv);

/**
 * \brief Applies the routing of a RoutingPlan and removes it again.
 *
 * Steps, each undone in reverse order by Remove():
 * - sysctl net.ipv6.conf.TUN.disable_ipv6 = 1, so that the kernel sends no IPv6 router
 *   solicitations or MLD reports into the TUN device (the rewriter would read and drop them);
 * - sysctl net.ipv4.conf.IF.rp_filter = 2 (loose) where it is 1 (strict), for the backbone
 *   interface and every interface with a server address. The rules below also apply to the
 *   kernel's reverse-path check of a query to a server address (UDP, destination port
 *   PORT), which then resolves into the TUN device, so strict mode would drop every query;
 * - ip link set dev TUN mtu MTU up, MTU being the backbone interface's, so that the kernel
 *   fragments long answers to a size the backbone can carry (the raw socket does not
 *   fragment);
 * - ip route add default dev TUN table TABLE;
 * - ip rule add from SERVER ipproto udp sport PORT lookup TABLE, for each server.
 */
class RoutingSetup
{
  public:
    /** Prepares \p plan; nothing is applied yet. */
    explicit RoutingSetup(RoutingPlan plan);

    /** Calls Remove(). */
    ~RoutingSetup();

    RoutingSetup(const RoutingSetup&) = delete;
    RoutingSetup& operator=(const RoutingSetup&) = delete;

    /**
     * \brief Applies every step, logging each.
     * \throws std::runtime_error naming the failed step, after removing the steps applied
     *         before it
     */
    void Apply();

    /** Undoes the applied steps in reverse order; failures are logged and skipped. */
    void Remove();

  private:
    /** How to undo one applied step. */
    struct Undo
    {
        std::vector<std::string> command; //!< Command to run, or empty for a sysctl.
        std::string sysctlPath;           //!< /proc/sys file to restore, or empty.
        std::string oldValue;             //!< Value to write back into sysctlPath.
    };

    /** Runs \p command and records \p undo; throws std::runtime_error on failure. */
    void RunStep(const std::vector<std::string>& command, const std::vector<std::string>& undo);

    /** Writes \p value into the sysctl file \p path and records the old value. */
    void SetSysctl(const std::string& path, const std::string& value);

    RoutingPlan m_plan;          //!< What to apply.
    std::vector<Undo> m_applied; //!< Applied steps, in order.
};

/** \returns the names of the interfaces that hold one of \p addresses (loopback excluded). */
std::vector<std::string> InterfacesHolding(const std::vector<core::Ipv4Addr>& addresses);

/** \returns the contents of the sysctl file \p path without the trailing newline, or "". */
std::string ReadSysctl(const std::string& path);

} // namespace linux_io
} // namespace mxrace

#endif
