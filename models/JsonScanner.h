#pragma once

#include <QCoreApplication>
#include <QString>

#include <bit>
#include <cstring>
#include <string>

// Part of RelationshipParser (see RelationshipParser.cpp for how the parser is built, and why).

// Byte classes of JSON text, shared by the scanner and the decoder.
namespace JsonBytes {
inline bool isWhitespace(uchar c)
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
} // namespace JsonBytes

// A position-stamped problem found while scanning or decoding.
struct ParseFailure
{
    qsizetype offset = -1;
    QString message;
    QString member;
    QString recordId;
};

// A strict JSON scanner over one contiguous byte range. Never recursive: nesting is tracked in an
// explicit stack, so 100,000 nested brackets give an error, not a stack overflow. The per-byte
// loops are inline here (the document parser and the record parser call them for every value);
// the failure paths and the rarer values live in JsonScanner.cpp.
class JsonScanner
{
    Q_DECLARE_TR_FUNCTIONS(JsonScanner)

public:
    JsonScanner(const char* data, qsizetype size, int maxDepth)
        : m_data(reinterpret_cast<const uchar*>(data))
        , m_size(size)
        , m_maxDepth(maxDepth)
    {}

    qsizetype pos = 0;
    ParseFailure failure;

    const uchar* data() const { return m_data; }
    qsizetype size() const { return m_size; }
    bool atEnd() const { return pos >= m_size; }
    uchar current() const { return m_data[pos]; }
    int maxDepth() const { return m_maxDepth; }
    // More of the input has arrived (a document parsed while it downloads): the same bytes,
    // and more after them.
    void setSize(qsizetype size) { m_size = size; }

    void skipWhitespace()
    {
        while (pos < m_size && JsonBytes::isWhitespace(m_data[pos]))
            ++pos;
    }

    bool fail(qsizetype offset, QString message)
    {
        failure.offset = offset;
        failure.message = std::move(message);
        return false;
    }
    bool failEndOfInput();
    bool failExpected(const QString& what);

    // At '"'. On success, pos is just past the closing quote.
    bool scanString(bool* escaped)
    {
        qsizetype i = pos + 1;
        bool sawEscape = false;
        for (;;) {
            while (i + 8 <= m_size) {
                quint64 word;
                std::memcpy(&word, m_data + i, 8);
                const quint64 special = JsonBytes::specialStringBytes(word);
                if (special) {
                    if constexpr (std::endian::native == std::endian::little)
                        i += std::countr_zero(special) / 8;
                    break;
                }
                i += 8;
            }
            if (i >= m_size)
                return failInString(m_size, StringProblem::EndOfInput);
            const uchar c = m_data[i];
            if (c == '"') {
                pos = i + 1;
                *escaped = sawEscape;
                return true;
            }
            if (c == '\\') {
                sawEscape = true;
                if (i + 1 >= m_size)
                    return failInString(m_size, StringProblem::EndOfInput);
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
                        return failInString(m_size, StringProblem::EndOfInput);
                    for (int k = 2; k < 6; ++k) {
                        if (!JsonBytes::isHexDigit(m_data[i + k]))
                            return failInString(i, StringProblem::BadUnicodeEscape);
                    }
                    i += 6;
                    break;
                default:
                    return failInString(i, StringProblem::BadEscape);
                }
                continue;
            }
            if (c < 0x20)
                return failInString(i, StringProblem::ControlCharacter);
            ++i; // a byte the SWAR step flagged beyond the first special one, or a tail byte
        }
    }

    bool scanNumber();
    bool scanLiteral();

    // '"name"' then ':' ; pos ends after the colon.
    bool scanMemberName(qsizetype* nameBegin = nullptr, qsizetype* nameEnd = nullptr,
                        bool* escaped = nullptr)
    {
        if (atEnd())
            return failEndOfInput();
        if (current() != '"')
            return failExpectedMemberName();
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
            return failExpectedColon();
        ++pos;
        return true;
    }

    // Validates one value at pos (whitespace allowed before it) that sits inside `depth`
    // containers. On success pos is just past the value; *topStringEscaped tells whether the
    // value, when it is a string, contains escapes.
    bool skipValue(int depth, bool* topStringEscaped = nullptr);

    // "'x'" for a printable byte, "byte 0x07" otherwise: for messages.
    static QString describeByte(uchar c);
    // Offset of the first byte that is not valid UTF-8 (only called once validation has failed).
    static qsizetype firstInvalidUtf8(const uchar* data, qsizetype size);
    // Decodes the contents of a JSON string (between the quotes, already validated) to UTF-8.
    // Returns false for a \u escape that is an unpaired surrogate.
    static bool unescapeToUtf8(const uchar* begin, const uchar* end, std::string* out);

private:
    enum class StringProblem { EndOfInput, BadUnicodeEscape, BadEscape, ControlCharacter };
    bool failInString(qsizetype offset, StringProblem problem);
    bool failExpectedMemberName();
    bool failExpectedColon();

    const uchar* m_data;
    qsizetype m_size;
    int m_maxDepth;
    std::string m_stack; // '{' or '[' per open container
};
