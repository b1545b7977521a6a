#include "JsonScanner.h"

#include <algorithm>
#include <string_view>

using namespace Qt::StringLiterals;

bool JsonScanner::failEndOfInput()
{
    return fail(m_size, tr("unexpected end of input"));
}

bool JsonScanner::failExpected(const QString& what)
{
    if (atEnd())
        return failEndOfInput();
    return fail(pos, tr("expected %1, found %2").arg(what, describeByte(current())));
}

bool JsonScanner::failInString(qsizetype offset, StringProblem problem)
{
    switch (problem) {
    case StringProblem::EndOfInput:
        return fail(offset, tr("unexpected end of input inside a string"));
    case StringProblem::BadUnicodeEscape:
        return fail(offset, tr("invalid \\u escape: expected four hex digits"));
    case StringProblem::BadEscape:
        return fail(offset, tr("invalid escape sequence in a string"));
    case StringProblem::ControlCharacter:
        return fail(offset, tr("control character (%1) inside a string; it must be escaped")
                                .arg(describeByte(m_data[offset])));
    }
    Q_UNREACHABLE();
    return false;
}

bool JsonScanner::failExpectedMemberName()
{
    return failExpected(tr("a member name in double quotes"));
}

bool JsonScanner::failExpectedColon()
{
    return failExpected(tr("':' after the member name"));
}

QString JsonScanner::describeByte(uchar c)
{
    if (c > 0x20 && c < 0x7f)
        return u"'"_s + QChar(char16_t(c)) + u"'"_s;
    return tr("byte 0x%1").arg(uint(c), 2, 16, QLatin1Char('0'));
}

bool JsonScanner::scanNumber()
{
    const qsizetype start = pos;
    qsizetype i = pos;
    if (m_data[i] == '-')
        ++i;
    if (i >= m_size)
        return failEndOfInput();
    if (m_data[i] == '0') {
        ++i;
    } else if (JsonBytes::isDigit(m_data[i])) {
        while (i < m_size && JsonBytes::isDigit(m_data[i]))
            ++i;
    } else {
        return fail(start, tr("invalid number"));
    }
    if (i < m_size && m_data[i] == '.') {
        ++i;
        // The end of the input is reported as such: the digit may be still to come.
        if (i >= m_size)
            return failEndOfInput();
        if (!JsonBytes::isDigit(m_data[i]))
            return fail(start, tr("invalid number: expected a digit after the decimal point"));
        while (i < m_size && JsonBytes::isDigit(m_data[i]))
            ++i;
    }
    if (i < m_size && (m_data[i] == 'e' || m_data[i] == 'E')) {
        ++i;
        if (i < m_size && (m_data[i] == '+' || m_data[i] == '-'))
            ++i;
        if (i >= m_size)
            return failEndOfInput();
        if (!JsonBytes::isDigit(m_data[i]))
            return fail(start, tr("invalid number: expected a digit in the exponent"));
        while (i < m_size && JsonBytes::isDigit(m_data[i]))
            ++i;
    }
    if (i < m_size && JsonBytes::isWordByte(m_data[i]))
        return fail(start, tr("invalid number"));
    pos = i;
    return true;
}

bool JsonScanner::scanLiteral()
{
    static constexpr std::string_view literals[] = {"true", "false", "null"};
    for (const std::string_view literal : literals) {
        if (m_data[pos] != uchar(literal.front()))
            continue;
        const qsizetype available = std::min<qsizetype>(m_size - pos, qsizetype(literal.size()));
        if (std::memcmp(m_data + pos, literal.data(), size_t(available)) != 0)
            break;
        if (available < qsizetype(literal.size()))
            return failEndOfInput();
        const qsizetype after = pos + qsizetype(literal.size());
        if (after < m_size && JsonBytes::isWordByte(m_data[after]))
            break;
        pos = after;
        return true;
    }
    return fail(pos, tr("invalid literal; expected true, false or null"));
}

bool JsonScanner::skipValue(int depth, bool* topStringEscaped)
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

qsizetype JsonScanner::firstInvalidUtf8(const uchar* data, qsizetype size)
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

// Decodes the contents of a JSON string (between the quotes, already validated) to UTF-8.
// Returns false for a \u escape that is an unpaired surrogate.
bool JsonScanner::unescapeToUtf8(const uchar* begin, const uchar* end, std::string* out)
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
        return char32_t((JsonBytes::hexValue(p[0]) << 12) | (JsonBytes::hexValue(p[1]) << 8) |
                        (JsonBytes::hexValue(p[2]) << 4) | JsonBytes::hexValue(p[3]));
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
