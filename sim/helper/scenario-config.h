/**
 * \file
 * Reader for the scenario parameter files under scenarios/.
 */
#ifndef MXRACE_SCENARIO_CONFIG_H
#define MXRACE_SCENARIO_CONFIG_H

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \brief Parameters of a scenario, read from `key = value` files.
 *
 * A line holds one `key = value` pair; `#` starts a comment, which the files use to give
 * the reason for each value. Later files and command-line overrides replace earlier
 * values. Every read key is marked as used, and CheckAllUsed() reports the keys nobody
 * read, so that a misspelt key stops the run instead of being ignored.
 *
 * Errors throw std::runtime_error with the file name, line number and what is expected.
 */
class ScenarioConfig
{
  public:
    /**
     * \brief Reads \p path and merges its values.
     * \throws std::runtime_error if the file cannot be read or a line is not `key = value`
     */
    void LoadFile(const std::string& path);

    /**
     * \brief Sets \p key from an override of the form `key=value`.
     * \param origin where the override came from, for error messages
     * \throws std::runtime_error if \p assignment has no `=`
     */
    void Override(const std::string& assignment, const std::string& origin);

    /** \returns true if \p key has a value. */
    bool Has(const std::string& key) const;

    /** \returns the value of \p key. \throws std::runtime_error if it is missing. */
    std::string GetString(const std::string& key);

    /**
     * \returns \p key as a file path: a relative path is taken relative to the folder of
     * the config file that set it (or to the current directory for an override).
     * \throws std::runtime_error if it is missing
     */
    std::string GetPath(const std::string& key);

    /** \returns \p key as a double. \throws std::runtime_error if missing or not a number. */
    double GetDouble(const std::string& key);

    /** \returns \p key as an unsigned integer. \throws std::runtime_error if invalid. */
    uint64_t GetUnsigned(const std::string& key);

    /**
     * \returns \p key as an ns-3 data rate string ("10Mbps", "1Gbps").
     * \throws std::runtime_error if ns-3 cannot parse it or the rate is 0
     */
    std::string GetDataRate(const std::string& key);

    /**
     * \returns \p key as an IPv4 address in dotted-quad form.
     * \throws std::runtime_error if it is not one
     */
    std::string GetIpv4(const std::string& key);

    /** \returns \p key as true/false (also yes/no, 1/0). \throws std::runtime_error if invalid. */
    bool GetBool(const std::string& key);

    /** \returns \p key as a comma-separated list of doubles. \throws std::runtime_error if invalid. */
    std::vector<double> GetDoubleList(const std::string& key);

    /** \returns \p key split at commas, blanks trimmed. \throws std::runtime_error if missing. */
    std::vector<std::string> GetList(const std::string& key);

    /**
     * \brief Checks that every key was read.
     * \throws std::runtime_error naming the unused keys and where they were set
     */
    void CheckAllUsed() const;

    /** \returns every key and value in key order, as `key = value` lines. */
    std::string Dump() const;

  private:
    /** A value and where it was set. */
    struct Entry
    {
        std::string value;  //!< Text after '=', trimmed.
        std::string origin; //!< "file:line" or the override's origin.
        std::string folder; //!< Folder of the file that set it; empty for an override.
    };

    /** \returns the entry of \p key, marking it used. \throws std::runtime_error if missing. */
    const Entry& Lookup(const std::string& key);

    std::map<std::string, Entry> m_entries; //!< Values by key.
    std::set<std::string> m_used;           //!< Keys read so far.
};

} // namespace ns3

#endif
