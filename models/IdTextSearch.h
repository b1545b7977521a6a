#pragma once

#include <QStringView>
#include <QUuid>

#include <vector>

// Finds text made of hex digits and dashes inside ids as QUuid::WithoutBraces spells them,
// without spelling them: each place in the 36 characters where the text's dashes meet the id's
// dashes becomes a mask and a value over the id's 128 bits, so testing an id is a few ANDs and
// compares. The text filter and the filter language may test a million ids per keystroke.
class IdTextSearch
{
public:
    explicit IdTextSearch(QStringView needle);

    // True when the needle cannot be part of any id (wrong characters, too long, empty).
    bool isEmpty() const { return m_patterns.empty(); }
    bool matches(const QUuid& id) const;

private:
    struct Pattern
    {
        quint64 maskHigh = 0;
        quint64 valueHigh = 0;
        quint64 maskLow = 0;
        quint64 valueLow = 0;
        bool operator==(const Pattern&) const = default;
    };
    std::vector<Pattern> m_patterns;
};
