#include "logger.h"

#include <unistd.h>

#include <cstdlib>
#include <ctime>

namespace mxrace
{
namespace linux_io
{

bool
ParseLogLevel(const std::string& text, LogLevel& level)
{
    static const LogLevel kLevels[] = {LogLevel::Error, LogLevel::Warning, LogLevel::Info,
                                       LogLevel::Debug};
    for (LogLevel candidate : kLevels)
    {
        if (text == ToString(candidate))
        {
            level = candidate;
            return true;
        }
    }
    return false;
}

const char*
ToString(LogLevel level)
{
    switch (level)
    {
    case LogLevel::Error:
        return "error";
    case LogLevel::Warning:
        return "warning";
    case LogLevel::Info:
        return "info";
    case LogLevel::Debug:
        return "debug";
    }
    return "unknown";
}

Logger&
Logger::Instance()
{
    static Logger logger;
    return logger;
}

Logger::Logger()
    : m_journal(std::getenv("JOURNAL_STREAM") != nullptr)
{
}

void
Logger::Write(LogLevel level, const std::string& message)
{
    if (!IsEnabled(level))
    {
        return;
    }

    // Syslog priorities: err 3, warning 4, info 6, debug 7.
    static const char* const kPriority[] = {"<3>", "<4>", "<6>", "<7>"};
    std::string line;
    if (m_journal)
    {
        line = kPriority[static_cast<size_t>(level)];
    }
    else
    {
        char stamp[32];
        time_t now = time(nullptr);
        tm local{};
        localtime_r(&now, &local);
        size_t length = strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S ", &local);
        line.assign(stamp, length);
    }
    line += m_programName;
    line += ' ';
    line += ToString(level);
    line += ": ";
    line += message;
    line += '\n';

    // One write() per line keeps lines whole when several processes share the stream;
    // a failed or short write to stderr is ignored because there is nowhere to report it.
    ssize_t ignored = ::write(STDERR_FILENO, line.data(), line.size());
    (void)ignored;
}

void
Logger::WriteLimited(LogLevel level,
                     const std::string& kind,
                     const std::string& message,
                     uint64_t nowNs)
{
    if (!IsEnabled(level))
    {
        return;
    }

    KindState& state = m_kinds[kind];
    state.level = level;
    if (state.written > 0 && nowNs - state.windowStartNs >= kLimitedWindowNs)
    {
        if (state.suppressed > 0)
        {
            Write(level, std::to_string(state.suppressed) + " similar messages suppressed (" +
                             kind + ")");
        }
        state.written = 0;
        state.suppressed = 0;
    }
    if (state.written == 0)
    {
        state.windowStartNs = nowNs;
    }
    if (state.written >= kLimitedBurst)
    {
        ++state.suppressed;
        return;
    }
    ++state.written;
    Write(level, message);
}

void
Logger::FlushSuppressed()
{
    for (auto& [kind, state] : m_kinds)
    {
        if (state.suppressed > 0)
        {
            Write(state.level, std::to_string(state.suppressed) +
                                   " similar messages suppressed (" + kind + ")");
            state.suppressed = 0;
        }
    }
}

void
LogError(const std::string& message)
{
    Logger::Instance().Write(LogLevel::Error, message);
}

void
LogWarning(const std::string& message)
{
    Logger::Instance().Write(LogLevel::Warning, message);
}

void
LogInfo(const std::string& message)
{
    Logger::Instance().Write(LogLevel::Info, message);
}

void
LogDebug(const std::string& message)
{
    Logger::Instance().Write(LogLevel::Debug, message);
}

} // namespace linux_io
} // namespace mxrace
