#include "Relationship.h"

#include <QCoreApplication>

#include <cmath>
#include <tuple>

using namespace Qt::StringLiterals;

QString statusName(RelationshipStatus status)
{
    switch (status) {
    case RelationshipStatus::Suggested:
        return u"SUGGESTED"_s;
    case RelationshipStatus::Approved:
        return u"APPROVED"_s;
    case RelationshipStatus::Rejected:
        return u"REJECTED"_s;
    case RelationshipStatus::Unknown:
        break;
    }
    return {};
}

QString typeName(RelationshipType type)
{
    switch (type) {
    case RelationshipType::ForeignKey:
        return u"FOREIGN_KEY"_s;
    case RelationshipType::Inferred:
        return u"INFERRED"_s;
    case RelationshipType::Manual:
        return u"MANUAL"_s;
    case RelationshipType::Unknown:
        break;
    }
    return {};
}

std::optional<RelationshipStatus> statusFromName(QStringView name)
{
    if (name == u"SUGGESTED")
        return RelationshipStatus::Suggested;
    if (name == u"APPROVED")
        return RelationshipStatus::Approved;
    if (name == u"REJECTED")
        return RelationshipStatus::Rejected;
    return std::nullopt;
}

std::optional<RelationshipType> typeFromName(QStringView name)
{
    if (name == u"INFERRED")
        return RelationshipType::Inferred;
    if (name == u"FOREIGN_KEY")
        return RelationshipType::ForeignKey;
    if (name == u"MANUAL")
        return RelationshipType::Manual;
    return std::nullopt;
}

QString statusDisplayName(RelationshipStatus status)
{
    switch (status) {
    case RelationshipStatus::Suggested:
        return QCoreApplication::translate("Relationship", "Suggested");
    case RelationshipStatus::Approved:
        return QCoreApplication::translate("Relationship", "Approved");
    case RelationshipStatus::Rejected:
        return QCoreApplication::translate("Relationship", "Rejected");
    case RelationshipStatus::Unknown:
        break;
    }
    return QCoreApplication::translate("Relationship", "Unknown");
}

QString typeDisplayName(RelationshipType type)
{
    switch (type) {
    case RelationshipType::ForeignKey:
        return QCoreApplication::translate("Relationship", "Foreign key");
    case RelationshipType::Inferred:
        return QCoreApplication::translate("Relationship", "Inferred");
    case RelationshipType::Manual:
        return QCoreApplication::translate("Relationship", "Manual");
    case RelationshipType::Unknown:
        break;
    }
    return QCoreApplication::translate("Relationship", "Unknown");
}

namespace {

constexpr qint64 MsPerDay = 86'400'000;

// Howard Hinnant's civil calendar algorithms: exact for the proleptic Gregorian calendar and
// much cheaper than a QDateTime per timestamp, which matters at a million rows.
constexpr qint64 daysFromCivil(qint64 year, unsigned month, unsigned day)
{
    year -= month <= 2;
    const qint64 era = (year >= 0 ? year : year - 399) / 400;
    const auto yearOfEra = unsigned(year - era * 400);
    const unsigned dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    const unsigned dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146097 + qint64(dayOfEra) - 719468;
}

struct CivilDate
{
    qint64 year;
    unsigned month;
    unsigned day;
};

constexpr CivilDate civilFromDays(qint64 days)
{
    days += 719468;
    const qint64 era = (days >= 0 ? days : days - 146096) / 146097;
    const auto dayOfEra = unsigned(days - era * 146097);
    const unsigned yearOfEra =
        (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const unsigned dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const unsigned mp = (5 * dayOfYear + 2) / 153;
    const unsigned day = dayOfYear - (153 * mp + 2) / 5 + 1;
    const unsigned month = mp < 10 ? mp + 3 : mp - 9;
    return {qint64(yearOfEra) + era * 400 + (month <= 2), month, day};
}

static_assert(daysFromCivil(1970, 1, 1) == 0);
static_assert(daysFromCivil(2023, 11, 7) == 19668);
static_assert(civilFromDays(19668).year == 2023 && civilFromDays(19668).day == 7);

constexpr bool isLeapYear(qint64 year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

constexpr unsigned daysInMonth(qint64 year, unsigned month)
{
    constexpr unsigned lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && isLeapYear(year) ? 29 : lengths[month - 1];
}

// Reads exactly `count` decimal digits at `pos`; advances pos.
bool readDigits(QStringView text, qsizetype& pos, int count, int& value)
{
    if (pos + count > text.size())
        return false;
    value = 0;
    for (int i = 0; i < count; ++i) {
        const char16_t c = text[pos + i].unicode();
        if (c < u'0' || c > u'9')
            return false;
        value = value * 10 + (c - u'0');
    }
    pos += count;
    return true;
}

bool expect(QStringView text, qsizetype& pos, char16_t c)
{
    if (pos >= text.size() || text[pos].unicode() != c)
        return false;
    ++pos;
    return true;
}

} // namespace

std::optional<qint64> parseTimestampMs(QStringView text)
{
    qsizetype pos = 0;
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!readDigits(text, pos, 4, year) || !expect(text, pos, u'-') ||
        !readDigits(text, pos, 2, month) || !expect(text, pos, u'-') ||
        !readDigits(text, pos, 2, day))
        return std::nullopt;
    if (month < 1 || month > 12 || day < 1 || unsigned(day) > daysInMonth(year, unsigned(month)))
        return std::nullopt;
    if (pos >= text.size())
        return std::nullopt;
    const char16_t separator = text[pos].unicode();
    if (separator != u'T' && separator != u't' && separator != u' ')
        return std::nullopt;
    ++pos;
    if (!readDigits(text, pos, 2, hour) || !expect(text, pos, u':') ||
        !readDigits(text, pos, 2, minute) || !expect(text, pos, u':') ||
        !readDigits(text, pos, 2, second))
        return std::nullopt;
    // 60 is a leap second, which RFC 3339 allows; it lands on the next minute's first second.
    if (hour > 23 || minute > 59 || second > 60)
        return std::nullopt;

    int millis = 0;
    if (pos < text.size() && text[pos] == u'.') {
        ++pos;
        int digits = 0;
        while (pos < text.size() && text[pos] >= u'0' && text[pos] <= u'9') {
            if (digits < 3)
                millis = millis * 10 + (text[pos].unicode() - u'0');
            ++digits;
            ++pos;
        }
        if (digits == 0 || digits > 9)
            return std::nullopt;
        for (int i = digits; i < 3; ++i)
            millis *= 10;
    }

    // Without an offset (Python's isoformat() of a naive datetime) the server means UTC.
    int offsetMinutes = 0;
    if (pos < text.size()) {
        const char16_t zone = text[pos].unicode();
        ++pos;
        if (zone == u'Z' || zone == u'z') {
            // UTC
        } else if (zone == u'+' || zone == u'-') {
            int offsetHours = 0, offsetMins = 0;
            if (!readDigits(text, pos, 2, offsetHours) || !expect(text, pos, u':') ||
                !readDigits(text, pos, 2, offsetMins))
                return std::nullopt;
            if (offsetHours > 23 || offsetMins > 59)
                return std::nullopt;
            offsetMinutes = (offsetHours * 60 + offsetMins) * (zone == u'-' ? -1 : 1);
        } else {
            return std::nullopt;
        }
    }
    if (pos != text.size())
        return std::nullopt;

    const qint64 days = daysFromCivil(year, unsigned(month), unsigned(day));
    const qint64 secondsOfDay = qint64(hour) * 3600 + minute * 60 + second;
    return days * MsPerDay + secondsOfDay * 1000 + millis - qint64(offsetMinutes) * 60'000;
}

int formatTimestampAscii(qint64 msSinceEpoch, char* out)
{
    qint64 days = msSinceEpoch / MsPerDay;
    qint64 msOfDay = msSinceEpoch % MsPerDay;
    if (msOfDay < 0) {
        msOfDay += MsPerDay;
        --days;
    }
    const CivilDate date = civilFromDays(days);
    char* p = out;
    qint64 year = date.year;
    if (year < 0) {
        *p++ = '-';
        year = -year;
    }
    char yearDigits[24];
    int yearLength = 0;
    do {
        yearDigits[yearLength++] = char('0' + year % 10);
        year /= 10;
    } while (year > 0);
    for (int i = yearLength; i < 4; ++i)
        *p++ = '0';
    while (yearLength > 0)
        *p++ = yearDigits[--yearLength];
    const auto two = [&p](unsigned value) {
        *p++ = char('0' + value / 10);
        *p++ = char('0' + value % 10);
    };
    *p++ = '-';
    two(date.month);
    *p++ = '-';
    two(date.day);
    *p++ = 'T';
    const auto seconds = unsigned(msOfDay / 1000);
    two(seconds / 3600);
    *p++ = ':';
    two(seconds / 60 % 60);
    *p++ = ':';
    two(seconds % 60);
    if (const auto millis = unsigned(msOfDay % 1000); millis != 0) {
        *p++ = '.';
        *p++ = char('0' + millis / 100);
        *p++ = char('0' + millis / 10 % 10);
        *p++ = char('0' + millis % 10);
    }
    *p++ = 'Z';
    return int(p - out);
}

QString formatTimestamp(qint64 msSinceEpoch)
{
    char buffer[TimestampAsciiMaxLength];
    const int length = formatTimestampAscii(msSinceEpoch, buffer);
    return QString::fromLatin1(buffer, length);
}

bool Relationship::operator==(const Relationship& other) const
{
    const auto fields = [](const Relationship& r) {
        return std::tie(r.id, r.integrationSourceId, r.fromColumnId, r.toTableId, r.toColumnName,
                        r.createdAtMs, r.updatedAtMs, r.createdAtText, r.updatedAtText, r.type,
                        r.typeText, r.status, r.statusText, r.hasScore, r.evidenceJson,
                        r.extraMembersJson);
    };
    if (fields(*this) != fields(other))
        return false;
    if (!hasScore)
        return true; // neither has one
    return score == other.score || (std::isnan(score) && std::isnan(other.score));
}
