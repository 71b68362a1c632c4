/**
 * \file
 * Non-owning views of byte buffers, the input type of every parser in the core.
 */
#ifndef MXRACE_CORE_BYTE_SPAN_H
#define MXRACE_CORE_BYTE_SPAN_H

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace mxrace
{
namespace core
{

/**
 * \brief Read-only view of a contiguous byte buffer (C++17 has no std::span).
 */
struct ByteSpan
{
    const uint8_t* data{nullptr}; //!< First byte, or nullptr when size is 0.
    size_t size{0};               //!< Number of bytes.

    ByteSpan() = default;

    ByteSpan(const uint8_t* d, size_t n)
        : data(d),
          size(n)
    {
    }

    ByteSpan(const std::vector<uint8_t>& v) // NOLINT(google-explicit-constructor)
        : data(v.data()),
          size(v.size())
    {
    }

    /** \returns the bytes from \p offset to the end; empty if \p offset is past the end. */
    ByteSpan Subspan(size_t offset) const
    {
        if (offset >= size)
        {
            return ByteSpan();
        }
        return ByteSpan(data + offset, size - offset);
    }
};

/** \returns the big-endian 16-bit value at \p p (the caller has checked the length). */
inline uint16_t
ReadBe16(const uint8_t* p)
{
    return static_cast<uint16_t>((p[0] << 8) | p[1]);
}

/** \returns the big-endian 32-bit value at \p p (the caller has checked the length). */
inline uint32_t
ReadBe32(const uint8_t* p)
{
    return (static_cast<uint32_t>(p[0]) << 24) | (static_cast<uint32_t>(p[1]) << 16) |
           (static_cast<uint32_t>(p[2]) << 8) | static_cast<uint32_t>(p[3]);
}

/** Writes \p v big-endian at \p p. */
inline void
WriteBe16(uint8_t* p, uint16_t v)
{
    p[0] = static_cast<uint8_t>(v >> 8);
    p[1] = static_cast<uint8_t>(v & 0xff);
}

/** Writes \p v big-endian at \p p. */
inline void
WriteBe32(uint8_t* p, uint32_t v)
{
    p[0] = static_cast<uint8_t>(v >> 24);
    p[1] = static_cast<uint8_t>((v >> 16) & 0xff);
    p[2] = static_cast<uint8_t>((v >> 8) & 0xff);
    p[3] = static_cast<uint8_t>(v & 0xff);
}

} // namespace core
} // namespace mxrace

#endif
