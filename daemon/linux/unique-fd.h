/**
 * \file
 * Ownership of a file descriptor.
 */
#ifndef MXRACE_LINUX_UNIQUE_FD_H
#define MXRACE_LINUX_UNIQUE_FD_H

#include <unistd.h>

#include <utility>

namespace mxrace
{
namespace linux_io
{

/**
 * \brief Owner of one file descriptor, closed on destruction. Movable, not copyable.
 */
class UniqueFd
{
  public:
    UniqueFd() = default;

    /** Takes ownership of \p fd (-1 for none). */
    explicit UniqueFd(int fd)
        : m_fd(fd)
    {
    }

    ~UniqueFd()
    {
        Reset();
    }

    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;

    UniqueFd(UniqueFd&& other) noexcept
        : m_fd(std::exchange(other.m_fd, -1))
    {
    }

    UniqueFd& operator=(UniqueFd&& other) noexcept
    {
        if (this != &other)
        {
            Reset(std::exchange(other.m_fd, -1));
        }
        return *this;
    }

    /** \returns the descriptor, or -1. */
    int Get() const
    {
        return m_fd;
    }

    /** \returns true if a descriptor is owned. */
    bool IsValid() const
    {
        return m_fd >= 0;
    }

    /** Closes the owned descriptor, if any, and takes ownership of \p fd. */
    void Reset(int fd = -1)
    {
        if (m_fd >= 0)
        {
            ::close(m_fd);
        }
        m_fd = fd;
    }

  private:
    int m_fd{-1}; //!< Owned descriptor, or -1.
};

} // namespace linux_io
} // namespace mxrace

#endif
