/**
 * \file
 * The real-network experiment of the paper (its Fig. 6) as a function: Okayama University's
 * Misasa campus, multihomed to SINET via Tottori and via OKIX, receiving mail from the
 * Tsushima campus or from Osaka University.
 */
#ifndef MXRACE_MISASA_SCENARIO_H
#define MXRACE_MISASA_SCENARIO_H

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

class ScenarioConfig;

/**
 * \brief Outcome of one run of the Misasa experiment.
 */
struct MisasaResult
{
    std::string sender;            //!< tsushima or osaka.
    std::string condition;         //!< normal, load-tottori or load-okix.
    uint32_t seed{0};              //!< ns-3 run number.
    uint32_t mailsSent{0};         //!< Test mails the sender queued.
    uint32_t viaTottori{0};        //!< Test mails received through the Tottori gateway.
    uint32_t viaOkix{0};           //!< Test mails received through the OKIX gateway.
    uint32_t lost{0};              //!< Test mails never received.
    uint32_t duplicates{0};        //!< Test mails received more than once.
    double meanDeliverySeconds{0}; //!< Mean time from queuing to reception.
    double maxDeliverySeconds{0};  //!< Largest such time.
    uint32_t mxWonByTottori{0};    //!< MX queries whose first answer came via Tottori.
    uint32_t mxWonByOkix{0};       //!< MX queries whose first answer came via OKIX.
    uint32_t lateAnswers{0};       //!< Answers that arrived after the first one.
    uint32_t resolverTimeouts{0};  //!< Resolver attempts that timed out.
    double loadMbps{0};            //!< Load mail accepted by the loaded gateway, Mb/s.
    uint64_t events{0};            //!< Simulator events executed.

    /** \returns the CSV header matching CsvRow(). */
    static std::string CsvHeader();

    /** \returns the result as one CSV line. */
    std::string CsvRow() const;
};

/** \returns the names of the senders: tsushima, osaka. */
const std::vector<std::string>& MisasaSenders();

/** \returns the names of the conditions: normal, load-tottori, load-okix. */
const std::vector<std::string>& MisasaConditions();

/**
 * \brief Runs the Misasa experiment once.
 * \param config the parameters (scenarios/misasa/misasa.conf and overrides)
 * \param sender one of MisasaSenders()
 * \param condition one of MisasaConditions()
 * \param seed ns-3 run number, 1 or more
 * \returns the counts of the run
 * \throws std::runtime_error on an invalid parameter
 *
 * NOTE: a seed gives the same result only when this is the first simulation of the
 * process, because ns-3.37 numbers random streams with a process-wide counter that
 * Simulator::Destroy() does not reset. The scenario programs and CTest run one
 * simulation per process.
 */
MisasaResult RunMisasaScenario(ScenarioConfig& config,
                               const std::string& sender,
                               const std::string& condition,
                               uint32_t seed);

} // namespace ns3

#endif
