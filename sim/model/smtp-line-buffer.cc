#include "smtp-line-buffer.h"

namespace ns3
{

SmtpLineBuffer::SmtpLineBuffer(size_t maxLineLength)
    : m_maxLineLength(maxLineLength),
      m_start(0),
      m_scanned(0),
      m_discarding(false)
{
}

void
SmtpLineBuffer::Append(const uint8_t* data, size_t size)
{
    // Compact only here, once per chunk, so handing out many short lines of one large
    // chunk does not move the rest of the chunk for every line.
    if (m_start > 0)
    {
        m_buffer.erase(0, m_start);
        m_scanned -= m_start;
        m_start = 0;
    }
    m_buffer.append(reinterpret_cast<const char*>(data), size);
}

void
SmtpLineBuffer::Append(const std::string& data)
{
    Append(reinterpret_cast<const uint8_t*>(data.data()), data.size());
}

bool
SmtpLineBuffer::NextLine(std::string& line, bool& overflow)
{
    while (true)
    {
        size_t lf = m_buffer.find('\n', m_scanned);
        if (lf == std::string::npos)
        {
            m_scanned = m_buffer.size();
            size_t pending = m_buffer.size() - m_start;
            if (m_discarding)
            {
                Clear();
                m_discarding = true;
                return false;
            }

            // A partial line may end with the CR of its terminator, hence the + 1. Beyond
            // that it is too long already: hand out its head now and drop the rest.
            if (pending > m_maxLineLength + 1)
            {
                line = m_buffer.substr(m_start, m_maxLineLength);
                overflow = true;
                Clear();
                m_discarding = true;
                return true;
            }
            return false;
        }

        size_t end = lf;
        if (end > m_start && m_buffer[end - 1] == '\r')
        {
            --end;
        }
        size_t length = end - m_start;
        size_t lineStart = m_start;
        m_start = lf + 1;
        m_scanned = m_start;

        if (m_discarding)
        {
            // The head of this line was handed out earlier; its terminator ends the discard.
            m_discarding = false;
            continue;
        }

        overflow = length > m_maxLineLength;
        line = m_buffer.substr(lineStart, overflow ? m_maxLineLength : length);
        return true;
    }
}

size_t
SmtpLineBuffer::GetPendingSize() const
{
    return m_buffer.size() - m_start;
}

void
SmtpLineBuffer::Clear()
{
    m_buffer.clear();
    m_start = 0;
    m_scanned = 0;
    m_discarding = false;
}

} // namespace ns3
