#pragma once

#include "HugePageAllocator.h"
#include "RelationshipStore.h"

#include <QFutureWatcher>
#include <QString>
#include <QStringList>

#include <atomic>
#include <memory>
#include <vector>

// The filter language of the filter bar and of `relreview-cli bulk --where`. A query is terms
// separated by spaces, all of which must hold:
//
//   status:suggested           effective status (a pending decision counts as what it will be);
//                              suggested, approved, rejected, other (a status this version does
//                              not know); several with commas: status:approved,rejected
//   type:inferred              foreign_key (or fk), inferred, manual, other; commas as above
//   score>=0.8  score<0.95     also >, <=, =, and score:0.8 for =; rows without a score never
//                              compare
//   score:none  score:out      no score; a score outside 0-1
//   to:customers               the to table's name or the to column's name contains it;
//                              to:customers.id also matches "table.column"
//   from:cust_                 the from column's label ("table.column") contains it
//   id:3c90c3cc                the relationship's id contains these hex digits (and dashes)
//   delivery:failed            none, pending, failed, gone, conflict; pending:yes is
//                              delivery:pending, pending:no its negation
//   text  "two words"          free text: each word (or quoted phrase) must appear where the
//                              table's free text filter looks (RelationshipFilter::text)
//   -status:rejected  -word    '-' negates any term
//
// Names and values are case-insensitive; a value may be a unique prefix (status:sugg) and may be
// quoted (to:"order items"). A quote inside quotes is written \" and a backslash \\.
struct FilterTerm
{
    enum class Kind : quint8 {
        Status,
        Type,
        ScoreCompare,
        ScoreNone,
        ScoreOutOfRange,
        To,
        From,
        Id,
        Delivery,
        Text,
    };
    enum class Compare : quint8 { Less, LessOrEqual, Greater, GreaterOrEqual, Equal };

    Kind kind = Kind::Text;
    bool negated = false;
    quint8 statuses = 0;   // Status: bit 1 << int(RelationshipStatus)
    quint8 types = 0;      // Type: bit 1 << int(RelationshipType)
    quint8 deliveries = 0; // Delivery: bit 1 << int(DeliveryState)
    Compare compare = Compare::Equal;
    double score = 0;
    QString text;     // To, From, Id, Text: the value without quotes; Id in lower case
    int position = 0; // of the term's first character (its '-') in the query, 0-based
    int length = 0;

    bool operator==(const FilterTerm& other) const = default;
};

class FilterQuery
{
public:
    FilterQuery() = default; // empty: matches every row

    static FilterQuery parse(QStringView text);
    static FilterQuery parse(const QString& text) { return parse(QStringView(text)); }

    bool isValid() const { return m_errorPosition < 0; }
    bool isEmpty() const { return isValid() && m_terms.empty(); }
    const QString& text() const { return m_text; }
    const std::vector<FilterTerm>& terms() const { return m_terms; }

    // Where the query went wrong: a 0-based index into text() (text().size() when it ended too
    // early), -1 when valid. The message counts from 1, as people do:
    // "position 14: expected a number after 'score>='".
    int errorPosition() const { return m_errorPosition; }
    QString errorMessage() const;
    const QString& errorReason() const { return m_errorReason; } // without the position

    // Whether a term needs the relationship's status, which a decision changes; for callers that
    // re-filter after decisions.
    bool dependsOnReview() const;

    // The definition of the language, one row at a time, read straight from the store. The
    // passes over many rows (FilterColumns, FilterEvaluation) are held to this by the tests.
    bool matches(const RelationshipStore& store, int row) const;

    // Two queries are equal when they have the same terms (spacing does not matter).
    bool operator==(const FilterQuery& other) const;

    // For completion: the term names ("status:", "score>=", ...) and the values of a term.
    static QStringList termNames();
    static QStringList statusValues();
    static QStringList typeValues();
    static QStringList deliveryValues();

private:
    QString m_text;
    std::vector<FilterTerm> m_terms;
    int m_errorPosition = -1;
    QString m_errorReason;

    friend class FilterQueryParser;
};

// The store's rows as the filter reads them, one array per field, kept in step with the store
// (rows changed by decisions and server answers, catalog names arriving, a new list). A pass over
// a million rows then reads a few megabytes of exactly the fields a query names, instead of
// every row's hundred bytes; and since the arrays are this object's own, a pass may run on a
// worker thread while the store goes on changing on the UI thread (see lease()).
//
// One per store, created on first use as the store's child: FilterColumns::of(store).
class FilterColumns : public QObject
{
    Q_OBJECT
public:
    struct Data
    {
        LargeVector<quint8> status;   // effective RelationshipStatus
        LargeVector<quint8> delivery; // DeliveryState
        LargeVector<quint8> type;     // RelationshipType
        LargeVector<double> score;    // NaN when the row has none
        LargeVector<quint32> fromKey; // into fromIds / fromLabels
        LargeVector<quint32> toTableKey;
        LargeVector<quint32> toColumn; // into strings
        LargeVector<QUuid> id;
        std::vector<QUuid> fromIds; // per distinct from column
        std::vector<QString> fromLabels;
        std::vector<QUuid> toTableIds; // per distinct to table
        std::vector<QString> toTableLabels;
        std::vector<QString> strings; // by the store's string pool id; copies, shared by Qt
        // Rows whose type or status is a value this version does not know: the text as sent (a
        // string id). Known values are spelt as their API names, so only these few need it.
        QHash<int, quint32> unknownTypeText;
        QHash<int, quint32> unknownStatusText;
        quint64 generation = 0; // a new list makes a new generation
        int size() const { return int(status.size()); }
    };

    static FilterColumns* of(RelationshipStore* store);

    // A new list of at least this many rows gets its columns built on a worker thread as soon as
    // it is adopted (tens of milliseconds and fresh memory at a million rows); smaller lists on
    // first use. Tests lower it.
    static constexpr int DefaultBackgroundThreshold = 200'000;
    static void setBackgroundThreshold(int rows);

    // The current columns (built on first use after a new list: one pass over the store; if a
    // worker is building them, waits for it).
    const Data& data();
    // Whether data() can answer without building or waiting; ready() follows when a worker's
    // build lands.
    bool isReady() const { return bool(m_data); }
    bool isBuilding() const { return bool(m_build); }
    // The columns for a pass on another thread: they stay unchanged while the lease is held;
    // changes arriving meanwhile are kept and applied once it is released (or, should a pass on
    // the UI thread need them first, on a copy).
    std::shared_ptr<const Data> lease();
    quint64 generation() const { return m_generation; }
    RelationshipStore* store() const { return m_store; }

    // For tests and the benchmark: rows changed while a lease was held, not yet applied.
    int deferredRowCount() const { return int(m_deferredRows.size()); }

signals:
    // After rows changed (their store rows), or everything (a new list: rows empty).
    void columnsChanged(const QList<int>& rows);
    // The current list's columns can be had without waiting: a worker's build landed, or a new
    // list is small enough to build on first use.
    void ready();

private:
    explicit FilterColumns(RelationshipStore* store);
    ~FilterColumns() override;
    void onReset();
    void onRowsChanged(const QList<int>& rows);
    void onCatalogChanged();
    void build();
    void startBackgroundBuild();
    void onBackgroundBuildFinished();
    void applyDeferred();
    void updateRow(Data& data, int row);
    void relabel(Data& data);

    struct KeyIndex; // QUuid -> distinct key, for the from columns and the to tables
    struct Builder;  // fills the columns from rows and a catalog, on any thread
    struct BackgroundBuild;
    std::shared_ptr<BackgroundBuild> m_build; // the worker's build for the current list
    QFutureWatcher<void> m_buildWatcher;
    std::vector<int> m_rowsChangedDuringBuild;
    bool m_catalogChangedDuringBuild = false;
    RelationshipStore* m_store;
    std::shared_ptr<Data> m_data; // null until built for the current list
    std::vector<int> m_deferredRows;
    bool m_deferredCatalog = false;
    quint64 m_generation = 0;
    std::unique_ptr<KeyIndex> m_fromKeys;
    std::unique_ptr<KeyIndex> m_toTableKeys;
};

// The rows matching a query, by store row (1: matches), and what they were computed from.
struct FilterMatches
{
    std::vector<quint8> byRow;
    quint64 generation = 0; // of the FilterColumns they were computed from
    QString queryText;
    int count = 0;
};

// One query over many rows: every answer about a distinct value (a column's label, a table's
// name, an interned string) is computed once; each term is then one tight loop over one or two
// columns. Safe on any thread: it reads only the Data it is given.
class FilterEvaluation
{
public:
    // `cancelled`, when given, is polled between blocks of rows; a cancelled pass returns early
    // with an incomplete result (FilterMatches::count -1).
    static FilterMatches run(const FilterQuery& query, const FilterColumns::Data& data,
                             const std::atomic_bool* cancelled = nullptr);
    // The query's verdict for a few rows, in place (rows that changed after a pass).
    static void update(const FilterQuery& query, const FilterColumns::Data& data,
                       const std::vector<int>& rows, FilterMatches& matches);
};
