/**
 * \file
 * Dropping root after the sockets are open, and the optional PID file.
 */
#ifndef MXRACE_LINUX_PRIVILEGES_H
#define MXRACE_LINUX_PRIVILEGES_H

#include <sys/types.h>

#include <string>

namespace mxrace
{
namespace linux_io
{

/**
 * \brief The user and group IDs to switch to, looked up before anything is opened so that
 * a misspelt name stops start-up early.
 */
struct Credentials
{
    bool changeUser{false};  //!< Whether a user was given.
    bool changeGroup{false}; //!< Whether a group or a user (and so its group) was given.
    uid_t uid{0};            //!< User ID to switch to.
    gid_t gid{0};            //!< Group ID to switch to.
};

/**
 * \brief Looks up \p user and \p group (either may be empty).
 *
 * Without \p group, the user's primary group is used.
 * \throws std::runtime_error naming the option and the name that was not found
 */
Credentials LookUpCredentials(const std::string& user, const std::string& group);

/**
 * \brief Switches to \p credentials: supplementary groups cleared, then the group ID, then
 * the user ID (all of real, effective and saved), and checks that root cannot be regained.
 *
 * Open descriptors stay usable: a raw socket or TUN descriptor opened as root keeps
 * working, so the daemons need no capability afterwards.
 * \throws std::runtime_error on failure
 */
void DropPrivileges(const Credentials& credentials);

/**
 * \brief A PID file written at start and removed at exit.
 */
class PidFile
{
  public:
    /** Writes the process ID to \p path (nothing if empty); throws std::runtime_error. */
    explicit PidFile(const std::string& path);

    /** Removes the file; a failure (for example after dropping root) is logged. */
    ~PidFile();

    PidFile(const PidFile&) = delete;
    PidFile& operator=(const PidFile&) = delete;

  private:
    std::string m_path; //!< File path, or empty.
};

} // namespace linux_io
} // namespace mxrace

#endif
