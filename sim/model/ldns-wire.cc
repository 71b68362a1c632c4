#include "ldns-wire.h"

#include <cstdlib>

namespace ns3
{

bool
LdnsPacketToWire(const ldns_pkt* packet, std::vector<uint8_t>& wire)
{
    uint8_t* buffer = nullptr;
    size_t size = 0;
    if (ldns_pkt2wire(&buffer, packet, &size) != LDNS_STATUS_OK)
    {
        free(buffer);
        return false;
    }
    wire.assign(buffer, buffer + size);
    free(buffer);
    return true;
}

std::string
LdnsRdfToText(const ldns_rdf* rdf, const std::string& fallback)
{
    char* text = ldns_rdf2str(rdf);
    std::string result = text ? text : fallback;
    free(text);
    return result;
}

} // namespace ns3
