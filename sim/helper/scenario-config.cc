#include "scenario-config.h"

#include "daemon/core/ipv4-address.h"

#include "ns3/data-rate.h"

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>

namespace ns3
{

namespace
{

std::string
Trim(const std::string& text)
{
    size_t begin = text.find_first_not_of(" \t\r");
    if (begin == std::string::npos)
    {
        return "";
    }
    size_t end = text.find_last_not_of(" \t\r");
    return text.substr(begin, end - begin + 1);
}

bool
IsValidKey(const std::string& key)
{
    if (key.empty())
    {
        return false;
    }
    for (char c : key)
    {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_' || c == '.';
        if (!ok)
        {
            return false;
        }
    }
    return true;
}

} // namespace

void
ScenarioConfig::LoadFile(const std::string& path)
{
    std::ifstream in(path);
    if (!in)
    {
        throw std::runtime_error("cannot read scenario config file " + path +
                                 ": check the path (relative paths start at the current "
                                 "directory)");
    }

    std::string line;
    unsigned lineNumber = 0;
    while (std::getline(in, line))
    {
        ++lineNumber;
        std::string origin = path + ":" + std::to_string(lineNumber);
        std::string content = Trim(line.substr(0, line.find('#')));
        if (content.empty())
        {
            continue;
        }

        size_t equals = content.find('=');
        if (equals == std::string::npos)
        {
            throw std::runtime_error(origin + ": expected `key = value`, got \"" + content + "\"");
        }
        std::string key = Trim(content.substr(0, equals));
        std::string value = Trim(content.substr(equals + 1));
        if (!IsValidKey(key))
        {
            throw std::runtime_error(origin + ": invalid key \"" + key +
                                     "\": use letters, digits, '-', '_' and '.'");
        }
        if (value.empty())
        {
            throw std::runtime_error(origin + ": key " + key + " has no value");
        }
        size_t slash = path.rfind('/');
        std::string folder = slash == std::string::npos ? "." : path.substr(0, slash);
        m_entries[key] = Entry{value, origin, folder};
    }
}

void
ScenarioConfig::Override(const std::string& assignment, const std::string& origin)
{
    size_t equals = assignment.find('=');
    if (equals == std::string::npos)
    {
        throw std::runtime_error(origin + ": expected key=value, got \"" + assignment + "\"");
    }
    std::string key = Trim(assignment.substr(0, equals));
    std::string value = Trim(assignment.substr(equals + 1));
    if (!IsValidKey(key) || value.empty())
    {
        throw std::runtime_error(origin + ": expected key=value with a non-empty value, got \"" +
                                 assignment + "\"");
    }
    m_entries[key] = Entry{value, origin, ""};
}

bool
ScenarioConfig::Has(const std::string& key) const
{
    return m_entries.count(key) != 0;
}

const ScenarioConfig::Entry&
ScenarioConfig::Lookup(const std::string& key)
{
    auto it = m_entries.find(key);
    if (it == m_entries.end())
    {
        throw std::runtime_error("scenario parameter " + key +
                                 " is missing: set it in the config file or with --set " + key +
                                 "=VALUE");
    }
    m_used.insert(key);
    return it->second;
}

std::string
ScenarioConfig::GetString(const std::string& key)
{
    return Lookup(key).value;
}

std::string
ScenarioConfig::GetPath(const std::string& key)
{
    const Entry& entry = Lookup(key);
    if (entry.value[0] == '/' || entry.folder.empty())
    {
        return entry.value;
    }
    return entry.folder + "/" + entry.value;
}

double
ScenarioConfig::GetDouble(const std::string& key)
{
    const Entry& entry = Lookup(key);
    char* end = nullptr;
    errno = 0;
    double value = std::strtod(entry.value.c_str(), &end);
    if (errno != 0 || end == entry.value.c_str() || *end != '\0')
    {
        throw std::runtime_error(entry.origin + ": " + key + " = \"" + entry.value +
                                 "\" is not a number");
    }
    return value;
}

uint64_t
ScenarioConfig::GetUnsigned(const std::string& key)
{
    const Entry& entry = Lookup(key);
    char* end = nullptr;
    errno = 0;
    unsigned long long value = std::strtoull(entry.value.c_str(), &end, 10);
    if (errno != 0 || end == entry.value.c_str() || *end != '\0' || entry.value[0] == '-')
    {
        throw std::runtime_error(entry.origin + ": " + key + " = \"" + entry.value +
                                 "\" is not a non-negative integer");
    }
    return value;
}

std::string
ScenarioConfig::GetDataRate(const std::string& key)
{
    const Entry& entry = Lookup(key);
    DataRateValue rate;
    if (!rate.DeserializeFromString(entry.value, MakeDataRateChecker()) ||
        rate.Get().GetBitRate() == 0)
    {
        throw std::runtime_error(entry.origin + ": " + key + " = \"" + entry.value +
                                 "\" is not a data rate: expected a positive number and a unit "
                                 "such as 10Mbps or 1Gbps");
    }
    return entry.value;
}

std::string
ScenarioConfig::GetIpv4(const std::string& key)
{
    const Entry& entry = Lookup(key);
    std::optional<mxrace::core::Ipv4Addr> address = mxrace::core::ParseIpv4(entry.value);
    if (!address || mxrace::core::IsUnusableSource(*address))
    {
        throw std::runtime_error(entry.origin + ": " + key + " = \"" + entry.value +
                                 "\" is not a unicast IPv4 address: expected dotted-quad form "
                                 "such as 10.1.1.53, not in 0/8, 127/8, 224/4 or 240/4");
    }
    return entry.value;
}

bool
ScenarioConfig::GetBool(const std::string& key)
{
    const Entry& entry = Lookup(key);
    const std::string& v = entry.value;
    if (v == "true" || v == "yes" || v == "1")
    {
        return true;
    }
    if (v == "false" || v == "no" || v == "0")
    {
        return false;
    }
    throw std::runtime_error(entry.origin + ": " + key + " = \"" + v +
                             "\" is not a boolean: expected true or false");
}

std::vector<std::string>
ScenarioConfig::GetList(const std::string& key)
{
    std::vector<std::string> items;
    std::stringstream stream(Lookup(key).value);
    std::string item;
    while (std::getline(stream, item, ','))
    {
        item = Trim(item);
        if (!item.empty())
        {
            items.push_back(item);
        }
    }
    return items;
}

std::vector<double>
ScenarioConfig::GetDoubleList(const std::string& key)
{
    std::vector<double> values;
    for (const std::string& item : GetList(key))
    {
        char* end = nullptr;
        double value = std::strtod(item.c_str(), &end);
        if (end == item.c_str() || *end != '\0')
        {
            throw std::runtime_error(m_entries.at(key).origin + ": " + key + " item \"" + item +
                                     "\" is not a number");
        }
        values.push_back(value);
    }
    return values;
}

void
ScenarioConfig::CheckAllUsed() const
{
    std::string unused;
    for (const auto& [key, entry] : m_entries)
    {
        if (m_used.count(key) == 0)
        {
            unused += "\n  " + entry.origin + ": " + key;
        }
    }
    if (!unused.empty())
    {
        throw std::runtime_error("unknown scenario parameters (misspelt, or not used by this "
                                 "scenario):" +
                                 unused);
    }
}

std::string
ScenarioConfig::Dump() const
{
    std::string text;
    for (const auto& [key, entry] : m_entries)
    {
        text += key + " = " + entry.value + "\n";
    }
    return text;
}

} // namespace ns3
