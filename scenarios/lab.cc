/**
 * \file
 * mxrace-lab: runs the laboratory experiment of the paper (its Fig. 5) once and writes one
 * CSV row. scenarios/reproduce.py runs it for every condition and seed.
 *
 * Usage: mxrace-lab --config=scenarios/lab/lab.conf --condition=none --seed=1
 *                   [--row-file=FILE] [--set=key=value ...]
 */

#include "sim/helper/lab-scenario.h"
#include "sim/helper/scenario-config.h"
#include "sim/helper/scenario-support.h"

#include "ns3/command-line.h"

#include <cstdint>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

/** Values of --set, in command-line order. */
std::vector<std::string> g_overrides;

/** CommandLine callback of --set. */
bool
AddOverride(const std::string& assignment)
{
    g_overrides.push_back(assignment);
    return true;
}

int
Run(int argc, char** argv)
{
    std::string configPath = MXRACE_SOURCE_DIR "/scenarios/lab/lab.conf";
    std::string condition = "none";
    int64_t seed = 1;
    std::string rowFile;

    CommandLine cmd("mxrace-lab");
    cmd.Usage("Runs the laboratory experiment of the paper once (one organisation host with two NICs, 100 mails at 1-second intervals) and writes one CSV row: condition, seed, added_delay_ms, mails_sent, via_mgw1, via_mgw2 (mails the inside MTA received through each gateway), lost, duplicates, mean/max_delivery_s, queries_answered (MX and A), mx_answers_won_dns1/2 (which server's MX answer arrived first), late_answers (second answers that arrived while the resolver still listened), resolver_timeouts, events (simulator events).");
    cmd.AddValue("config", "Scenario parameter file (default: the one in the source tree)",
                 configPath);
    cmd.AddValue("condition", "none, delay-path1, delay-path2, ftp-path1 or ftp-path2",
                 condition);
    cmd.AddValue("seed", "Run number of ns-3's random number generator (1 or more)", seed);
    cmd.AddValue("row-file", "CSV file for the result row (default: standard output)", rowFile);
    cmd.AddValue("set",
                 "Override a parameter of the config file: --set=key=value (repeatable)",
                 MakeCallback(&AddOverride));
    cmd.Parse(argc, argv);
    if (seed < 1 || seed > UINT32_MAX)
    {
        throw std::runtime_error("--seed=" + std::to_string(seed) +
                                 " is out of range: expected 1 to 4294967295");
    }

    ScenarioConfig config;
    config.LoadFile(configPath);
    for (const std::string& item : g_overrides)
    {
        config.Override(item, "--set");
    }
    LabResult result = RunLabScenario(config, condition, static_cast<uint32_t>(seed));
    WriteCsvRow(rowFile, LabResult::CsvHeader(), result.CsvRow());
    return 0;
}

} // namespace

int
main(int argc, char** argv)
{
    try
    {
        return Run(argc, argv);
    }
    catch (const std::exception& error)
    {
        std::cerr << "mxrace-lab: " << error.what() << "\n";
        return 2;
    }
}
