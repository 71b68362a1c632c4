#include "dns-message.h"

namespace mxrace
{
namespace core
{

namespace
{

uint8_t
AsciiLower(uint8_t c)
{
    return (c >= 'A' && c <= 'Z') ? static_cast<uint8_t>(c + ('a' - 'A')) : c;
}

} // namespace

DropReason
ParseDnsName(ByteSpan message, size_t offset, std::vector<uint8_t>& wireName, size_t& end)
{
    wireName.clear();
    size_t pos = offset;

    while (true)
    {
        if (pos >= message.size)
        {
            return DropReason::DnsBadName;
        }
        uint8_t length = message.data[pos];

        // The two top bits select a pointer (11) or a reserved label type (01, 10). A query
        // has nothing before its question that a pointer could refer to.
        if ((length & 0xc0) != 0)
        {
            return DropReason::DnsBadName;
        }
        if (wireName.size() + 1 + length > kDnsMaxNameLength)
        {
            return DropReason::DnsBadName;
        }
        if (length > message.size - pos - 1)
        {
            return DropReason::DnsBadName;
        }

        wireName.insert(wireName.end(), message.data + pos, message.data + pos + 1 + length);
        pos += 1 + static_cast<size_t>(length);
        if (length == 0)
        {
            end = pos;
            return DropReason::None;
        }
    }
}

DropReason
CheckDnsQuery(ByteSpan message, DnsQuestion& question)
{
    // Header: ID, flags, QDCOUNT; the other counts are not used.
    if (message.size < kDnsHeaderLength)
    {
        return DropReason::DnsTooShort;
    }
    uint16_t flags = ReadBe16(message.data + 2);
    if ((flags & 0x8000) != 0)
    {
        return DropReason::DnsNotQuery;
    }
    if (((flags >> 11) & 0x0f) != 0)
    {
        return DropReason::DnsBadOpcode;
    }
    if (ReadBe16(message.data + 4) != 1)
    {
        return DropReason::DnsBadQuestionCount;
    }

    // Question: name, then QTYPE and QCLASS.
    size_t end = 0;
    DropReason reason = ParseDnsName(message, kDnsHeaderLength, question.wireName, end);
    if (reason != DropReason::None)
    {
        return reason;
    }
    if (message.size - end < 4)
    {
        return DropReason::DnsQuestionTruncated;
    }

    question.id = ReadBe16(message.data);
    question.flags = flags;
    question.qtype = ReadBe16(message.data + end);
    question.qclass = ReadBe16(message.data + end + 2);
    return DropReason::None;
}

bool
DnsNameFromText(const std::string& text, std::vector<uint8_t>& wireName)
{
    wireName.clear();
    if (text == ".")
    {
        wireName.push_back(0);
        return true;
    }

    std::string name = text;
    if (!name.empty() && name.back() == '.')
    {
        name.pop_back();
    }
    size_t start = 0;
    while (start <= name.size())
    {
        size_t dot = name.find('.', start);
        if (dot == std::string::npos)
        {
            dot = name.size();
        }
        size_t length = dot - start;
        if (length == 0 || length > kDnsMaxLabelLength)
        {
            return false;
        }
        wireName.push_back(static_cast<uint8_t>(length));
        for (size_t i = start; i < dot; ++i)
        {
            wireName.push_back(AsciiLower(static_cast<uint8_t>(name[i])));
        }
        start = dot + 1;
    }
    wireName.push_back(0);
    return wireName.size() <= kDnsMaxNameLength;
}

std::string
DnsNameToText(const std::vector<uint8_t>& wireName)
{
    std::string text;
    size_t pos = 0;
    while (pos < wireName.size() && wireName[pos] != 0)
    {
        size_t length = wireName[pos];
        for (size_t i = pos + 1; i <= pos + length && i < wireName.size(); ++i)
        {
            uint8_t c = wireName[i];
            if (c > 0x20 && c < 0x7f && c != '.' && c != '\\')
            {
                text.push_back(static_cast<char>(c));
            }
            else
            {
                char escaped[5] = {'\\', static_cast<char>('0' + c / 100),
                                   static_cast<char>('0' + (c / 10) % 10),
                                   static_cast<char>('0' + c % 10), 0};
                text += escaped;
            }
        }
        text.push_back('.');
        pos += length + 1;
    }
    return text.empty() ? "." : text;
}

bool
DnsNameInZone(const std::vector<uint8_t>& name, const std::vector<uint8_t>& zone)
{
    if (zone.size() > name.size())
    {
        return false;
    }

    // Walk the name's label boundaries until the remaining part is as long as the zone.
    size_t pos = 0;
    while (name.size() - pos > zone.size())
    {
        pos += 1 + static_cast<size_t>(name[pos]);
        if (pos >= name.size())
        {
            return false;
        }
    }
    if (name.size() - pos != zone.size())
    {
        return false;
    }
    for (size_t i = 0; i < zone.size(); ++i)
    {
        if (AsciiLower(name[pos + i]) != AsciiLower(zone[i]))
        {
            return false;
        }
    }
    return true;
}

} // namespace core
} // namespace mxrace
