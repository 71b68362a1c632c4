#include "smtp-message.h"

#include <cctype>

namespace ns3
{

namespace
{

char
ToLowerAscii(char c)
{
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

bool
IsBlank(char c)
{
    return c == ' ' || c == '\t';
}

std::string
Trim(const std::string& text)
{
    size_t begin = 0;
    while (begin < text.size() && IsBlank(text[begin]))
    {
        ++begin;
    }
    size_t end = text.size();
    while (end > begin && IsBlank(text[end - 1]))
    {
        --end;
    }
    return text.substr(begin, end - begin);
}

} // namespace

bool
SmtpEqualsIgnoreCase(const std::string& a, const std::string& b)
{
    if (a.size() != b.size())
    {
        return false;
    }
    for (size_t i = 0; i < a.size(); ++i)
    {
        if (ToLowerAscii(a[i]) != ToLowerAscii(b[i]))
        {
            return false;
        }
    }
    return true;
}

bool
SmtpParseReplyLine(const std::string& line, SmtpReplyLine& reply)
{
    if (line.size() < 3)
    {
        return false;
    }
    for (size_t i = 0; i < 3; ++i)
    {
        if (line[i] < '0' || line[i] > '9')
        {
            return false;
        }
    }
    uint16_t code = static_cast<uint16_t>((line[0] - '0') * 100 + (line[1] - '0') * 10 +
                                          (line[2] - '0'));
    if (code < 200 || code > 599)
    {
        return false;
    }

    // RFC 5321 section 4.2: the code is followed by a space, a hyphen for a line that more
    // lines follow, or nothing at all.
    bool isLast = true;
    if (line.size() > 3)
    {
        if (line[3] == '-')
        {
            isLast = false;
        }
        else if (line[3] != ' ')
        {
            return false;
        }
    }
    reply.code = code;
    reply.isLast = isLast;
    reply.text = line.size() > 4 ? line.substr(4) : std::string();
    return true;
}

std::string
SmtpDotStuff(const std::string& message)
{
    std::string out;
    out.reserve(message.size() + message.size() / 64 + 5);

    bool lineStart = true;
    for (size_t i = 0; i < message.size(); ++i)
    {
        char c = message[i];
        if (lineStart && c == '.')
        {
            out.push_back('.');
        }
        if (c == '\n' && (i == 0 || message[i - 1] != '\r'))
        {
            out.push_back('\r');
        }
        out.push_back(c);
        lineStart = c == '\n';
    }

    if (!lineStart)
    {
        out.append("\r\n");
    }
    out.append(".\r\n");
    return out;
}

std::string
SmtpDotUnstuffLine(const std::string& line)
{
    if (!line.empty() && line[0] == '.')
    {
        return line.substr(1);
    }
    return line;
}

bool
SmtpFindHeader(const std::string& message, const std::string& name, std::string& value)
{
    bool found = false;
    std::string collected;
    size_t pos = 0;
    while (pos < message.size())
    {
        size_t end = message.find("\r\n", pos);
        if (end == std::string::npos)
        {
            end = message.size();
        }
        std::string line = message.substr(pos, end - pos);
        pos = end + 2;

        if (line.empty())
        {
            break; // End of the header section.
        }
        if (IsBlank(line[0]))
        {
            // A folded continuation line belongs to the field before it (RFC 5322 2.2.3).
            if (found)
            {
                collected += line;
            }
            continue;
        }
        if (found)
        {
            break; // The field found is complete.
        }
        size_t colon = line.find(':');
        if (colon != std::string::npos && SmtpEqualsIgnoreCase(Trim(line.substr(0, colon)), name))
        {
            found = true;
            collected = line.substr(colon + 1);
        }
    }

    if (found)
    {
        value = Trim(collected);
    }
    return found;
}

std::string
SmtpGetBody(const std::string& message)
{
    if (message.compare(0, 2, "\r\n") == 0)
    {
        return message.substr(2);
    }
    size_t separator = message.find("\r\n\r\n");
    if (separator == std::string::npos)
    {
        return std::string();
    }
    return message.substr(separator + 4);
}

bool
SmtpParseReceivedBy(const std::string& received, std::string& host)
{
    // Look for the word "by" as a whole token, anywhere before the ";" that starts the date.
    std::string clauses = received.substr(0, received.find(';'));
    size_t pos = 0;
    while (pos < clauses.size())
    {
        while (pos < clauses.size() && std::isspace(static_cast<unsigned char>(clauses[pos])))
        {
            ++pos;
        }
        size_t end = pos;
        while (end < clauses.size() && !std::isspace(static_cast<unsigned char>(clauses[end])))
        {
            ++end;
        }
        std::string token = clauses.substr(pos, end - pos);
        pos = end;
        if (!SmtpEqualsIgnoreCase(token, "by"))
        {
            continue;
        }

        while (pos < clauses.size() && std::isspace(static_cast<unsigned char>(clauses[pos])))
        {
            ++pos;
        }
        end = pos;
        while (end < clauses.size() && !std::isspace(static_cast<unsigned char>(clauses[end])))
        {
            ++end;
        }
        if (end == pos)
        {
            return false;
        }
        host = clauses.substr(pos, end - pos);
        return true;
    }
    return false;
}

bool
SmtpParsePathArgument(const std::string& argument,
                      const std::string& keyword,
                      std::string& path)
{
    std::string trimmed = Trim(argument);
    if (trimmed.size() < keyword.size() + 1 ||
        !SmtpEqualsIgnoreCase(trimmed.substr(0, keyword.size()), keyword) ||
        trimmed[keyword.size()] != ':')
    {
        return false;
    }

    // Some clients put a space after the colon; RFC 5321 does not, but servers accept it.
    std::string rest = Trim(trimmed.substr(keyword.size() + 1));
    if (rest.empty() || rest[0] != '<')
    {
        return false;
    }
    size_t close = rest.find('>');
    if (close == std::string::npos)
    {
        return false;
    }
    path = rest.substr(1, close - 1);
    return true;
}

} // namespace ns3
