/**
 * \file
 * mxrace-misasa: runs the real-network experiment of the paper (its Fig. 6) once and
 * writes one CSV row. scenarios/reproduce.py runs it for every sender, condition and seed.
 *
 * Usage: mxrace-misasa --config=scenarios/misasa/misasa.conf --sender=osaka
 *                      --condition=normal --seed=1 [--row-file=FILE] [--set=key=value ...]
 */

#include "sim/helper/misasa-scenario.h"
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
    std::string configPath = MXRACE_SOURCE_DIR "/scenarios/misasa/misasa.conf";
    std::string sender = "tsushima";
    std::string condition = "normal";
    int64_t seed = 1;
    std::string rowFile;

    CommandLine cmd("mxrace-misasa");
    cmd.Usage("Runs the Misasa experiment of the paper once (Okayama University's Misasa campus, multihomed via Tottori and via OKIX; one sender, 100 mails at 1-second intervals) and writes one CSV row: sender, condition, seed, mails_sent, via_tottori, via_okix (mails received through each route's gateway), lost, duplicates, mean/max_delivery_s, mx_answers_won_tottori/okix, late_answers, resolver_timeouts, load_mbps (load mail the loaded gateway accepted), events.");
    cmd.AddValue("config", "Scenario parameter file (default: the one in the source tree)",
                 configPath);
    cmd.AddValue("sender", "tsushima or osaka", sender);
    cmd.AddValue("condition", "normal, load-tottori or load-okix", condition);
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
    MisasaResult result = RunMisasaScenario(config, sender, condition, static_cast<uint32_t>(seed));
    WriteCsvRow(rowFile, MisasaResult::CsvHeader(), result.CsvRow());
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
        std::cerr << "mxrace-misasa: " << error.what() << "\n";
        return 2;
    }
}
