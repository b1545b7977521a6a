#include "FilterSuggestions.h"

#include "FilterQuery.h"
#include "RelationshipStore.h"

#include <QSettings>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

constexpr int CandidateLimit = 500;

// Values with spaces or quotes go in quotes, as the language reads them.
QString quotedIfNeeded(const QString& value)
{
    if (!value.contains(u' ') && !value.contains(u'"') && !value.contains(u'\\'))
        return value;
    QString escaped = value;
    escaped.replace(u"\\"_s, u"\\\\"_s).replace(u"\""_s, u"\\\""_s);
    return u'"' % escaped % u'"';
}

QStringList sortedUnique(QStringList values)
{
    values.removeAll(QString());
    std::sort(values.begin(), values.end(), [](const QString& a, const QString& b) {
        const int folded = QString::compare(a, b, Qt::CaseInsensitive);
        return folded != 0 ? folded < 0 : a < b;
    });
    values.erase(std::unique(values.begin(), values.end()), values.end());
    return values;
}

QStringList startingWith(const QStringList& values, QStringView typed)
{
    QStringList matching;
    for (const QString& value : values) {
        if (value.startsWith(typed, Qt::CaseInsensitive) && value.size() > typed.size()) {
            matching.append(value);
            if (matching.size() >= CandidateLimit)
                break;
        }
    }
    return matching;
}

} // namespace

QString FilterCompletion::applied(const QString& text, const QString& candidate, int* cursor) const
{
    QString result = text;
    result.replace(start, length, candidate);
    int after = start + int(candidate.size());
    // A finished term gets its separating space; a name waiting for its value does not.
    const bool waitsForValue = candidate.endsWith(u':') || candidate.endsWith(u'=') ||
                               candidate.endsWith(u'<') || candidate.endsWith(u'>');
    if (!waitsForValue && (after >= result.size() || !result[after].isSpace())) {
        result.insert(after, u' ');
        ++after;
    } else if (!waitsForValue) {
        ++after;
    }
    if (cursor)
        *cursor = after;
    return result;
}

FilterCompletion FilterSuggestions::complete(const QString& text, int cursor,
                                             const RelationshipStore* store)
{
    FilterCompletion completion;
    cursor = std::clamp(cursor, 0, int(text.size()));
    int start = cursor;
    while (start > 0 && !text[start - 1].isSpace())
        --start;
    int end = cursor;
    while (end < text.size() && !text[end].isSpace())
        ++end;
    // Inside quotes the words are the analyst's own.
    if (text.left(start).count(u'"') % 2 == 1)
        return completion;
    const QString typed = text.mid(start, cursor - start);
    completion.start = start;
    completion.length = end - start;
    completion.prefix = typed;

    QStringView term = typed;
    QString negation;
    if (term.startsWith(u'-')) {
        negation = u"-"_s;
        term = term.sliced(1);
    }
    if (term.contains(u'"'))
        return completion;

    const qsizetype colon = term.indexOf(u':');
    if (colon < 0) {
        for (const QString& name : startingWith(FilterQuery::termNames(), term))
            completion.candidates.append(negation + name);
        return completion;
    }

    const QString field = term.first(colon).toString().toLower();
    QStringView value = term.sliced(colon + 1);
    QString listHead; // the items already typed before the last comma
    QStringList values;
    bool isList = false;
    if (field == u"status") {
        values = FilterQuery::statusValues();
        isList = true;
    } else if (field == u"type") {
        values = FilterQuery::typeValues();
        isList = true;
    } else if (field == u"delivery") {
        values = FilterQuery::deliveryValues();
        isList = true;
    } else if (field == u"was") {
        values = FilterQuery::wasValues();
        isList = true;
    } else if (field == u"diff") {
        values = FilterQuery::diffValues();
        isList = true;
    } else if (field == u"order") {
        values = {u"uncertain"_s};
    } else if (field == u"pending") {
        values = {u"yes"_s, u"no"_s};
    } else if (field == u"score") {
        values = {u"none"_s, u"out"_s};
    } else if (field == u"to" && store) {
        const QHash<QUuid, QString> tables = store->catalog().tableNames();
        values = sortedUnique(QStringList(tables.cbegin(), tables.cend()));
    } else if (field == u"from" && store) {
        const QList<ColumnInfo> columns = store->catalog().columns();
        values.reserve(columns.size());
        for (const ColumnInfo& column : columns)
            values.append(store->catalog().columnLabel(column.id));
        values = sortedUnique(values);
    }
    if (isList) {
        const qsizetype comma = value.lastIndexOf(u',');
        if (comma >= 0) {
            listHead = value.first(comma + 1).toString();
            value = value.sliced(comma + 1);
        }
    }
    const QString head = negation % term.first(colon + 1) % listHead;
    for (const QString& candidate : values) {
        if (!candidate.startsWith(value, Qt::CaseInsensitive) || candidate.size() == value.size())
            continue;
        completion.candidates.append(head + quotedIfNeeded(candidate));
        if (completion.candidates.size() >= CandidateLimit)
            break;
    }
    return completion;
}

FilterLibrary::FilterLibrary(const QString& group)
    : m_group(group)
{}

QStringList FilterLibrary::history() const
{
    QSettings settings;
    return settings.value(m_group + u"/history"_s).toStringList();
}

void FilterLibrary::remember(const QString& query)
{
    const QString trimmed = query.trimmed();
    if (trimmed.isEmpty() || !FilterQuery::parse(trimmed).isValid())
        return;
    QStringList entries = history();
    entries.removeAll(trimmed);
    entries.prepend(trimmed);
    while (entries.size() > HistoryLimit)
        entries.removeLast();
    QSettings settings;
    settings.setValue(m_group + u"/history"_s, entries);
}

void FilterLibrary::clearHistory()
{
    QSettings settings;
    settings.remove(m_group + u"/history"_s);
}

QList<FilterLibrary::SavedFilter> FilterLibrary::saved() const
{
    QSettings settings;
    QList<SavedFilter> filters;
    const int count = settings.beginReadArray(m_group + u"/saved"_s);
    for (int i = 0; i < count; ++i) {
        settings.setArrayIndex(i);
        SavedFilter filter{settings.value(u"name"_s).toString(),
                           settings.value(u"query"_s).toString()};
        if (!filter.name.isEmpty())
            filters.append(filter);
    }
    settings.endArray();
    std::sort(filters.begin(), filters.end(), [](const SavedFilter& a, const SavedFilter& b) {
        return QString::compare(a.name, b.name, Qt::CaseInsensitive) < 0;
    });
    return filters;
}

bool FilterLibrary::save(const QString& name, const QString& query)
{
    const QString trimmedName = name.trimmed();
    const QString trimmedQuery = query.trimmed();
    if (trimmedName.isEmpty() || !FilterQuery::parse(trimmedQuery).isValid())
        return false;
    QList<SavedFilter> filters = saved();
    filters.removeIf([&](const SavedFilter& filter) { return filter.name == trimmedName; });
    filters.append({trimmedName, trimmedQuery});
    writeSaved(filters);
    return true;
}

void FilterLibrary::remove(const QString& name)
{
    QList<SavedFilter> filters = saved();
    filters.removeIf([&](const SavedFilter& filter) { return filter.name == name; });
    writeSaved(filters);
}

void FilterLibrary::writeSaved(const QList<SavedFilter>& filters)
{
    QSettings settings;
    settings.remove(m_group + u"/saved"_s);
    settings.beginWriteArray(m_group + u"/saved"_s, int(filters.size()));
    for (int i = 0; i < filters.size(); ++i) {
        settings.setArrayIndex(i);
        settings.setValue(u"name"_s, filters[i].name);
        settings.setValue(u"query"_s, filters[i].query);
    }
    settings.endArray();
}
