#include "CsvCell.h"

using namespace Qt::StringLiterals;

namespace {

// RFC 4180: a field with a separator, a quote or a line break is quoted, quotes doubled.
QString quoted(const QString& value, bool always)
{
    if (!always && !value.contains(u',') && !value.contains(u'"') && !value.contains(u'\n') &&
        !value.contains(u'\r'))
        return value;
    QString text = value;
    text.replace(u"\""_s, u"\"\""_s);
    return u'"' + text + u'"';
}

bool needsApostrophe(const QString& value)
{
    if (value.isEmpty())
        return false;
    switch (value.front().unicode()) {
    case u'=':
    case u'+':
    case u'-':
    case u'@':
    case u'\t':
    case u'\r':
    case u'\'': // so that reading can take exactly one off, whatever the text
        return true;
    default:
        return false;
    }
}

} // namespace

QString CsvCell::text(const QString& value)
{
    if (needsApostrophe(value))
        return quoted(u'\'' + value, true);
    return quoted(value, false);
}

QString CsvCell::number(qint64 value)
{
    return QString::number(value);
}

QString CsvCell::readText(const QString& field)
{
    return field.startsWith(u'\'') ? field.sliced(1) : field;
}
