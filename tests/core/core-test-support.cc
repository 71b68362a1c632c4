#include "core-test-support.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#ifndef MXRACE_CORE_VECTORS_FILE
#error "MXRACE_CORE_VECTORS_FILE must name the file that make-vectors.py writes"
#endif

namespace mxrace
{
namespace core
{

void
PrintTo(DropReason reason, std::ostream* os)
{
    *os << ToString(reason);
}

} // namespace core

namespace test
{

namespace
{

/** The INPUT and EXPECTED bytes of one vector. */
struct Vector
{
    std::vector<uint8_t> input;    //!< INPUT column.
    std::vector<uint8_t> expected; //!< EXPECTED column.
};

/** The loaded vectors, and the reason the file could not be read, if any. */
struct VectorTable
{
    std::map<std::string, Vector> vectors; //!< Vectors by name.
    std::string error;                     //!< Empty when the file loaded.
};

bool
DecodeHex(const std::string& text, std::vector<uint8_t>& bytes)
{
    bytes.clear();
    if (text == "-")
    {
        return true;
    }
    if (text.size() % 2 != 0)
    {
        return false;
    }
    for (size_t i = 0; i < text.size(); i += 2)
    {
        unsigned value = 0;
        std::istringstream digits(text.substr(i, 2));
        if (!(digits >> std::hex >> value) || value > 0xff)
        {
            return false;
        }
        bytes.push_back(static_cast<uint8_t>(value));
    }
    return true;
}

VectorTable
LoadVectors()
{
    VectorTable table;
    std::ifstream file(MXRACE_CORE_VECTORS_FILE);
    if (!file)
    {
        table.error = std::string("cannot open ") + MXRACE_CORE_VECTORS_FILE +
                      ": build the mxrace-core-vectors target, which runs make-vectors.py";
        return table;
    }

    std::string line;
    size_t lineNumber = 0;
    while (std::getline(file, line))
    {
        ++lineNumber;
        if (line.empty() || line[0] == '#')
        {
            continue;
        }
        std::istringstream fields(line);
        std::string name;
        std::string input;
        std::string expected;
        Vector vector;
        if (!(fields >> name >> input >> expected) || !DecodeHex(input, vector.input) ||
            !DecodeHex(expected, vector.expected))
        {
            table.error = std::string(MXRACE_CORE_VECTORS_FILE) + " line " +
                          std::to_string(lineNumber) + " is not \"NAME HEX HEX\"";
            return table;
        }
        table.vectors[name] = vector;
    }
    return table;
}

/** Returns the vector \p name, or nullptr after recording a failure. */
const Vector*
FindVector(const std::string& name)
{
    static const VectorTable table = LoadVectors();
    if (!table.error.empty())
    {
        ADD_FAILURE() << table.error;
        return nullptr;
    }
    auto it = table.vectors.find(name);
    if (it == table.vectors.end())
    {
        ADD_FAILURE() << "vector \"" << name << "\" not found in " << MXRACE_CORE_VECTORS_FILE;
        return nullptr;
    }
    return &it->second;
}

} // namespace

std::vector<uint8_t>
VectorInput(const std::string& name)
{
    const Vector* vector = FindVector(name);
    return vector != nullptr ? vector->input : std::vector<uint8_t>();
}

std::vector<uint8_t>
VectorExpected(const std::string& name)
{
    const Vector* vector = FindVector(name);
    return vector != nullptr ? vector->expected : std::vector<uint8_t>();
}

core::Ipv4Addr
AddressParam(const std::string& name)
{
    std::vector<uint8_t> bytes = VectorInput("param." + name);
    if (bytes.size() != 4)
    {
        ADD_FAILURE() << "param." << name << " is not a 4-byte address";
        return 0;
    }
    return Field32(bytes, 0);
}

uint16_t
Param16(const std::string& name)
{
    std::vector<uint8_t> bytes = VectorInput("param." + name);
    if (bytes.size() != 2)
    {
        ADD_FAILURE() << "param." << name << " is not a 2-byte value";
        return 0;
    }
    return Field16(bytes, 0);
}

uint16_t
Field16(const std::vector<uint8_t>& bytes, size_t offset)
{
    if (offset + 2 > bytes.size())
    {
        ADD_FAILURE() << "16-bit field at offset " << offset << " is past the end of "
                      << bytes.size() << " bytes";
        return 0;
    }
    return static_cast<uint16_t>((bytes[offset] << 8) | bytes[offset + 1]);
}

uint32_t
Field32(const std::vector<uint8_t>& bytes, size_t offset)
{
    if (offset + 4 > bytes.size())
    {
        ADD_FAILURE() << "32-bit field at offset " << offset << " is past the end of "
                      << bytes.size() << " bytes";
        return 0;
    }
    return (static_cast<uint32_t>(bytes[offset]) << 24) |
           (static_cast<uint32_t>(bytes[offset + 1]) << 16) |
           (static_cast<uint32_t>(bytes[offset + 2]) << 8) | bytes[offset + 3];
}

std::string
ToHex(core::ByteSpan bytes)
{
    static const char kDigits[] = "0123456789abcdef";
    std::string text;
    for (size_t i = 0; i < bytes.size; ++i)
    {
        text.push_back(kDigits[bytes.data[i] >> 4]);
        text.push_back(kDigits[bytes.data[i] & 0x0f]);
    }
    return text;
}

::testing::AssertionResult
BytesEqual(core::ByteSpan actual, core::ByteSpan expected)
{
    size_t common = std::min(actual.size, expected.size);
    size_t offset = 0;
    while (offset < common && actual.data[offset] == expected.data[offset])
    {
        ++offset;
    }
    if (offset == common && actual.size == expected.size)
    {
        return ::testing::AssertionSuccess();
    }
    return ::testing::AssertionFailure()
           << "bytes differ at offset " << offset << " (actual " << actual.size
           << " bytes, expected " << expected.size << ")\n  actual:   " << ToHex(actual)
           << "\n  expected: " << ToHex(expected);
}

void
ExpectOnlyCounterMoved(const core::DropCounters& before,
                       const core::DropCounters& after,
                       core::DropReason reason)
{
    for (size_t i = 1; i < core::kDropReasonCount; ++i)
    {
        auto counted = static_cast<core::DropReason>(i);
        uint64_t expectedDelta = counted == reason ? 1 : 0;
        EXPECT_EQ(after.Get(counted) - before.Get(counted), expectedDelta)
            << "counter " << core::ToString(counted) << " (expected only " << core::ToString(reason)
            << " to move)";
    }
    EXPECT_EQ(after.Total() - before.Total(), reason == core::DropReason::None ? 0u : 1u);
}

} // namespace test
} // namespace mxrace
