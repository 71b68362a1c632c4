/**
 * \file
 * Helpers for the daemon tests: argv arrays and temporary config files.
 */
#ifndef MXRACE_TESTS_DAEMON_TEST_SUPPORT_H
#define MXRACE_TESTS_DAEMON_TEST_SUPPORT_H

#include <string>
#include <vector>

namespace mxrace
{
namespace test
{

/**
 * \brief An argv array built from strings, program name first.
 */
class Argv
{
  public:
    /** Builds argv for \p program followed by \p arguments. */
    Argv(const std::string& program, const std::vector<std::string>& arguments);

    /** \returns the number of entries. */
    int Count() const
    {
        return static_cast<int>(m_pointers.size());
    }

    /** \returns the array. */
    const char* const* Get() const
    {
        return m_pointers.data();
    }

  private:
    std::vector<std::string> m_strings;  //!< Owned text.
    std::vector<const char*> m_pointers; //!< Pointers into m_strings.
};

/**
 * \brief Writes \p text to a new file in the test's temporary directory.
 * \param name the file name (made unique per test)
 * \returns the path
 */
std::string WriteTempFile(const std::string& name, const std::string& text);

/** \returns the whole contents of \p path. */
std::string ReadFile(const std::string& path);

} // namespace test
} // namespace mxrace

#endif
