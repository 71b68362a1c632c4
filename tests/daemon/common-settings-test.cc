// CheckCommonHostSettings(): the host look-ups that --check-config adds to option parsing.

#include "daemon-test-support.h"
#include "linux/common-settings.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

namespace mxrace
{
namespace
{

using daemon::CheckCommonHostSettings;
using daemon::CommonSettings;

TEST(CommonHostSettings, ExistingNamesAndDirectoriesPass)
{
    CommonSettings settings;
    settings.user = "root";
    settings.group = "root";
    settings.statsFile = testing::TempDir() + "mxrace-stats";
    settings.pidFile = "/tmp/mxrace.pid";

    EXPECT_EQ(CheckCommonHostSettings(settings), std::vector<std::string>{});
}

TEST(CommonHostSettings, NothingGivenPasses)
{
    EXPECT_EQ(CheckCommonHostSettings(CommonSettings()), std::vector<std::string>{});
}

TEST(CommonHostSettings, EveryProblemIsReported)
{
    CommonSettings settings;
    settings.user = "mxh-no-such-user";
    settings.group = "mxh-no-such-group";
    settings.statsFile = "/nonexistent-mxh/run/stats";
    settings.pidFile = "/nonexistent-mxh/mxrace.pid";

    std::vector<std::string> problems = CheckCommonHostSettings(settings);

    ASSERT_EQ(problems.size(), 4u);
    EXPECT_EQ(problems[0], "invalid value \"mxh-no-such-user\" for option user: no such user "
                           "(expected a name from the user database)");
    EXPECT_EQ(problems[1], "invalid value \"mxh-no-such-group\" for option group: no such "
                           "group (expected a name from the group database)");
    EXPECT_EQ(problems[2], "invalid value \"/nonexistent-mxh/run/stats\" for option stats-file: "
                           "directory /nonexistent-mxh/run does not exist (create it, or name "
                           "a file in an existing directory)");
    EXPECT_EQ(problems[3], "invalid value \"/nonexistent-mxh/mxrace.pid\" for option pid-file: "
                           "directory /nonexistent-mxh does not exist (create it, or name a "
                           "file in an existing directory)");
}

TEST(CommonHostSettings, ValuesAreEscaped)
{
    CommonSettings settings;
    settings.user = std::string("mxh\x00\x1b[2J", 8);
    settings.statsFile = "/nonexistent-mxh/\xff/stats";

    std::vector<std::string> problems = CheckCommonHostSettings(settings);

    ASSERT_EQ(problems.size(), 2u);
    EXPECT_EQ(problems[0], "invalid value \"mxh\\x00\\x1b[2J\" for option user: no such user "
                           "(expected a name from the user database)");
    EXPECT_EQ(problems[1], "invalid value \"/nonexistent-mxh/\\xff/stats\" for option "
                           "stats-file: directory /nonexistent-mxh/\\xff does not exist (create "
                           "it, or name a file in an existing directory)");
}

TEST(CommonHostSettings, FileAsDirectoryIsReported)
{
    std::string file = test::WriteTempFile("plain-file", "x\n");
    CommonSettings settings;
    settings.statsFile = file + "/stats";

    std::vector<std::string> problems = CheckCommonHostSettings(settings);

    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0], "invalid value \"" + file + "/stats\" for option stats-file: "
                           "directory " + file + " is not a directory (name a file in an "
                           "existing directory)");
    std::remove(file.c_str());
}

TEST(CommonHostSettings, RelativeAndRootPaths)
{
    CommonSettings settings;
    settings.statsFile = "stats";
    settings.pidFile = "/mxrace.pid";

    EXPECT_EQ(CheckCommonHostSettings(settings), std::vector<std::string>{});
}

} // namespace
} // namespace mxrace
