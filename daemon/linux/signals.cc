#include "signals.h"

#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <system_error>

namespace mxrace
{
namespace linux_io
{

SignalReceiver::SignalReceiver()
{
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGHUP);
    sigaddset(&signals, SIGUSR1);
    if (sigprocmask(SIG_BLOCK, &signals, nullptr) != 0)
    {
        throw std::system_error(errno, std::generic_category(), "sigprocmask failed");
    }
    signal(SIGPIPE, SIG_IGN);

    m_fd.Reset(signalfd(-1, &signals, SFD_NONBLOCK | SFD_CLOEXEC));
    if (!m_fd.IsValid())
    {
        throw std::system_error(errno, std::generic_category(), "signalfd failed");
    }
}

int
SignalReceiver::Read()
{
    signalfd_siginfo info{};
    ssize_t length = ::read(m_fd.Get(), &info, sizeof(info));
    if (length != static_cast<ssize_t>(sizeof(info)))
    {
        return 0;
    }
    return static_cast<int>(info.ssi_signo);
}

} // namespace linux_io
} // namespace mxrace
