/**
 * \file
 * Logging to stderr with levels and per-kind rate limiting.
 */
#ifndef MXRACE_LINUX_LOGGER_H
#define MXRACE_LINUX_LOGGER_H

#include <cstdint>
#include <map>
#include <string>

namespace mxrace
{
namespace linux_io
{

/** Severity of a log message; a logger set to one level writes it and the levels above it. */
enum class LogLevel : uint8_t
{
    Error,
    Warning,
    Info,
    Debug
};

/**
 * \brief Parses a level name: "error", "warning", "info" or "debug".
 * \returns false if \p text is none of them
 */
bool ParseLogLevel(const std::string& text, LogLevel& level);

/** \returns the name of \p level, as ParseLogLevel() accepts it. */
const char* ToString(LogLevel level);

/**
 * \brief Writes log lines to stderr, one write() per line.
 *
 * Under systemd (JOURNAL_STREAM set) each line starts with a syslog priority prefix such
 * as "<3>", which journald turns into the message's priority, and carries no time stamp
 * because the journal adds one. Otherwise each line starts with the local time.
 *
 * The daemons are single-threaded, so the logger takes no lock.
 */
class Logger
{
  public:
    /** \returns the process-wide logger. */
    static Logger& Instance();

    /** Sets the least severe level that is written. */
    void SetLevel(LogLevel level)
    {
        m_level = level;
    }

    /** \returns true if messages of \p level are written; test it before building a
     *  per-packet message. */
    bool IsEnabled(LogLevel level) const
    {
        return level <= m_level;
    }

    /** Sets the program name that starts every line (for example "mxrace-proxy"). */
    void SetProgramName(const std::string& name)
    {
        m_programName = name;
    }

    /** Writes \p message at \p level if that level is enabled. */
    void Write(LogLevel level, const std::string& message);

    /**
     * \brief Writes \p message unless messages of \p kind are being suppressed.
     *
     * Each kind may write kLimitedBurst messages per kLimitedWindowNs. Later ones in the
     * same window are counted, and the count is written with the next message of that
     * kind after the window, or by FlushSuppressed(). This keeps a flood of bad packets
     * from filling the disk with log lines.
     *
     * \param level severity
     * \param kind a stable key such as "send-error 192.0.2.1"
     * \param message the text
     * \param nowNs monotonic time in nanoseconds
     */
    void WriteLimited(LogLevel level,
                      const std::string& kind,
                      const std::string& message,
                      uint64_t nowNs);

    /** Writes one line per kind with suppressed messages, and resets those counts. */
    void FlushSuppressed();

    static constexpr unsigned kLimitedBurst = 10;                   //!< Messages per window.
    static constexpr uint64_t kLimitedWindowNs = 60000000000ULL;    //!< Window: 60 s.

  private:
    Logger();

    /** Rate-limiting state of one kind. */
    struct KindState
    {
        uint64_t windowStartNs{0}; //!< Start of the current window.
        unsigned written{0};       //!< Messages written in the window.
        uint64_t suppressed{0};    //!< Messages suppressed since the last report.
        LogLevel level{LogLevel::Error}; //!< Level of the last message of this kind.
    };

    LogLevel m_level{LogLevel::Info};      //!< Least severe level written.
    std::string m_programName{"mxrace"};   //!< Prefix of every line.
    bool m_journal{false};                 //!< Whether stderr is connected to journald.
    std::map<std::string, KindState> m_kinds; //!< Rate-limiting state per kind.
};

/** Writes \p message at level Error. */
void LogError(const std::string& message);
/** Writes \p message at level Warning. */
void LogWarning(const std::string& message);
/** Writes \p message at level Info. */
void LogInfo(const std::string& message);
/** Writes \p message at level Debug. */
void LogDebug(const std::string& message);

/** \returns true if debug messages are written. */
inline bool
IsDebugEnabled()
{
    return Logger::Instance().IsEnabled(LogLevel::Debug);
}

} // namespace linux_io
} // namespace mxrace

#endif
