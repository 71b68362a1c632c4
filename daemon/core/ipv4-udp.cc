#include "ipv4-udp.h"

#include "checksum.h"

namespace mxrace
{
namespace core
{

DropReason
ParseIpv4Header(ByteSpan datagram, Ipv4Header& header)
{
    // Fixed part of the header.
    if (datagram.size < kIpv4MinHeaderLength)
    {
        return DropReason::Ipv4TooShort;
    }
    const uint8_t* p = datagram.data;
    if ((p[0] >> 4) != 4)
    {
        return DropReason::Ipv4BadVersion;
    }

    // Lengths: header inside total length, total length inside the buffer, nothing after.
    size_t headerLength = static_cast<size_t>(p[0] & 0x0f) * 4;
    size_t totalLength = ReadBe16(p + 2);
    if (headerLength < kIpv4MinHeaderLength)
    {
        return DropReason::Ipv4BadIhl;
    }
    if (totalLength > datagram.size)
    {
        return DropReason::Ipv4BadTotalLength;
    }
    if (headerLength > totalLength)
    {
        return headerLength > datagram.size ? DropReason::Ipv4BadIhl
                                            : DropReason::Ipv4BadTotalLength;
    }
    if (totalLength < datagram.size)
    {
        return DropReason::Ipv4TrailingBytes;
    }

    // The checksum covers the whole header, options included.
    if (InternetChecksum(ByteSpan(p, headerLength)) != 0)
    {
        return DropReason::Ipv4BadChecksum;
    }

    uint16_t flagsAndOffset = ReadBe16(p + 6);
    header.headerLength = headerLength;
    header.totalLength = totalLength;
    header.identification = ReadBe16(p + 4);
    header.moreFragments = (flagsAndOffset & 0x2000) != 0;
    header.fragmentOffset = flagsAndOffset & 0x1fff;
    header.ttl = p[8];
    header.protocol = p[9];
    header.source = ReadBe32(p + kIpv4SourceOffset);
    header.destination = ReadBe32(p + kIpv4DestinationOffset);
    return DropReason::None;
}

DropReason
ParseIpv4Udp(ByteSpan datagram, Ipv4UdpDatagram& result)
{
    DropReason reason = ParseIpv4Header(datagram, result.ip);
    if (reason != DropReason::None)
    {
        return reason;
    }
    if (result.ip.IsFragment())
    {
        return DropReason::Ipv4Fragment;
    }
    if (result.ip.protocol != kProtocolUdp)
    {
        return DropReason::NotUdp;
    }

    // The UDP length must describe exactly the IPv4 payload.
    ByteSpan segment(datagram.data + result.ip.headerLength,
                     result.ip.totalLength - result.ip.headerLength);
    if (segment.size < kUdpHeaderLength)
    {
        return DropReason::UdpTooShort;
    }
    size_t udpLength = ReadBe16(segment.data + 4);
    if (udpLength != segment.size)
    {
        return DropReason::UdpBadLength;
    }
    if (!UdpChecksumValid(result.ip.source, result.ip.destination, segment))
    {
        return DropReason::UdpBadChecksum;
    }

    result.sourcePort = ReadBe16(segment.data);
    result.destinationPort = ReadBe16(segment.data + 2);
    result.udpChecksum = ReadBe16(segment.data + 6);
    result.payload = segment.Subspan(kUdpHeaderLength);
    return DropReason::None;
}

DropReason
BuildIpv4Udp(const Ipv4UdpEndpoints& endpoints,
             uint16_t identification,
             uint8_t ttl,
             ByteSpan payload,
             std::vector<uint8_t>& out)
{
    out.clear();
    if (payload.size > kIpv4MaxLength - kIpv4MinHeaderLength - kUdpHeaderLength)
    {
        return DropReason::TooLarge;
    }
    size_t udpLength = kUdpHeaderLength + payload.size;
    size_t totalLength = kIpv4MinHeaderLength + udpLength;
    out.assign(totalLength, 0);
    uint8_t* ip = out.data();
    uint8_t* udp = ip + kIpv4MinHeaderLength;

    // IPv4 header: version 4, IHL 5, no DSCP, no flags, no options.
    ip[0] = 0x45;
    WriteBe16(ip + 2, static_cast<uint16_t>(totalLength));
    WriteBe16(ip + 4, identification);
    ip[8] = ttl;
    ip[9] = kProtocolUdp;
    WriteBe32(ip + kIpv4SourceOffset, endpoints.source);
    WriteBe32(ip + kIpv4DestinationOffset, endpoints.destination);
    WriteBe16(ip + kIpv4ChecksumOffset, InternetChecksum(ByteSpan(ip, kIpv4MinHeaderLength)));

    // UDP header and payload, then the checksum over the pseudo-header and both.
    WriteBe16(udp, endpoints.sourcePort);
    WriteBe16(udp + 2, endpoints.destinationPort);
    WriteBe16(udp + 4, static_cast<uint16_t>(udpLength));
    if (payload.size > 0)
    {
        std::memcpy(udp + kUdpHeaderLength, payload.data, payload.size);
    }
    WriteBe16(udp + 6,
              UdpChecksum(endpoints.source, endpoints.destination, ByteSpan(udp, udpLength)));
    return DropReason::None;
}

} // namespace core
} // namespace mxrace
