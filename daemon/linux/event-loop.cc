#include "event-loop.h"

#include <sys/epoll.h>

#include <cerrno>
#include <system_error>

namespace mxrace
{
namespace linux_io
{

namespace
{
constexpr int kMaxEvents = 64; //!< Events taken from the kernel per epoll_wait().
} // namespace

EventLoop::EventLoop()
    : m_epoll(epoll_create1(EPOLL_CLOEXEC))
{
    if (!m_epoll.IsValid())
    {
        throw std::system_error(errno, std::generic_category(), "epoll_create1 failed");
    }
}

void
EventLoop::Add(int fd, uint32_t events, EventHandler* handler)
{
    epoll_event event{};
    event.events = events;
    event.data.ptr = handler;
    if (epoll_ctl(m_epoll.Get(), EPOLL_CTL_ADD, fd, &event) != 0)
    {
        throw std::system_error(errno, std::generic_category(), "epoll_ctl(ADD) failed");
    }
}

void
EventLoop::Modify(int fd, uint32_t events, EventHandler* handler)
{
    epoll_event event{};
    event.events = events;
    event.data.ptr = handler;
    if (epoll_ctl(m_epoll.Get(), EPOLL_CTL_MOD, fd, &event) != 0)
    {
        throw std::system_error(errno, std::generic_category(), "epoll_ctl(MOD) failed");
    }
}

void
EventLoop::Remove(int fd)
{
    // Fails only if fd is not registered, which is what the caller wants anyway.
    epoll_ctl(m_epoll.Get(), EPOLL_CTL_DEL, fd, nullptr);
}

int
EventLoop::RunOnce(int timeoutMs)
{
    epoll_event events[kMaxEvents];
    int count = epoll_wait(m_epoll.Get(), events, kMaxEvents, timeoutMs);
    if (count < 0)
    {
        if (errno == EINTR)
        {
            return 0;
        }
        throw std::system_error(errno, std::generic_category(), "epoll_wait failed");
    }
    for (int i = 0; i < count; ++i)
    {
        static_cast<EventHandler*>(events[i].data.ptr)->OnEvents(events[i].events);
    }
    return count;
}

} // namespace linux_io
} // namespace mxrace
