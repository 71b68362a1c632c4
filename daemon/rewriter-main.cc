// mxrace-rewriter: parses the options, then runs daemon::RewriterDaemon in the foreground.

#include "linux/daemon-main.h"
#include "linux/rewriter-daemon.h"
#include "linux/rewriter-settings.h"

using namespace mxrace;

int
main(int argc, char** argv)
{
    return daemon::RunDaemonMain<daemon::RewriterSettings, daemon::RewriterDaemon>(
        "mxrace-rewriter",
        argc,
        argv,
        daemon::ParseRewriterSettings,
        daemon::CheckRewriterHostSettings,
        daemon::DescribeRewriterSettings);
}
