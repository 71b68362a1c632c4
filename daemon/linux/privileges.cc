#include "privileges.h"

#include "logger.h"
#include "option-set.h"

#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace mxrace
{
namespace linux_io
{

Credentials
LookUpCredentials(const std::string& user, const std::string& group)
{
    Credentials credentials;
    if (!user.empty())
    {
        errno = 0;
        const passwd* entry = getpwnam(user.c_str());
        if (entry == nullptr)
        {
            throw std::runtime_error("invalid value \"" + daemon::EscapeForMessage(user) +
                                     "\" for option user: no such user (expected a name from "
                                     "the user database)");
        }
        credentials.changeUser = true;
        credentials.changeGroup = true;
        credentials.uid = entry->pw_uid;
        credentials.gid = entry->pw_gid;
    }
    if (!group.empty())
    {
        errno = 0;
        const struct group* entry = getgrnam(group.c_str());
        if (entry == nullptr)
        {
            throw std::runtime_error("invalid value \"" + daemon::EscapeForMessage(group) +
                                     "\" for option group: no such group (expected a name "
                                     "from the group database)");
        }
        credentials.changeGroup = true;
        credentials.gid = entry->gr_gid;
    }
    return credentials;
}

void
DropPrivileges(const Credentials& credentials)
{
    if (credentials.changeGroup)
    {
        // Only root may clear supplementary groups, so a non-root user keeps its own.
        if (geteuid() == 0 && setgroups(1, &credentials.gid) != 0)
        {
            throw std::runtime_error(std::string("setgroups failed: ") + std::strerror(errno));
        }
        if (setresgid(credentials.gid, credentials.gid, credentials.gid) != 0)
        {
            throw std::runtime_error("cannot switch to group ID " +
                                     std::to_string(credentials.gid) + ": " +
                                     std::strerror(errno));
        }
    }
    if (credentials.changeUser)
    {
        if (setresuid(credentials.uid, credentials.uid, credentials.uid) != 0)
        {
            throw std::runtime_error("cannot switch to user ID " +
                                     std::to_string(credentials.uid) + ": " +
                                     std::strerror(errno));
        }
        if (credentials.uid != 0 && setuid(0) == 0)
        {
            throw std::runtime_error("root privileges could be regained after switching to "
                                     "user ID " + std::to_string(credentials.uid));
        }
    }
}

PidFile::PidFile(const std::string& path)
    : m_path(path)
{
    if (m_path.empty())
    {
        return;
    }
    FILE* file = std::fopen(m_path.c_str(), "w");
    if (file == nullptr)
    {
        throw std::runtime_error("cannot create PID file " + m_path + ": " +
                                 std::strerror(errno));
    }
    std::fprintf(file, "%ld\n", static_cast<long>(getpid()));
    if (std::fclose(file) != 0)
    {
        throw std::runtime_error("cannot write PID file " + m_path + ": " +
                                 std::strerror(errno));
    }
}

PidFile::~PidFile()
{
    if (!m_path.empty() && std::remove(m_path.c_str()) != 0)
    {
        LogWarning("cannot remove PID file " + m_path + ": " + std::strerror(errno));
    }
}

} // namespace linux_io
} // namespace mxrace
