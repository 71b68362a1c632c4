// Tests of StubResolver against TestDnsServer on the three-node mail test network.

#include "smtp-test-network.h"

#include "sim/model/stub-resolver.h"

#include <gtest/gtest.h>

using namespace ns3;
using mxrace_test::MailTestNetwork;
using mxrace_test::TestDnsServer;

namespace
{

const std::vector<std::string> kRecords = {
    "org.test. 0 IN MX 20 mgw2.org.test.",
    "org.test. 0 IN MX 10 mgw1.org.test.",
    "mgw1.org.test. 0 IN A 10.1.1.2",
    "mgw2.org.test. 0 IN A 10.1.2.2",
    "www.org.test. 0 IN CNAME mgw1.org.test.",
};

/** Runs one query of the stub on the outside node and stores the answers it reports. */
class StubResolverTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        m_server = m_network.AddDnsServer(kRecords);
        m_stub = CreateObject<StubResolver>();
        m_stub->SetAttribute("ServerAddress", Ipv4AddressValue(m_network.linkB.GetAddress(1)));
        m_stub->SetAttribute("Timeout", TimeValue(Seconds(1)));
        m_stub->SetAttribute("Attempts", UintegerValue(3));
        m_stub->SetNode(m_network.Outside());
        m_stub->AssignStreams(1);
        m_stub->Start();
    }

    void TearDown() override
    {
        m_stub->Dispose();
        Simulator::Destroy();
    }

    void Store(StubResolver::Answer answer)
    {
        m_answers.push_back(answer);
        m_answerTimes.push_back(Simulator::Now());
    }

    void RunMx(const std::string& name)
    {
        Simulator::Schedule(Seconds(0.5), [this, name]() {
            m_stub->QueryMx(name, MakeCallback(&StubResolverTest::Store, this));
        });
        Simulator::Stop(Seconds(20));
        Simulator::Run();
    }

    void RunA(const std::string& name)
    {
        Simulator::Schedule(Seconds(0.5), [this, name]() {
            m_stub->QueryA(name, MakeCallback(&StubResolverTest::Store, this));
        });
        Simulator::Stop(Seconds(20));
        Simulator::Run();
    }

    MailTestNetwork m_network;
    Ptr<TestDnsServer> m_server;
    Ptr<StubResolver> m_stub;
    std::vector<StubResolver::Answer> m_answers;
    std::vector<Time> m_answerTimes;
};

TEST_F(StubResolverTest, MxAnswerParsed)
{
    RunMx("org.test");

    ASSERT_EQ(m_answers.size(), 1u);
    const StubResolver::Answer& answer = m_answers[0];
    EXPECT_EQ(answer.status, StubResolver::Status::Ok);
    EXPECT_EQ(answer.name, "org.test");
    EXPECT_EQ(answer.transmissions, 1u);
    ASSERT_EQ(answer.mx.size(), 2u);
    EXPECT_EQ(answer.mx[0].preference, 20);
    EXPECT_EQ(answer.mx[0].exchange, "mgw2.org.test");
    EXPECT_EQ(answer.mx[1].preference, 10);
    EXPECT_EQ(answer.mx[1].exchange, "mgw1.org.test");
    EXPECT_TRUE(answer.addresses.empty());
    EXPECT_EQ(m_server->GetQueryCount(), 1u);
    EXPECT_EQ(m_stub->GetRetransmissionCount(), 0u);
}

TEST_F(StubResolverTest, AAnswerParsed)
{
    RunA("MGW1.org.test");

    ASSERT_EQ(m_answers.size(), 1u);
    EXPECT_EQ(m_answers[0].status, StubResolver::Status::Ok);
    ASSERT_EQ(m_answers[0].addresses.size(), 1u);
    EXPECT_EQ(m_answers[0].addresses[0], Ipv4Address("10.1.1.2"));
}

TEST_F(StubResolverTest, CnameChainFollowed)
{
    RunA("www.org.test");

    ASSERT_EQ(m_answers.size(), 1u);
    EXPECT_EQ(m_answers[0].status, StubResolver::Status::Ok);
    ASSERT_EQ(m_answers[0].addresses.size(), 1u);
    EXPECT_EQ(m_answers[0].addresses[0], Ipv4Address("10.1.1.2"));
}

TEST_F(StubResolverTest, UnknownNameIsNameError)
{
    RunMx("missing.test");

    ASSERT_EQ(m_answers.size(), 1u);
    EXPECT_EQ(m_answers[0].status, StubResolver::Status::NameError);
    EXPECT_EQ(m_answers[0].rcode, LDNS_RCODE_NXDOMAIN);
    EXPECT_TRUE(m_answers[0].mx.empty());
}

TEST_F(StubResolverTest, LostQueryRetransmitted)
{
    m_server->SetIgnoredQueries(1);
    RunMx("org.test");

    ASSERT_EQ(m_answers.size(), 1u);
    EXPECT_EQ(m_answers[0].status, StubResolver::Status::Ok);
    EXPECT_EQ(m_answers[0].transmissions, 2u);
    EXPECT_EQ(m_answers[0].mx.size(), 2u);
    EXPECT_EQ(m_server->GetQueryCount(), 2u);
    EXPECT_EQ(m_stub->GetRetransmissionCount(), 1u);
    // Sent at 0.5 s, sent again after the 1 s time-out, answered one round trip later.
    EXPECT_GT(m_answerTimes[0], Seconds(1.5));
    EXPECT_LT(m_answerTimes[0], Seconds(1.6));
}

TEST_F(StubResolverTest, SilentServerTimesOut)
{
    m_server->SetIgnoredQueries(100);
    RunMx("org.test");

    ASSERT_EQ(m_answers.size(), 1u);
    EXPECT_EQ(m_answers[0].status, StubResolver::Status::Timeout);
    EXPECT_EQ(m_answers[0].transmissions, 3u);
    EXPECT_EQ(m_server->GetQueryCount(), 3u);
    EXPECT_EQ(m_stub->GetTimeoutCount(), 1u);
    EXPECT_EQ(m_answerTimes[0], Seconds(3.5));
}

TEST_F(StubResolverTest, DecoysDroppedAndCounted)
{
    m_server->SetSendDecoys(true);
    std::vector<StubResolver::DropReason> traced;
    m_stub->TraceConnectWithoutContext(
        "Drop",
        MakeCallback(
            +[](std::vector<StubResolver::DropReason>* out,
                StubResolver::DropReason reason,
                const Address&) { out->push_back(reason); })
            .Bind(&traced));
    RunMx("org.test");

    ASSERT_EQ(m_answers.size(), 1u);
    EXPECT_EQ(m_answers[0].status, StubResolver::Status::Ok);
    EXPECT_EQ(m_answers[0].mx.size(), 2u);
    EXPECT_EQ(m_stub->GetDropCount(StubResolver::DropReason::Malformed), 1u);
    EXPECT_EQ(m_stub->GetDropCount(StubResolver::DropReason::UnknownId), 1u);
    EXPECT_EQ(m_stub->GetDropCount(StubResolver::DropReason::QuestionMismatch), 1u);
    EXPECT_EQ(m_stub->GetDropCount(StubResolver::DropReason::UnexpectedSource), 0u);
    EXPECT_EQ(m_stub->GetDropCount(StubResolver::DropReason::NotResponse), 0u);
    ASSERT_EQ(traced.size(), 3u);
    EXPECT_EQ(traced[0], StubResolver::DropReason::Malformed);
    EXPECT_EQ(traced[1], StubResolver::DropReason::UnknownId);
    EXPECT_EQ(traced[2], StubResolver::DropReason::QuestionMismatch);
}

TEST_F(StubResolverTest, AnswerFromOtherPortDropped)
{
    m_server->SetAnswerPort(5353);
    RunMx("org.test");

    ASSERT_EQ(m_answers.size(), 1u);
    EXPECT_EQ(m_answers[0].status, StubResolver::Status::Timeout);
    EXPECT_EQ(m_stub->GetDropCount(StubResolver::DropReason::UnexpectedSource), 3u);
    EXPECT_EQ(m_stub->GetDropCount(StubResolver::DropReason::UnknownId), 0u);
}

} // namespace
