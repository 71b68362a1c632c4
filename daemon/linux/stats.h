/**
 * \file
 * Named counters of a daemon, reported to the log and to an optional statistics file.
 */
#ifndef MXRACE_LINUX_STATS_H
#define MXRACE_LINUX_STATS_H

#include "core/drop-reason.h"

#include <cstdint>
#include <deque>
#include <string>
#include <utility>
#include <vector>

namespace mxrace
{
namespace linux_io
{

/**
 * \brief The counters of one daemon, in the order they were created.
 *
 * Besides the named counters, a Stats contains core::DropCounters under prefixes such as
 * "dropped". Each set appears as "<prefix>.<reason>" for every core::DropReason (or for
 * the reasons given to Drops()), zeros included so that a reader finds every name, plus
 * "<prefix>-total".
 */
class Stats
{
  public:
    /**
     * \brief Returns the counter \p name, created at 0 on first use.
     * \returns a reference that stays valid as long as this Stats
     */
    uint64_t& Counter(const std::string& name);

    /**
     * \brief Returns the drop counters reported under \p prefix, created on first use.
     * \param listed the reasons that every snapshot lists, in this order, or empty for
     *        all. Use it where only some reasons can occur. Another reason is listed
     *        while its counter is not zero, so the lines always add up to the total.
     * \returns a reference that stays valid as long as this Stats
     */
    core::DropCounters& Drops(const std::string& prefix,
                              const std::vector<core::DropReason>& listed = {});

    /** \returns every counter as (name, value), in creation order, drops expanded. */
    std::vector<std::pair<std::string, uint64_t>> Snapshot() const;

    /** Sets the statistics file written by Report(); empty for none. */
    void SetFile(const std::string& path)
    {
        m_file = path;
    }

    /**
     * \brief Logs the counters at level info (zero drop counters left out) and writes the
     * statistics file.
     * \param cause why the report is made, for the log ("periodic", "SIGUSR1", "exit")
     * \returns false if the file could not be written (the error is logged)
     */
    bool Report(const std::string& cause);

    /**
     * \brief Writes \p snapshot to \p path as "name value" lines through a temporary file
     * and rename(), so that a reader never sees a partly written file.
     * \returns an empty string, or the error
     */
    static std::string WriteFile(const std::string& path,
                                 const std::vector<std::pair<std::string, uint64_t>>& snapshot);

  private:
    /** One entry: a named counter, or a set of drop counters. */
    struct Entry
    {
        std::string name;         //!< Counter name, or the prefix of drop counters.
        bool isDrops{false};      //!< Whether this entry is a set of drop counters.
        uint64_t value{0};        //!< The counter, when !isDrops.
        core::DropCounters drops; //!< The drop counters, when isDrops.
        std::vector<core::DropReason> listed; //!< Reasons always listed; empty: all.
    };

    /** \returns the entry \p name of kind \p isDrops, created on first use. */
    Entry& Find(const std::string& name, bool isDrops);

    /** \returns the drop reasons of \p entry that a snapshot lists, in order. */
    static std::vector<core::DropReason> ListedReasons(const Entry& entry);

    std::deque<Entry> m_entries; //!< A deque keeps references valid as it grows.
    std::string m_file;          //!< Statistics file, or empty.
};

} // namespace linux_io
} // namespace mxrace

#endif
