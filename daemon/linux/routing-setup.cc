#include "routing-setup.h"

#include "logger.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <spawn.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <stdexcept>

extern char** environ;

namespace mxrace
{
namespace linux_io
{

namespace
{

/** \returns \p argv joined by blanks, for messages. */
std::string
Join(const std::vector<std::string>& argv)
{
    std::string text;
    for (const std::string& word : argv)
    {
        text += (text.empty() ? "" : " ") + word;
    }
    return text;
}

/** \returns the MTU of \p interface, or 0 if it cannot be read. */
unsigned
InterfaceMtu(const std::string& interface)
{
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
    {
        return 0;
    }
    ifreq request{};
    std::strncpy(request.ifr_name, interface.c_str(), IFNAMSIZ - 1);
    int result = ioctl(fd, SIOCGIFMTU, &request);
    ::close(fd);
    return result == 0 ? static_cast<unsigned>(request.ifr_mtu) : 0;
}

} // namespace

std::string
RunCommand(const std::vector<std::string>& argv)
{
    // The command's stderr goes into a pipe, so that its message can join ours.
    int pipeFds[2];
    if (pipe2(pipeFds, O_CLOEXEC) != 0)
    {
        return Join(argv) + ": pipe failed: " + std::strerror(errno);
    }
    // The daemon blocks its signals for the signalfd and ignores SIGPIPE. The command gets
    // the defaults back, so that it can be stopped and behaves as it does from a shell.
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t signals;
    sigemptyset(&signals);
    posix_spawnattr_setsigmask(&attributes, &signals);
    sigaddset(&signals, SIGPIPE);
    posix_spawnattr_setsigdefault(&attributes, &signals);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipeFds[1], STDERR_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);

    std::vector<char*> args;
    for (const std::string& word : argv)
    {
        args.push_back(const_cast<char*>(word.c_str()));
    }
    args.push_back(nullptr);

    pid_t child = 0;
    int spawnError = posix_spawnp(&child, args[0], &actions, &attributes, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    ::close(pipeFds[1]);
    if (spawnError != 0)
    {
        ::close(pipeFds[0]);
        return Join(argv) + ": cannot run " + argv[0] + ": " + std::strerror(spawnError);
    }

    std::string output;
    char buffer[512];
    ssize_t length;
    while ((length = ::read(pipeFds[0], buffer, sizeof(buffer))) > 0 || (length < 0 && errno == EINTR))
    {
        if (length > 0 && output.size() < 4096)
        {
            output.append(buffer, static_cast<size_t>(length));
        }
    }
    ::close(pipeFds[0]);

    int status = 0;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR)
    {
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
    {
        return "";
    }
    while (!output.empty() && (output.back() == '\n' || output.back() == '\r'))
    {
        output.pop_back();
    }
    std::string outcome = WIFEXITED(status) ? "exit status " + std::to_string(WEXITSTATUS(status))
                                        : "killed by signal " + std::to_string(WTERMSIG(status));
    return Join(argv) + " failed (" + outcome + ")" + (output.empty() ? "" : ": " + output);
}

std::string
ReadSysctl(const std::string& path)
{
    std::ifstream file(path);
    std::string value;
    std::getline(file, value);
    return value;
}

std::vector<std::string>
InterfacesHolding(const std::vector<core::Ipv4Addr>& addresses)
{
    std::vector<std::string> names;
    ifaddrs* list = nullptr;
    if (getifaddrs(&list) != 0)
    {
        return names;
    }
    for (ifaddrs* entry = list; entry != nullptr; entry = entry->ifa_next)
    {
        if (entry->ifa_addr == nullptr || entry->ifa_addr->sa_family != AF_INET ||
            (entry->ifa_flags & IFF_LOOPBACK) != 0)
        {
            continue;
        }
        sockaddr_in socketAddress{};
        std::memcpy(&socketAddress, entry->ifa_addr, sizeof(socketAddress));
        core::Ipv4Addr address = ntohl(socketAddress.sin_addr.s_addr);
        bool isServer = std::find(addresses.begin(), addresses.end(), address) != addresses.end();
        if (isServer && std::find(names.begin(), names.end(), entry->ifa_name) == names.end())
        {
            names.emplace_back(entry->ifa_name);
        }
    }
    freeifaddrs(list);
    return names;
}

RoutingSetup::RoutingSetup(RoutingPlan plan)
    : m_plan(std::move(plan))
{
}

RoutingSetup::~RoutingSetup()
{
    Remove();
}

void
RoutingSetup::RunStep(const std::vector<std::string>& command,
                      const std::vector<std::string>& undo)
{
    std::string error = RunCommand(command);
    if (!error.empty())
    {
        throw std::runtime_error("routing set-up: " + error);
    }
    LogInfo("routing set-up: " + Join(command));
    m_applied.push_back(Undo{undo, "", ""});
}

void
RoutingSetup::SetSysctl(const std::string& path, const std::string& value)
{
    std::string oldValue = ReadSysctl(path);
    std::ofstream file(path);
    file << value << "\n";
    file.close();
    if (!file)
    {
        throw std::runtime_error("routing set-up: cannot write " + value + " to " + path);
    }
    LogInfo("routing set-up: " + path + " = " + value + " (was " + oldValue + ")");
    m_applied.push_back(Undo{{}, path, oldValue});
}

void
RoutingSetup::Apply()
{
    try
    {
        const std::string tun = m_plan.tun;
        const std::string table = std::to_string(m_plan.table);

        std::string ipv6 = "/proc/sys/net/ipv6/conf/" + tun + "/disable_ipv6";
        if (access(ipv6.c_str(), F_OK) == 0 && ReadSysctl(ipv6) != "1")
        {
            SetSysctl(ipv6, "1");
        }

        std::vector<std::string> interfaces = InterfacesHolding(m_plan.servers);
        if (std::find(interfaces.begin(), interfaces.end(), m_plan.interface) == interfaces.end())
        {
            interfaces.push_back(m_plan.interface);
        }
        for (const std::string& interface : interfaces)
        {
            std::string path = "/proc/sys/net/ipv4/conf/" + interface + "/rp_filter";
            if (ReadSysctl(path) == "1")
            {
                SetSysctl(path, "2");
            }
        }

        std::vector<std::string> up = {"ip", "link", "set", "dev", tun, "up"};
        unsigned mtu = InterfaceMtu(m_plan.interface);
        if (mtu != 0)
        {
            up = {"ip", "link", "set", "dev", tun, "mtu", std::to_string(mtu), "up"};
        }
        RunStep(up, {"ip", "link", "set", "dev", tun, "down"});

        RunStep({"ip", "route", "add", "default", "dev", tun, "table", table},
                {"ip", "route", "del", "default", "dev", tun, "table", table});

        for (core::Ipv4Addr server : m_plan.servers)
        {
            std::vector<std::string> rule = {"from", core::FormatIpv4(server), "ipproto", "udp",
                                             "sport", std::to_string(m_plan.serverPort),
                                             "lookup", table};
            std::vector<std::string> add = {"ip", "rule", "add"};
            std::vector<std::string> del = {"ip", "rule", "del"};
            add.insert(add.end(), rule.begin(), rule.end());
            del.insert(del.end(), rule.begin(), rule.end());
            RunStep(add, del);
        }
    }
    catch (...)
    {
        Remove();
        throw;
    }
}

void
RoutingSetup::Remove()
{
    while (!m_applied.empty())
    {
        Undo undo = m_applied.back();
        m_applied.pop_back();
        if (!undo.command.empty())
        {
            std::string error = RunCommand(undo.command);
            if (error.empty())
            {
                LogInfo("routing removed: " + Join(undo.command));
            }
            else
            {
                LogWarning("routing removal: " + error);
            }
            continue;
        }
        std::ofstream file(undo.sysctlPath);
        file << undo.oldValue << "\n";
        file.close();
        if (file)
        {
            LogInfo("routing removed: " + undo.sysctlPath + " = " + undo.oldValue);
        }
        else
        {
            LogWarning("routing removal: cannot write " + undo.oldValue + " to " +
                       undo.sysctlPath);
        }
    }
}

} // namespace linux_io
} // namespace mxrace
