#include "ipv4-address.h"

namespace mxrace
{
namespace core
{

std::optional<Ipv4Addr>
ParseIpv4(const std::string& text)
{
    Ipv4Addr addr = 0;
    size_t pos = 0;

    for (int field = 0; field < 4; ++field)
    {
        if (field > 0)
        {
            if (pos >= text.size() || text[pos] != '.')
            {
                return std::nullopt;
            }
            ++pos;
        }

        // One to three digits, no leading zero unless the field is "0".
        size_t start = pos;
        unsigned value = 0;
        while (pos < text.size() && pos - start < 3 && text[pos] >= '0' && text[pos] <= '9')
        {
            value = value * 10 + static_cast<unsigned>(text[pos] - '0');
            ++pos;
        }
        size_t digits = pos - start;
        if (digits == 0 || value > 255 || (digits > 1 && text[start] == '0'))
        {
            return std::nullopt;
        }
        addr = (addr << 8) | value;
    }

    if (pos != text.size())
    {
        return std::nullopt;
    }
    return addr;
}

std::string
FormatIpv4(Ipv4Addr addr)
{
    return std::to_string(addr >> 24) + "." + std::to_string((addr >> 16) & 0xff) + "." +
           std::to_string((addr >> 8) & 0xff) + "." + std::to_string(addr & 0xff);
}

Ipv4Addr
PrefixMask(unsigned prefixLength)
{
    if (prefixLength == 0)
    {
        return 0;
    }
    if (prefixLength >= 32)
    {
        return 0xffffffffu;
    }
    return ~((1u << (32 - prefixLength)) - 1);
}

bool
IsUnusableSource(Ipv4Addr addr)
{
    uint32_t first = addr >> 24;
    return first == 0 || first == 127 || first >= 224;
}

} // namespace core
} // namespace mxrace
