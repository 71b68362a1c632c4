/**
 * \file
 * Command-line and config-file options of the daemons, with errors that name the option,
 * the value, what is expected and, for the config file, the file and line.
 */
#ifndef MXRACE_LINUX_OPTION_SET_H
#define MXRACE_LINUX_OPTION_SET_H

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace mxrace
{
namespace daemon
{

/**
 * \brief An invalid command line or configuration, with the complete message in what().
 */
class ConfigError : public std::runtime_error
{
  public:
    using std::runtime_error::runtime_error;
};

/**
 * \brief Makes \p text safe to quote in a message.
 *
 * Bytes outside printable ASCII become \xNN (lowercase hex) and a backslash becomes \\, so
 * that a NUL cannot end the message early and control bytes reach no terminal. Text whose
 * escaped form is longer than \p maxLength characters is cut before the first escape that
 * does not fit, and "..." is appended.
 */
std::string EscapeForMessage(const std::string& text, size_t maxLength = 80);

/**
 * \brief Formats \p number in plain decimal notation with the fewest digits that read
 * back as the same double: 1000000000, 0.5, never 1e+09.
 */
std::string FormatDecimal(double number);

/**
 * \brief Description of one option.
 */
struct OptionSpec
{
    std::string name;            //!< Long name, as on the command line and in the file.
    std::string valueName;       //!< Placeholder in --help ("ADDR[:PORT]"); empty for a flag.
    std::string help;            //!< Meaning and unit, for --help.
    std::string defaultValue{};  //!< Value used when the option is absent (if hasDefault).
    bool hasDefault{false};      //!< Whether defaultValue applies.
    bool repeatable{false};      //!< Whether the option may be given several times.
    bool commandLineOnly{false}; //!< Whether the config file may not contain it.
    std::string implicitValue{}; //!< Value of "--name" without "=VALUE" (booleans: "true").
};

/**
 * \brief One value of an option, with where it came from.
 */
struct OptionValue
{
    std::string value;  //!< The text as given, surrounding blanks removed in the file.
    std::string file{}; //!< Config file, or empty for the command line or a default.
    unsigned line{0};   //!< Line in the file (1-based), or 0.
    bool isDefault{false}; //!< Whether this is the option's default value.
};

/**
 * \brief Parses options with Boost.Program_options from the command line and from the INI
 * file (name = value) given by the option "config".
 *
 * Every option may appear in both places, except those marked commandLineOnly. An option
 * given on the command line replaces all of its lines in the file. A non-repeatable option
 * may appear once in each place.
 *
 * Boost reports config-file errors without a line number, so Parse() first scans the file
 * and records the line of every option. The scan follows Boost 1.74's rules: '#' starts a
 * comment, and blanks around names and values are removed. [section] headers are
 * rejected.
 */
class OptionSet
{
  public:
    /**
     * \brief Creates an empty set.
     * \param program the program name, used in messages
     * \param summary one paragraph about the program, shown by --help
     */
    OptionSet(std::string program, std::string summary);

    /** Adds \p spec; names must be unique. */
    void Add(const OptionSpec& spec);

    /**
     * \brief Parses \p argv, then the config file if one is given.
     * \throws ConfigError naming the argument, or the file and line, at fault
     */
    void Parse(int argc, const char* const* argv);

    /** \returns true if \p name was given (command line or file); defaults do not count. */
    bool IsGiven(const std::string& name) const;

    /** \returns every value of \p name in order, or an empty list; defaults not included. */
    std::vector<OptionValue> Values(const std::string& name) const;

    /** \returns the value of \p name, its default, or nothing. */
    std::optional<OptionValue> Value(const std::string& name) const;

    /** \returns the value of \p name, its default, or an empty string. */
    std::string GetString(const std::string& name) const;

    /**
     * \brief Converts the value of \p name to an integer in [\p min, \p max].
     * \throws ConfigError if it is not a decimal integer in that range
     */
    uint64_t GetUnsigned(const std::string& name, uint64_t min, uint64_t max) const;

    /**
     * \brief Converts the value of \p name to a decimal number in [\p min, \p max].
     * \throws ConfigError if it is not a finite decimal number in that range
     */
    double GetDecimal(const std::string& name, double min, double max) const;

    /**
     * \brief Converts the value of \p name to a boolean: true, yes, on, 1, false, no, off
     * or 0 (any letter case).
     * \throws ConfigError otherwise
     */
    bool GetBool(const std::string& name) const;

    /**
     * \brief Builds the error for an invalid value.
     * \param name the option
     * \param value the value at fault, with its origin
     * \param expected what a valid value looks like ("an integer from 1 to 255")
     * \returns an error reading "FILE:LINE: invalid value "V" for option "N": expected ..."
     *          or "invalid value "V" for option --N on the command line: expected ..."
     */
    ConfigError InvalidValue(const std::string& name,
                             const OptionValue& value,
                             const std::string& expected) const;

    /** \returns the text of --help: usage, summary and every option with its default. */
    std::string Help() const;

    /** \returns the program name given to the constructor. */
    const std::string& Program() const
    {
        return m_program;
    }

  private:
    /** \returns the spec of \p name, or nullptr. */
    const OptionSpec* Find(const std::string& name) const;

    /** Parses the config file \p path into m_fileValues. */
    void ParseFile(const std::string& path);

    std::string m_program;                                      //!< Program name.
    std::string m_summary;                                      //!< Text for --help.
    std::vector<OptionSpec> m_specs;                            //!< Options in help order.
    std::map<std::string, std::vector<OptionValue>> m_values;   //!< Effective values.
};

} // namespace daemon
} // namespace mxrace

#endif
