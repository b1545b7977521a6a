#pragma once

#include "BackgroundWork.h"
#include "EarlierDecisions.h"
#include "HugePageAllocator.h"
#include "RelationshipStore.h"

#include <QHash>
#include <QObject>

#include <memory>
#include <vector>

// The store's rows as the filter reads them, one array per field, kept in step with the store
// (rows changed by decisions and server answers, catalog names arriving, a new list). A pass over
// a million rows then reads a few megabytes of exactly the fields a query names, instead of
// every row's hundred bytes; and since the arrays are this object's own, a pass may run on a
// worker thread while the store goes on changing on the UI thread (see lease()).
//
// The from columns and to tables are the list's label tables (ListSnapshot::labels()), shared,
// not copied. Owned by what filters: the table model (RelationshipTableModel::filterColumns()),
// or a command line's filter pass.
class FilterColumns : public QObject
{
    Q_OBJECT
public:
    struct Data
    {
        LargeVector<quint8> status;    // effective RelationshipStatus
        LargeVector<quint8> delivery;  // DeliveryState
        LargeVector<quint8> type;      // RelationshipType
        LargeVector<double> score;     // NaN when the row has none
        LargeVector<quint32> toColumn; // into strings
        LargeVector<QUuid> id;
        // Each row's from column and to table as keys into their ids and labels: the list's
        // label tables (of the newest version these columns have taken in).
        std::shared_ptr<const ListLabels> labels;
        std::vector<QString> strings; // by the store's string pool id; copies, shared by Qt
        // Rows whose type or status is a value this version does not know: the text as sent (a
        // string id). Known values are spelt as their API names, so only these few need it.
        QHash<int, quint32> unknownTypeText;
        QHash<int, quint32> unknownStatusText;
        // What was decided before on each row's column pair (was:...); null until worked out
        // for the list (no row then has an earlier decision). See EarlierDecisions.
        std::shared_ptr<const EarlierTable> earlier;
        quint64 generation = 0; // a new list makes a new generation
        int size() const { return int(status.size()); }
    };

    explicit FilterColumns(RelationshipStore* store, QObject* parent = nullptr);
    ~FilterColumns() override;

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
    void onReset();
    void onRowsChanged(const QList<int>& rows);
    void onCatalogChanged();
    void onEarlierChanged();
    void build();
    void startBackgroundBuild();
    void onBackgroundBuildFinished();
    void applyDeferred();
    void updateRow(Data& data, int row);
    void relabel(Data& data);

    struct Builder; // fills the columns from rows, on any thread
    struct BackgroundBuild;
    std::shared_ptr<BackgroundBuild> m_build; // the worker's build for the current list
    BackgroundWork m_buildWork{this};
    std::vector<int> m_rowsChangedDuringBuild;
    bool m_catalogChangedDuringBuild = false;
    RelationshipStore* m_store;
    std::shared_ptr<Data> m_data; // null until built for the current list
    std::vector<int> m_deferredRows;
    bool m_deferredCatalog = false;
    bool m_deferredEarlier = false;
    quint64 m_generation = 0;
};
