/**
 * \file
 * Signals delivered through a signalfd, so that the event loop handles them like I/O.
 */
#ifndef MXRACE_LINUX_SIGNALS_H
#define MXRACE_LINUX_SIGNALS_H

#include "unique-fd.h"

namespace mxrace
{
namespace linux_io
{

/**
 * \brief Receives SIGTERM, SIGINT, SIGHUP and SIGUSR1 through a signalfd.
 *
 * The constructor blocks those signals, so they wait in the descriptor instead of
 * interrupting the program, and ignores SIGPIPE, so that writing to a TCP connection the
 * peer has closed fails with EPIPE instead of ending the process.
 */
class SignalReceiver
{
  public:
    /** Blocks the signals and creates the signalfd; throws std::system_error on failure. */
    SignalReceiver();

    /** \returns the descriptor, for the event loop. */
    int Fd() const
    {
        return m_fd.Get();
    }

    /** \returns the number of the next pending signal, or 0 if none is pending. */
    int Read();

  private:
    UniqueFd m_fd; //!< The signalfd.
};

} // namespace linux_io
} // namespace mxrace

#endif
