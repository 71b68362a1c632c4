#include "daemon-test-support.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace mxrace
{
namespace test
{

Argv::Argv(const std::string& program, const std::vector<std::string>& arguments)
{
    m_strings.push_back(program);
    m_strings.insert(m_strings.end(), arguments.begin(), arguments.end());
    for (const std::string& text : m_strings)
    {
        m_pointers.push_back(text.c_str());
    }
}

std::string
WriteTempFile(const std::string& name, const std::string& text)
{
    const testing::TestInfo* info = testing::UnitTest::GetInstance()->current_test_info();
    std::string path = testing::TempDir() + "mxrace-" + info->test_suite_name() + "-" +
                       info->name() + "-" + name;
    std::ofstream file(path);
    file << text;
    return path;
}

std::string
ReadFile(const std::string& path)
{
    std::ifstream file(path);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

} // namespace test
} // namespace mxrace
