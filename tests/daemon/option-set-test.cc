// OptionSet: command line and config file parsing, precedence, conversions and the line
// numbers in config-file errors.

#include "daemon-test-support.h"
#include "linux/option-set.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mxrace
{
namespace
{

using daemon::ConfigError;
using daemon::OptionSet;
using daemon::OptionSpec;
using test::Argv;
using test::WriteTempFile;

/** An OptionSet with a few options of each kind. */
OptionSet
MakeOptions()
{
    OptionSet options("mxtest", "Test program.");
    OptionSpec spec{"config", "FILE", "Config file."};
    spec.commandLineOnly = true;
    options.Add(spec);
    spec = OptionSpec{"check", "", "A flag."};
    spec.commandLineOnly = true;
    options.Add(spec);
    spec = OptionSpec{"count", "N", "A number."};
    spec.defaultValue = "7";
    spec.hasDefault = true;
    options.Add(spec);
    spec = OptionSpec{"rate", "QPS", "A decimal."};
    spec.defaultValue = "2.5";
    spec.hasDefault = true;
    options.Add(spec);
    spec = OptionSpec{"item", "TEXT", "A list."};
    spec.repeatable = true;
    options.Add(spec);
    spec = OptionSpec{"enable", "BOOL", "A boolean."};
    spec.defaultValue = "false";
    spec.hasDefault = true;
    spec.implicitValue = "true";
    options.Add(spec);
    spec = OptionSpec{"name", "TEXT", "A string without default."};
    options.Add(spec);
    return options;
}

/** Parses \p arguments with MakeOptions() and returns the error message, or "". */
std::string
ParseError(const std::vector<std::string>& arguments)
{
    OptionSet options = MakeOptions();
    Argv argv("mxtest", arguments);
    try
    {
        options.Parse(argv.Count(), argv.Get());
    }
    catch (const ConfigError& error)
    {
        return error.what();
    }
    return "";
}

TEST(OptionSet, DefaultsApplyWhenAbsent)
{
    OptionSet options = MakeOptions();
    Argv argv("mxtest", {});
    options.Parse(argv.Count(), argv.Get());

    EXPECT_EQ(options.GetUnsigned("count", 0, 100), 7u);
    EXPECT_DOUBLE_EQ(options.GetDecimal("rate", 0, 10), 2.5);
    EXPECT_FALSE(options.GetBool("enable"));
    EXPECT_FALSE(options.IsGiven("count"));
    EXPECT_FALSE(options.IsGiven("check"));
    EXPECT_EQ(options.GetString("name"), "");
    EXPECT_TRUE(options.Values("item").empty());
}

TEST(OptionSet, CommandLineValues)
{
    OptionSet options = MakeOptions();
    Argv argv("mxtest", {"--count", "12", "--rate=0.125", "--item", "a", "--item=b", "--check",
                         "--enable"});
    options.Parse(argv.Count(), argv.Get());

    EXPECT_EQ(options.GetUnsigned("count", 0, 100), 12u);
    EXPECT_DOUBLE_EQ(options.GetDecimal("rate", 0, 10), 0.125);
    EXPECT_TRUE(options.IsGiven("check"));
    EXPECT_TRUE(options.GetBool("enable"));
    std::vector<daemon::OptionValue> items = options.Values("item");
    ASSERT_EQ(items.size(), 2u);
    EXPECT_EQ(items[0].value, "a");
    EXPECT_EQ(items[1].value, "b");
    EXPECT_EQ(items[1].line, 0u);
    EXPECT_EQ(items[1].file, "");
}

TEST(OptionSet, BooleanSpellings)
{
    const std::vector<std::pair<std::string, bool>> cases = {
        {"true", true}, {"YES", true}, {"on", true}, {"1", true},
        {"false", false}, {"No", false}, {"off", false}, {"0", false}};
    for (const auto& [text, expected] : cases)
    {
        OptionSet options = MakeOptions();
        Argv argv("mxtest", {"--enable=" + text});
        options.Parse(argv.Count(), argv.Get());
        EXPECT_EQ(options.GetBool("enable"), expected) << text;
    }
}

TEST(OptionSet, InvalidCommandLineValuesNameOptionAndExpectation)
{
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{"--count", "abc"},
         "invalid value \"abc\" for option --count on the command line: expected an integer "
         "from 0 to 100"},
        {{"--count", "101"},
         "invalid value \"101\" for option --count on the command line: expected an integer "
         "from 0 to 100"},
        {{"--count", "-1"},
         "invalid value \"-1\" for option --count on the command line: expected an integer "
         "from 0 to 100"},
        {{"--rate", "1e3"},
         "invalid value \"1e3\" for option --rate on the command line: expected a decimal "
         "number from 0 to 10"},
        {{"--rate", "nan"},
         "invalid value \"nan\" for option --rate on the command line: expected a decimal "
         "number from 0 to 10"},
        {{"--rate", "1."},
         "invalid value \"1.\" for option --rate on the command line: expected a decimal "
         "number from 0 to 10"},
        {{"--enable=maybe"},
         "invalid value \"maybe\" for option --enable on the command line: expected true or "
         "false (also yes/no, on/off, 1/0)"},
    };
    for (const auto& [arguments, expected] : cases)
    {
        OptionSet options = MakeOptions();
        Argv argv("mxtest", arguments);
        options.Parse(argv.Count(), argv.Get());
        std::string message;
        try
        {
            options.GetUnsigned("count", 0, 100);
            options.GetDecimal("rate", 0, 10);
            options.GetBool("enable");
        }
        catch (const ConfigError& error)
        {
            message = error.what();
        }
        EXPECT_EQ(message, expected) << arguments.front();
    }
}

TEST(OptionSet, CommandLineSyntaxErrors)
{
    EXPECT_EQ(ParseError({"--bogus", "1"}),
              "unrecognised option '--bogus' (run mxtest --help for the list of options)");
    EXPECT_EQ(ParseError({"--coun", "1"}),
              "unrecognised option '--coun' (run mxtest --help for the list of options)");
    EXPECT_EQ(ParseError({"--count", "1", "--count", "2"}),
              "option --count is given twice on the command line: give it once");
    EXPECT_EQ(ParseError({"stray"}),
              "unexpected argument \"stray\" on the command line: write options as --name "
              "VALUE or --name=VALUE, and boolean options as --name or --name=false");
    EXPECT_EQ(ParseError({"--item", "a", "--item", "b"}), "");
}

TEST(OptionSet, ConfigFileValuesCarryTheirLine)
{
    std::string path = WriteTempFile("good.conf", "# comment\n"
                                                  "count = 9   # trailing comment\n"
                                                  "\n"
                                                  "  item=x\n"
                                                  "item = y z\n"
                                                  "enable = on\n");
    OptionSet options = MakeOptions();
    Argv argv("mxtest", {"--config", path});
    options.Parse(argv.Count(), argv.Get());

    EXPECT_EQ(options.GetUnsigned("count", 0, 100), 9u);
    EXPECT_TRUE(options.GetBool("enable"));
    std::vector<daemon::OptionValue> items = options.Values("item");
    ASSERT_EQ(items.size(), 2u);
    EXPECT_EQ(items[0].value, "x");
    EXPECT_EQ(items[0].line, 4u);
    EXPECT_EQ(items[1].value, "y z");
    EXPECT_EQ(items[1].line, 5u);
    EXPECT_EQ(items[1].file, path);
}

TEST(OptionSet, CommandLineReplacesFileLines)
{
    std::string path = WriteTempFile("override.conf", "count = 9\nitem = a\nitem = b\nrate = 1\n");
    OptionSet options = MakeOptions();
    Argv argv("mxtest", {"--config", path, "--count", "3", "--item", "c"});
    options.Parse(argv.Count(), argv.Get());

    EXPECT_EQ(options.GetUnsigned("count", 0, 100), 3u);
    EXPECT_DOUBLE_EQ(options.GetDecimal("rate", 0, 10), 1.0);
    std::vector<daemon::OptionValue> items = options.Values("item");
    ASSERT_EQ(items.size(), 1u);
    EXPECT_EQ(items[0].value, "c");
}

TEST(OptionSet, ConfigFileErrorsNameFileAndLine)
{
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"count = 1\n\nbogus = 2\n",
         ":3: unknown option \"bogus\" (run mxtest --help for the list of options)"},
        {"# x\ncount 1\n", ":2: invalid line \"count 1\": expected name = value"},
        {"[section]\ncount = 1\n",
         ":1: sections such as [section] are not supported: write name = value lines only"},
        {"count = 1\nrate = 2\ncount = 3\n",
         ":3: option \"count\" is already set on line 1: give it once"},
        {"check = true\n", ":1: option \"check\" is only valid on the command line"},
        {"config = other\n", ":1: option \"config\" is only valid on the command line"},
    };
    int index = 0;
    for (const auto& [text, expected] : cases)
    {
        std::string path = WriteTempFile("bad" + std::to_string(index++) + ".conf", text);
        EXPECT_EQ(ParseError({"--config", path}), path + expected);
    }
}

TEST(OptionSet, InvalidFileValueNamesFileAndLine)
{
    std::string path = WriteTempFile("value.conf", "item = a\n\n# rate next\nrate = fast\n");
    OptionSet options = MakeOptions();
    Argv argv("mxtest", {"--config", path});
    options.Parse(argv.Count(), argv.Get());

    try
    {
        options.GetDecimal("rate", 0, 10);
        FAIL() << "no error for rate = fast";
    }
    catch (const ConfigError& error)
    {
        EXPECT_EQ(std::string(error.what()),
                  path + ":4: invalid value \"fast\" for option \"rate\": expected a decimal "
                         "number from 0 to 10");
    }
}

TEST(OptionSet, EscapeForMessageCases)
{
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"192.0.2.53", "192.0.2.53"},
        {std::string("\xff\xfe\x00x", 4), "\\xff\\xfe\\x00x"},
        {"a\tb\r\n\x7f", "a\\x09b\\x0d\\x0a\\x7f"},
        {"C:\\dir", "C:\\\\dir"},
        {std::string(80, 'a'), std::string(80, 'a')},
        {std::string(81, 'a'), std::string(80, 'a') + "..."},
        {std::string(3000000, 'a'), std::string(80, 'a') + "..."},
        // An escape that does not fit is left out whole.
        {std::string(78, 'a') + "\x01", std::string(78, 'a') + "..."},
        {std::string(76, 'a') + "\x01", std::string(76, 'a') + "\\x01"},
    };
    for (const auto& [text, expected] : cases)
    {
        EXPECT_EQ(daemon::EscapeForMessage(text), expected) << expected;
    }
    EXPECT_EQ(daemon::EscapeForMessage("abcdef", 3), "abc...");
}

TEST(OptionSet, LongFileLineIsCut)
{
    std::string path = WriteTempFile("long.conf", "count = 1\n" + std::string(3000000, 'x') + "\n");

    std::string message = ParseError({"--config", path});

    EXPECT_EQ(message, path + ":2: invalid line \"" + std::string(80, 'x') +
                           "...\": expected name = value");
}

TEST(OptionSet, BinaryFileBytesAreEscaped)
{
    // The start of a UTF-16 file: a byte order mark, then "c" and "=" as two bytes each.
    const char bytes[] = {'\xff', '\xfe', 'c', '\0', '=', '\0', '1', '\0', '\n', '\0'};
    std::string path = WriteTempFile("utf16.conf", std::string(bytes, sizeof(bytes)));
    OptionSet options = MakeOptions();
    Argv argv("mxtest", {"--config", path});
    std::string message;
    try
    {
        options.Parse(argv.Count(), argv.Get());
    }
    catch (const ConfigError& error)
    {
        message = error.what();
    }

    EXPECT_EQ(message, path + ":1: unknown option \"\\xff\\xfec\\x00\" (run mxtest --help for "
                              "the list of options)");
    EXPECT_EQ(message.find('\0'), std::string::npos);
}

TEST(OptionSet, InvalidValueIsEscapedAndCut)
{
    std::string path = WriteTempFile("value.conf", std::string("count = 1\x00\xff\n", 12) +
                                                       "name = " + std::string(500, 'n') + "\n");
    OptionSet options = MakeOptions();
    Argv argv("mxtest", {"--config", path});
    options.Parse(argv.Count(), argv.Get());

    try
    {
        options.GetUnsigned("count", 0, 100);
        FAIL() << "no error for a count with a NUL byte";
    }
    catch (const ConfigError& error)
    {
        EXPECT_EQ(std::string(error.what()),
                  path + ":1: invalid value \"1\\x00\\xff\" for option \"count\": expected an "
                         "integer from 0 to 100");
    }

    daemon::OptionValue value = *options.Value("name");
    EXPECT_EQ(value.value.size(), 500u);
    EXPECT_EQ(std::string(options.InvalidValue("name", value, "a short name").what()),
              path + ":2: invalid value \"" + std::string(80, 'n') +
                  "...\" for option \"name\": expected a short name");
}

TEST(OptionSet, FormatDecimalIsPlain)
{
    const std::vector<std::pair<double, std::string>> cases = {
        {0, "0"},         {20, "20"},   {1e9, "1000000000"}, {0.5, "0.5"},
        {0.125, "0.125"}, {0.1, "0.1"}, {1e-7, "0.0000001"}, {123456.75, "123456.75"},
    };
    for (const auto& [number, expected] : cases)
    {
        EXPECT_EQ(daemon::FormatDecimal(number), expected) << expected;
    }
}

TEST(OptionSet, MissingConfigFile)
{
    EXPECT_EQ(ParseError({"--config", "/nonexistent/mxtest.conf"}),
              "cannot open config file /nonexistent/mxtest.conf: No such file or directory");
}

TEST(OptionSet, HelpListsEveryOptionWithDefault)
{
    std::string help = MakeOptions().Help();

    EXPECT_NE(help.find("Usage: mxtest [OPTION]..."), std::string::npos);
    EXPECT_NE(help.find("--count N (=7)"), std::string::npos);
    EXPECT_NE(help.find("--rate QPS (=2.5)"), std::string::npos);
    EXPECT_NE(help.find("A list. Repeatable."), std::string::npos);
    EXPECT_NE(help.find("Config file. Command line only."), std::string::npos);
    EXPECT_NE(help.find("--name TEXT"), std::string::npos);
}

TEST(OptionSet, HelpLinesHaveNoTrailingBlanks)
{
    // Boost wraps a long description and pads the wrapped lines.
    OptionSet options = MakeOptions();
    options.Add(OptionSpec{"long", "TEXT", "A description long enough to wrap: " +
                                               std::string(40, 'a') + " " + std::string(40, 'b') +
                                               " " + std::string(40, 'c') + "."});
    std::string help = options.Help();

    EXPECT_NE(help.find(std::string(40, 'c')), std::string::npos) << help;
    EXPECT_EQ(help.find(" \n"), std::string::npos) << help;
    EXPECT_EQ(help.find("\t\n"), std::string::npos) << help;
    ASSERT_FALSE(help.empty());
    EXPECT_EQ(help.back(), '\n');
}

} // namespace
} // namespace mxrace
