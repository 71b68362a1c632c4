/**
 * \file
 * Pure functions over SMTP protocol text (RFC 5321) and message text (RFC 5322) shared by
 * the mail client, gateway and inside MTA models: reply parsing, dot-stuffing, headers.
 */
#ifndef MXRACE_SIM_SMTP_MESSAGE_H
#define MXRACE_SIM_SMTP_MESSAGE_H

#include <cstdint>
#include <string>

namespace ns3
{

/**
 * \brief Longest SMTP line accepted, CRLF excluded.
 *
 * RFC 5321 section 4.5.3.1.6 limits a text line to 1000 octets including CRLF. The models
 * use the same limit for command and reply lines, whose own limits (512) are lower.
 */
constexpr size_t kSmtpMaxLineLength = 998;

/** \brief One reply line from an SMTP server, split into its fields. */
struct SmtpReplyLine
{
    uint16_t code = 0;  //!< Three-digit reply code, 200 to 599.
    bool isLast = true; //!< False for a "250-..." line that another line of the reply follows.
    std::string text;   //!< Text after the code and its separator.
};

/**
 * \brief Parses one reply line ("250 OK", "250-SIZE 1000").
 * \param line the line without CRLF.
 * \param reply receives the fields when the line is valid.
 * \returns false if the line does not start with a code from 200 to 599 followed by a space,
 *          a hyphen or the end of the line.
 */
bool SmtpParseReplyLine(const std::string& line, SmtpReplyLine& reply);

/**
 * \brief Dot-stuffs a message for the DATA phase and appends the terminating ".".
 *
 * Every line that starts with "." gets one more "." (RFC 5321 section 4.5.2), bare LF line
 * ends become CRLF, a missing final CRLF is added and ".\r\n" ends the result.
 *
 * \param message the message (headers, blank line, body).
 * \returns the bytes to send after the server's 354 reply.
 */
std::string SmtpDotStuff(const std::string& message);

/**
 * \brief Reverses dot-stuffing for one line received in the DATA phase.
 * \param line a line without CRLF that is not the terminating ".".
 * \returns the line with one leading "." removed if it starts with ".".
 */
std::string SmtpDotUnstuffLine(const std::string& line);

/**
 * \brief Finds the first header field with a given name in a message.
 *
 * Only the header section, up to the first empty line, is searched. The name is compared
 * case-insensitively, and folded continuation lines are joined with their CRLF removed.
 *
 * \param message the message with CRLF line ends.
 * \param name the field name without the colon, for example "Message-ID".
 * \param value receives the field body with surrounding white space removed.
 * \returns true if the field was found.
 */
bool SmtpFindHeader(const std::string& message, const std::string& name, std::string& value);

/**
 * \brief Finds the body of a message.
 * \param message the message with CRLF line ends.
 * \returns the bytes after the empty line that ends the header section, or an empty string
 *          if the message has no such line.
 */
std::string SmtpGetBody(const std::string& message);

/**
 * \brief Extracts the host name of the "by" clause of a Received: field body.
 * \param received the field body, for example "from a ([10.0.0.1]) by mgw1.example; 1.5".
 * \param host receives the name that follows "by".
 * \returns false if the field has no "by" clause.
 */
bool SmtpParseReceivedBy(const std::string& received, std::string& host);

/**
 * \brief Extracts the path of a MAIL FROM or RCPT TO argument.
 * \param argument the text after the command verb, for example "FROM:<a@b.example> SIZE=10".
 * \param keyword "FROM" or "TO", compared case-insensitively.
 * \param path receives the text between the angle brackets; empty for the null path "<>".
 * \returns false if the argument does not have the form "keyword:<path>".
 */
bool SmtpParsePathArgument(const std::string& argument,
                           const std::string& keyword,
                           std::string& path);

/**
 * \brief Compares two ASCII strings case-insensitively.
 * \param a the first string.
 * \param b the second string.
 * \returns true if they are equal apart from letter case.
 */
bool SmtpEqualsIgnoreCase(const std::string& a, const std::string& b);

} // namespace ns3

#endif // MXRACE_SIM_SMTP_MESSAGE_H
