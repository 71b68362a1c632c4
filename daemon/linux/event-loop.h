/**
 * \file
 * A single-threaded epoll loop that dispatches readiness events to handlers.
 */
#ifndef MXRACE_LINUX_EVENT_LOOP_H
#define MXRACE_LINUX_EVENT_LOOP_H

#include "unique-fd.h"

#include <cstdint>

namespace mxrace
{
namespace linux_io
{

/**
 * \brief Receives the epoll events of the descriptors it was registered for.
 */
class EventHandler
{
  public:
    virtual ~EventHandler() = default;

    /**
     * \brief Handles readiness of a registered descriptor.
     * \param events the epoll event mask (EPOLLIN, EPOLLOUT, EPOLLERR, EPOLLHUP, ...)
     */
    virtual void OnEvents(uint32_t events) = 0;
};

/**
 * \brief Level-triggered epoll loop.
 *
 * A handler may remove descriptors, its own included, while events are dispatched. An
 * object that owns a handler must stay allocated until RunOnce() returns, which is why
 * TcpRelay defers deleting closed sessions.
 */
class EventLoop
{
  public:
    /** Creates the epoll instance; throws std::system_error on failure. */
    EventLoop();

    /** Registers \p fd for \p events (EPOLLIN, EPOLLOUT) with \p handler; throws on failure. */
    void Add(int fd, uint32_t events, EventHandler* handler);

    /** Changes the events of a registered \p fd; throws on failure. */
    void Modify(int fd, uint32_t events, EventHandler* handler);

    /** Unregisters \p fd; closing a descriptor also unregisters it. */
    void Remove(int fd);

    /**
     * \brief Waits up to \p timeoutMs milliseconds and dispatches the events that arrived.
     * \returns the number of events dispatched, or 0 on time-out or EINTR
     */
    int RunOnce(int timeoutMs);

  private:
    UniqueFd m_epoll; //!< The epoll instance.
};

} // namespace linux_io
} // namespace mxrace

#endif
