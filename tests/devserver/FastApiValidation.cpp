#include "FastApiValidation.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

void ValidationErrors::add(QJsonArray loc, const QString& msg, const QString& type, QJsonObject ctx)
{
    QJsonObject error{{u"loc"_s, loc}, {u"msg"_s, msg}, {u"type"_s, type}};
    if (!ctx.isEmpty())
        error.insert(u"ctx"_s, ctx);
    m_errors.append(error);
}

void ValidationErrors::invalidUuid(QJsonArray loc)
{
    add(std::move(loc), u"value is not a valid uuid"_s, u"type_error.uuid"_s);
}

void ValidationErrors::invalidEnum(QJsonArray loc, const QStringList& permitted)
{
    QStringList quoted;
    for (const QString& name : permitted)
        quoted.append(u'\'' + name + u'\'');
    add(std::move(loc),
        u"value is not a valid enumeration member; permitted: "_s + quoted.join(u", "_s),
        u"type_error.enum"_s, {{u"enum_values"_s, QJsonArray::fromStringList(permitted)}});
}

void ValidationErrors::missing(QJsonArray loc)
{
    add(std::move(loc), u"field required"_s, u"value_error.missing"_s);
}

QByteArray ValidationErrors::body() const
{
    return QJsonDocument(QJsonObject{{u"detail"_s, m_errors}}).toJson(QJsonDocument::Compact);
}

QByteArray detailBody(const QString& detail)
{
    return QJsonDocument(QJsonObject{{u"detail"_s, detail}}).toJson(QJsonDocument::Compact);
}

namespace {

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

void removeAll(std::string& text, std::string_view what)
{
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at))
        text.erase(at, what.size());
}

} // namespace

std::optional<QUuid> parseUuidLikePydantic(std::string_view text)
{
    // The common case (a canonical, hyphenated id) needs no copy.
    std::string normalised;
    if (text.size() != 36 || text.find_first_of("{}:") != std::string_view::npos) {
        normalised.assign(text);
        removeAll(normalised, "urn:");
        removeAll(normalised, "uuid:");
        const auto first = normalised.find_first_not_of("{}");
        const auto last = normalised.find_last_not_of("{}");
        normalised =
            first == std::string::npos ? std::string() : normalised.substr(first, last - first + 1);
        text = normalised;
    }
    uchar bytes[16];
    int digits = 0;
    for (char c : text) {
        if (c == '-')
            continue;
        const int value = hexValue(c);
        if (value < 0 || digits >= 32)
            return std::nullopt;
        if (digits % 2 == 0)
            bytes[digits / 2] = uchar(value << 4);
        else
            bytes[digits / 2] |= uchar(value);
        ++digits;
    }
    if (digits != 32)
        return std::nullopt;
    return QUuid::fromRfc4122(QByteArrayView(reinterpret_cast<const char*>(bytes), 16));
}

std::optional<QUuid> parseUuidLikePydantic(const QString& text)
{
    const QByteArray utf8 = text.toUtf8();
    return parseUuidLikePydantic(std::string_view(utf8.constData(), size_t(utf8.size())));
}

std::optional<bool> parseBoolLikePydantic(std::string_view text)
{
    std::string lower(text);
    for (char& c : lower)
        c = char(std::tolower(uchar(c)));
    for (const char* yes : {"1", "on", "t", "true", "y", "yes"}) {
        if (lower == yes)
            return true;
    }
    for (const char* no : {"0", "off", "f", "false", "n", "no"}) {
        if (lower == no)
            return false;
    }
    return std::nullopt;
}

const QStringList& statusNames()
{
    static const QStringList names{u"SUGGESTED"_s, u"APPROVED"_s, u"REJECTED"_s};
    return names;
}

const QStringList& typeNames()
{
    static const QStringList names{u"FOREIGN_KEY"_s, u"INFERRED"_s, u"MANUAL"_s};
    return names;
}
