// Tests of the SMTP text functions: line reassembly, reply parsing, dot-stuffing, headers,
// and the client's message builder.

#include "sim/model/smtp-client-application.h"
#include "sim/model/smtp-line-buffer.h"
#include "sim/model/smtp-message.h"

#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <gtest/gtest.h>

using namespace ns3;

namespace
{

/** Takes every complete line out of \p buffer. */
std::vector<std::pair<std::string, bool>>
DrainLines(SmtpLineBuffer& buffer)
{
    std::vector<std::pair<std::string, bool>> lines;
    std::string line;
    bool overflow = false;
    while (buffer.NextLine(line, overflow))
    {
        lines.emplace_back(line, overflow);
    }
    return lines;
}

TEST(SmtpLineBuffer, LineSplitBetweenCrAndLf)
{
    SmtpLineBuffer buffer(998);
    buffer.Append("EHLO a.exam");
    EXPECT_TRUE(DrainLines(buffer).empty());
    buffer.Append("ple\r");
    EXPECT_TRUE(DrainLines(buffer).empty());
    buffer.Append("\nMAIL FROM:<x@y>\r\nRC");

    auto lines = DrainLines(buffer);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0].first, "EHLO a.example");
    EXPECT_FALSE(lines[0].second);
    EXPECT_EQ(lines[1].first, "MAIL FROM:<x@y>");
    EXPECT_EQ(buffer.GetPendingSize(), 2u);
}

TEST(SmtpLineBuffer, ByteByByteDelivery)
{
    SmtpLineBuffer buffer(998);
    std::string stream = "220 ready\r\n250-first\r\n250 last\r\n";
    std::vector<std::string> lines;
    for (char c : stream)
    {
        buffer.Append(std::string(1, c));
        for (auto& line : DrainLines(buffer))
        {
            lines.push_back(line.first);
        }
    }
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[0], "220 ready");
    EXPECT_EQ(lines[1], "250-first");
    EXPECT_EQ(lines[2], "250 last");
    EXPECT_EQ(buffer.GetPendingSize(), 0u);
}

TEST(SmtpLineBuffer, BareLfAndEmptyLines)
{
    SmtpLineBuffer buffer(998);
    buffer.Append("a\n\r\n\nb\r\n");
    auto lines = DrainLines(buffer);
    ASSERT_EQ(lines.size(), 4u);
    EXPECT_EQ(lines[0].first, "a");
    EXPECT_EQ(lines[1].first, "");
    EXPECT_EQ(lines[2].first, "");
    EXPECT_EQ(lines[3].first, "b");
}

TEST(SmtpLineBuffer, LongLineCutWithinOneChunk)
{
    SmtpLineBuffer buffer(10);
    buffer.Append("0123456789ABCDEF\r\nnext\r\n");
    auto lines = DrainLines(buffer);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0].first, "0123456789");
    EXPECT_TRUE(lines[0].second);
    EXPECT_EQ(lines[1].first, "next");
    EXPECT_FALSE(lines[1].second);
}

TEST(SmtpLineBuffer, LongLineAcrossChunksNotBuffered)
{
    SmtpLineBuffer buffer(10);
    buffer.Append("0123456789AB");
    auto lines = DrainLines(buffer);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0].first, "0123456789");
    EXPECT_TRUE(lines[0].second);

    // The rest of the long line is dropped as it arrives, up to its terminator.
    buffer.Append(std::string(5000, 'x'));
    EXPECT_TRUE(DrainLines(buffer).empty());
    EXPECT_EQ(buffer.GetPendingSize(), 0u);
    buffer.Append("yy\r\nok\r\n");
    lines = DrainLines(buffer);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0].first, "ok");
    EXPECT_FALSE(lines[0].second);
}

TEST(SmtpLineBuffer, LineOfMaximumLengthWaitingForLf)
{
    SmtpLineBuffer buffer(10);
    buffer.Append("0123456789\r");
    EXPECT_TRUE(DrainLines(buffer).empty());
    buffer.Append("\n");
    auto lines = DrainLines(buffer);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0].first, "0123456789");
    EXPECT_FALSE(lines[0].second);
}

TEST(SmtpReplyParse, ValidAndInvalidLines)
{
    struct Case
    {
        const char* line;
        bool valid;
        uint16_t code;
        bool isLast;
        const char* text;
    };
    const Case cases[] = {
        {"220 mgw1 ESMTP", true, 220, true, "mgw1 ESMTP"},
        {"250-SIZE 100", true, 250, false, "SIZE 100"},
        {"250", true, 250, true, ""},
        {"554 5.7.1 no", true, 554, true, "5.7.1 no"},
        {"199 low", false, 0, true, ""},
        {"600 high", false, 0, true, ""},
        {"25", false, 0, true, ""},
        {"2x0 bad", false, 0, true, ""},
        {"250x", false, 0, true, ""},
        {"", false, 0, true, ""},
    };
    for (const Case& c : cases)
    {
        SmtpReplyLine reply;
        bool valid = SmtpParseReplyLine(c.line, reply);
        EXPECT_EQ(valid, c.valid) << c.line;
        if (valid && c.valid)
        {
            EXPECT_EQ(reply.code, c.code) << c.line;
            EXPECT_EQ(reply.isLast, c.isLast) << c.line;
            EXPECT_EQ(reply.text, c.text) << c.line;
        }
    }
}

TEST(SmtpDotStuff, LeadingDotsDoubled)
{
    EXPECT_EQ(SmtpDotStuff("a\r\n.\r\n..x\r\n.y"), "a\r\n..\r\n...x\r\n..y\r\n.\r\n");
}

TEST(SmtpDotStuff, BareLfBecomesCrlf)
{
    EXPECT_EQ(SmtpDotStuff("a\n.b\n"), "a\r\n..b\r\n.\r\n");
}

TEST(SmtpDotStuff, EmptyMessage)
{
    EXPECT_EQ(SmtpDotStuff(""), ".\r\n");
}

TEST(SmtpDotStuff, DotInsideLineUntouched)
{
    EXPECT_EQ(SmtpDotStuff("a.b\r\n x.\r\n"), "a.b\r\n x.\r\n.\r\n");
}

TEST(SmtpDotStuff, UnstuffLine)
{
    EXPECT_EQ(SmtpDotUnstuffLine(".."), ".");
    EXPECT_EQ(SmtpDotUnstuffLine("...x"), "..x");
    EXPECT_EQ(SmtpDotUnstuffLine("x."), "x.");
    EXPECT_EQ(SmtpDotUnstuffLine(""), "");
}

TEST(SmtpHeaders, FoldedReceivedUnfolded)
{
    std::string message = "Received: from a ([10.0.0.1])\r\n"
                          "\tby mgw1.org.test with ESMTP id 4\r\n"
                          "\tfor <u@org.test>; 1.5\r\n"
                          "received: from b by later.test; 2\r\n"
                          "Message-ID: <mxrace-7@a>\r\n"
                          "\r\n"
                          "Message-ID: <in-the-body@x>\r\n";
    std::string value;
    ASSERT_TRUE(SmtpFindHeader(message, "RECEIVED", value));
    EXPECT_EQ(value, "from a ([10.0.0.1])\tby mgw1.org.test with ESMTP id 4\tfor <u@org.test>; 1.5");

    std::string host;
    ASSERT_TRUE(SmtpParseReceivedBy(value, host));
    EXPECT_EQ(host, "mgw1.org.test");

    ASSERT_TRUE(SmtpFindHeader(message, "message-id", value));
    EXPECT_EQ(value, "<mxrace-7@a>");
    EXPECT_FALSE(SmtpFindHeader(message, "Subject", value));
    EXPECT_EQ(SmtpGetBody(message), "Message-ID: <in-the-body@x>\r\n");
}

TEST(SmtpHeaders, ReceivedWithoutBy)
{
    std::string host = "unchanged";
    EXPECT_FALSE(SmtpParseReceivedBy("from a; by tomorrow", host));
    EXPECT_FALSE(SmtpParseReceivedBy("from a by", host));
    EXPECT_FALSE(SmtpParseReceivedBy("from bypass.test", host));
    EXPECT_EQ(host, "unchanged");
}

TEST(SmtpPathArgument, FormsAcceptedAndRejected)
{
    std::string path;
    ASSERT_TRUE(SmtpParsePathArgument("FROM:<a@b.test>", "FROM", path));
    EXPECT_EQ(path, "a@b.test");
    ASSERT_TRUE(SmtpParsePathArgument("from: <a@b.test> SIZE=100", "FROM", path));
    EXPECT_EQ(path, "a@b.test");
    ASSERT_TRUE(SmtpParsePathArgument("FROM:<>", "FROM", path));
    EXPECT_EQ(path, "");
    EXPECT_FALSE(SmtpParsePathArgument("FROM:a@b.test", "FROM", path));
    EXPECT_FALSE(SmtpParsePathArgument("FROM:<a@b.test", "FROM", path));
    EXPECT_FALSE(SmtpParsePathArgument("TO:<a@b.test>", "FROM", path));
    EXPECT_FALSE(SmtpParsePathArgument("", "TO", path));
}

TEST(SmtpClientMessage, SizeExactForManySizes)
{
    Ptr<SmtpClientApplication> client = CreateObject<SmtpClientApplication>();
    for (uint32_t size = 200; size < 1200; size += 7)
    {
        client->SetAttribute("MessageSize", UintegerValue(size));
        std::string message = client->BuildMessage(42, Seconds(3));
        EXPECT_EQ(message.size(), size) << "MessageSize " << size;
        EXPECT_EQ(message.substr(message.size() - 2), "\r\n") << "MessageSize " << size;
    }

    // A size below the headers' yields the headers and the empty line alone.
    client->SetAttribute("MessageSize", UintegerValue(10));
    std::string headersOnly = client->BuildMessage(42, Seconds(3));
    EXPECT_GT(headersOnly.size(), 10u);
    EXPECT_EQ(headersOnly.substr(headersOnly.size() - 4), "\r\n\r\n");
    EXPECT_EQ(SmtpGetBody(headersOnly), "");
    client->Dispose();
    Simulator::Destroy();
}

TEST(SmtpClientMessage, HeadersAndDotLines)
{
    Ptr<SmtpClientApplication> client = CreateObject<SmtpClientApplication>();
    client->SetAttribute("MessageSize", UintegerValue(2000));
    std::string message = client->BuildMessage(42, MilliSeconds(1500));

    std::string value;
    ASSERT_TRUE(SmtpFindHeader(message, "Message-ID", value));
    EXPECT_EQ(value, "<mxrace-42@mta.outside.test>");
    ASSERT_TRUE(SmtpFindHeader(message, "X-Mxrace-Sent", value));
    EXPECT_EQ(value, "1500000000");
    std::string body = SmtpGetBody(message);
    EXPECT_NE(body.find("\r\n.\r\n"), std::string::npos);
    EXPECT_NE(body.find("\r\n.. two leading dots"), std::string::npos);

    // Stuffing, then unstuffing line by line as the server does, restores the message.
    std::string stuffed = SmtpDotStuff(message);
    SmtpLineBuffer lines(998);
    lines.Append(stuffed);
    std::string restored;
    std::string line;
    bool overflow = false;
    bool ended = false;
    while (lines.NextLine(line, overflow))
    {
        ASSERT_FALSE(ended) << "data after the terminating dot";
        if (line == ".")
        {
            ended = true;
            continue;
        }
        restored += SmtpDotUnstuffLine(line) + "\r\n";
    }
    EXPECT_TRUE(ended);
    EXPECT_EQ(restored, message);
    client->Dispose();
    Simulator::Destroy();
}

} // namespace
