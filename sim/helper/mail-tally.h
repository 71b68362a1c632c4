/**
 * \file
 * Counts what happened to the mails and DNS answers of one scenario run.
 */
#ifndef MXRACE_MAIL_TALLY_H
#define MXRACE_MAIL_TALLY_H

#include "ns3/nstime.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <map>
#include <set>
#include <string>

namespace ns3
{

class MailInsideMtaApplication;
class RecursiveResolver;
class SmtpClientApplication;

/**
 * \brief Collects, from trace sources, which gateway took each mail of one sender and
 * which DNS answer won each query, for the result rows of the scenario programs.
 */
class MailTally
{
  public:
    /**
     * \brief Counts the mails of \p client: its failures as they happen, and at Collect()
     * the deliveries that \p insideMta recorded from \p origin (the client's HeloName,
     * which its Message-IDs carry), so that other senders' mail is left out.
     */
    void Watch(Ptr<SmtpClientApplication> client,
               Ptr<MailInsideMtaApplication> insideMta,
               const std::string& origin);

    /** Reads the inside MTA's records; call once, after the simulation has run. */
    void Collect();

    /** Counts the first and late answers that \p resolver receives. */
    void WatchResolver(Ptr<RecursiveResolver> resolver);

    /** \returns mails whose delivery went through the gateway named \p gateway. */
    uint32_t ViaGateway(const std::string& gateway) const;

    /** \returns distinct mails the inside MTA received. */
    uint32_t Delivered() const;

    /** \returns deliveries of a mail already delivered once. */
    uint32_t Duplicates() const;

    /** \returns mails the client gave up on. */
    uint32_t Failed() const;

    /** \returns the mean time from queuing a mail to its delivery, in seconds (0 if none). */
    double MeanDeliverySeconds() const;

    /** \returns the largest such time, in seconds (0 if none). */
    double MaxDeliverySeconds() const;

    /** \returns first answers whose preferred MX (or address) was \p preferred. */
    uint32_t FirstAnswersPreferring(const std::string& preferred) const;

    /** \returns all first answers. */
    uint32_t FirstAnswers() const;

    /** \returns answers that arrived after their query had its first answer. */
    uint32_t LateAnswers() const;

    /** \returns resolver attempts that timed out. */
    uint32_t Timeouts() const;

  private:
    /** Trace sink of SmtpClientApplication::MailFailed. */
    void HandleFailed(uint32_t seq, uint32_t attempts);

    /** Trace sink of RecursiveResolver::FirstAnswer. */
    void HandleFirstAnswer(const std::string& name, const std::string& preferred, Time rtt);

    /** Trace sink of RecursiveResolver::LateAnswer. */
    void HandleLateAnswer(const std::string& name, const std::string& preferred, Time rtt);

    /** Trace sink of RecursiveResolver::Timeout. */
    void HandleTimeout(const std::string& name, uint32_t attempt);

    /** Counts one delivery record. */
    void CountDelivery(uint32_t seq, const std::string& gateway, Time sent, Time received);

    Ptr<MailInsideMtaApplication> m_insideMta;       //!< Where deliveries are recorded.
    std::string m_origin;                            //!< Message-ID host of counted mails.

    std::set<uint32_t> m_delivered;                  //!< Sequence numbers seen.
    std::map<std::string, uint32_t> m_viaGateway;    //!< First deliveries per gateway.
    uint32_t m_duplicates{0};                        //!< Repeated deliveries.
    uint32_t m_failed{0};                            //!< MailFailed events.
    double m_delaySum{0};                            //!< Sum of delivery times (s).
    double m_delayMax{0};                            //!< Largest delivery time (s).
    std::map<std::string, uint32_t> m_firstAnswers;  //!< First answers per preferred name.
    uint32_t m_lateAnswers{0};                       //!< Late answers.
    uint32_t m_timeouts{0};                          //!< Resolver time-outs.
};

} // namespace ns3

#endif
