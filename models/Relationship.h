#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QUuid>

#include <cmath>
#include <limits>
#include <optional>

// The review status of a relationship. Unknown is a value the server sent that this client does not
// know: it is kept as it came (see Relationship::statusText) and never counts as a known status.
enum class RelationshipStatus : quint8 { Suggested, Approved, Rejected, Unknown };
enum class RelationshipType : quint8 { ForeignKey, Inferred, Manual, Unknown };

inline constexpr int KnownStatusCount = 3;

QString statusName(RelationshipStatus status); // "SUGGESTED", ... ; "" for Unknown
QString typeName(RelationshipType type);       // "FOREIGN_KEY", ...; "" for Unknown
std::optional<RelationshipStatus> statusFromName(QStringView name); // exact, upper case API names
std::optional<RelationshipType> typeFromName(QStringView name);
QString statusDisplayName(RelationshipStatus status); // "Suggested", ... (translated)
QString typeDisplayName(RelationshipType type);       // "Foreign key", ... (translated)

// One suggested link, fully decoded. The row store keeps rows compactly; this value type is what
// single-row operations (a PUT answer, the inspector, the development server) exchange.
struct Relationship
{
    QUuid id;
    QUuid integrationSourceId;
    QUuid fromColumnId;
    QUuid toTableId;
    QString toColumnName;
    qint64 createdAtMs = 0; // UTC milliseconds since the epoch
    qint64 updatedAtMs = 0;
    QString createdAtText; // the timestamp exactly as sent, for re-export
    QString updatedAtText;
    RelationshipType type = RelationshipType::Inferred;
    QString typeText; // exactly as sent (kept for unknown values)
    RelationshipStatus status = RelationshipStatus::Suggested;
    QString statusText; // exactly as sent (kept for unknown values)
    double score = std::numeric_limits<double>::quiet_NaN(); // NaN when null or absent
    bool hasScore = false;
    QByteArray evidenceJson = QByteArrayLiteral("{}"); // raw JSON of the evidence member
    QByteArray extraMembersJson; // unknown members as the inside of a JSON object, or empty

    bool scoreInRange() const { return hasScore && score >= 0.0 && score <= 1.0; }
    // Member by member, except that the score counts only when there is one: a row without a
    // score equals its copy (a defaulted comparison would compare NaN, which equals nothing).
    bool operator==(const Relationship& other) const;
};

// ISO 8601 helpers used by the codecs: parse any RFC 3339 form, format as the API does.
// Accepts "2023-11-07T05:31:56Z", a 't' or ' ' separator, 0 to 9 fractional digits (kept to the
// millisecond), "z" or a "+hh:mm"/"-hh:mm" offset; a missing offset counts as UTC.
std::optional<qint64> parseTimestampMs(QStringView text);
// "2023-11-07T05:31:56Z", or "2023-11-07T05:31:56.250Z" when the milliseconds are not zero.
QString formatTimestamp(qint64 msSinceEpoch);
// formatTimestamp() as ASCII into `out`, which holds at least TimestampAsciiMaxLength bytes;
// returns the length. For codecs that write a million timestamps without a QString each.
inline constexpr int TimestampAsciiMaxLength = 40;
int formatTimestampAscii(qint64 msSinceEpoch, char* out);
