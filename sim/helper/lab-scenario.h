/**
 * \file
 * The laboratory experiment of the paper (its Fig. 5) as a function: build, run, count.
 */
#ifndef MXRACE_LAB_SCENARIO_H
#define MXRACE_LAB_SCENARIO_H

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

class ScenarioConfig;

/**
 * \brief Outcome of one run of the laboratory experiment.
 */
struct LabResult
{
    std::string condition;        //!< Condition name.
    uint32_t seed{0};             //!< ns-3 run number.
    double addedDelayMs{0};       //!< Delay added to one path's answers (delay conditions).
    uint64_t ftpFileBytes{0};     //!< FTP file size (ftp conditions); 0 when continuous.
    uint32_t mailsSent{0};        //!< Mails the outside MTA queued.
    uint32_t viaMgw1{0};          //!< Mails the inside MTA received through MGW1.
    uint32_t viaMgw2{0};          //!< Mails received through MGW2.
    uint32_t lost{0};             //!< Mails never received.
    uint32_t duplicates{0};       //!< Mails received more than once.
    double meanDeliverySeconds{0}; //!< Mean time from queuing to reception.
    double maxDeliverySeconds{0};  //!< Largest such time.
    uint32_t queriesAnswered{0};  //!< Resolver queries (MX and A) with a first answer.
    uint32_t mxWonByDns1{0};      //!< MX queries whose first answer came from DNS1.
    uint32_t mxWonByDns2{0};      //!< MX queries whose first answer came from DNS2.
    uint32_t lateAnswers{0};      //!< Answers that arrived after the first one.
    uint32_t resolverTimeouts{0}; //!< Resolver attempts that timed out.
    uint64_t events{0};           //!< Simulator events executed.

    /** \returns the CSV header matching CsvRow(). */
    static std::string CsvHeader();

    /** \returns the result as one CSV line. */
    std::string CsvRow() const;
};

/** \returns the names of the laboratory conditions. */
const std::vector<std::string>& LabConditions();

/**
 * \brief Runs the laboratory experiment once.
 *
 * Conditions: none; delay-path1 and delay-path2 (delay.added-ms on the DNS answers that
 * leave through that path, as a Dummynet pipe on each DNS server's answers did);
 * ftp-path1 and ftp-path2 (bulk TCP transfers across that path).
 *
 * \param config the parameters (scenarios/lab/lab.conf and overrides); every key must be
 *        used, see ScenarioConfig::CheckAllUsed()
 * \param condition one of LabConditions()
 * \param seed ns-3 run number, 1 or more
 * \returns the counts of the run
 * \throws std::runtime_error on an invalid parameter
 *
 * NOTE: a seed gives the same result only when this is the first simulation of the
 * process, because ns-3.37 numbers random streams with a process-wide counter that
 * Simulator::Destroy() does not reset. The scenario programs and CTest run one
 * simulation per process.
 */
LabResult RunLabScenario(ScenarioConfig& config, const std::string& condition, uint32_t seed);

} // namespace ns3

#endif
