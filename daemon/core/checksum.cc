#include "checksum.h"

namespace mxrace
{
namespace core
{

uint32_t
ChecksumAdd(uint32_t sum, ByteSpan bytes)
{
    uint64_t wide = sum;
    size_t i = 0;
    for (; i + 1 < bytes.size; i += 2)
    {
        wide += ReadBe16(bytes.data + i);
    }
    if (i < bytes.size)
    {
        wide += static_cast<uint32_t>(bytes.data[i]) << 8;
    }

    // Fold now so that the running sum never overflows 32 bits, whatever the input size.
    while (wide >> 32)
    {
        wide = (wide & 0xffffffffu) + (wide >> 32);
    }
    return static_cast<uint32_t>(wide);
}

uint16_t
ChecksumFinish(uint32_t sum)
{
    while (sum >> 16)
    {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return static_cast<uint16_t>(~sum & 0xffff);
}

uint16_t
InternetChecksum(ByteSpan bytes)
{
    return ChecksumFinish(ChecksumAdd(0, bytes));
}

namespace
{

uint32_t
PseudoHeaderSum(Ipv4Addr src, Ipv4Addr dst, size_t udpLength)
{
    uint32_t sum = 0;
    sum += src >> 16;
    sum += src & 0xffff;
    sum += dst >> 16;
    sum += dst & 0xffff;
    sum += 17; // protocol UDP, with a zero byte before it
    sum += static_cast<uint32_t>(udpLength & 0xffff);
    return sum;
}

} // namespace

uint16_t
UdpChecksum(Ipv4Addr src, Ipv4Addr dst, ByteSpan udpSegment)
{
    uint16_t checksum = ChecksumFinish(ChecksumAdd(PseudoHeaderSum(src, dst, udpSegment.size),
                                                   udpSegment));
    return checksum == 0 ? 0xffff : checksum;
}

bool
UdpChecksumValid(Ipv4Addr src, Ipv4Addr dst, ByteSpan udpSegment)
{
    if (udpSegment.size < 8)
    {
        return false;
    }
    if (ReadBe16(udpSegment.data + 6) == 0)
    {
        return true;
    }

    // With the stored checksum included, a correct segment sums to 0xFFFF (-0), so the
    // finished value is 0. A stored 0xFFFF that stands for a computed 0 also gives 0.
    uint32_t sum = ChecksumAdd(PseudoHeaderSum(src, dst, udpSegment.size), udpSegment);
    return ChecksumFinish(sum) == 0;
}

uint16_t
ChecksumUpdate32(uint16_t checksum, uint32_t oldValue, uint32_t newValue)
{
    uint32_t sum = static_cast<uint16_t>(~checksum);
    sum += static_cast<uint16_t>(~(oldValue >> 16));
    sum += static_cast<uint16_t>(~(oldValue & 0xffff));
    sum += newValue >> 16;
    sum += newValue & 0xffff;
    return ChecksumFinish(sum);
}

} // namespace core
} // namespace mxrace
