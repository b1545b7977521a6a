#include "RecordDecoder.h"

#include "RelationshipStore.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace {

using Member = RecordDecoder::Member;

constexpr int MaxColumnNameLength = 255;

constexpr std::array<std::string_view, RecordDecoder::KnownMemberCount> MemberNames = {
    "id",
    "integration_source_id",
    "from_column_id",
    "to_table_id",
    "to_column_name",
    "created_at",
    "updated_at",
    "type",
    "status",
    "score",
    "evidence"};
constexpr std::array<Member, 7> RequiredMembers = {
    Member::Id,           Member::IntegrationSourceId, Member::FromColumnId, Member::ToTableId,
    Member::ToColumnName, Member::CreatedAt,           Member::UpdatedAt};

Member memberFromName(std::string_view name)
{
    for (int i = 0; i < RecordDecoder::KnownMemberCount; ++i) {
        if (MemberNames[size_t(i)] == name)
            return Member(i);
    }
    return Member::Unknown;
}

QString memberName(Member member)
{
    const std::string_view name = MemberNames[size_t(member)];
    return QString::fromLatin1(name.data(), qsizetype(name.size()));
}

constexpr std::array<qint8, 256> HexDigitValues = [] {
    std::array<qint8, 256> values{};
    values.fill(-1);
    for (int c = '0'; c <= '9'; ++c)
        values[size_t(c)] = qint8(c - '0');
    for (int c = 'a'; c <= 'f'; ++c) {
        values[size_t(c)] = qint8(c - 'a' + 10);
        values[size_t(c - 'a' + 'A')] = qint8(c - 'a' + 10);
    }
    return values;
}();

// Sets `target` to the given ASCII text reusing its buffer, so that a decoder that fills the
// same Relationship again and again does not allocate per record.
void assignAscii(QString& target, std::string_view text)
{
    target.resize(qsizetype(text.size()));
    QChar* out = target.data();
    for (size_t i = 0; i < text.size(); ++i)
        out[i] = QChar(char16_t(uchar(text[i])));
}

bool isAscii(std::string_view text)
{
    for (const char c : text) {
        if (uchar(c) >= 0x80)
            return false;
    }
    return true;
}

} // namespace

RecordDecoder::RecordDecoder(const uchar* data, qint64 maxMemberBytes)
    : m_data(data)
    , m_maxMemberBytes(std::min(maxMemberBytes, ByteArena::MaxLength))
{}

std::optional<QUuid> RecordDecoder::parseUuid(std::string_view text)
{
    if (text.size() != 36 || text[8] != '-' || text[13] != '-' || text[18] != '-' ||
        text[23] != '-')
        return std::nullopt;
    static constexpr std::array<quint8, 16> firstDigit = {0,  2,  4,  6,  9,  11, 14, 16,
                                                          19, 21, 24, 26, 28, 30, 32, 34};
    std::array<char, 16> bytes;
    int invalid = 0;
    for (size_t i = 0; i < 16; ++i) {
        const int high = HexDigitValues[uchar(text[firstDigit[i]])];
        const int low = HexDigitValues[uchar(text[firstDigit[i] + 1u])];
        invalid |= high | low; // any -1 sets the sign bit
        bytes[i] = char((high << 4) | low);
    }
    if (invalid < 0)
        return std::nullopt;
    return QUuid::fromRfc4122(QByteArrayView(bytes.data(), 16));
}

bool RecordDecoder::decode(const std::vector<MemberSpan>& members, qsizetype recordStart,
                           Relationship* out, ParseFailure* failure)
{
    MemberIndexes at;
    at.fill(-1);
    m_unknown.clear();
    for (int i = 0; i < int(members.size()); ++i) {
        const MemberSpan& span = members[size_t(i)];
        const Member member = memberFromSpan(span);
        if (member == Member::Unknown) {
            m_unknown.push_back(i);
            continue;
        }
        int& slot = at[size_t(member)];
        if (slot >= 0) {
            failure->offset = span.nameBegin;
            failure->member = memberName(member);
            failure->message = tr("member appears more than once in the record");
            idForError(members, at, failure);
            return false;
        }
        slot = i;
    }
    idForError(members, at, failure);

    for (const Member member : RequiredMembers) {
        if (at[size_t(member)] < 0) {
            failure->offset = recordStart;
            failure->member = memberName(member);
            failure->message = tr("missing required member");
            return false;
        }
    }

    const auto uuidMember = [&](Member member, QUuid* target) {
        const MemberSpan& span = members[size_t(at[size_t(member)])];
        if (m_data[span.valueBegin] != '"')
            return fail(failure, span, member, tr("expected a UUID string"));
        const std::string_view text = stringValue(span);
        const std::optional<QUuid> uuid = RecordDecoder::parseUuid(text);
        if (!uuid)
            return fail(failure, span, member, tr("not a valid UUID: %1").arg(quoted(text)));
        *target = *uuid;
        return true;
    };
    if (!uuidMember(Member::Id, &out->id) ||
        !uuidMember(Member::IntegrationSourceId, &out->integrationSourceId) ||
        !uuidMember(Member::FromColumnId, &out->fromColumnId) ||
        !uuidMember(Member::ToTableId, &out->toTableId))
        return false;

    {
        const MemberSpan& span = members[size_t(at[size_t(Member::ToColumnName)])];
        if (m_data[span.valueBegin] != '"')
            return fail(failure, span, Member::ToColumnName, tr("expected a string"));
        if (!span.valueEscaped) {
            const std::string_view text = rawStringContents(span);
            out->toColumnName = m_columnNames.get(text);
        } else {
            if (!unescape(span, failure, Member::ToColumnName))
                return false;
            out->toColumnName = QString::fromUtf8(m_scratch.data(), qsizetype(m_scratch.size()));
        }
        const qsizetype length = codePointCount(out->toColumnName);
        if (length > MaxColumnNameLength)
            return fail(failure, span, Member::ToColumnName,
                        tr("longer than %1 characters (%2)").arg(MaxColumnNameLength).arg(length));
    }

    const auto timeMember = [&](Member member, qint64* ms, QString* text) {
        const MemberSpan& span = members[size_t(at[size_t(member)])];
        if (m_data[span.valueBegin] != '"')
            return fail(failure, span, member, tr("expected a date-time string"));
        const std::string_view utf8 = stringValue(span);
        if (utf8.size() <= 64 && isAscii(utf8))
            assignAscii(*text, utf8);
        else
            *text = QString::fromUtf8(utf8.data(), qsizetype(utf8.size()));
        const std::optional<qint64> parsed = parseTimestampMs(*text);
        if (!parsed)
            return fail(failure, span, member,
                        tr("not a valid ISO 8601 date-time: %1").arg(quoted(utf8)));
        *ms = *parsed;
        return true;
    };
    if (!timeMember(Member::CreatedAt, &out->createdAtMs, &out->createdAtText) ||
        !timeMember(Member::UpdatedAt, &out->updatedAtMs, &out->updatedAtText))
        return false;

    if (!enumMember(members, at, Member::Type, failure, &out->typeText))
        return false;
    if (out->typeText.isEmpty()) {
        out->type = RelationshipType::Inferred;
    } else {
        const std::optional<RelationshipType> type = typeFromName(out->typeText);
        out->type = type.value_or(RelationshipType::Unknown);
    }
    if (!enumMember(members, at, Member::Status, failure, &out->statusText))
        return false;
    if (out->statusText.isEmpty()) {
        out->status = RelationshipStatus::Suggested;
    } else {
        const std::optional<RelationshipStatus> status = statusFromName(out->statusText);
        out->status = status.value_or(RelationshipStatus::Unknown);
    }

    out->hasScore = false;
    out->score = std::numeric_limits<double>::quiet_NaN();
    if (const int index = at[size_t(Member::Score)]; index >= 0) {
        const MemberSpan& span = members[size_t(index)];
        const uchar first = m_data[span.valueBegin];
        if (first == '-' || JsonBytes::isDigit(first)) {
            const char* begin = reinterpret_cast<const char*>(m_data + span.valueBegin);
            const char* end = reinterpret_cast<const char*>(m_data + span.valueEnd);
            double value = 0;
            const auto [ptr, ec] = std::from_chars(begin, end, value);
            if (ec != std::errc() || ptr != end || !std::isfinite(value))
                return fail(failure, span, Member::Score,
                            tr("number out of range: %1")
                                .arg(quoted(std::string_view(begin, size_t(end - begin)))));
            out->score = value;
            out->hasScore = true;
        } else if (first != 'n') {
            return fail(failure, span, Member::Score, tr("expected a number or null"));
        }
    }

    if (const int index = at[size_t(Member::Evidence)];
        index >= 0 && m_data[members[size_t(index)].valueBegin] != 'n') {
        const MemberSpan& span = members[size_t(index)];
        if (m_data[span.valueBegin] != '{')
            return fail(failure, span, Member::Evidence, tr("expected an object or null"));
        if (span.valueEnd - span.valueBegin > m_maxMemberBytes)
            return fail(failure, span, Member::Evidence,
                        tooLong(tr("%1 bytes long").arg(span.valueEnd - span.valueBegin)));
        // A view into the input, not a copy: the row store copies it once, into its arena,
        // before the input's pages are released (see RowSink). parseRecord() detaches it.
        out->evidenceJson =
            QByteArray::fromRawData(reinterpret_cast<const char*>(m_data + span.valueBegin),
                                    span.valueEnd - span.valueBegin);
    } else {
        out->evidenceJson = QByteArray::fromRawData("{}", 2);
    }

    // Unknown members are kept byte for byte as `"name":value` pairs, for re-export.
    qsizetype extraSize = 0;
    const MemberSpan* largest = nullptr;
    for (const int index : m_unknown) {
        const MemberSpan& span = members[size_t(index)];
        extraSize += (span.nameEnd - span.nameBegin) + (span.valueEnd - span.valueBegin) + 2;
        if (!largest || span.valueEnd - span.valueBegin > largest->valueEnd - largest->valueBegin)
            largest = &span;
    }
    // Stored together, as one member: they share the limit.
    if (extraSize - 1 > m_maxMemberBytes) {
        failure->offset = largest->valueBegin;
        failure->member = spanName(*largest);
        failure->message = tooLong(
            m_unknown.size() == 1
                ? tr("%1 bytes long").arg(extraSize - 1)
                : tr("%1 bytes long with the record's other unknown members").arg(extraSize - 1));
        return false;
    }
    out->extraMembersJson.resize(0);
    if (extraSize > 0) {
        out->extraMembersJson.reserve(extraSize);
        for (const int index : m_unknown) {
            const MemberSpan& span = members[size_t(index)];
            if (!out->extraMembersJson.isEmpty())
                out->extraMembersJson.append(',');
            out->extraMembersJson.append(reinterpret_cast<const char*>(m_data + span.nameBegin),
                                         span.nameEnd - span.nameBegin);
            out->extraMembersJson.append(':');
            out->extraMembersJson.append(reinterpret_cast<const char*>(m_data + span.valueBegin),
                                         span.valueEnd - span.valueBegin);
        }
    }
    return true;
}

QString RecordDecoder::spanName(const MemberSpan& span)
{
    if (!span.nameEscaped)
        return QString::fromUtf8(reinterpret_cast<const char*>(m_data + span.nameBegin + 1),
                                 span.nameEnd - span.nameBegin - 2);
    if (!JsonScanner::unescapeToUtf8(m_data + span.nameBegin + 1, m_data + span.nameEnd - 1,
                                     &m_scratch))
        return QString::fromUtf8(reinterpret_cast<const char*>(m_data + span.nameBegin + 1),
                                 span.nameEnd - span.nameBegin - 2);
    return QString::fromUtf8(m_scratch.data(), qsizetype(m_scratch.size()));
}

QString RecordDecoder::tooLong(const QString& length) const
{
    return tr("%1; a member may hold at most %2 bytes (members of 4 GiB or more are not "
              "supported)")
        .arg(length)
        .arg(m_maxMemberBytes);
}

qsizetype RecordDecoder::codePointCount(const QString& text)
{
    qsizetype count = 0;
    for (const QChar c : text) {
        if (!c.isLowSurrogate())
            ++count;
    }
    return count;
}

QString RecordDecoder::quoted(std::string_view text)
{
    constexpr size_t limit = 60;
    QString shown = QString::fromUtf8(text.data(), qsizetype(std::min(text.size(), limit)));
    if (text.size() > limit)
        shown += u'…';
    return u'"' + shown + u'"';
}

bool RecordDecoder::fail(ParseFailure* failure, const MemberSpan& span, Member member,
                         QString message)
{
    failure->offset = span.valueBegin;
    failure->member = memberName(member);
    failure->message = std::move(message);
    return false;
}

RecordDecoder::Member RecordDecoder::memberFromSpan(const MemberSpan& span)
{
    if (!span.nameEscaped)
        return memberFromName(
            std::string_view(reinterpret_cast<const char*>(m_data + span.nameBegin + 1),
                             size_t(span.nameEnd - span.nameBegin - 2)));
    if (!JsonScanner::unescapeToUtf8(m_data + span.nameBegin + 1, m_data + span.nameEnd - 1,
                                     &m_scratch))
        return Member::Unknown;
    return memberFromName(m_scratch);
}

std::string_view RecordDecoder::rawStringContents(const MemberSpan& span) const
{
    return std::string_view(reinterpret_cast<const char*>(m_data + span.valueBegin + 1),
                            size_t(span.valueEnd - span.valueBegin - 2));
}

bool RecordDecoder::unescape(const MemberSpan& span, ParseFailure* failure, Member member)
{
    if (JsonScanner::unescapeToUtf8(m_data + span.valueBegin + 1, m_data + span.valueEnd - 1,
                                    &m_scratch))
        return true;
    return fail(failure, span, member, tr("invalid \\u escape: unpaired surrogate"));
}

std::string_view RecordDecoder::stringValue(const MemberSpan& span)
{
    if (!span.valueEscaped)
        return rawStringContents(span);
    if (!JsonScanner::unescapeToUtf8(m_data + span.valueBegin + 1, m_data + span.valueEnd - 1,
                                     &m_scratch))
        m_scratch = "\xef\xbf\xbd";
    return m_scratch;
}

bool RecordDecoder::enumMember(const std::vector<MemberSpan>& members, const MemberIndexes& at,
                               Member member, ParseFailure* failure, QString* text)
{
    const int index = at[size_t(member)];
    if (index < 0 || m_data[members[size_t(index)].valueBegin] == 'n') {
        text->clear();
        return true;
    }
    const MemberSpan& span = members[size_t(index)];
    if (m_data[span.valueBegin] != '"')
        return fail(failure, span, member, tr("expected a string or null"));
    if (!span.valueEscaped) {
        *text = m_enumTexts.get(rawStringContents(span));
        return true;
    }
    if (!unescape(span, failure, member))
        return false;
    *text = QString::fromUtf8(m_scratch.data(), qsizetype(m_scratch.size()));
    return true;
}

void RecordDecoder::idForError(const std::vector<MemberSpan>& members, const MemberIndexes& at,
                               ParseFailure* failure)
{
    const int index = at[size_t(Member::Id)];
    if (index < 0 || m_data[members[size_t(index)].valueBegin] != '"')
        return;
    const std::string_view text = stringValue(members[size_t(index)]);
    failure->recordId =
        QString::fromUtf8(text.data(), qsizetype(std::min<size_t>(text.size(), 64)));
}
