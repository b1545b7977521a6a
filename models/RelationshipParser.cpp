#include "RelationshipParser.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QScopeGuard>
#include <QThread>

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cerrno>
#include <charconv>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <simdjson.h>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#ifdef Q_OS_UNIX
#include <csignal>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

// How this parser is built, and why:
//
// One forward pass of a strict, hand-written, non-recursive JSON scanner walks the input (usually
// a read-only memory map of the file). It validates the grammar completely (strings, escapes,
// numbers, literals, nesting depth with an explicit stack) and, for each relationship record,
// notes where each top-level member's name and value lie. The few typed members are decoded from
// those byte ranges; evidence and unknown members are copied as their exact raw bytes, never
// converted. UTF-8 is validated per record with simdjson's SIMD validator.
//
// simdjson's own parsers are not used for the records because (a) the scanner must touch every
// byte anyway to find record boundaries and enforce the nesting limit, so a second parse would
// only add a copy into a padded buffer and a second pass; (b) simdjson rejects integers beyond
// 64 bits, which are valid JSON that a Python server may well put into free-form evidence; and
// (c) positions for error messages come for free from the scanner.
//
// For large inputs the scan runs on a second thread that hands batches of decoded records to the
// calling thread, which appends them to the row store (interning, hashing, arena copies): the two
// halves of the work are of similar cost, so two cores give close to twice the speed. Pages of the
// mapping already scanned are released (madvise) so that resident memory holds the rows, not the
// file.
//
// A file is data from someone else, who may shrink it while it is parsed (a colleague's sync
// tool, a download being rewritten). A read from a mapped page past the new end of the file
// raises SIGBUS, which would end the process. FileMappingGuard (below) catches exactly those:
// see there.

using namespace Qt::StringLiterals;

namespace {

QString tr(const char* sourceText)
{
    return QCoreApplication::translate("RelationshipParser", sourceText);
}

constexpr int SupportedSnapshotVersion = 1;
constexpr auto SnapshotFormatName = "relreview-snapshot"_L1;
constexpr int MaxColumnNameLength = 255;
constexpr qsizetype ProgressStep = 4 * 1024 * 1024;
constexpr qsizetype ReleaseStep = 16 * 1024 * 1024;
constexpr int BatchRecordCount = 1024;
constexpr qsizetype BatchByteLimit = 4 * 1024 * 1024;
constexpr int BatchesInFlight = 4;
// Below this size a second thread costs more than it saves.
constexpr qsizetype ThreadedParseThreshold = 8 * 1024 * 1024;

inline bool isJsonWhitespace(uchar c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}
inline bool isDigit(uchar c)
{
    return c >= '0' && c <= '9';
}
inline bool isHexDigit(uchar c)
{
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
inline int hexValue(uchar c)
{
    if (isDigit(c))
        return c - '0';
    return (c | 0x20) - 'a' + 10;
}
inline bool isWordByte(uchar c)
{
    return isDigit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '_' || c == '.' ||
           c == '+' || c == '-';
}

QString describeByte(uchar c)
{
    if (c > 0x20 && c < 0x7f)
        return u"'"_s + QChar(char16_t(c)) + u"'"_s;
    return tr("byte 0x%1").arg(uint(c), 2, 16, QLatin1Char('0'));
}

// SWAR: does any of the eight bytes need attention inside a string ('"', '\\' or a control
// character)? The lowest flagged byte is exact, which lets the scanner jump straight to it.
inline quint64 specialStringBytes(quint64 word)
{
    constexpr quint64 ones = 0x0101010101010101ULL;
    constexpr quint64 highs = 0x8080808080808080ULL;
    const auto zeroBytes = [](quint64 v) { return (v - ones) & ~v & highs; };
    const quint64 control = (word - ones * 0x20) & ~word & highs;
    return control | zeroBytes(word ^ (ones * '"')) | zeroBytes(word ^ (ones * '\\'));
}

// Offset of the first byte that is not valid UTF-8 (only called once validation has failed).
qsizetype firstInvalidUtf8(const uchar* data, qsizetype size)
{
    qsizetype i = 0;
    while (i < size) {
        const uchar c = data[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        int length = 0;
        uchar low = 0x80, high = 0xbf;
        if (c >= 0xc2 && c <= 0xdf) {
            length = 2;
        } else if (c >= 0xe0 && c <= 0xef) {
            length = 3;
            if (c == 0xe0)
                low = 0xa0;
            else if (c == 0xed)
                high = 0x9f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            length = 4;
            if (c == 0xf0)
                low = 0x90;
            else if (c == 0xf4)
                high = 0x8f;
        } else {
            return i;
        }
        if (i + length > size)
            return i;
        if (data[i + 1] < low || data[i + 1] > high)
            return i;
        for (int k = 2; k < length; ++k) {
            if ((data[i + k] & 0xc0) != 0x80)
                return i;
        }
        i += length;
    }
    return size;
}

// A position-stamped problem found while scanning or decoding.
struct Failure
{
    qsizetype offset = -1;
    QString message;
    QString member;
    QString recordId;
};

// A strict JSON scanner over one contiguous byte range. Never recursive: nesting is tracked in an
// explicit stack, so 100,000 nested brackets give an error, not a stack overflow.
class JsonScanner
{
public:
    JsonScanner(const char* data, qsizetype size, int maxDepth)
        : m_data(reinterpret_cast<const uchar*>(data))
        , m_size(size)
        , m_maxDepth(maxDepth)
    {}

    qsizetype pos = 0;
    Failure failure;

    const uchar* data() const { return m_data; }
    qsizetype size() const { return m_size; }
    bool atEnd() const { return pos >= m_size; }
    uchar current() const { return m_data[pos]; }
    int maxDepth() const { return m_maxDepth; }

    void skipWhitespace()
    {
        while (pos < m_size && isJsonWhitespace(m_data[pos]))
            ++pos;
    }

    bool fail(qsizetype offset, QString message)
    {
        failure.offset = offset;
        failure.message = std::move(message);
        return false;
    }
    bool failEndOfInput() { return fail(m_size, tr("unexpected end of input")); }
    bool failExpected(const QString& what)
    {
        if (atEnd())
            return failEndOfInput();
        return fail(pos, tr("expected %1, found %2").arg(what, describeByte(current())));
    }

    // At '"'. On success, pos is just past the closing quote.
    bool scanString(bool* escaped)
    {
        qsizetype i = pos + 1;
        bool sawEscape = false;
        for (;;) {
            while (i + 8 <= m_size) {
                quint64 word;
                std::memcpy(&word, m_data + i, 8);
                const quint64 special = specialStringBytes(word);
                if (special) {
                    if constexpr (std::endian::native == std::endian::little)
                        i += std::countr_zero(special) / 8;
                    break;
                }
                i += 8;
            }
            if (i >= m_size)
                return fail(m_size, tr("unexpected end of input inside a string"));
            const uchar c = m_data[i];
            if (c == '"') {
                pos = i + 1;
                *escaped = sawEscape;
                return true;
            }
            if (c == '\\') {
                sawEscape = true;
                if (i + 1 >= m_size)
                    return fail(m_size, tr("unexpected end of input inside a string"));
                switch (m_data[i + 1]) {
                case '"':
                case '\\':
                case '/':
                case 'b':
                case 'f':
                case 'n':
                case 'r':
                case 't':
                    i += 2;
                    break;
                case 'u':
                    if (i + 6 > m_size)
                        return fail(m_size, tr("unexpected end of input inside a string"));
                    for (int k = 2; k < 6; ++k) {
                        if (!isHexDigit(m_data[i + k]))
                            return fail(i, tr("invalid \\u escape: expected four hex digits"));
                    }
                    i += 6;
                    break;
                default:
                    return fail(i, tr("invalid escape sequence in a string"));
                }
                continue;
            }
            if (c < 0x20)
                return fail(i, tr("control character (%1) inside a string; it must be escaped")
                                   .arg(describeByte(c)));
            ++i; // a byte the SWAR step flagged beyond the first special one, or a tail byte
        }
    }

    bool scanNumber()
    {
        const qsizetype start = pos;
        qsizetype i = pos;
        if (m_data[i] == '-')
            ++i;
        if (i >= m_size)
            return failEndOfInput();
        if (m_data[i] == '0') {
            ++i;
        } else if (isDigit(m_data[i])) {
            while (i < m_size && isDigit(m_data[i]))
                ++i;
        } else {
            return fail(start, tr("invalid number"));
        }
        if (i < m_size && m_data[i] == '.') {
            ++i;
            if (i >= m_size || !isDigit(m_data[i]))
                return fail(start, tr("invalid number: expected a digit after the decimal point"));
            while (i < m_size && isDigit(m_data[i]))
                ++i;
        }
        if (i < m_size && (m_data[i] == 'e' || m_data[i] == 'E')) {
            ++i;
            if (i < m_size && (m_data[i] == '+' || m_data[i] == '-'))
                ++i;
            if (i >= m_size || !isDigit(m_data[i]))
                return fail(start, tr("invalid number: expected a digit in the exponent"));
            while (i < m_size && isDigit(m_data[i]))
                ++i;
        }
        if (i < m_size && isWordByte(m_data[i]))
            return fail(start, tr("invalid number"));
        pos = i;
        return true;
    }

    bool scanLiteral()
    {
        static constexpr std::string_view literals[] = {"true", "false", "null"};
        for (const std::string_view literal : literals) {
            if (m_data[pos] != uchar(literal.front()))
                continue;
            const qsizetype available =
                std::min<qsizetype>(m_size - pos, qsizetype(literal.size()));
            if (std::memcmp(m_data + pos, literal.data(), size_t(available)) != 0)
                break;
            if (available < qsizetype(literal.size()))
                return failEndOfInput();
            const qsizetype after = pos + qsizetype(literal.size());
            if (after < m_size && isWordByte(m_data[after]))
                break;
            pos = after;
            return true;
        }
        return fail(pos, tr("invalid literal; expected true, false or null"));
    }

    // '"name"' then ':' ; pos ends after the colon.
    bool scanMemberName(qsizetype* nameBegin = nullptr, qsizetype* nameEnd = nullptr,
                        bool* escaped = nullptr)
    {
        if (atEnd())
            return failEndOfInput();
        if (current() != '"')
            return failExpected(tr("a member name in double quotes"));
        const qsizetype begin = pos;
        bool nameEscaped = false;
        if (!scanString(&nameEscaped))
            return false;
        if (nameBegin)
            *nameBegin = begin;
        if (nameEnd)
            *nameEnd = pos;
        if (escaped)
            *escaped = nameEscaped;
        skipWhitespace();
        if (atEnd())
            return failEndOfInput();
        if (current() != ':')
            return failExpected(tr("':' after the member name"));
        ++pos;
        return true;
    }

    // Validates one value at pos (whitespace allowed before it) that sits inside `depth`
    // containers. On success pos is just past the value; *topStringEscaped tells whether the
    // value, when it is a string, contains escapes.
    bool skipValue(int depth, bool* topStringEscaped = nullptr)
    {
        m_stack.clear();
        for (;;) {
            skipWhitespace();
            if (atEnd())
                return failEndOfInput();
            const uchar c = current();
            switch (c) {
            case '{':
            case '[':
                if (depth + qsizetype(m_stack.size()) + 1 > m_maxDepth)
                    return fail(pos, tr("nested deeper than %1 levels").arg(m_maxDepth));
                m_stack.push_back(char(c));
                ++pos;
                skipWhitespace();
                if (atEnd())
                    return failEndOfInput();
                if (current() == (c == '{' ? '}' : ']')) {
                    ++pos;
                    m_stack.pop_back();
                    break;
                }
                if (c == '{' && !scanMemberName())
                    return false;
                continue;
            case '"': {
                bool escaped = false;
                if (!scanString(&escaped))
                    return false;
                if (m_stack.empty() && topStringEscaped)
                    *topStringEscaped = escaped;
                break;
            }
            case 't':
            case 'f':
            case 'n':
                if (!scanLiteral())
                    return false;
                break;
            case '-':
            case '0':
            case '1':
            case '2':
            case '3':
            case '4':
            case '5':
            case '6':
            case '7':
            case '8':
            case '9':
                if (!scanNumber())
                    return false;
                break;
            default:
                return failExpected(tr("a value"));
            }
            // A value is complete: close containers until one continues with ','.
            for (;;) {
                if (m_stack.empty())
                    return true;
                skipWhitespace();
                if (atEnd())
                    return failEndOfInput();
                const bool inObject = m_stack.back() == '{';
                if (current() == ',') {
                    ++pos;
                    if (inObject) {
                        skipWhitespace();
                        if (!scanMemberName())
                            return false;
                    }
                    break;
                }
                if (current() == (inObject ? '}' : ']')) {
                    ++pos;
                    m_stack.pop_back();
                    continue;
                }
                return failExpected(inObject ? tr("',' or '}' after a member")
                                             : tr("',' or ']' after a value"));
            }
        }
    }

private:
    const uchar* m_data;
    qsizetype m_size;
    int m_maxDepth;
    std::string m_stack; // '{' or '[' per open container
};

// Decodes the contents of a JSON string (between the quotes, already validated) to UTF-8.
// Returns false for a \u escape that is an unpaired surrogate.
bool unescapeToUtf8(const uchar* begin, const uchar* end, std::string* out)
{
    out->clear();
    out->reserve(size_t(end - begin));
    const auto appendCodePoint = [out](char32_t cp) {
        if (cp < 0x80) {
            out->push_back(char(cp));
        } else if (cp < 0x800) {
            out->push_back(char(0xc0 | (cp >> 6)));
            out->push_back(char(0x80 | (cp & 0x3f)));
        } else if (cp < 0x10000) {
            out->push_back(char(0xe0 | (cp >> 12)));
            out->push_back(char(0x80 | ((cp >> 6) & 0x3f)));
            out->push_back(char(0x80 | (cp & 0x3f)));
        } else {
            out->push_back(char(0xf0 | (cp >> 18)));
            out->push_back(char(0x80 | ((cp >> 12) & 0x3f)));
            out->push_back(char(0x80 | ((cp >> 6) & 0x3f)));
            out->push_back(char(0x80 | (cp & 0x3f)));
        }
    };
    const auto hex4 = [](const uchar* p) {
        return char32_t((hexValue(p[0]) << 12) | (hexValue(p[1]) << 8) | (hexValue(p[2]) << 4) |
                        hexValue(p[3]));
    };
    const uchar* p = begin;
    while (p < end) {
        if (*p != '\\') {
            out->push_back(char(*p++));
            continue;
        }
        const uchar kind = p[1];
        p += 2;
        switch (kind) {
        case 'b':
            out->push_back('\b');
            break;
        case 'f':
            out->push_back('\f');
            break;
        case 'n':
            out->push_back('\n');
            break;
        case 'r':
            out->push_back('\r');
            break;
        case 't':
            out->push_back('\t');
            break;
        case 'u': {
            char32_t cp = hex4(p);
            p += 4;
            if (cp >= 0xdc00 && cp <= 0xdfff)
                return false;
            if (cp >= 0xd800 && cp <= 0xdbff) {
                if (end - p < 6 || p[0] != '\\' || p[1] != 'u')
                    return false;
                const char32_t low = hex4(p + 2);
                if (low < 0xdc00 || low > 0xdfff)
                    return false;
                p += 6;
                cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
            }
            appendCodePoint(cp);
            break;
        }
        default: // '"', '\\', '/'
            out->push_back(char(kind));
            break;
        }
    }
    return true;
}

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
constexpr int KnownMemberCount = int(Member::Unknown);
constexpr std::array<std::string_view, KnownMemberCount> MemberNames = {"id",
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
    for (int i = 0; i < KnownMemberCount; ++i) {
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

// Strict canonical form: 8-4-4-4-12 hex digits, either case (four per row of a million rows, so
// a table lookup rather than QUuid::fromString's more general parser).
std::optional<QUuid> parseUuid(std::string_view text)
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

struct TransparentStringHash
{
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};

// Repeated short strings (column names, status and type texts) become one shared QString: no
// conversion and no allocation when a text was seen before.
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
    static constexpr size_t MaxEntries = 1 << 16;
    std::unordered_map<std::string, QString, TransparentStringHash, std::equal_to<>> m_strings;
};

// Turns the member spans of one scanned record into a Relationship.
class RecordDecoder
{
public:
    RecordDecoder(const uchar* data, qint64 maxMemberBytes)
        : m_data(data)
        , m_maxMemberBytes(std::min(maxMemberBytes, ByteArena::MaxLength))
    {}

    // `recordStart` is the offset of the record's '{' (for a missing member's position).
    bool decode(const std::vector<MemberSpan>& members, qsizetype recordStart, Relationship* out,
                Failure* failure)
    {
        std::array<int, KnownMemberCount> at;
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
            const std::optional<QUuid> uuid = parseUuid(text);
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
                out->toColumnName =
                    QString::fromUtf8(m_scratch.data(), qsizetype(m_scratch.size()));
            }
            const qsizetype length = codePointCount(out->toColumnName);
            if (length > MaxColumnNameLength)
                return fail(
                    failure, span, Member::ToColumnName,
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
            if (first == '-' || isDigit(first)) {
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
            if (!largest ||
                span.valueEnd - span.valueBegin > largest->valueEnd - largest->valueBegin)
                largest = &span;
        }
        // Stored together, as one member: they share the limit.
        if (extraSize - 1 > m_maxMemberBytes) {
            failure->offset = largest->valueBegin;
            failure->member = spanName(*largest);
            failure->message = tooLong(
                m_unknown.size() == 1 ? tr("%1 bytes long").arg(extraSize - 1)
                                      : tr("%1 bytes long with the record's other unknown members")
                                            .arg(extraSize - 1));
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
                out->extraMembersJson.append(
                    reinterpret_cast<const char*>(m_data + span.valueBegin),
                    span.valueEnd - span.valueBegin);
            }
        }
        return true;
    }

    // The member a span names, for error messages too.
    QString spanName(const MemberSpan& span)
    {
        if (!span.nameEscaped)
            return QString::fromUtf8(reinterpret_cast<const char*>(m_data + span.nameBegin + 1),
                                     span.nameEnd - span.nameBegin - 2);
        if (!unescapeToUtf8(m_data + span.nameBegin + 1, m_data + span.nameEnd - 1, &m_scratch))
            return QString::fromUtf8(reinterpret_cast<const char*>(m_data + span.nameBegin + 1),
                                     span.nameEnd - span.nameBegin - 2);
        return QString::fromUtf8(m_scratch.data(), qsizetype(m_scratch.size()));
    }

private:
    QString tooLong(const QString& length) const
    {
        return tr("%1; a member may hold at most %2 bytes (members of 4 GiB or more are not "
                  "supported)")
            .arg(length)
            .arg(m_maxMemberBytes);
    }

    static qsizetype codePointCount(const QString& text)
    {
        qsizetype count = 0;
        for (const QChar c : text) {
            if (!c.isLowSurrogate())
                ++count;
        }
        return count;
    }

    static QString quoted(std::string_view text)
    {
        constexpr size_t limit = 60;
        QString shown = QString::fromUtf8(text.data(), qsizetype(std::min(text.size(), limit)));
        if (text.size() > limit)
            shown += u'…';
        return u'"' + shown + u'"';
    }

    bool fail(Failure* failure, const MemberSpan& span, Member member, QString message)
    {
        failure->offset = span.valueBegin;
        failure->member = memberName(member);
        failure->message = std::move(message);
        return false;
    }

    Member memberFromSpan(const MemberSpan& span)
    {
        if (!span.nameEscaped)
            return memberFromName(
                std::string_view(reinterpret_cast<const char*>(m_data + span.nameBegin + 1),
                                 size_t(span.nameEnd - span.nameBegin - 2)));
        if (!unescapeToUtf8(m_data + span.nameBegin + 1, m_data + span.nameEnd - 1, &m_scratch))
            return Member::Unknown;
        return memberFromName(m_scratch);
    }

    std::string_view rawStringContents(const MemberSpan& span) const
    {
        return std::string_view(reinterpret_cast<const char*>(m_data + span.valueBegin + 1),
                                size_t(span.valueEnd - span.valueBegin - 2));
    }

    bool unescape(const MemberSpan& span, Failure* failure, Member member)
    {
        if (unescapeToUtf8(m_data + span.valueBegin + 1, m_data + span.valueEnd - 1, &m_scratch))
            return true;
        return fail(failure, span, member, tr("invalid \\u escape: unpaired surrogate"));
    }

    // The UTF-8 contents of a string value; unpaired surrogates come out as U+FFFD, which then
    // fails the UUID or date-time check with a readable message.
    std::string_view stringValue(const MemberSpan& span)
    {
        if (!span.valueEscaped)
            return rawStringContents(span);
        if (!unescapeToUtf8(m_data + span.valueBegin + 1, m_data + span.valueEnd - 1, &m_scratch))
            m_scratch = "\xef\xbf\xbd";
        return m_scratch;
    }

    // type and status: a string, or null / absent for the API's default (text left empty).
    bool enumMember(const std::vector<MemberSpan>& members,
                    const std::array<int, KnownMemberCount>& at, Member member, Failure* failure,
                    QString* text)
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

    // The record's id as written, so that an error can name the record even when it is not a
    // valid UUID.
    void idForError(const std::vector<MemberSpan>& members,
                    const std::array<int, KnownMemberCount>& at, Failure* failure)
    {
        const int index = at[size_t(Member::Id)];
        if (index < 0 || m_data[members[size_t(index)].valueBegin] != '"')
            return;
        const std::string_view text = stringValue(members[size_t(index)]);
        failure->recordId =
            QString::fromUtf8(text.data(), qsizetype(std::min<size_t>(text.size(), 64)));
    }

    const uchar* m_data;
    qint64 m_maxMemberBytes;
    std::vector<int> m_unknown;
    std::string m_scratch;
    StringCache m_columnNames;
    StringCache m_enumTexts;
};

// Decoded records on their way from the scanning thread to the row store.
struct Batch
{
    std::vector<Relationship> records; // slots are reused: their buffers keep their capacity
    std::vector<qsizetype> idOffsets;  // where each record's id value is, for duplicate errors
    int count = 0;
    qint64 firstIndex = 0;
    qsizetype firstOffset = 0; // of the first record
    qsizetype endOffset = 0;   // past the last record
};

// A bounded hand-off of batches between two threads (or, with no thread, a direct call).
class BatchChannel
{
public:
    explicit BatchChannel(int batches)
    {
        for (int i = 0; i < batches; ++i)
            m_free.push_back(std::make_unique<Batch>());
    }

    // Producer side. Returns nullptr when the consumer asked to stop.
    std::unique_ptr<Batch> takeFree()
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [this] { return m_stop || !m_free.empty(); });
        if (m_stop)
            return nullptr;
        std::unique_ptr<Batch> batch = std::move(m_free.front());
        m_free.pop_front();
        return batch;
    }
    void putFull(std::unique_ptr<Batch> batch)
    {
        {
            std::lock_guard lock(m_mutex);
            m_full.push_back(std::move(batch));
        }
        m_changed.notify_all();
    }
    void finish()
    {
        {
            std::lock_guard lock(m_mutex);
            m_finished = true;
        }
        m_changed.notify_all();
    }
    bool stopRequested()
    {
        std::lock_guard lock(m_mutex);
        return m_stop;
    }

    // Consumer side. Returns nullptr once the producer has finished and everything is taken.
    std::unique_ptr<Batch> takeFull()
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [this] { return m_finished || !m_full.empty(); });
        if (m_full.empty())
            return nullptr;
        std::unique_ptr<Batch> batch = std::move(m_full.front());
        m_full.pop_front();
        return batch;
    }
    void putFree(std::unique_ptr<Batch> batch)
    {
        {
            std::lock_guard lock(m_mutex);
            m_free.push_back(std::move(batch));
        }
        m_changed.notify_all();
    }
    void stop()
    {
        {
            std::lock_guard lock(m_mutex);
            m_stop = true;
        }
        m_changed.notify_all();
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<std::unique_ptr<Batch>> m_free;
    std::deque<std::unique_ptr<Batch>> m_full;
    bool m_finished = false;
    bool m_stop = false;
};

// Appends batches to the rows: duplicate ids, progress and cancellation live here.
class RowSink
{
public:
    // Offsets in batches are relative to the scanned text; `offsetShift` (a byte-order mark)
    // makes the progress count bytes of the whole input.
    // `releasableMapping`: a read-only file mapping of the input whose consumed pages may be
    // dropped; null for memory the caller owns.
    RowSink(qsizetype totalBytes, qsizetype offsetShift, const RelationshipParser::Options& options,
            uchar* releasableMapping)
        : m_totalBytes(totalBytes)
        , m_offsetShift(offsetShift)
        , m_progress(options.progress)
        , m_firstRows(totalBytes >= RelationshipParser::FirstRowsMinimumBytes
                          ? options.firstRows
                          : RelationshipParser::FirstRows())
        , m_firstRowsCount(std::max(1, options.firstRowsCount))
        , m_releasable(releasableMapping)
    {}

    RelationshipRows rows;
    bool cancelled = false;
    bool failed = false;
    bool outOfMemory = false;
    Failure failure;
    qint64 failedRecord = -1;

    // false: stop parsing (an error or a cancel).
    bool consume(const Batch& batch)
    {
        if (rows.isEmpty() && batch.count > 0 && batch.endOffset > batch.firstOffset) {
            // Reserving from the first batch's record size avoids the vector's last doubling,
            // which at a million rows would briefly hold three copies of the row table.
            const double bytesPerRecord =
                double(batch.endOffset - batch.firstOffset) / double(batch.count);
            const double estimate =
                double(m_totalBytes - m_offsetShift - batch.firstOffset) / bytesPerRecord;
            if (estimate > batch.count)
                rows.reserve(int(std::min(estimate * 1.05 + 16, 1.0e9)));
        }
        // The index probe of each append is a cache miss at a million rows: start it early.
        constexpr int PrefetchDistance = 8;
        for (int i = 0; i < std::min(batch.count, PrefetchDistance); ++i)
            rows.prefetchIdSlot(batch.records[size_t(i)].id);
        for (int i = 0; i < batch.count; ++i) {
            const Relationship& record = batch.records[size_t(i)];
            if (i + PrefetchDistance < batch.count)
                rows.prefetchIdSlot(batch.records[size_t(i + PrefetchDistance)].id);
            // The id index keeps the first row of an id, so a duplicate shows as a lookup that
            // does not find the row just appended. Looking up after appending probes cache lines
            // the append has just touched; looking up before would miss the cache twice per row.
            const int row = rows.append(record);
            const std::optional<int> first = rows.rowOf(record.id);
            if (first && *first != row) {
                failed = true;
                failedRecord = batch.firstIndex + i;
                failure.offset = batch.idOffsets[size_t(i)];
                failure.member = u"id"_s;
                failure.recordId = record.id.toString(QUuid::WithoutBraces);
                failure.message = tr("duplicate id: record %1 has the same id").arg(*first);
                return false;
            }
        }
        releaseConsumed(batch.endOffset);
        if (m_firstRows && rows.size() >= m_firstRowsCount)
            handOverFirstRows();
        if (m_progress && batch.endOffset - m_lastReport >= ProgressStep) {
            m_lastReport = batch.endOffset;
            if (!m_progress(batch.endOffset + m_offsetShift, m_totalBytes)) {
                cancelled = true;
                return false;
            }
        }
        return true;
    }

    // The last report, once everything is parsed; the user may still cancel here.
    bool finish()
    {
        if (m_progress && !m_progress(m_totalBytes, m_totalBytes))
            cancelled = true;
        return !cancelled;
    }

private:
    // A copy, so that the parse goes on filling `rows` while the preview is shown elsewhere; a
    // few thousand rows cost a few milliseconds.
    void handOverFirstRows()
    {
        RelationshipRows firstRows;
        firstRows.reserve(m_firstRowsCount);
        for (int row = 0; row < m_firstRowsCount; ++row)
            firstRows.append(rows.relationship(row));
        const RelationshipParser::FirstRows handOver = std::move(m_firstRows);
        m_firstRows = nullptr;
        handOver(std::move(firstRows));
    }

    // Rows hold copies of everything now, so the mapping's pages up to `end` can go: without
    // this, resident memory would hold the whole file on top of the rows. The mapping is
    // read-only and file-backed, so a page touched again (an error message counting lines) is
    // simply read back.
    void releaseConsumed(qsizetype end)
    {
#ifdef Q_OS_UNIX
        if (!m_releasable)
            return;
        static const qsizetype pageSize = qsizetype(sysconf(_SC_PAGESIZE));
        const qsizetype releaseEnd = (end + m_offsetShift) / pageSize * pageSize;
        if (releaseEnd - m_released < ReleaseStep)
            return;
        madvise(m_releasable + m_released, size_t(releaseEnd - m_released), MADV_DONTNEED);
        m_released = releaseEnd;
#else
        Q_UNUSED(end);
#endif
    }

    qsizetype m_totalBytes;
    qsizetype m_offsetShift;
    const RelationshipParser::Progress& m_progress;
    RelationshipParser::FirstRows m_firstRows; // empty once called, or for small inputs
    int m_firstRowsCount;
    uchar* m_releasable;
    qsizetype m_released = 0;
    qsizetype m_lastReport = 0;
};

// The top level of the document: a bare array, a paged {"items": [...]} or a snapshot envelope.
class DocumentParser
{
public:
    DocumentParser(const char* data, qsizetype size, const RelationshipParser::Options& options)
        : m_scanner(data, size, std::max(2, options.maxNestingDepth))
        , m_decoder(reinterpret_cast<const uchar*>(data), options.maxMemberBytes)
        , m_data(data)
        , m_content(options.content)
    {}

    // Runs the whole parse; batches go to `channel` (or straight to `sink` when not threaded).
    void run(BatchChannel* channel, RowSink* directSink)
    {
        m_channel = channel;
        m_directSink = directSink;
        try {
            if (!parseTopLevel()) {
                m_failed = true;
            } else {
                if (m_batch && m_batch->count > 0)
                    flushBatch();
                showContent(m_scanner.size());
            }
        } catch (const std::bad_alloc&) {
            // On the scanning thread an escaping exception would terminate the program; the
            // message is built later, once memory is released.
            m_failed = true;
            m_outOfMemory = true;
        }
        if (m_channel)
            m_channel->finish();
    }

    bool outOfMemory() const { return m_outOfMemory; }

    bool failed() const { return m_failed; }
    bool stoppedByConsumer() const { return m_stoppedByConsumer; }
    const Failure& failure() const { return m_scanner.failure; }
    qint64 failedRecord() const { return m_failedRecord; }
    SnapshotHeader header;
    ColumnCatalog catalog;

private:
    bool parseTopLevel()
    {
        JsonScanner& s = m_scanner;
        s.skipWhitespace();
        if (s.atEnd())
            return s.fail(s.pos, tr("no JSON value: the input holds only white space"));
        const uchar c = s.current();
        if (c == '[')
            return parseRecords() && expectEnd();
        if (c == '{')
            return parseEnvelope() && expectEnd();
        if (c == '"' || c == '-' || isDigit(c) || c == 't' || c == 'f' || c == 'n')
            return s.fail(s.pos, tr("expected a JSON array of relationships, an object with "
                                    "\"items\" or a relreview snapshot; found a single value"));
        return s.fail(s.pos, tr("not JSON: unexpected %1 where a JSON array or object should "
                                "start")
                                 .arg(describeByte(c)));
    }

    bool expectEnd()
    {
        m_scanner.skipWhitespace();
        if (!m_scanner.atEnd())
            return m_scanner.fail(m_scanner.pos,
                                  tr("unexpected %1 after the end of the JSON document")
                                      .arg(describeByte(m_scanner.current())));
        return true;
    }

    QString nameAt(qsizetype begin, qsizetype end, bool escaped)
    {
        MemberSpan span;
        span.nameBegin = begin;
        span.nameEnd = end;
        span.nameEscaped = escaped;
        return m_decoder.spanName(span);
    }

    bool failMember(qsizetype offset, const QString& member, QString message)
    {
        m_scanner.failure.member = member;
        return m_scanner.fail(offset, std::move(message));
    }

    bool checkUtf8(qsizetype begin, qsizetype end)
    {
        const uchar* data = m_scanner.data();
        if (simdjson::validate_utf8(reinterpret_cast<const char*>(data + begin),
                                    size_t(end - begin)))
            return true;
        return m_scanner.fail(begin + firstInvalidUtf8(data + begin, end - begin),
                              tr("invalid UTF-8"));
    }

    // A small member of the envelope, read with Qt's JSON (validated already by the scanner).
    std::optional<QJsonValue> smallValue(const QString& name, qsizetype begin, qsizetype end)
    {
        QByteArray wrapped;
        wrapped.reserve(end - begin + 2);
        wrapped.append('[');
        wrapped.append(reinterpret_cast<const char*>(m_scanner.data() + begin), end - begin);
        wrapped.append(']');
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(wrapped, &error);
        if (error.error != QJsonParseError::NoError || !document.isArray()) {
            failMember(begin, name, error.errorString());
            return std::nullopt;
        }
        return document.array().at(0);
    }

    bool parseEnvelope()
    {
        JsonScanner& s = m_scanner;
        const qsizetype objectStart = s.pos;
        ++s.pos;
        s.skipWhitespace();
        if (!s.atEnd() && s.current() == '}')
            return s.fail(objectStart, tr("expected a JSON array of relationships, an object with "
                                          "\"items\" or a relreview snapshot; found an empty "
                                          "object"));
        QString rowsMember;
        bool sawFormat = false, sawVersion = false, sawSource = false, sawExportedAt = false,
             sawColumns = false, sawTables = false;
        QJsonArray columns, tables;
        qsizetype columnsOffset = -1, tablesOffset = -1;
        for (;;) {
            s.skipWhitespace();
            qsizetype nameBegin = 0, nameEnd = 0;
            bool nameEscaped = false;
            if (!s.scanMemberName(&nameBegin, &nameEnd, &nameEscaped))
                return false;
            if (!checkUtf8(nameBegin, nameEnd))
                return false;
            const QString name = nameAt(nameBegin, nameEnd, nameEscaped);
            s.skipWhitespace();
            const qsizetype valueBegin = s.pos;
            const auto duplicate = [&](bool* seen) {
                if (!*seen) {
                    *seen = true;
                    return false;
                }
                failMember(nameBegin, name, tr("member appears more than once"));
                return true;
            };
            if (name == "relationships"_L1 || name == "items"_L1) {
                if (!rowsMember.isEmpty())
                    return failMember(
                        nameBegin, name,
                        tr("a second list of relationships (after \"%1\")").arg(rowsMember));
                rowsMember = name;
                if (s.atEnd())
                    return s.failEndOfInput();
                if (s.current() != '[')
                    return failMember(valueBegin, name, tr("expected an array of relationships"));
                if (!parseRecords())
                    return false;
            } else {
                if (!s.skipValue(1))
                    return failMember(s.failure.offset, name, s.failure.message);
                const qsizetype valueEnd = s.pos;
                if (!checkUtf8(valueBegin, valueEnd))
                    return failMember(s.failure.offset, name, s.failure.message);
                const uchar first = s.data()[valueBegin];
                if (name == "format"_L1) {
                    if (duplicate(&sawFormat))
                        return false;
                    const std::optional<QJsonValue> value = smallValue(name, valueBegin, valueEnd);
                    if (!value)
                        return false;
                    if (!value->isString())
                        return failMember(valueBegin, name, tr("expected a string"));
                    header.format = value->toString();
                    if (header.format != SnapshotFormatName)
                        return failMember(valueBegin, name,
                                          tr("unknown format \"%1\"; expected \"%2\"")
                                              .arg(header.format, SnapshotFormatName));
                } else if (name == "version"_L1) {
                    if (duplicate(&sawVersion))
                        return false;
                    int version = 0;
                    const char* begin = reinterpret_cast<const char*>(s.data() + valueBegin);
                    const char* end = reinterpret_cast<const char*>(s.data() + valueEnd);
                    const auto [ptr, ec] = std::from_chars(begin, end, version);
                    if (ec != std::errc() || ptr != end) {
                        if (first == '-' || isDigit(first))
                            return failMember(valueBegin, name,
                                              tr("expected a whole number version"));
                        return failMember(valueBegin, name, tr("expected a number"));
                    }
                    if (version < 1)
                        return failMember(valueBegin, name,
                                          tr("invalid snapshot version %1").arg(version));
                    if (version > SupportedSnapshotVersion)
                        return failMember(valueBegin, name,
                                          tr("snapshot version %1 is newer than this relreview "
                                             "reads (up to %2); update relreview")
                                              .arg(version)
                                              .arg(SupportedSnapshotVersion));
                    header.version = version;
                } else if (name == "exported_at"_L1) {
                    if (duplicate(&sawExportedAt))
                        return false;
                    const std::optional<QJsonValue> value = smallValue(name, valueBegin, valueEnd);
                    if (!value)
                        return false;
                    if (!value->isString() && !value->isNull())
                        return failMember(valueBegin, name, tr("expected a string or null"));
                    header.exportedAt = value->toString();
                } else if (name == "source"_L1) {
                    if (duplicate(&sawSource))
                        return false;
                    if (!parseSource(name, valueBegin, valueEnd))
                        return false;
                } else if (name == "columns"_L1 || name == "tables"_L1) {
                    const bool isColumns = name == "columns"_L1;
                    if (duplicate(isColumns ? &sawColumns : &sawTables))
                        return false;
                    if (first != 'n') {
                        if (first != '[')
                            return failMember(valueBegin, name, tr("expected an array or null"));
                        const std::optional<QJsonValue> value =
                            smallValue(name, valueBegin, valueEnd);
                        if (!value)
                            return false;
                        (isColumns ? columns : tables) = value->toArray();
                        (isColumns ? columnsOffset : tablesOffset) = valueBegin;
                    }
                }
                // Any other member (a page's "total", "next", a newer snapshot's additions) is
                // validated and ignored.
            }
            s.skipWhitespace();
            if (s.atEnd())
                return s.failEndOfInput();
            if (s.current() == ',') {
                ++s.pos;
                continue;
            }
            if (s.current() == '}') {
                ++s.pos;
                break;
            }
            return s.failExpected(tr("',' or '}' after a member"));
        }

        if (sawFormat) {
            header.isEnvelope = true;
            if (!sawVersion)
                return failMember(0, u"version"_s, tr("missing required member"));
            if (rowsMember != "relationships"_L1)
                return failMember(0, u"relationships"_s, tr("missing required member"));
            QString error;
            if (!columns.isEmpty() && !catalog.loadColumnsJson(columns, &error))
                return failMember(columnsOffset, u"columns"_s, error);
            if (!tables.isEmpty() && !catalog.loadTablesJson(tables, &error))
                return failMember(tablesOffset, u"tables"_s, error);
            return true;
        }
        if (sawVersion)
            return failMember(0, u"format"_s, tr("missing required member"));
        if (rowsMember == "items"_L1)
            return true;
        if (rowsMember == "relationships"_L1)
            return failMember(0, u"format"_s,
                              tr("missing required member: an object with \"relationships\" must "
                                 "be a relreview snapshot"));
        return s.fail(0, tr("expected a JSON array of relationships, an object with \"items\" or "
                            "a relreview snapshot; found an object without either"));
    }

    bool parseSource(const QString& name, qsizetype valueBegin, qsizetype valueEnd)
    {
        const uchar first = m_scanner.data()[valueBegin];
        if (first == 'n')
            return true;
        if (first != '{')
            return failMember(valueBegin, name, tr("expected an object or null"));
        const std::optional<QJsonValue> value = smallValue(name, valueBegin, valueEnd);
        if (!value)
            return false;
        const QJsonObject object = value->toObject();
        SnapshotSource& source = header.source;
        const QJsonValue baseUrl = object.value("base_url"_L1);
        if (!baseUrl.isUndefined() && !baseUrl.isNull() && !baseUrl.isString())
            return failMember(valueBegin, u"source.base_url"_s, tr("expected a string or null"));
        source.baseUrl = baseUrl.toString();
        const QJsonValue sourceId = object.value("integration_source_id"_L1);
        if (!sourceId.isUndefined() && !sourceId.isNull()) {
            const std::optional<QUuid> uuid =
                sourceId.isString() ? parseUuid(sourceId.toString().toStdString()) : std::nullopt;
            if (!uuid)
                return failMember(valueBegin, u"source.integration_source_id"_s,
                                  tr("expected a UUID string or null"));
            source.integrationSourceId = *uuid;
        }
        const QJsonValue scope = object.value("scope"_L1);
        if (!scope.isUndefined() && !scope.isNull() && !scope.isObject())
            return failMember(valueBegin, u"source.scope"_s, tr("expected an object or null"));
        source.scope = scope.toObject();
        return true;
    }

    // The bytes up to `end` go to the content observer now, before a batch leaves: the consumer
    // releases the pages of the records it has stored.
    void showContent(qsizetype end)
    {
        if (m_content && end > m_contentShown) {
            m_content(QByteArrayView(m_data + m_contentShown, end - m_contentShown));
            m_contentShown = end;
        }
    }

    bool flushBatch()
    {
        showContent(m_scanner.pos);
        std::unique_ptr<Batch> batch = std::move(m_batch);
        if (m_channel) {
            m_channel->putFull(std::move(batch));
            return !m_channel->stopRequested();
        }
        const bool goOn = m_directSink->consume(*batch);
        m_batch = std::move(batch);
        m_batch->count = 0;
        if (!goOn)
            m_stoppedByConsumer = true;
        return goOn;
    }

    Batch* currentBatch()
    {
        if (!m_batch) {
            m_batch = m_channel ? m_channel->takeFree() : std::make_unique<Batch>();
            if (!m_batch)
                return nullptr;
            m_batch->count = 0;
        }
        if (m_batch->records.size() < size_t(BatchRecordCount)) {
            m_batch->records.resize(size_t(BatchRecordCount));
            m_batch->idOffsets.resize(size_t(BatchRecordCount));
        }
        return m_batch.get();
    }

    // At '['. Streams every record to the batches.
    bool parseRecords()
    {
        JsonScanner& s = m_scanner;
        ++s.pos;
        s.skipWhitespace();
        if (s.atEnd())
            return s.failEndOfInput();
        if (s.current() == ']') {
            ++s.pos;
            return true;
        }
        for (qint64 index = 0;; ++index) {
            m_failedRecord = index;
            s.skipWhitespace();
            if (s.atEnd())
                return s.failEndOfInput();
            const qsizetype recordStart = s.pos;
            if (s.current() != '{') {
                if (s.current() == ']')
                    return s.failExpected(tr("a relationship object after ','"));
                return s.failExpected(tr("a relationship object"));
            }
            if (!scanRecord())
                return false;
            if (!checkUtf8(recordStart, s.pos)) {
                for (const MemberSpan& span : m_members) {
                    if (s.failure.offset >= span.nameBegin && s.failure.offset < span.valueEnd)
                        s.failure.member = m_decoder.spanName(span);
                }
                return false;
            }

            Batch* batch = currentBatch();
            if (!batch) {
                m_stoppedByConsumer = true;
                return false;
            }
            if (batch->count == 0) {
                batch->firstIndex = index;
                batch->firstOffset = recordStart;
            }
            Relationship& record = batch->records[size_t(batch->count)];
            if (!m_decoder.decode(m_members, recordStart, &record, &s.failure))
                return false;
            batch->idOffsets[size_t(batch->count)] = idOffset();
            ++batch->count;
            batch->endOffset = s.pos;

            if (batch->count == BatchRecordCount || s.pos - batch->firstOffset >= BatchByteLimit) {
                if (!flushBatch())
                    return false;
            }

            s.skipWhitespace();
            if (s.atEnd())
                return s.failEndOfInput();
            if (s.current() == ',') {
                ++s.pos;
                continue;
            }
            if (s.current() == ']') {
                ++s.pos;
                m_failedRecord = -1;
                return true;
            }
            return s.failExpected(tr("',' or ']' after a record"));
        }
    }

    qsizetype idOffset() const
    {
        for (const MemberSpan& span : m_members) {
            if (span.nameEnd - span.nameBegin == 4 &&
                std::memcmp(m_scanner.data() + span.nameBegin, "\"id\"", 4) == 0)
                return span.valueBegin;
        }
        return m_members.empty() ? -1 : m_members.front().valueBegin;
    }

    // At '{' of a record: validates it and records its top-level members.
    bool scanRecord()
    {
        JsonScanner& s = m_scanner;
        m_members.clear();
        ++s.pos;
        s.skipWhitespace();
        if (s.atEnd())
            return s.failEndOfInput();
        if (s.current() == '}') {
            ++s.pos;
            return true;
        }
        for (;;) {
            s.skipWhitespace();
            MemberSpan span;
            if (!s.scanMemberName(&span.nameBegin, &span.nameEnd, &span.nameEscaped))
                return false;
            s.skipWhitespace();
            span.valueBegin = s.pos;
            // The record is inside the array (1) and is itself an object (2).
            if (!s.skipValue(2, &span.valueEscaped)) {
                s.failure.member = m_decoder.spanName(span);
                // Name the record by its id when the id came before the problem.
                for (const MemberSpan& earlier : m_members) {
                    if (earlier.nameEnd - earlier.nameBegin == 4 &&
                        std::memcmp(s.data() + earlier.nameBegin, "\"id\"", 4) == 0 &&
                        s.data()[earlier.valueBegin] == '"')
                        s.failure.recordId = QString::fromUtf8(
                            reinterpret_cast<const char*>(s.data() + earlier.valueBegin + 1),
                            std::min<qsizetype>(64, earlier.valueEnd - earlier.valueBegin - 2));
                }
                return false;
            }
            span.valueEnd = s.pos;
            m_members.push_back(span);
            s.skipWhitespace();
            if (s.atEnd())
                return s.failEndOfInput();
            if (s.current() == ',') {
                ++s.pos;
                continue;
            }
            if (s.current() == '}') {
                ++s.pos;
                return true;
            }
            return s.failExpected(tr("',' or '}' after a member"));
        }
    }

    JsonScanner m_scanner;
    RecordDecoder m_decoder;
    std::vector<MemberSpan> m_members;
    std::unique_ptr<Batch> m_batch;
    BatchChannel* m_channel = nullptr;
    RowSink* m_directSink = nullptr;
    bool m_failed = false;
    bool m_outOfMemory = false;
    bool m_stoppedByConsumer = false;
    qint64 m_failedRecord = -1;
    const char* m_data;
    RelationshipParser::ContentObserver m_content;
    qsizetype m_contentShown = 0;
};

qsizetype utf8BomLength(const char* data, qsizetype size)
{
    return size >= 3 && std::memcmp(data, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
}

// Line and column (1-based, bytes) of an offset, counted only when an error is reported.
void locate(const char* data, qsizetype size, qsizetype bomLength, ParseError* error)
{
    if (error->byteOffset < 0)
        return;
    const qsizetype offset = std::min(error->byteOffset, size);
    qint64 line = 1;
    qsizetype lineStart = std::min(bomLength, offset);
    const char* cursor = data + lineStart;
    const char* end = data + offset;
    while (cursor < end) {
        const void* newline = std::memchr(cursor, '\n', size_t(end - cursor));
        if (!newline)
            break;
        ++line;
        cursor = static_cast<const char*>(newline) + 1;
        lineStart = cursor - data;
    }
    error->line = int(std::min<qint64>(line, std::numeric_limits<int>::max()));
    error->column = int(std::min<qint64>(offset - lineStart + 1, std::numeric_limits<int>::max()));
}

RelationshipParser::Result failedResult(const char* data, qsizetype size, qsizetype bomLength,
                                        const Failure& failure, qint64 recordIndex)
{
    RelationshipParser::Result result;
    result.error.message = failure.message;
    result.error.byteOffset = failure.offset;
    result.error.recordIndex = recordIndex;
    result.error.recordId = failure.recordId;
    result.error.member = failure.member;
    locate(data, size, bomLength, &result.error);
    return result;
}

// An encoding other than UTF-8, recognised by its byte-order mark or its NUL bytes.
bool looksLikeUtf16(const char* data, qsizetype size)
{
    if (size >= 2 && ((uchar(data[0]) == 0xff && uchar(data[1]) == 0xfe) ||
                      (uchar(data[0]) == 0xfe && uchar(data[1]) == 0xff)))
        return true;
    // JSON text starts with an ASCII character; UTF-16 (and UTF-32) put a NUL next to it.
    return size >= 2 && (data[0] == 0 || data[1] == 0) && (data[0] != 0 || data[1] != 0);
}

RelationshipParser::Result parseMemory(const char* data, qsizetype size,
                                       const RelationshipParser::Options& options,
                                       uchar* releasableMapping)
{
    RelationshipParser::Result result;
    if (size == 0) {
        result.error.message = tr("the input is empty");
        result.error.byteOffset = 0;
        result.error.line = 1;
        result.error.column = 1;
        return result;
    }
    if (looksLikeUtf16(data, size)) {
        result.error.message = tr("UTF-16 is not supported; save as UTF-8");
        result.error.byteOffset = 0;
        result.error.line = 1;
        result.error.column = 1;
        return result;
    }
    const qsizetype bomLength = utf8BomLength(data, size);

    if (options.content && bomLength > 0)
        options.content(QByteArrayView(data, bomLength));
    // The scanner sees the input after the byte-order mark; offsets are shifted back below.
    DocumentParser parser(data + bomLength, size - bomLength, options);
    RowSink sink(size, bomLength, options, releasableMapping);

    const bool threaded = size >= ThreadedParseThreshold && QThread::idealThreadCount() >= 2;
    if (threaded) {
        BatchChannel channel(BatchesInFlight);
        std::thread scanning([&] { parser.run(&channel, nullptr); });
        try {
            while (std::unique_ptr<Batch> batch = channel.takeFull()) {
                const bool goOn = !sink.failed && !sink.cancelled && sink.consume(*batch);
                channel.putFree(std::move(batch));
                if (!goOn)
                    channel.stop();
            }
        } catch (const std::bad_alloc&) {
            sink.outOfMemory = true;
            channel.stop();
            // The scanner may still be handing over batches: let it finish without a consumer.
            while (std::unique_ptr<Batch> batch = channel.takeFull())
                channel.putFree(std::move(batch));
        }
        scanning.join();
    } else {
        parser.run(nullptr, &sink);
    }

    if (sink.outOfMemory || parser.outOfMemory()) {
        sink.rows = RelationshipRows();
        result.error.message = tr("not enough memory to load this input");
        return result;
    }

    if (!sink.failed && !sink.cancelled && !parser.failed())
        sink.finish();

    Failure failure;
    qint64 failedRecord = -1;
    if (sink.cancelled) {
        result.cancelled = true;
        result.error.message = tr("cancelled");
        return result;
    }
    if (sink.failed) {
        failure = sink.failure;
        failedRecord = sink.failedRecord;
    } else if (parser.failed()) {
        failure = parser.failure();
        failedRecord = parser.failedRecord();
    } else {
        result.ok = true;
        result.document.header = parser.header;
        result.document.catalog = std::move(parser.catalog);
        result.document.rows = std::move(sink.rows);
        return result;
    }
    if (failure.offset >= 0)
        failure.offset += bomLength;
    return failedResult(data, size, bomLength, failure, failedRecord);
}

#ifdef Q_OS_UNIX
// A mapped range a parse is reading (see FileMappingGuard); read by the signal handler.
struct MappedRegion
{
    std::atomic<uintptr_t> begin{0}; // 0: not in use
    std::atomic<uintptr_t> end{0};
    std::atomic<bool> lost{false}; // a read faulted: zeros were mapped in
    std::atomic<bool> used{false}; // taken by a guard
};
static_assert(std::atomic<uintptr_t>::is_always_lock_free && std::atomic<bool>::is_always_lock_free,
              "the signal handler reads these");

// Keeps a file that shrinks while it is mapped from ending the process with SIGBUS.
//
// While a parse reads a mapping, its address range is registered here. A SIGBUS handler
// (installed once, the first time a file is mapped) looks at the faulting address: inside a
// registered range, it maps anonymous zero pages over the rest of that range (MAP_FIXED), marks
// the range as lost and returns, so that the faulting read runs again and reads zeros. Zeros are
// never valid JSON, so the parse stops with an error soon after, on whichever thread touched the
// page (the scanning thread, or the thread that copies evidence into the rows); parseFile() then
// sees the mark (and the file's changed size or time) and reports "the file changed while it was
// read" instead, with no rows. A SIGBUS anywhere else goes to the handler that was there before,
// or ends the process as it always did.
//
// Why not sigsetjmp/siglongjmp: a jump out of the handler skips C++ destructors and may leave a
// lock held by the interrupted thread (the allocator, the batch channel), on either of the two
// threads of the pipeline. Returning from the handler leaves every frame as it was: the only work
// done in the handler is mmap() (a system call on Linux and the BSDs) and atomic loads and stores.
// Why not read the file instead of mapping it: at a million rows, reading would copy the whole
// file (977 MB) before parsing and hold it in memory next to the rows; the mapping costs neither.
class FileMappingGuard
{
public:
    // Registers [data, data + size); false when no slot is free (then read, do not map).
    bool watch(const uchar* data, qsizetype size)
    {
        installHandler();
        for (Region& region : s_regions) {
            bool expected = false;
            if (!region.used.compare_exchange_strong(expected, true))
                continue;
            region.lost.store(false);
            region.end.store(reinterpret_cast<uintptr_t>(data) + uintptr_t(size));
            region.begin.store(reinterpret_cast<uintptr_t>(data)); // non-zero: active
            m_region = &region;
            return true;
        }
        return false;
    }
    // Whether a read of the range faulted. Call once every thread that reads it has finished.
    bool lost() const { return m_region && m_region->lost.load(); }

    FileMappingGuard() = default;
    FileMappingGuard(const FileMappingGuard&) = delete;
    FileMappingGuard& operator=(const FileMappingGuard&) = delete;
    // Before the mapping is unmapped.
    ~FileMappingGuard()
    {
        if (!m_region)
            return;
        m_region->begin.store(0);
        m_region->end.store(0);
        m_region->used.store(false);
    }

private:
    using Region = MappedRegion;
    static constexpr int RegionCount = 64; // parses at once; more are read into memory
    static inline std::array<Region, RegionCount> s_regions;
    static inline struct sigaction s_previous = {};
    static inline uintptr_t s_pageSize = 4096;

    static void installHandler()
    {
        static std::once_flag installed;
        std::call_once(installed, [] {
            s_pageSize = uintptr_t(sysconf(_SC_PAGESIZE));
            struct sigaction action = {};
            action.sa_sigaction = &onSigbus;
            action.sa_flags = SA_SIGINFO | SA_ONSTACK;
            sigemptyset(&action.sa_mask);
            sigaction(SIGBUS, &action, &s_previous);
        });
    }

    static void onSigbus(int signal, siginfo_t* info, void* context)
    {
        const int savedErrno = errno; // mmap() may set it under the interrupted code's feet
        const auto restoreErrno = qScopeGuard([savedErrno] { errno = savedErrno; });
        const auto address = reinterpret_cast<uintptr_t>(info->si_addr);
        for (Region& region : s_regions) {
            const uintptr_t begin = region.begin.load();
            const uintptr_t end = region.end.load();
            if (begin == 0 || address < begin || address >= end)
                continue;
            const uintptr_t page = address & ~(s_pageSize - 1);
            // NOLINTNEXTLINE(performance-no-int-to-ptr): the faulting page, as the kernel gave it
            void* zeros = mmap(reinterpret_cast<void*>(page), size_t(end - page), PROT_READ,
                               MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
            if (zeros == MAP_FAILED)
                break;
            region.lost.store(true);
            return; // the read that faulted runs again, and reads zeros
        }
        // Not ours: as if this handler were not there.
        if ((s_previous.sa_flags & SA_SIGINFO) != 0 && s_previous.sa_sigaction) {
            s_previous.sa_sigaction(signal, info, context);
            return;
        }
        if ((s_previous.sa_flags & SA_SIGINFO) == 0 && s_previous.sa_handler != SIG_DFL &&
            s_previous.sa_handler != SIG_IGN) {
            s_previous.sa_handler(signal);
            return;
        }
        // The default action: the read faults again and the process ends with SIGBUS, as before.
        struct sigaction fallback = {};
        fallback.sa_handler = SIG_DFL;
        sigemptyset(&fallback.sa_mask);
        sigaction(SIGBUS, &fallback, nullptr);
    }

    Region* m_region = nullptr;
};

// What parseFile() compares before and after a parse, to tell that the file changed under it.
struct FileState
{
    qint64 size = -1;
    qint64 modifiedNs = -1;
    bool operator==(const FileState&) const = default;
};

FileState fileState(int descriptor)
{
    struct stat info = {};
    if (fstat(descriptor, &info) != 0)
        return {};
    return {qint64(info.st_size), qint64(info.st_mtim.tv_sec) * 1000000000 + info.st_mtim.tv_nsec};
}

// No rows and no position: what was read is not the file as it is now, nor as it was.
RelationshipParser::Result changedWhileRead(qint64 sizeBefore, qint64 sizeAfter)
{
    RelationshipParser::Result result;
    result.error.message =
        sizeBefore == sizeAfter || sizeAfter < 0
            ? tr("the file changed while it was read; nothing was loaded from it: load it again "
                 "once it is complete")
            : tr("the file changed while it was read (%1 bytes when it was opened, %2 now); "
                 "nothing was loaded from it: load it again once it is complete")
                  .arg(sizeBefore)
                  .arg(sizeAfter);
    return result;
}

// The file looks the same but a read of its pages failed (an I/O error, a file system that went
// away): SIGBUS without a change of size or time.
RelationshipParser::Result unreadablePages()
{
    RelationshipParser::Result result;
    result.error.message = tr("the file could not be read: the system failed to read some of its "
                              "pages (it may have changed, or its disk or network share failed); "
                              "nothing was loaded from it");
    return result;
}
#endif

} // namespace

QString ParseError::describe(const QString& sourceName) const
{
    QString text = sourceName;
    if (line > 0) {
        if (!text.isEmpty())
            text += u':';
        text += QString::number(line) + u':' + QString::number(column);
    }
    if (!text.isEmpty())
        text += u": "_s;
    QString where;
    if (recordIndex >= 0) {
        where = recordId.isEmpty() ? tr("record %1").arg(recordIndex)
                                   : tr("record %1 (id %2)").arg(recordIndex).arg(recordId);
    }
    if (!member.isEmpty()) {
        if (!where.isEmpty())
            where += u", "_s;
        where += tr("member \"%1\"").arg(member);
    }
    if (!where.isEmpty())
        text += where + u": "_s;
    return text + message;
}

RelationshipParser::Result RelationshipParser::parseBytes(QByteArrayView json,
                                                          const Options& options)
{
    return parseMemory(json.data(), json.size(), options, nullptr);
}

RelationshipParser::Result RelationshipParser::parseFile(const QString& path,
                                                         const Options& options)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        Result result;
        result.error.message = tr("cannot open the file: %1").arg(file.errorString());
        return result;
    }
    const qint64 size = file.size();
#ifdef Q_OS_UNIX
    const FileState before = fileState(file.handle());
    if (size > 0 && before.size == size) {
        if (uchar* mapping = file.map(0, size)) {
            std::optional<Result> result;
            {
                FileMappingGuard guard;
                if (guard.watch(mapping, size)) {
                    madvise(mapping, size_t(size), MADV_SEQUENTIAL);
                    result =
                        parseMemory(reinterpret_cast<const char*>(mapping), size, options, mapping);
                    const FileState after = fileState(file.handle());
                    if (!result->cancelled && after != before)
                        result = changedWhileRead(size, after.size);
                    else if (!result->cancelled && guard.lost())
                        result = unreadablePages();
                }
            }
            file.unmap(mapping);
            if (result)
                return std::move(*result);
        }
    }
#else
    // Elsewhere (Windows) a mapped file cannot be shortened.
    if (size > 0) {
        if (uchar* mapping = file.map(0, size)) {
            Result result =
                parseMemory(reinterpret_cast<const char*>(mapping), size, options, mapping);
            file.unmap(mapping);
            return result;
        }
    }
#endif
    // Not mappable (a pipe, a special file) or empty: read it.
    const QByteArray bytes = file.readAll();
    if (file.error() != QFileDevice::NoError) {
        Result result;
        result.error.message = tr("cannot read the file: %1").arg(file.errorString());
        return result;
    }
    return parseMemory(bytes.constData(), bytes.size(), options, nullptr);
}

std::optional<Relationship> RelationshipParser::parseRecord(QByteArrayView json, ParseError* error)
{
    const auto report = [&](const Failure& failure, qsizetype bomLength) {
        if (!error)
            return;
        *error = ParseError();
        error->message = failure.message;
        error->byteOffset = failure.offset;
        error->member = failure.member;
        error->recordId = failure.recordId;
        locate(json.data(), json.size(), bomLength, error);
    };
    Failure failure;
    if (json.isEmpty()) {
        failure.offset = 0;
        failure.message = tr("the input is empty");
        report(failure, 0);
        return std::nullopt;
    }
    if (looksLikeUtf16(json.data(), json.size())) {
        failure.offset = 0;
        failure.message = tr("UTF-16 is not supported; save as UTF-8");
        report(failure, 0);
        return std::nullopt;
    }
    const qsizetype bomLength = utf8BomLength(json.data(), json.size());
    const char* data = json.data() + bomLength;
    const qsizetype size = json.size() - bomLength;

    JsonScanner scanner(data, size, Options{}.maxNestingDepth);
    RecordDecoder decoder(reinterpret_cast<const uchar*>(data), Options{}.maxMemberBytes);
    std::vector<MemberSpan> members;
    const auto fail = [&](Failure f) {
        if (f.offset >= 0)
            f.offset += bomLength;
        report(f, bomLength);
        return std::nullopt;
    };

    scanner.skipWhitespace();
    if (scanner.atEnd() || scanner.current() != '{') {
        scanner.failExpected(tr("a relationship object"));
        return fail(scanner.failure);
    }
    const qsizetype recordStart = scanner.pos;
    // Validate the whole object first, then collect its top-level members.
    if (!scanner.skipValue(0))
        return fail(scanner.failure);
    const qsizetype recordEnd = scanner.pos;
    scanner.skipWhitespace();
    if (!scanner.atEnd()) {
        scanner.fail(scanner.pos, tr("unexpected %1 after the end of the JSON document")
                                      .arg(describeByte(scanner.current())));
        return fail(scanner.failure);
    }
    if (!simdjson::validate_utf8(data + recordStart, size_t(recordEnd - recordStart))) {
        scanner.fail(recordStart +
                         firstInvalidUtf8(reinterpret_cast<const uchar*>(data) + recordStart,
                                          recordEnd - recordStart),
                     tr("invalid UTF-8"));
        return fail(scanner.failure);
    }
    scanner.pos = recordStart + 1;
    scanner.skipWhitespace();
    if (scanner.current() != '}') {
        for (;;) {
            scanner.skipWhitespace();
            MemberSpan span;
            scanner.scanMemberName(&span.nameBegin, &span.nameEnd, &span.nameEscaped);
            scanner.skipWhitespace();
            span.valueBegin = scanner.pos;
            scanner.skipValue(1, &span.valueEscaped);
            span.valueEnd = scanner.pos;
            members.push_back(span);
            scanner.skipWhitespace();
            if (scanner.current() != ',')
                break;
            ++scanner.pos;
        }
    }
    Relationship relationship;
    if (!decoder.decode(members, recordStart, &relationship, &failure))
        return fail(failure);
    // The decoder's evidence is a view into `json`, which the caller may free.
    relationship.evidenceJson =
        QByteArray(relationship.evidenceJson.constData(), relationship.evidenceJson.size());
    return relationship;
}
