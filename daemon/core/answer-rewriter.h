/**
 * \file
 * The rewriter's packet logic: give a DNS server's answers the proxy's source address.
 */
#ifndef MXRACE_CORE_ANSWER_REWRITER_H
#define MXRACE_CORE_ANSWER_REWRITER_H

#include "drop-reason.h"
#include "ipv4-address.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace mxrace
{
namespace core
{

/**
 * \brief Answers from \p server leave with source \p proxy.
 */
struct RewriteRule
{
    Ipv4Addr server{0}; //!< Address the DNS server answers from.
    Ipv4Addr proxy{0};  //!< Proxy address the client queried.
};

/**
 * \brief Settings of an AnswerRewriter.
 */
struct RewriterConfig
{
    std::vector<RewriteRule> rules; //!< At least one; server addresses must differ.
    uint16_t serverPort{53};        //!< Source port of the answers.
};

/** Outcome of AnswerRewriter::Rewrite(). */
enum class RewriteVerdict : uint8_t
{
    Rewritten, //!< Source replaced and checksums updated: send it.
    Unchanged, //!< Not an answer of a configured server: send it as it is.
    Dropped    //!< Malformed: do not send; the reason says why.
};

/**
 * \brief Result of AnswerRewriter::Rewrite().
 */
struct RewriteResult
{
    RewriteVerdict verdict{RewriteVerdict::Unchanged}; //!< What was done.
    DropReason reason{DropReason::None};               //!< Why, when Dropped.
};

/**
 * \brief Rewrites the source address of DNS answers in outgoing IPv4 datagrams.
 *
 * A datagram is rewritten when it is UDP, its source address is a configured server and its
 * source port is the server port. The source becomes the rule's proxy address. The IPv4
 * header checksum and a non-zero UDP checksum are updated incrementally (RFC 1624), and the
 * UDP one is first verified on whole datagrams.
 *
 * Fragments: the first fragment carries the UDP header and is rewritten like a whole
 * datagram, except that its UDP checksum cannot be verified; its (source, destination, ID)
 * is remembered. Later fragments carry no ports, so they are rewritten when they match a
 * remembered first fragment. Linux routes and fragments a local datagram once, so its
 * fragments reach the TUN device first fragment first.
 * NOTE: a later fragment that arrives before its first fragment passes unchanged.
 */
class AnswerRewriter
{
  public:
    /** Creates a rewriter; check \p config with ValidateConfig() first. */
    explicit AnswerRewriter(const RewriterConfig& config);

    /**
     * \brief Checks \p config for errors a user can fix.
     * \returns an empty string, or a message naming the invalid setting and value
     */
    static std::string ValidateConfig(const RewriterConfig& config);

    /**
     * \brief Rewrites \p datagram in place if it is an answer of a configured server.
     * \param datagram the bytes of one IPv4 datagram, as routed into the divert point
     * \param size its length
     * \returns the verdict, and the reason when the datagram is dropped
     */
    RewriteResult Rewrite(uint8_t* datagram, size_t size);

  private:
    /** Identifies the fragments of one datagram. */
    struct FragmentKey
    {
        Ipv4Addr source{0};         //!< Original source.
        Ipv4Addr destination{0};    //!< Destination.
        uint16_t identification{0}; //!< IPv4 ID.
        bool used{false};           //!< Whether the slot holds a key.
    };

    /** \returns the rule of \p server, or nullptr. */
    const RewriteRule* FindRule(Ipv4Addr server) const;

    /** Replaces the source of the IPv4 header at \p ip with \p proxy and fixes its checksum. */
    static void RewriteIpv4Source(uint8_t* ip, Ipv4Addr proxy);

    static constexpr size_t kFragmentSlots = 64; //!< Remembered first fragments.

    RewriterConfig m_config;                                //!< Settings.
    std::array<FragmentKey, kFragmentSlots> m_fragments{};  //!< Ring of first fragments.
    size_t m_nextFragmentSlot{0};                           //!< Next ring slot to fill.
};

} // namespace core
} // namespace mxrace

#endif
