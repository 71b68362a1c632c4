#include "stats.h"

#include "logger.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace mxrace
{
namespace linux_io
{

Stats::Entry&
Stats::Find(const std::string& name, bool isDrops)
{
    for (Entry& entry : m_entries)
    {
        if (entry.name == name && entry.isDrops == isDrops)
        {
            return entry;
        }
    }
    m_entries.emplace_back();
    m_entries.back().name = name;
    m_entries.back().isDrops = isDrops;
    return m_entries.back();
}

uint64_t&
Stats::Counter(const std::string& name)
{
    return Find(name, false).value;
}

core::DropCounters&
Stats::Drops(const std::string& prefix, const std::vector<core::DropReason>& listed)
{
    Entry& entry = Find(prefix, true);
    entry.listed = listed;
    return entry.drops;
}

std::vector<core::DropReason>
Stats::ListedReasons(const Entry& entry)
{
    std::vector<core::DropReason> reasons = entry.listed;
    for (size_t i = 1; i < core::kDropReasonCount; ++i)
    {
        auto reason = static_cast<core::DropReason>(i);
        bool listed = std::find(reasons.begin(), reasons.end(), reason) != reasons.end();
        if (!listed && (entry.listed.empty() || entry.drops.Get(reason) != 0))
        {
            reasons.push_back(reason);
        }
    }
    return reasons;
}

std::vector<std::pair<std::string, uint64_t>>
Stats::Snapshot() const
{
    std::vector<std::pair<std::string, uint64_t>> snapshot;
    for (const Entry& entry : m_entries)
    {
        if (!entry.isDrops)
        {
            snapshot.emplace_back(entry.name, entry.value);
            continue;
        }
        for (core::DropReason reason : ListedReasons(entry))
        {
            snapshot.emplace_back(entry.name + "." + core::ToString(reason),
                                  entry.drops.Get(reason));
        }
        snapshot.emplace_back(entry.name + "-total", entry.drops.Total());
    }
    return snapshot;
}

std::string
Stats::WriteFile(const std::string& path,
                 const std::vector<std::pair<std::string, uint64_t>>& snapshot)
{
    std::string text;
    for (const auto& [name, value] : snapshot)
    {
        text += name + " " + std::to_string(value) + "\n";
    }

    std::string temporary = path + ".tmp";
    FILE* file = std::fopen(temporary.c_str(), "w");
    if (file == nullptr)
    {
        return "cannot create " + temporary + ": " + std::strerror(errno);
    }
    size_t written = std::fwrite(text.data(), 1, text.size(), file);
    int writeErrno = errno;
    if (std::fclose(file) != 0 || written != text.size())
    {
        int error = written != text.size() ? writeErrno : errno;
        std::remove(temporary.c_str());
        return "cannot write " + temporary + ": " + std::strerror(error);
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0)
    {
        int error = errno;
        std::remove(temporary.c_str());
        return "cannot rename " + temporary + " to " + path + ": " + std::strerror(error);
    }
    return "";
}

bool
Stats::Report(const std::string& cause)
{
    auto snapshot = Snapshot();

    // The log line leaves out zero drop counters: there are more than twenty reasons, and
    // the statistics file lists all of them.
    std::string line = "statistics (" + cause + "):";
    for (const Entry& entry : m_entries)
    {
        if (!entry.isDrops)
        {
            line += " " + entry.name + "=" + std::to_string(entry.value);
            continue;
        }
        line += " " + entry.name + "-total=" + std::to_string(entry.drops.Total());
        for (size_t i = 1; i < core::kDropReasonCount; ++i)
        {
            auto reason = static_cast<core::DropReason>(i);
            if (entry.drops.Get(reason) != 0)
            {
                line += " " + entry.name + "." + core::ToString(reason) + "=" +
                        std::to_string(entry.drops.Get(reason));
            }
        }
    }
    LogInfo(line);
    Logger::Instance().FlushSuppressed();

    if (m_file.empty())
    {
        return true;
    }
    std::string error = WriteFile(m_file, snapshot);
    if (!error.empty())
    {
        LogError("statistics file not written: " + error);
        return false;
    }
    return true;
}

} // namespace linux_io
} // namespace mxrace
