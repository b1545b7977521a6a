#pragma once

#include <QList>
#include <QString>
#include <QStringList>

class RelationshipStore;

// What completion offers for the term under the cursor of a filter query.
struct FilterCompletion
{
    int start = 0; // the term to replace: [start, start + length) of the text
    int length = 0;
    QString prefix;         // what is typed of it, for the completer to match against
    QStringList candidates; // whole terms, e.g. "status:approved", "-to:customers"

    bool isEmpty() const { return candidates.isEmpty(); }
    // The text with `candidate` in place of the term, and where the cursor goes after it.
    QString applied(const QString& text, const QString& candidate, int* cursor = nullptr) const;
};

namespace FilterSuggestions {
// Term names while a name is typed; after "status:", "type:", "delivery:", "was:", "pending:"
// and "score:" their values (the last item of a comma list); after "to:" the table names of the
// store's catalog, after "from:" its column labels ("table.column"). `store` may be null.
FilterCompletion complete(const QString& text, int cursor, const RelationshipStore* store);
} // namespace FilterSuggestions

// The filter history and the saved filters, kept in QSettings under `group`.
class FilterLibrary
{
public:
    static constexpr int HistoryLimit = 20;
    struct SavedFilter
    {
        QString name;
        QString query;
        bool operator==(const SavedFilter& other) const = default;
    };

    explicit FilterLibrary(const QString& group = QStringLiteral("filters"));

    QStringList history() const; // newest first
    // Moves `query` to the front; blank and invalid queries are not kept.
    void remember(const QString& query);
    void clearHistory();

    QList<SavedFilter> saved() const; // in name order
    // Saves under `name`, replacing a filter of the same name. False for a blank name or an
    // invalid query.
    bool save(const QString& name, const QString& query);
    void remove(const QString& name);

private:
    void writeSaved(const QList<SavedFilter>& filters);
    QString m_group;
};
