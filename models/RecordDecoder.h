#pragma once

#include "JsonScanner.h"
#include "Relationship.h"
#include "StringCache.h"

#include <QCoreApplication>
#include <QUuid>

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Part of RelationshipParser (see RelationshipParser.cpp).

// One top-level member of a record, as byte offsets into the scanned input.
struct MemberSpan
{
    qsizetype nameBegin = 0; // at the opening quote
    qsizetype nameEnd = 0;   // past the closing quote
    qsizetype valueBegin = 0;
    qsizetype valueEnd = 0;
    bool nameEscaped = false;
    bool valueEscaped = false;
};

// Turns the member spans of one scanned record into a Relationship.
class RecordDecoder
{
    Q_DECLARE_TR_FUNCTIONS(RecordDecoder)

public:
    // The members the API defines; any other is kept as raw bytes.
    enum class Member : quint8 {
        Id,
        IntegrationSourceId,
        FromColumnId,
        ToTableId,
        ToColumnName,
        CreatedAt,
        UpdatedAt,
        Type,
        Status,
        Score,
        Evidence,
        Unknown
    };
    static constexpr int KnownMemberCount = int(Member::Unknown);

    // `data` is the scanned input the spans point into.
    RecordDecoder(const uchar* data, qint64 maxMemberBytes);

    // `recordStart` is the offset of the record's '{' (for a missing member's position).
    bool decode(const std::vector<MemberSpan>& members, qsizetype recordStart, Relationship* out,
                ParseFailure* failure);

    // The member a span names, for error messages too.
    QString spanName(const MemberSpan& span);

    // Strict canonical form: 8-4-4-4-12 hex digits, either case (four per row of a million rows,
    // so a table lookup rather than QUuid::fromString's more general parser).
    static std::optional<QUuid> parseUuid(std::string_view text);

private:
    using MemberIndexes = std::array<int, KnownMemberCount>;

    QString tooLong(const QString& length) const;
    static qsizetype codePointCount(const QString& text);
    static QString quoted(std::string_view text);
    bool fail(ParseFailure* failure, const MemberSpan& span, Member member, QString message);
    Member memberFromSpan(const MemberSpan& span);
    std::string_view rawStringContents(const MemberSpan& span) const;
    bool unescape(const MemberSpan& span, ParseFailure* failure, Member member);
    // The UTF-8 contents of a string value; unpaired surrogates come out as U+FFFD, which then
    // fails the UUID or date-time check with a readable message.
    std::string_view stringValue(const MemberSpan& span);
    // type and status: a string, or null / absent for the API's default (text left empty).
    bool enumMember(const std::vector<MemberSpan>& members, const MemberIndexes& at, Member member,
                    ParseFailure* failure, QString* text);
    // The record's id as written, so that an error can name the record even when it is not a
    // valid UUID.
    void idForError(const std::vector<MemberSpan>& members, const MemberIndexes& at,
                    ParseFailure* failure);

    const uchar* m_data;
    qint64 m_maxMemberBytes;
    std::vector<int> m_unknown;
    std::string m_scratch;
    StringCache m_columnNames;
    StringCache m_enumTexts;
};
