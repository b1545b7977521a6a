#include "IdTextSearch.h"

#include <algorithm>

IdTextSearch::IdTextSearch(QStringView needle)
{
    constexpr int IdTextLength = 36;
    if (needle.isEmpty() || needle.size() > IdTextLength) {
        return;
    }
    std::vector<int> nibbles; // -1 for a dash
    for (QChar c : needle) {
        const char16_t u = c.toLower().unicode();
        if (u == u'-') {
            nibbles.push_back(-1);
        } else if (u >= u'0' && u <= u'9') {
            nibbles.push_back(u - u'0');
        } else if (u >= u'a' && u <= u'f') {
            nibbles.push_back(u - u'a' + 10);
        } else {
            return; // cannot be part of an id
        }
    }
    const auto isDash = [](int position) {
        return position == 8 || position == 13 || position == 18 || position == 23;
    };
    for (int offset = 0; offset + int(nibbles.size()) <= IdTextLength; ++offset) {
        Pattern pattern;
        bool fits = true;
        for (size_t i = 0; i < nibbles.size() && fits; ++i) {
            const int position = offset + int(i);
            if ((nibbles[i] < 0) != isDash(position)) {
                fits = false;
            } else if (nibbles[i] >= 0) {
                const int dashesBefore =
                    (position > 8) + (position > 13) + (position > 18) + (position > 23);
                const int nibble = position - dashesBefore; // 0..31 from the left
                const int shift = 60 - 4 * (nibble % 16);
                quint64& mask = nibble < 16 ? pattern.maskHigh : pattern.maskLow;
                quint64& value = nibble < 16 ? pattern.valueHigh : pattern.valueLow;
                mask |= quint64(0xf) << shift;
                value |= quint64(nibbles[i]) << shift;
            }
        }
        if (fits &&
            std::find(m_patterns.cbegin(), m_patterns.cend(), pattern) == m_patterns.cend()) {
            m_patterns.push_back(pattern);
        }
    }
}

bool IdTextSearch::matches(const QUuid& id) const
{
    const quint64 high = (quint64(id.data1) << 32) | (quint64(id.data2) << 16) | id.data3;
    quint64 low = 0;
    for (uchar byte : id.data4) {
        low = (low << 8) | byte;
    }
    return std::any_of(m_patterns.cbegin(), m_patterns.cend(), [=](const Pattern& pattern) {
        return (high & pattern.maskHigh) == pattern.valueHigh &&
               (low & pattern.maskLow) == pattern.valueLow;
    });
}
