/**
 * \file
 * Reassembly of CRLF-terminated lines from the arbitrary chunks a TCP socket delivers.
 */
#ifndef MXRACE_SIM_SMTP_LINE_BUFFER_H
#define MXRACE_SIM_SMTP_LINE_BUFFER_H

#include <cstddef>
#include <cstdint>
#include <string>

namespace ns3
{

/**
 * \brief Splits a byte stream into lines, whatever the segment boundaries.
 *
 * TCP delivers an SMTP dialogue in chunks that may end anywhere, even between the CR and
 * the LF of one line terminator. Append() takes each chunk as it comes and NextLine() hands
 * out complete lines, without their terminator. A line ends at LF; a CR right before the LF
 * is removed with it, so a peer that sends bare LF is still understood.
 *
 * A line longer than the maximum length is not buffered whole: NextLine() returns its first
 * bytes with the overflow flag set and discards the rest up to its terminator, so a peer
 * cannot make the buffer grow without bound.
 */
class SmtpLineBuffer
{
  public:
    /**
     * \brief Creates an empty buffer.
     * \param maxLineLength the maximum line length in bytes, terminator excluded.
     */
    explicit SmtpLineBuffer(size_t maxLineLength);

    /**
     * \brief Appends bytes received from the stream.
     * \param data the bytes.
     * \param size the number of bytes.
     */
    void Append(const uint8_t* data, size_t size);

    /**
     * \brief Appends bytes received from the stream.
     * \param data the bytes.
     */
    void Append(const std::string& data);

    /**
     * \brief Removes the next complete line from the buffer.
     * \param line receives the line without its CRLF or LF.
     * \param overflow set to true when the line was longer than the maximum length and
     *        \p line contains only its first maximum-length bytes.
     * \returns true if a complete line was available.
     */
    bool NextLine(std::string& line, bool& overflow);

    /** \returns the number of bytes buffered that do not yet form a complete line. */
    size_t GetPendingSize() const;

    /** \brief Discards everything buffered, including an over-long line in progress. */
    void Clear();

  private:
    size_t m_maxLineLength; //!< Longest line kept whole, terminator excluded.
    std::string m_buffer;   //!< Received bytes; those before m_start were handed out.
    size_t m_start;         //!< Offset of the first byte not yet handed out.
    size_t m_scanned;       //!< Offset up to which m_buffer was searched for LF.
    bool m_discarding;      //!< True while dropping the tail of an over-long line.
};

} // namespace ns3

#endif // MXRACE_SIM_SMTP_LINE_BUFFER_H
