#include "EvidenceDocument.h"

#include <QCoreApplication>

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstring>

using namespace Qt::StringLiterals;

// Builds an EvidenceDocument in one forward pass with an explicit stack of open containers, so
// that nesting depth costs heap memory (a few bytes per level), never call stack.
class EvidenceParser
{
public:
    EvidenceParser(EvidenceDocument& document)
        : m_doc(document)
        , m_data(document.m_bytes.constData())
        , m_size(quint32(document.m_bytes.size()))
    {}

    bool run();

private:
    enum class Expect { Value, ValueOrArrayEnd, KeyOrObjectEnd, Key, CommaOrEnd };
    struct Frame
    {
        quint32 value;
        quint32 pendingStart; // where this container's children start in m_pending
        bool isObject;
    };

    bool fail(quint32 offset, const QString& message)
    {
        m_doc.m_error = message;
        m_doc.m_errorOffset = offset;
        return false;
    }
    void skipWhitespace()
    {
        while (m_pos < m_size) {
            const char c = m_data[m_pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
                break;
            ++m_pos;
        }
    }
    quint32 addValue(EvidenceDocument::Kind kind, quint32 offset);
    bool scanString(quint32* contentOffset, quint32* contentLength, bool* escaped);
    bool scanNumber();
    bool scanLiteral(const char* literal, quint32 length);
    bool closeContainer(bool isObject);

    EvidenceDocument& m_doc;
    const char* m_data;
    quint32 m_size;
    quint32 m_pos = 0;
    std::vector<Frame> m_stack;
    std::vector<quint32> m_pending; // children of the open containers, innermost last
    bool m_haveKey = false;
    quint32 m_keyOffset = 0;
    quint32 m_keyLength = 0;
    bool m_keyEscaped = false;
};

quint32 EvidenceParser::addValue(EvidenceDocument::Kind kind, quint32 offset)
{
    const auto index = quint32(m_doc.m_values.size());
    EvidenceDocument::Value value;
    value.kind = kind;
    value.textOffset = offset;
    if (!m_stack.empty()) {
        const Frame& frame = m_stack.back();
        value.parent = frame.value;
        value.indexInParent = quint32(m_pending.size()) - frame.pendingStart;
        m_pending.push_back(index);
        if (frame.isObject) {
            value.hasKey = true;
            value.keyOffset = m_keyOffset;
            value.keyLength = m_keyLength;
            value.keyEscaped = m_keyEscaped;
            m_haveKey = false;
        }
    }
    m_doc.m_values.push_back(value);
    return index;
}

bool EvidenceParser::scanString(quint32* contentOffset, quint32* contentLength, bool* escaped)
{
    const quint32 start = m_pos; // at the opening quote
    quint32 pos = m_pos + 1;
    bool sawEscape = false;
    while (true) {
        if (pos >= m_size)
            return fail(start, EvidenceDocument::tr("unterminated string"));
        const auto c = static_cast<unsigned char>(m_data[pos]);
        if (c == '"')
            break;
        if (c < 0x20)
            return fail(pos, EvidenceDocument::tr("control character in a string"));
        if (c == '\\') {
            sawEscape = true;
            if (pos + 1 >= m_size)
                return fail(pos, EvidenceDocument::tr("unterminated string"));
            const char e = m_data[pos + 1];
            if (e == 'u') {
                if (pos + 6 > m_size)
                    return fail(pos, EvidenceDocument::tr("bad \\u escape in a string"));
                for (quint32 i = pos + 2; i < pos + 6; ++i) {
                    if (!std::isxdigit(static_cast<unsigned char>(m_data[i])))
                        return fail(pos, EvidenceDocument::tr("bad \\u escape in a string"));
                }
                pos += 6;
                continue;
            }
            if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r' &&
                e != 't')
                return fail(pos, EvidenceDocument::tr("bad escape in a string"));
            pos += 2;
            continue;
        }
        ++pos;
    }
    *contentOffset = start + 1;
    *contentLength = pos - start - 1;
    *escaped = sawEscape;
    m_pos = pos + 1;
    return true;
}

bool EvidenceParser::scanNumber()
{
    const quint32 start = m_pos;
    quint32 pos = m_pos;
    auto isDigit = [&](quint32 at) {
        return at < m_size && m_data[at] >= '0' && m_data[at] <= '9';
    };
    if (pos < m_size && m_data[pos] == '-')
        ++pos;
    if (!isDigit(pos))
        return fail(start, EvidenceDocument::tr("bad number"));
    if (m_data[pos] == '0') {
        ++pos;
    } else {
        while (isDigit(pos))
            ++pos;
    }
    if (pos < m_size && m_data[pos] == '.') {
        ++pos;
        if (!isDigit(pos))
            return fail(start, EvidenceDocument::tr("bad number"));
        while (isDigit(pos))
            ++pos;
    }
    if (pos < m_size && (m_data[pos] == 'e' || m_data[pos] == 'E')) {
        ++pos;
        if (pos < m_size && (m_data[pos] == '+' || m_data[pos] == '-'))
            ++pos;
        if (!isDigit(pos))
            return fail(start, EvidenceDocument::tr("bad number"));
        while (isDigit(pos))
            ++pos;
    }
    m_pos = pos;
    return true;
}

bool EvidenceParser::scanLiteral(const char* literal, quint32 length)
{
    if (m_size - m_pos < length || std::memcmp(m_data + m_pos, literal, length) != 0)
        return fail(m_pos, EvidenceDocument::tr("unexpected character"));
    m_pos += length;
    return true;
}

bool EvidenceParser::closeContainer(bool isObject)
{
    const Frame frame = m_stack.back();
    if (frame.isObject != isObject)
        return fail(m_pos, isObject ? EvidenceDocument::tr("'}' closes an array")
                                    : EvidenceDocument::tr("']' closes an object"));
    EvidenceDocument::Value& value = m_doc.m_values[frame.value];
    value.firstChildSlot = quint32(m_doc.m_children.size());
    value.childCount = quint32(m_pending.size()) - frame.pendingStart;
    m_doc.m_children.insert(m_doc.m_children.end(), m_pending.begin() + frame.pendingStart,
                            m_pending.end());
    m_pending.resize(frame.pendingStart);
    ++m_pos;
    value.textLength = m_pos - value.textOffset;
    m_stack.pop_back();
    return true;
}

bool EvidenceParser::run()
{
    using Kind = EvidenceDocument::Kind;
    skipWhitespace();
    if (m_pos == m_size)
        return true; // nothing at all: a valid, empty document
    Expect expect = Expect::Value;
    while (true) {
        skipWhitespace();
        if (m_pos >= m_size)
            return fail(m_size, m_stack.empty() ? EvidenceDocument::tr("no value")
                                                : EvidenceDocument::tr("unexpected end of input"));
        const char c = m_data[m_pos];
        switch (expect) {
        case Expect::KeyOrObjectEnd:
            if (c == '}') {
                if (!closeContainer(true))
                    return false;
                expect = Expect::CommaOrEnd;
                break;
            }
            [[fallthrough]];
        case Expect::Key: {
            if (c != '"')
                return fail(m_pos, EvidenceDocument::tr("expected a member name"));
            if (!scanString(&m_keyOffset, &m_keyLength, &m_keyEscaped))
                return false;
            skipWhitespace();
            if (m_pos >= m_size || m_data[m_pos] != ':')
                return fail(m_pos, EvidenceDocument::tr("expected ':' after a member name"));
            ++m_pos;
            m_haveKey = true;
            expect = Expect::Value;
            break;
        }
        case Expect::CommaOrEnd:
            if (c == ',') {
                ++m_pos;
                expect = m_stack.back().isObject ? Expect::Key : Expect::Value;
            } else if (c == '}' || c == ']') {
                if (!closeContainer(c == '}'))
                    return false;
            } else {
                return fail(m_pos, m_stack.back().isObject
                                       ? EvidenceDocument::tr("expected ',' or '}'")
                                       : EvidenceDocument::tr("expected ',' or ']'"));
            }
            break;
        case Expect::ValueOrArrayEnd:
            if (c == ']') {
                if (!closeContainer(false))
                    return false;
                expect = Expect::CommaOrEnd;
                break;
            }
            [[fallthrough]];
        case Expect::Value: {
            const quint32 start = m_pos;
            if (c == '{' || c == '[') {
                const bool isObject = c == '{';
                const quint32 index = addValue(isObject ? Kind::Object : Kind::Array, start);
                m_stack.push_back({index, quint32(m_pending.size()), isObject});
                m_doc.m_maxDepth = std::max(m_doc.m_maxDepth, int(m_stack.size()));
                ++m_pos;
                expect = isObject ? Expect::KeyOrObjectEnd : Expect::ValueOrArrayEnd;
                continue; // the container stays open: no CommaOrEnd yet
            }
            quint32 index = 0;
            if (c == '"') {
                quint32 offset = 0, length = 0;
                bool escaped = false;
                if (!scanString(&offset, &length, &escaped))
                    return false;
                index = addValue(Kind::String, offset);
                m_doc.m_values[index].textLength = length;
                m_doc.m_values[index].textEscaped = escaped;
            } else {
                Kind kind = Kind::Null;
                bool ok = false;
                if (c == 't') {
                    kind = Kind::Bool;
                    ok = scanLiteral("true", 4);
                } else if (c == 'f') {
                    kind = Kind::Bool;
                    ok = scanLiteral("false", 5);
                } else if (c == 'n') {
                    ok = scanLiteral("null", 4);
                } else if (c == '-' || (c >= '0' && c <= '9')) {
                    kind = Kind::Number;
                    ok = scanNumber();
                } else {
                    return fail(m_pos, EvidenceDocument::tr("unexpected character"));
                }
                if (!ok)
                    return false;
                index = addValue(kind, start);
                m_doc.m_values[index].textLength = m_pos - start;
            }
            expect = Expect::CommaOrEnd;
            break;
        }
        }
        if (expect == Expect::CommaOrEnd && m_stack.empty()) {
            skipWhitespace();
            if (m_pos != m_size)
                return fail(m_pos, EvidenceDocument::tr("unexpected data after the value"));
            return true;
        }
    }
}

EvidenceDocument EvidenceDocument::parse(QByteArrayView json)
{
    EvidenceDocument document;
    if (json.size() >= qsizetype(std::numeric_limits<quint32>::max())) {
        document.m_error = EvidenceDocument::tr("evidence is too large to display");
        document.m_errorOffset = 0;
        return document;
    }
    document.m_bytes = json.toByteArray();
    // A rough guess (a value every dozen bytes or so) avoids most regrowth for large evidence.
    document.m_values.reserve(size_t(std::min<qsizetype>(json.size() / 12 + 4, 1 << 20)));
    document.m_children.reserve(document.m_values.capacity());
    EvidenceParser parser(document);
    if (!parser.run()) {
        document.m_values.clear();
        document.m_children.clear();
        document.m_maxDepth = 0;
    }
    // The document lives as long as the inspector shows it: give back what the guess overshot.
    if (document.m_values.capacity() >
        document.m_values.size() + document.m_values.size() / 4 + 64) {
        document.m_values.shrink_to_fit();
        document.m_children.shrink_to_fit();
    }
    return document;
}

bool EvidenceDocument::isEmpty() const
{
    if (m_values.empty())
        return true;
    const Value& root = m_values.front();
    if (root.kind == Kind::Null)
        return true;
    return (root.kind == Kind::Object || root.kind == Kind::Array) && root.childCount == 0;
}

QString EvidenceDocument::decode(quint32 offset, quint32 length, bool escaped) const
{
    const char* data = m_bytes.constData() + offset;
    if (!escaped)
        return QString::fromUtf8(data, length);
    QString out;
    out.reserve(length);
    quint32 runStart = 0;
    quint32 pos = 0;
    while (pos < length) {
        if (data[pos] != '\\') {
            ++pos;
            continue;
        }
        out += QString::fromUtf8(data + runStart, pos - runStart);
        // `length` may cut an escape short (displayText decodes prefixes): stop there
        if (pos + 1 >= length || (data[pos + 1] == 'u' && pos + 6 > length)) {
            runStart = length;
            break;
        }
        const char e = data[pos + 1];
        switch (e) {
        case 'b':
            out += u'\b';
            break;
        case 'f':
            out += u'\f';
            break;
        case 'n':
            out += u'\n';
            break;
        case 'r':
            out += u'\r';
            break;
        case 't':
            out += u'\t';
            break;
        case 'u': {
            // Surrogate pairs need no special care: QString is UTF-16, the halves just follow.
            unsigned code = 0;
            std::from_chars(data + pos + 2, data + pos + 6, code, 16);
            out += QChar(char16_t(code));
            pos += 4;
            break;
        }
        default: // '"', '\\', '/'
            out += QLatin1Char(e);
            break;
        }
        pos += 2;
        runStart = pos;
    }
    if (runStart < length)
        out += QString::fromUtf8(data + runStart, length - runStart);
    return out;
}

QString EvidenceDocument::key(quint32 value) const
{
    const Value& v = m_values[value];
    return v.hasKey ? decode(v.keyOffset, v.keyLength, v.keyEscaped) : QString();
}

bool EvidenceDocument::boolValue(quint32 value) const
{
    const Value& v = m_values[value];
    return v.kind == Kind::Bool && v.textLength == 4; // "true"
}

double EvidenceDocument::numberValue(quint32 value) const
{
    const Value& v = m_values[value];
    if (v.kind != Kind::Number)
        return std::numeric_limits<double>::quiet_NaN();
    const char* begin = m_bytes.constData() + v.textOffset;
    double result = 0;
    const auto [end, error] = std::from_chars(begin, begin + v.textLength, result);
    if (error != std::errc() || end != begin + v.textLength)
        return std::numeric_limits<double>::quiet_NaN();
    return result;
}

QString EvidenceDocument::stringValue(quint32 value) const
{
    const Value& v = m_values[value];
    if (v.kind == Kind::String)
        return decode(v.textOffset, v.textLength, v.textEscaped);
    return QString::fromUtf8(rawText(value));
}

QByteArrayView EvidenceDocument::rawText(quint32 value) const
{
    const Value& v = m_values[value];
    if (v.kind == Kind::String) // include the quotes: this is JSON text
        return QByteArrayView(m_bytes.constData() + v.textOffset - 1, v.textLength + 2);
    return QByteArrayView(m_bytes.constData() + v.textOffset, v.textLength);
}

QString EvidenceDocument::displayText(quint32 value, qsizetype maxChars) const
{
    const Value& v = m_values[value];
    switch (v.kind) {
    case Kind::Null:
        return u"null"_s;
    case Kind::Bool:
        return boolValue(value) ? u"true"_s : u"false"_s;
    case Kind::Number:
        return QString::fromLatin1(rawText(value));
    case Kind::Object:
        // spelled out: "%n member(s)" needs a loaded translation to read well in English
        return v.childCount == 1 ? tr("{1 member}") : tr("{%1 members}").arg(v.childCount);
    case Kind::Array:
        return v.childCount == 1 ? tr("[1 item]") : tr("[%1 items]").arg(v.childCount);
    case Kind::String:
        break;
    }
    // Decode no more than needed: a string can be megabytes long. Four bytes per character is
    // the most UTF-8 and the escapes (6 bytes per \u character) could need; the cut may split an
    // escape, which only affects characters past the elision point.
    const quint32 budget = quint32(std::min<qsizetype>(v.textLength, maxChars * 6 + 8));
    quint32 length = budget;
    if (v.textEscaped && length < v.textLength) {
        // back off to before a possibly split escape
        quint32 back = length;
        while (back > 0 && length - back < 6 && m_bytes.at(v.textOffset + back - 1) != '\\')
            --back;
        if (back > 0 && m_bytes.at(v.textOffset + back - 1) == '\\')
            length = back - 1;
    }
    QString text = decode(v.textOffset, length, v.textEscaped);
    bool elided = length < v.textLength;
    if (text.size() > maxChars) {
        text.truncate(maxChars);
        elided = true;
    }
    for (QChar& ch : text) {
        if (ch == u'\n' || ch == u'\r' || ch == u'\t')
            ch = u' ';
    }
    if (elided)
        text += u'\u2026';
    return text;
}

QString EvidenceDocument::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Null:
        return u"null"_s;
    case Kind::Bool:
        return u"boolean"_s;
    case Kind::Number:
        return u"number"_s;
    case Kind::String:
        return u"string"_s;
    case Kind::Object:
        return u"object"_s;
    case Kind::Array:
        return u"array"_s;
    }
    return {};
}

static bool isIdentifier(const QString& key)
{
    if (key.isEmpty())
        return false;
    for (qsizetype i = 0; i < key.size(); ++i) {
        const char16_t c = key.at(i).unicode();
        const bool letter = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || c == u'_';
        const bool digit = c >= u'0' && c <= u'9';
        if (!(letter || (digit && i > 0)))
            return false;
    }
    return true;
}

QString EvidenceDocument::memberPath(const QString& parentPath, const QString& key)
{
    if (isIdentifier(key))
        return parentPath % u'.' % key;
    QString quoted = key;
    quoted.replace(u'\\', u"\\\\"_s);
    quoted.replace(u'\'', u"\\'"_s);
    return parentPath % u"['" % quoted % u"']";
}

QString EvidenceDocument::elementPath(const QString& parentPath, qsizetype index)
{
    return parentPath % u'[' % QString::number(index) % u']';
}

QString EvidenceDocument::path(quint32 value) const
{
    // Walk up iteratively: a path can be 100,000 segments long.
    std::vector<quint32> chain;
    for (quint32 v = value; v != NoValue && m_values[v].parent != NoValue; v = m_values[v].parent)
        chain.push_back(v);
    QString path = u"$"_s;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
        const Value& v = m_values[*it];
        if (v.hasKey)
            path = memberPath(path, key(*it));
        else
            path = elementPath(path, v.indexInParent);
    }
    return path;
}

qint64 EvidenceDocument::memoryBytes() const
{
    return qint64(sizeof(*this)) + m_bytes.capacity() +
           qint64(m_values.capacity() * sizeof(Value)) +
           qint64(m_children.capacity() * sizeof(quint32));
}

QString prettyPrintJson(QByteArrayView json, qsizetype maxChars, bool* truncated)
{
    // Deeper levels are drawn at this indentation: a 100,000-deep document would otherwise need
    // gigabytes of spaces.
    constexpr int MaxIndentLevels = 32;
    QByteArray out;
    out.reserve(std::min<qsizetype>(json.size() + json.size() / 2 + 16, maxChars + 64));
    int depth = 0;
    bool inString = false;
    bool escape = false;
    bool cut = false;
    auto newline = [&] {
        out += '\n';
        out.append(qsizetype(std::clamp(depth, 0, MaxIndentLevels)) * 2, ' ');
    };
    const qsizetype size = json.size();
    for (qsizetype i = 0; i < size; ++i) {
        if (out.size() >= maxChars) {
            cut = true;
            break;
        }
        const char c = json[i];
        if (inString) {
            out += c;
            if (escape)
                escape = false;
            else if (c == '\\')
                escape = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        switch (c) {
        case ' ':
        case '\n':
        case '\r':
        case '\t':
            break;
        case '"':
            inString = true;
            out += c;
            break;
        case '{':
        case '[': {
            out += c;
            qsizetype next = i + 1;
            while (next < size && (json[next] == ' ' || json[next] == '\n' || json[next] == '\r' ||
                                   json[next] == '\t'))
                ++next;
            if (next < size && (json[next] == '}' || json[next] == ']')) {
                out += json[next]; // an empty container stays on one line
                i = next;
            } else {
                ++depth;
                newline();
            }
            break;
        }
        case '}':
        case ']':
            --depth;
            newline();
            out += c;
            break;
        case ',':
            out += c;
            newline();
            break;
        case ':':
            out += ": ";
            break;
        default:
            out += c;
            break;
        }
    }
    if (out.size() > maxChars) {
        out.truncate(maxChars);
        cut = true;
    }
    if (cut) {
        // do not leave half a UTF-8 sequence behind
        while (!out.isEmpty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80)
            out.chop(1);
        if (!out.isEmpty() && static_cast<unsigned char>(out.back()) >= 0xC0)
            out.chop(1);
    }
    if (truncated)
        *truncated = cut;
    return QString::fromUtf8(out);
}
