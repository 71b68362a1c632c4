/**
 * \file
 * Test fixtures shared by the mail model tests: a small DNS server built on ldns and the
 * three-node network the SMTP tests run on.
 */
#ifndef MXRACE_TESTS_SIM_SMTP_TEST_NETWORK_H
#define MXRACE_TESTS_SIM_SMTP_TEST_NETWORK_H

#include "ns3/application.h"
#include "ns3/core-module.h"
#include "ns3/inet-socket-address.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/udp-socket-factory.h"

#include <ldns/ldns.h>

#include <cctype>
#include <cstdlib>
#include <string>
#include <vector>

namespace mxrace_test
{

/**
 * \brief A DNS server for tests that answers from a list of resource records.
 *
 * It answers any query for a name that owns a record with the records of the queried type
 * (possibly none), and with NXDOMAIN otherwise. Switches make it misbehave on purpose:
 * ignore the first queries, or send a garbage datagram, an answer with the wrong ID and one
 * with the wrong question before the right answer.
 */
class TestDnsServer : public ns3::Application
{
  public:
    /** \brief Registers the type. \returns the TypeId. */
    static ns3::TypeId GetTypeId()
    {
        static ns3::TypeId tid = ns3::TypeId("mxrace_test::TestDnsServer")
                                     .SetParent<ns3::Application>()
                                     .AddConstructor<TestDnsServer>();
        return tid;
    }

    /** \brief Sets the address to answer on, and the records in zone file syntax. */
    void Configure(ns3::Ipv4Address address, const std::vector<std::string>& records)
    {
        m_address = address;
        m_records = records;
    }

    /** \brief Makes the server ignore the first \p count queries. */
    void SetIgnoredQueries(uint32_t count)
    {
        m_ignore = count;
    }

    /** \brief Makes the server send garbage, a wrong ID and a wrong question first. */
    void SetSendDecoys(bool decoys)
    {
        m_decoys = decoys;
    }

    /** \brief Makes the server send its answers from another UDP port than 53. */
    void SetAnswerPort(uint16_t port)
    {
        m_answerPort = port;
    }

    /** \returns the number of queries received. */
    uint32_t GetQueryCount() const
    {
        return m_queries;
    }

  private:
    void StartApplication() override
    {
        m_socket = ns3::Socket::CreateSocket(GetNode(), ns3::UdpSocketFactory::GetTypeId());
        m_socket->Bind(ns3::InetSocketAddress(m_address, 53));
        m_socket->SetRecvCallback(ns3::MakeCallback(&TestDnsServer::HandleRead, this));
        m_answerSocket = m_socket;
        if (m_answerPort != 53)
        {
            m_answerSocket =
                ns3::Socket::CreateSocket(GetNode(), ns3::UdpSocketFactory::GetTypeId());
            m_answerSocket->Bind(ns3::InetSocketAddress(m_address, m_answerPort));
        }
    }

    void StopApplication() override
    {
        if (m_socket)
        {
            m_socket->SetRecvCallback(ns3::MakeNullCallback<void, ns3::Ptr<ns3::Socket>>());
            m_socket->Close();
            m_socket = nullptr;
        }
        if (m_answerSocket)
        {
            m_answerSocket->Close();
            m_answerSocket = nullptr;
        }
    }

    static std::string Lower(std::string text)
    {
        for (char& c : text)
        {
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        return text;
    }

    void SendPacket(ldns_pkt* packet, const ns3::Address& to)
    {
        uint8_t* wire = nullptr;
        size_t size = 0;
        if (ldns_pkt2wire(&wire, packet, &size) == LDNS_STATUS_OK)
        {
            m_answerSocket->SendTo(ns3::Create<ns3::Packet>(wire, static_cast<uint32_t>(size)),
                                   0,
                                   to);
        }
        std::free(wire);
    }

    void HandleRead(ns3::Ptr<ns3::Socket> socket)
    {
        ns3::Address from;
        ns3::Ptr<ns3::Packet> packet;
        while ((packet = socket->RecvFrom(from)))
        {
            ++m_queries;
            if (m_ignore > 0)
            {
                --m_ignore;
                continue;
            }
            std::vector<uint8_t> bytes(packet->GetSize());
            packet->CopyData(bytes.data(), static_cast<uint32_t>(bytes.size()));
            Answer(bytes, from);
        }
    }

    /**
     * Adds the records of \p owner and \p type to the answer section, following one CNAME
     * as an authoritative server does. Returns false if no record has that owner.
     */
    bool AddRecords(ldns_pkt* answer, const std::string& owner, ldns_rr_type type)
    {
        bool nameExists = false;
        std::string cnameTarget;
        for (const std::string& text : m_records)
        {
            ldns_rr* rr = nullptr;
            if (ldns_rr_new_frm_str(&rr, text.c_str(), 0, nullptr, nullptr) != LDNS_STATUS_OK)
            {
                continue;
            }
            char* rrOwnerText = ldns_rdf2str(ldns_rr_owner(rr));
            std::string rrOwner = Lower(rrOwnerText);
            std::free(rrOwnerText);
            if (rrOwner != owner)
            {
                ldns_rr_free(rr);
                continue;
            }
            nameExists = true;
            if (ldns_rr_get_type(rr) == type)
            {
                ldns_pkt_push_rr(answer, LDNS_SECTION_ANSWER, rr);
            }
            else if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_CNAME)
            {
                char* target = ldns_rdf2str(ldns_rr_rdf(rr, 0));
                cnameTarget = Lower(target);
                std::free(target);
                ldns_pkt_push_rr(answer, LDNS_SECTION_ANSWER, rr);
            }
            else
            {
                ldns_rr_free(rr);
            }
        }
        if (!cnameTarget.empty())
        {
            AddRecords(answer, cnameTarget, type);
        }
        return nameExists;
    }

    void Answer(const std::vector<uint8_t>& bytes, const ns3::Address& from)
    {
        ldns_pkt* query = nullptr;
        if (ldns_wire2pkt(&query, bytes.data(), bytes.size()) != LDNS_STATUS_OK ||
            ldns_rr_list_rr_count(ldns_pkt_question(query)) != 1)
        {
            ldns_pkt_free(query);
            return;
        }
        ldns_rr* question = ldns_rr_list_rr(ldns_pkt_question(query), 0);
        char* ownerText = ldns_rdf2str(ldns_rr_owner(question));
        std::string owner = Lower(ownerText);
        std::free(ownerText);

        ldns_pkt* answer = ldns_pkt_new();
        ldns_pkt_set_id(answer, ldns_pkt_id(query));
        ldns_pkt_set_qr(answer, true);
        ldns_pkt_set_aa(answer, true);
        ldns_pkt_set_rd(answer, ldns_pkt_rd(query));
        ldns_pkt_push_rr(answer, LDNS_SECTION_QUESTION, ldns_rr_clone(question));
        bool nameExists = AddRecords(answer, owner, ldns_rr_get_type(question));
        if (!nameExists)
        {
            ldns_pkt_set_rcode(answer, LDNS_RCODE_NXDOMAIN);
        }

        if (m_decoys)
        {
            const uint8_t garbage[5] = {1, 2, 3, 4, 5};
            m_answerSocket->SendTo(ns3::Create<ns3::Packet>(garbage, 5), 0, from);

            ldns_pkt_set_id(answer, static_cast<uint16_t>(ldns_pkt_id(query) + 1));
            SendPacket(answer, from);
            ldns_pkt_set_id(answer, ldns_pkt_id(query));

            ldns_pkt* wrongQuestion = ldns_pkt_clone(answer);
            ldns_rr_list_deep_free(ldns_pkt_question(wrongQuestion));
            ldns_rr* other = nullptr;
            ldns_rr_new_question_frm_str(&other, "other.test. IN MX", nullptr, nullptr);
            ldns_rr_list* questions = ldns_rr_list_new();
            ldns_rr_list_push_rr(questions, other);
            ldns_pkt_set_question(wrongQuestion, questions);
            SendPacket(wrongQuestion, from);
            ldns_pkt_free(wrongQuestion);
        }
        SendPacket(answer, from);
        ldns_pkt_free(answer);
        ldns_pkt_free(query);
    }

    ns3::Ipv4Address m_address;
    std::vector<std::string> m_records;
    ns3::Ptr<ns3::Socket> m_socket;
    ns3::Ptr<ns3::Socket> m_answerSocket;
    uint16_t m_answerPort = 53;
    uint32_t m_ignore = 0;
    bool m_decoys = false;
    uint32_t m_queries = 0;
};

/**
 * \brief Outside node, organisation node and inside node, with two links outside.
 *
 *     outside 10.1.1.1 --link A-- 10.1.1.2 org   (mgw1)
 *     outside 10.1.2.1 --link B-- 10.1.2.2 org   (mgw2, DNS server)
 *                                 10.1.3.1 org --link C-- 10.1.3.2 inside (inside MTA)
 *
 * All links run at 10 Mb/s with 5 ms delay; routes come from global routing.
 */
struct MailTestNetwork
{
    ns3::NodeContainer nodes;            //!< outside, org, inside.
    ns3::Ipv4InterfaceContainer linkA;   //!< outside and org on link A.
    ns3::Ipv4InterfaceContainer linkB;   //!< outside and org on link B.
    ns3::Ipv4InterfaceContainer linkC;   //!< org and inside on link C.

    MailTestNetwork()
    {
        ns3::GlobalValue::Bind("ChecksumEnabled", ns3::BooleanValue(true));
        ns3::RngSeedManager::SetSeed(7);
        ns3::RngSeedManager::SetRun(1);
        nodes.Create(3);
        ns3::InternetStackHelper internet;
        internet.Install(nodes);

        ns3::PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", ns3::StringValue("10Mbps"));
        p2p.SetChannelAttribute("Delay", ns3::StringValue("5ms"));
        ns3::Ipv4AddressHelper addresses;
        addresses.SetBase("10.1.1.0", "255.255.255.0");
        linkA = addresses.Assign(p2p.Install(nodes.Get(0), nodes.Get(1)));
        addresses.SetBase("10.1.2.0", "255.255.255.0");
        linkB = addresses.Assign(p2p.Install(nodes.Get(0), nodes.Get(1)));
        addresses.SetBase("10.1.3.0", "255.255.255.0");
        linkC = addresses.Assign(p2p.Install(nodes.Get(1), nodes.Get(2)));
        ns3::Ipv4GlobalRoutingHelper::PopulateRoutingTables();
    }

    ns3::Ptr<ns3::Node> Outside() const
    {
        return nodes.Get(0);
    }

    ns3::Ptr<ns3::Node> Org() const
    {
        return nodes.Get(1);
    }

    ns3::Ptr<ns3::Node> Inside() const
    {
        return nodes.Get(2);
    }

    /** \returns a DNS server on the org node at 10.1.2.2 with the given records. */
    ns3::Ptr<TestDnsServer> AddDnsServer(const std::vector<std::string>& records) const
    {
        ns3::Ptr<TestDnsServer> server = ns3::CreateObject<TestDnsServer>();
        server->Configure(linkB.GetAddress(1), records);
        Org()->AddApplication(server);
        return server;
    }
};

} // namespace mxrace_test

#endif // MXRACE_TESTS_SIM_SMTP_TEST_NETWORK_H
