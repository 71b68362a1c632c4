// mxrace-proxy: parses the options, then runs daemon::ProxyDaemon in the foreground.

#include "linux/daemon-main.h"
#include "linux/proxy-daemon.h"
#include "linux/proxy-settings.h"

using namespace mxrace;

int
main(int argc, char** argv)
{
    return daemon::RunDaemonMain<daemon::ProxySettings, daemon::ProxyDaemon>(
        "mxrace-proxy",
        argc,
        argv,
        daemon::ParseProxySettings,
        [](const daemon::ProxySettings& settings) {
            return daemon::CheckCommonHostSettings(settings.common);
        },
        daemon::DescribeProxySettings);
}
