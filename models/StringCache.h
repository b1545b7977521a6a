#pragma once

#include <QString>

#include <string>
#include <string_view>
#include <unordered_map>

// Repeated short strings (column names, status and type texts) become one shared QString: no
// conversion and no allocation when a text was seen before. Part of RecordDecoder.
class StringCache
{
public:
    const QString& get(std::string_view utf8)
    {
        const auto found = m_strings.find(utf8);
        if (found != m_strings.end())
            return found->second;
        if (m_strings.size() >= MaxEntries)
            m_strings.clear();
        return m_strings
            .emplace(std::string(utf8), QString::fromUtf8(utf8.data(), qsizetype(utf8.size())))
            .first->second;
    }

private:
    struct TransparentStringHash
    {
        using is_transparent = void;
        size_t operator()(std::string_view text) const
        {
            return std::hash<std::string_view>{}(text);
        }
    };

    static constexpr size_t MaxEntries = 1 << 16;
    std::unordered_map<std::string, QString, TransparentStringHash, std::equal_to<>> m_strings;
};
