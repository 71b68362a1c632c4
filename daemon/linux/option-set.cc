#include "option-set.h"

#include <boost/program_options.hpp>

#include <cctype>
#include <charconv>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iomanip>
#include <set>
#include <sstream>

namespace po = boost::program_options;

namespace mxrace
{
namespace daemon
{

namespace
{

/** Blanks that Boost 1.74's config-file parser removes around names and values. */
constexpr const char* kBlanks = " \t\r\n";

/** \returns \p text without leading and trailing blanks. */
std::string
Trim(const std::string& text)
{
    size_t first = text.find_first_not_of(kBlanks);
    if (first == std::string::npos)
    {
        return "";
    }
    size_t last = text.find_last_not_of(kBlanks);
    return text.substr(first, last - first + 1);
}

/** \returns "FILE:LINE: " for a value from a file, or "" otherwise. */
std::string
Where(const OptionValue& value)
{
    if (value.file.empty())
    {
        return "";
    }
    return value.file + ":" + std::to_string(value.line) + ": ";
}

/**
 * \brief Builds the Boost description of \p specs.
 * \param forFile leave out the options that the config file may not contain
 */
po::options_description
BuildDescription(const std::vector<OptionSpec>& specs, bool forFile)
{
    po::options_description description("Options", 100, 50);
    for (const OptionSpec& spec : specs)
    {
        if (forFile && spec.commandLineOnly)
        {
            continue;
        }

        std::string help = spec.help;
        if (spec.repeatable)
        {
            help += " Repeatable.";
        }
        if (spec.commandLineOnly)
        {
            help += " Command line only.";
        }

        if (spec.valueName.empty())
        {
            description.add_options()(spec.name.c_str(), po::bool_switch(), help.c_str());
            continue;
        }
        po::typed_value<std::string>* semantic =
            po::value<std::string>()->value_name(spec.valueName);
        if (spec.hasDefault)
        {
            semantic->default_value(spec.defaultValue);
        }
        if (!spec.implicitValue.empty())
        {
            semantic->implicit_value(spec.implicitValue);
        }
        description.add_options()(spec.name.c_str(), semantic, help.c_str());
    }
    return description;
}

} // namespace

std::string
EscapeForMessage(const std::string& text, size_t maxLength)
{
    constexpr const char* kHexDigits = "0123456789abcdef";
    std::string escaped;
    for (char c : text)
    {
        auto byte = static_cast<unsigned char>(c);
        std::string piece;
        if (c == '\\')
        {
            piece = "\\\\";
        }
        else if (byte >= 0x20 && byte < 0x7f)
        {
            piece = std::string(1, c);
        }
        else
        {
            piece = {'\\', 'x', kHexDigits[byte >> 4], kHexDigits[byte & 0x0f]};
        }

        if (escaped.size() + piece.size() > maxLength)
        {
            return escaped + "...";
        }
        escaped += piece;
    }
    return escaped;
}

std::string
FormatDecimal(double number)
{
    // The largest double is about 1.8e308, so 400 characters hold any value in full.
    char text[400];
    std::to_chars_result result =
        std::to_chars(text, text + sizeof(text), number, std::chars_format::fixed);
    return std::string(text, result.ptr);
}

OptionSet::OptionSet(std::string program, std::string summary)
    : m_program(std::move(program)),
      m_summary(std::move(summary))
{
}

void
OptionSet::Add(const OptionSpec& spec)
{
    m_specs.push_back(spec);
}

const OptionSpec*
OptionSet::Find(const std::string& name) const
{
    for (const OptionSpec& spec : m_specs)
    {
        if (spec.name == name)
        {
            return &spec;
        }
    }
    return nullptr;
}

void
OptionSet::Parse(int argc, const char* const* argv)
{
    m_values.clear();

    // Abbreviated option names are turned off: "--serv" must not silently mean "--server".
    po::options_description description = BuildDescription(m_specs, false);
    po::parsed_options parsed(&description);
    try
    {
        parsed = po::command_line_parser(argc, argv)
                     .options(description)
                     .style(po::command_line_style::default_style &
                            ~po::command_line_style::allow_guessing)
                     .run();
    }
    catch (const po::error& error)
    {
        // Boost quotes the argument at fault, which may be of any length and contain any
        // byte, so its message is escaped with more room than a single value gets.
        throw ConfigError(EscapeForMessage(error.what(), 160) + " (run " + m_program +
                          " --help for the list of options)");
    }

    for (const po::option& option : parsed.options)
    {
        if (option.position_key >= 0 || option.string_key.empty())
        {
            std::string token = option.value.empty() ? "" : option.value.front();
            throw ConfigError("unexpected argument \"" + EscapeForMessage(token) +
                              "\" on the command line: write options as --name VALUE or "
                              "--name=VALUE, and boolean options as --name or --name=false");
        }
        const OptionSpec* spec = Find(option.string_key);
        if (spec == nullptr)
        {
            throw ConfigError("unknown option --" + option.string_key + " (run " + m_program +
                              " --help for the list of options)");
        }
        if (!spec->repeatable && m_values.count(spec->name) != 0)
        {
            throw ConfigError("option --" + spec->name +
                              " is given twice on the command line: give it once");
        }
        OptionValue value;
        if (!option.value.empty())
        {
            value.value = option.value.front();
        }
        else
        {
            value.value = spec->implicitValue.empty() ? "true" : spec->implicitValue;
        }
        m_values[spec->name].push_back(value);
    }

    auto config = m_values.find("config");
    if (config != m_values.end())
    {
        ParseFile(config->second.front().value);
    }
}

void
OptionSet::ParseFile(const std::string& path)
{
    // Step 1: scan the file with Boost's rules, to give every error a line number.
    struct Line
    {
        std::string name;
        unsigned number;
    };
    std::vector<Line> lines;
    std::ifstream stream(path);
    if (!stream)
    {
        throw ConfigError("cannot open config file " + path + ": " + std::strerror(errno));
    }
    std::map<std::string, unsigned> firstLine;
    std::string text;
    unsigned number = 0;
    while (std::getline(stream, text))
    {
        ++number;
        std::string where = path + ":" + std::to_string(number) + ": ";
        size_t comment = text.find('#');
        if (comment != std::string::npos)
        {
            text.erase(comment);
        }
        text = Trim(text);
        if (text.empty())
        {
            continue;
        }
        if (text.front() == '[' && text.back() == ']')
        {
            throw ConfigError(where + "sections such as " + EscapeForMessage(text) +
                              " are not supported: write name = value lines only");
        }
        size_t equals = text.find('=');
        if (equals == std::string::npos)
        {
            throw ConfigError(where + "invalid line \"" + EscapeForMessage(text) +
                              "\": expected name = value");
        }
        std::string name = Trim(text.substr(0, equals));
        const OptionSpec* spec = Find(name);
        if (spec == nullptr)
        {
            throw ConfigError(where + "unknown option \"" + EscapeForMessage(name) +
                              "\" (run " + m_program +
                              " --help for the list of options)");
        }
        if (spec->commandLineOnly)
        {
            throw ConfigError(where + "option \"" + name +
                              "\" is only valid on the command line");
        }
        auto [previous, inserted] = firstLine.emplace(name, number);
        if (!inserted && !spec->repeatable)
        {
            throw ConfigError(where + "option \"" + name + "\" is already set on line " +
                              std::to_string(previous->second) + ": give it once");
        }
        lines.push_back(Line{name, number});
    }
    if (stream.bad())
    {
        throw ConfigError("cannot read config file " + path + ": " + std::strerror(errno));
    }

    // Step 2: let Boost parse it. After the scan it should find nothing to reject.
    po::options_description description = BuildDescription(m_specs, true);
    po::parsed_options parsed(&description);
    try
    {
        parsed = po::parse_config_file<char>(path.c_str(), description, false);
    }
    catch (const po::error& error)
    {
        throw ConfigError(path + ": " + EscapeForMessage(error.what(), 160));
    }
    if (parsed.options.size() != lines.size())
    {
        throw ConfigError(path + ": found " + std::to_string(lines.size()) +
                          " options, but Boost.Program_options found " +
                          std::to_string(parsed.options.size()));
    }

    // Step 3: pair Boost's options, which come in file order, with the scanned lines. An
    // option given on the command line replaces its lines in the file.
    std::set<std::string> fromCommandLine;
    for (const auto& [name, values] : m_values)
    {
        fromCommandLine.insert(name);
    }
    for (size_t i = 0; i < lines.size(); ++i)
    {
        const po::option& option = parsed.options[i];
        if (option.string_key != lines[i].name)
        {
            throw ConfigError(path + ":" + std::to_string(lines[i].number) +
                              ": Boost.Program_options read option \"" + option.string_key +
                              "\" here, expected \"" + lines[i].name + "\"");
        }
        if (fromCommandLine.count(lines[i].name) != 0)
        {
            continue;
        }
        OptionValue value;
        value.value = option.value.empty() ? "" : option.value.front();
        value.file = path;
        value.line = lines[i].number;
        m_values[lines[i].name].push_back(value);
    }
}

bool
OptionSet::IsGiven(const std::string& name) const
{
    return m_values.count(name) != 0;
}

std::vector<OptionValue>
OptionSet::Values(const std::string& name) const
{
    auto it = m_values.find(name);
    return it == m_values.end() ? std::vector<OptionValue>() : it->second;
}

std::optional<OptionValue>
OptionSet::Value(const std::string& name) const
{
    auto it = m_values.find(name);
    if (it != m_values.end())
    {
        return it->second.front();
    }
    const OptionSpec* spec = Find(name);
    if (spec != nullptr && spec->hasDefault)
    {
        OptionValue value;
        value.value = spec->defaultValue;
        value.isDefault = true;
        return value;
    }
    return std::nullopt;
}

std::string
OptionSet::GetString(const std::string& name) const
{
    std::optional<OptionValue> value = Value(name);
    return value ? value->value : "";
}

uint64_t
OptionSet::GetUnsigned(const std::string& name, uint64_t min, uint64_t max) const
{
    std::optional<OptionValue> value = Value(name);
    std::string expected =
        "an integer from " + std::to_string(min) + " to " + std::to_string(max);
    if (!value)
    {
        throw ConfigError("missing option \"" + name + "\": expected " + expected);
    }

    const std::string& text = value->value;
    bool digitsOnly = !text.empty() && text.size() <= 19 &&
                      text.find_first_not_of("0123456789") == std::string::npos;
    if (!digitsOnly)
    {
        throw InvalidValue(name, *value, expected);
    }
    uint64_t number = std::strtoull(text.c_str(), nullptr, 10);
    if (number < min || number > max)
    {
        throw InvalidValue(name, *value, expected);
    }
    return number;
}

double
OptionSet::GetDecimal(const std::string& name, double min, double max) const
{
    std::optional<OptionValue> value = Value(name);
    std::ostringstream range;
    range << std::fixed << std::setprecision(min == std::floor(min) && max == std::floor(max) ? 0 : 3)
          << "a decimal number from " << min << " to " << max;
    if (!value)
    {
        throw ConfigError("missing option \"" + name + "\": expected " + range.str());
    }

    // Digits with at most one decimal point: no sign, exponent, "inf" or "nan".
    const std::string& text = value->value;
    size_t point = text.find('.');
    bool wellFormed = !text.empty() && text.size() <= 32 && text.front() != '.' &&
                      text.back() != '.' &&
                      text.find_first_not_of("0123456789.") == std::string::npos &&
                      (point == std::string::npos || text.find('.', point + 1) == std::string::npos);
    if (!wellFormed)
    {
        throw InvalidValue(name, *value, range.str());
    }
    double number = std::strtod(text.c_str(), nullptr);
    if (!std::isfinite(number) || number < min || number > max)
    {
        throw InvalidValue(name, *value, range.str());
    }
    return number;
}

bool
OptionSet::GetBool(const std::string& name) const
{
    std::optional<OptionValue> value = Value(name);
    if (!value)
    {
        throw ConfigError("missing option \"" + name + "\": expected true or false");
    }
    std::string text;
    for (char c : value->value)
    {
        text += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (text == "true" || text == "yes" || text == "on" || text == "1")
    {
        return true;
    }
    if (text == "false" || text == "no" || text == "off" || text == "0")
    {
        return false;
    }
    throw InvalidValue(name, *value, "true or false (also yes/no, on/off, 1/0)");
}

ConfigError
OptionSet::InvalidValue(const std::string& name,
                        const OptionValue& value,
                        const std::string& expected) const
{
    std::string quoted = "\"" + EscapeForMessage(value.value) + "\"";
    if (!value.file.empty())
    {
        return ConfigError(Where(value) + "invalid value " + quoted + " for option \"" + name +
                           "\": expected " + expected);
    }
    if (value.isDefault)
    {
        return ConfigError("invalid default value " + quoted + " for option \"" + name +
                           "\": expected " + expected);
    }
    return ConfigError("invalid value " + quoted + " for option --" + name +
                       " on the command line: expected " + expected);
}

std::string
OptionSet::Help() const
{
    std::ostringstream text;
    text << "Usage: " << m_program << " [OPTION]...\n\n"
         << m_summary << "\n\n"
         << "Every option except those marked \"Command line only\" may also be given in the\n"
         << "file named by --config, as a \"name = value\" line ('#' starts a comment). An\n"
         << "option given on the command line replaces its lines in the file.\n\n"
         << BuildDescription(m_specs, false);

    // Boost pads wrapped description lines with blanks, which would end lines of the help.
    std::istringstream lines(text.str());
    std::string help;
    std::string line;
    while (std::getline(lines, line))
    {
        line.erase(line.find_last_not_of(" \t") + 1);
        help += line + "\n";
    }
    return help;
}

} // namespace daemon
} // namespace mxrace
