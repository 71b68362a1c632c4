// TcpRelay: the connection limits, over loopback TCP. No root needed, no DNS server.

#include "core/ipv4-address.h"
#include "core/query-duplicator.h"
#include "linux/event-loop.h"
#include "linux/stats.h"
#include "linux/tcp-relay.h"
#include "linux/unique-fd.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

namespace mxrace
{
namespace
{

using linux_io::UniqueFd;

core::Ipv4Addr
Ip(const std::string& text)
{
    return *core::ParseIpv4(text);
}

/** A relay listening on 127.0.0.1 at a port the kernel picks, with its own loop. */
class RelayFixture
{
  public:
    explicit RelayFixture(const linux_io::TcpRelayConfig& config)
        : m_duplicator(MakeDuplicatorConfig()),
          m_relay(m_loop, m_duplicator, config, m_stats)
    {
        m_port = m_relay.Listen(Ip("127.0.0.1"), 0, {Ip("127.0.0.2")});
    }

    /** Opens a connection from \p source to the relay; fails the test if it cannot. */
    UniqueFd Connect(const std::string& source)
    {
        UniqueFd fd(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
        EXPECT_TRUE(fd.IsValid()) << std::strerror(errno);

        sockaddr_in local{};
        local.sin_family = AF_INET;
        local.sin_addr.s_addr = htonl(Ip(source));
        EXPECT_EQ(bind(fd.Get(), reinterpret_cast<sockaddr*>(&local), sizeof(local)), 0)
            << source << ": " << std::strerror(errno);

        sockaddr_in remote{};
        remote.sin_family = AF_INET;
        remote.sin_addr.s_addr = htonl(Ip("127.0.0.1"));
        remote.sin_port = htons(m_port);
        EXPECT_EQ(connect(fd.Get(), reinterpret_cast<sockaddr*>(&remote), sizeof(remote)), 0)
            << std::strerror(errno);

        // Short time-outs keep a failing test from hanging in recv().
        timeval timeout{2, 0};
        setsockopt(fd.Get(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
        return fd;
    }

    /** Runs the loop until the relay has decided on \p connections connections in all. */
    void AcceptUntil(uint64_t connections)
    {
        for (int i = 0; i < 100 && Decided() < connections; ++i)
        {
            m_loop.RunOnce(20);
            m_relay.CollectClosed();
        }
    }

    /** Runs the loop until the relay has \p sessions open sessions, for at most 2 s. */
    void RunUntilSessions(size_t sessions)
    {
        for (int i = 0; i < 100 && m_relay.SessionCount() != sessions; ++i)
        {
            m_loop.RunOnce(20);
            m_relay.CollectClosed();
        }
    }

    uint64_t Counter(const std::string& name)
    {
        return m_stats.Counter(name);
    }

    std::vector<std::pair<std::string, uint64_t>> Snapshot() const
    {
        return m_stats.Snapshot();
    }

    linux_io::TcpRelay& Relay()
    {
        return m_relay;
    }

  private:
    static core::DuplicatorConfig MakeDuplicatorConfig()
    {
        core::DuplicatorConfig config;
        config.routes.push_back(core::ProxyRoute{Ip("127.0.0.1"), {Ip("127.0.0.2")}});
        return config;
    }

    uint64_t Decided()
    {
        return Counter("tcp-sessions") + Counter("tcp-sessions-rejected") +
               Counter("tcp-sessions-rejected-prefix");
    }

    linux_io::EventLoop m_loop;
    linux_io::Stats m_stats;
    core::QueryDuplicator m_duplicator;
    linux_io::TcpRelay m_relay;
    uint16_t m_port{0};
};

/** \returns true if the relay has closed \p fd: recv() reads end of file. */
bool
IsClosedByRelay(const UniqueFd& fd)
{
    char byte;
    return recv(fd.Get(), &byte, 1, 0) == 0;
}

/** \returns true if \p fd is open with nothing to read. */
bool
IsOpenAndIdle(const UniqueFd& fd)
{
    char byte;
    ssize_t result = recv(fd.Get(), &byte, 1, MSG_DONTWAIT);
    return result < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

TEST(TcpRelay, DropCountersListTcpReasonsOnly)
{
    RelayFixture fixture(linux_io::TcpRelayConfig{});

    std::vector<std::string> names;
    for (const auto& [name, value] : fixture.Snapshot())
    {
        if (name.rfind("tcp-dropped", 0) == 0)
        {
            names.push_back(name);
        }
    }

    std::vector<std::string> expected = {"tcp-dropped.dns-too-short",
                                         "tcp-dropped.dns-not-query",
                                         "tcp-dropped.dns-bad-opcode",
                                         "tcp-dropped.dns-bad-question-count",
                                         "tcp-dropped.dns-bad-name",
                                         "tcp-dropped.dns-question-truncated",
                                         "tcp-dropped.zone-not-served",
                                         "tcp-dropped.bad-source",
                                         "tcp-dropped-total"};
    EXPECT_EQ(names, expected);
}

TEST(TcpRelay, PrefixLimitClosesExtraConnection)
{
    linux_io::TcpRelayConfig config;
    config.maxConnectionsPerPrefix = 2;
    config.prefixLength = 24;
    RelayFixture fixture(config);

    UniqueFd first = fixture.Connect("127.0.0.1");
    UniqueFd second = fixture.Connect("127.0.0.9");
    fixture.AcceptUntil(2);
    UniqueFd third = fixture.Connect("127.0.0.1");
    fixture.AcceptUntil(3);

    EXPECT_EQ(fixture.Counter("tcp-sessions"), 2u);
    EXPECT_EQ(fixture.Counter("tcp-sessions-rejected-prefix"), 1u);
    EXPECT_EQ(fixture.Counter("tcp-sessions-rejected"), 0u);
    EXPECT_EQ(fixture.Relay().SessionCount(), 2u);
    EXPECT_EQ(fixture.Relay().SessionCount(Ip("127.0.0.200")), 2u);
    EXPECT_TRUE(IsClosedByRelay(third));
    EXPECT_TRUE(IsOpenAndIdle(first));
    EXPECT_TRUE(IsOpenAndIdle(second));

    // Another /24 has its own share.
    UniqueFd other = fixture.Connect("127.0.1.1");
    fixture.AcceptUntil(4);
    EXPECT_EQ(fixture.Counter("tcp-sessions"), 3u);
    EXPECT_EQ(fixture.Relay().SessionCount(Ip("127.0.1.1")), 1u);
    EXPECT_TRUE(IsOpenAndIdle(other));
}

TEST(TcpRelay, ClosedConnectionFreesPrefixSlot)
{
    linux_io::TcpRelayConfig config;
    config.maxConnectionsPerPrefix = 1;
    config.prefixLength = 24;
    RelayFixture fixture(config);

    UniqueFd first = fixture.Connect("127.0.0.1");
    fixture.AcceptUntil(1);
    first.Reset();
    fixture.RunUntilSessions(0);
    EXPECT_EQ(fixture.Relay().SessionCount(Ip("127.0.0.1")), 0u);

    UniqueFd second = fixture.Connect("127.0.0.1");
    fixture.AcceptUntil(2);
    EXPECT_EQ(fixture.Counter("tcp-sessions"), 2u);
    EXPECT_EQ(fixture.Counter("tcp-sessions-rejected-prefix"), 0u);
    EXPECT_TRUE(IsOpenAndIdle(second));
}

TEST(TcpRelay, PrefixLengthSeparatesClients)
{
    linux_io::TcpRelayConfig config;
    config.maxConnectionsPerPrefix = 1;
    config.prefixLength = 32;
    RelayFixture fixture(config);

    UniqueFd first = fixture.Connect("127.0.0.1");
    UniqueFd second = fixture.Connect("127.0.0.2");
    fixture.AcceptUntil(2);
    UniqueFd third = fixture.Connect("127.0.0.2");
    fixture.AcceptUntil(3);

    EXPECT_EQ(fixture.Counter("tcp-sessions"), 2u);
    EXPECT_EQ(fixture.Counter("tcp-sessions-rejected-prefix"), 1u);
    EXPECT_TRUE(IsOpenAndIdle(first));
    EXPECT_TRUE(IsOpenAndIdle(second));
    EXPECT_TRUE(IsClosedByRelay(third));
}

TEST(TcpRelay, TotalLimitCountedSeparately)
{
    linux_io::TcpRelayConfig config;
    config.maxConnections = 2;
    config.maxConnectionsPerPrefix = 10;
    RelayFixture fixture(config);

    UniqueFd first = fixture.Connect("127.0.0.1");
    UniqueFd second = fixture.Connect("127.0.1.1");
    fixture.AcceptUntil(2);
    UniqueFd third = fixture.Connect("127.0.2.1");
    fixture.AcceptUntil(3);

    EXPECT_EQ(fixture.Counter("tcp-sessions"), 2u);
    EXPECT_EQ(fixture.Counter("tcp-sessions-rejected"), 1u);
    EXPECT_EQ(fixture.Counter("tcp-sessions-rejected-prefix"), 0u);
    EXPECT_TRUE(IsClosedByRelay(third));
}

} // namespace
} // namespace mxrace
