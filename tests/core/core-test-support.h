/**
 * \file
 * Shared helpers of the core unit tests: the scapy-built vectors, byte comparison and
 * drop-counter checks.
 */
#ifndef MXRACE_TESTS_CORE_TEST_SUPPORT_H
#define MXRACE_TESTS_CORE_TEST_SUPPORT_H

#include "core/byte-span.h"
#include "core/drop-reason.h"
#include "core/ipv4-address.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace mxrace
{
namespace core
{

/**
 * \brief Prints \p reason by name in GoogleTest messages (found by argument-dependent lookup).
 * \param reason the reason
 * \param os the stream GoogleTest writes to
 */
void PrintTo(DropReason reason, std::ostream* os);

} // namespace core

namespace test
{

/**
 * \brief Returns the INPUT bytes of vector \p name from the file that make-vectors.py
 * writes at build time.
 *
 * A missing file or name records a test failure and returns no bytes, so a test cannot
 * pass on a vector it did not read.
 * \param name the vector name, such as "udp.valid"
 * \returns the bytes, empty for "-"
 */
std::vector<uint8_t> VectorInput(const std::string& name);

/**
 * \brief Returns the EXPECTED bytes of vector \p name; see VectorInput().
 * \param name the vector name
 * \returns the bytes, empty for "-"
 */
std::vector<uint8_t> VectorExpected(const std::string& name);

/**
 * \brief Returns the address that make-vectors.py stored as "param.<name>".
 * \param name the parameter name, such as "client"
 * \returns the address in host byte order, or 0 after recording a failure
 */
core::Ipv4Addr AddressParam(const std::string& name);

/**
 * \brief Returns the 16-bit value (port, ID, count) stored as "param.<name>".
 * \param name the parameter name, such as "client-port"
 * \returns the value, or 0 after recording a failure
 */
uint16_t Param16(const std::string& name);

/**
 * \brief Reads a big-endian 16-bit field without the core's helpers.
 * \param bytes the buffer; a read past its end records a failure and returns 0
 * \param offset the field's offset
 * \returns the field value
 */
uint16_t Field16(const std::vector<uint8_t>& bytes, size_t offset);

/**
 * \brief Reads a big-endian 32-bit field without the core's helpers.
 * \param bytes the buffer; a read past its end records a failure and returns 0
 * \param offset the field's offset
 * \returns the field value
 */
uint32_t Field32(const std::vector<uint8_t>& bytes, size_t offset);

/**
 * \brief Compares two byte strings and names the first differing offset.
 * \param actual the bytes the code under test produced
 * \param expected the bytes scapy produced
 * \returns success, or a failure with the lengths, the offset and both bytes in hex
 */
::testing::AssertionResult BytesEqual(core::ByteSpan actual, core::ByteSpan expected);

/**
 * \brief Checks that, from \p before to \p after, only the counter of \p reason moved,
 * and by exactly one.
 * \param before the counters before the drop was counted
 * \param after the counters after it
 * \param reason the reason expected to move; DropReason::None expects no change at all
 */
void ExpectOnlyCounterMoved(const core::DropCounters& before,
                            const core::DropCounters& after,
                            core::DropReason reason);

/**
 * \brief Formats \p bytes as hex, for failure messages.
 * \param bytes the bytes
 * \returns the lower-case hex string
 */
std::string ToHex(core::ByteSpan bytes);

} // namespace test
} // namespace mxrace

#endif
