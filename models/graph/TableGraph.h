#pragma once

#include "ListSnapshot.h"
#include "Relationship.h"

#include <QHash>
#include <QString>
#include <QStringList>
#include <QUuid>

#include <atomic>
#include <functional>
#include <memory>
#include <span>
#include <utility>
#include <vector>

// Which rows touch which table, for one version of the list: built once per ListSnapshot off the
// UI thread (build() reads only the snapshot), then read by the graph pane's neighbourhood and
// overview. A row links its from table (the table of its from column, by the catalog) to its to
// table. A from column the catalog does not know stands for a table of its own, keyed by the
// column's id and marked unknown (tableKnown() false), so that its links still show.
class TableGraphIndex
{
public:
    // Null when `stop` turned true meanwhile.
    static std::shared_ptr<const TableGraphIndex>
    build(std::shared_ptr<const ListSnapshot> snapshot, const std::atomic_bool* stop = nullptr);

    // The index of `next`, a later version of the same list made from this one by server answers
    // that left every changed row between the same tables: shares this index's tables (no pass
    // over the rows, so it is made on the UI thread). Null when it cannot be (a new list, new
    // names, a row between other tables, a version skipped): build() anew.
    std::shared_ptr<const TableGraphIndex>
    rebasedOn(std::shared_ptr<const ListSnapshot> next) const;

    const ListSnapshot& snapshot() const { return *m_snapshot; }
    quint64 version() const { return m_snapshot->version(); }

    int tableCount() const { return int(m_data->tables.size()); }
    const QUuid& tableId(int table) const { return m_data->tables[size_t(table)].id; }
    // False for the stand-in table of a from column the catalog does not know.
    bool tableKnown(int table) const { return m_data->tables[size_t(table)].known; }
    int tableOf(const QUuid& tableId) const { return m_data->tableIndex.value(tableId, -1); }

    int fromTable(int row) const { return m_data->fromTable[size_t(row)]; }
    int toTable(int row) const { return m_data->toTable[size_t(row)]; }
    // The rows that touch `table` (from or to it), ascending, each once.
    std::span<const int> rowsOf(int table) const
    {
        const size_t begin = m_data->offsets[size_t(table)];
        return {m_data->rows.data() + begin, m_data->offsets[size_t(table) + 1] - begin};
    }
    // The from column's name (the catalog's, else the id's short form).
    QString fromColumnName(int row) const;

private:
    struct Table
    {
        QUuid id;
        bool known = true;
    };
    // What the versions of one list share when their rows keep their tables.
    struct Data
    {
        std::vector<Table> tables;
        QHash<QUuid, int> tableIndex;
        std::vector<int> fromTable;  // per row
        std::vector<int> toTable;    // per row
        std::vector<size_t> offsets; // per table + 1, into rows
        std::vector<int> rows;
        int intern(const QUuid& id, bool known);
    };

    std::shared_ptr<const ListSnapshot> m_snapshot;
    std::shared_ptr<const Data> m_data;
};

// The status a row shows (the review overlay's pending decision, else the server's).
using RowStatusOf = std::function<RelationshipStatus(int row)>;

// The current row's neighbourhood: its from and to tables, every link touching either of them,
// and the tables at the other ends. Small (a few hundred links at most, see maxEdges), so it is
// extracted on the UI thread from an index built off it.
struct GraphNeighbourhood
{
    struct Node
    {
        int table = -1; // in the index
        QUuid tableId;
        bool tableKnown = true;
        bool central = false; // the current row's from or to table
        QStringList columns;  // the columns its links involve, sorted
    };
    struct Edge
    {
        int row = -1;
        int from = -1; // indexes into nodes
        int to = -1;
        QString fromColumn;
        QString toColumn;
        RelationshipStatus status = RelationshipStatus::Suggested;
        double score = 0;
        bool hasScore = false;
    };
    std::vector<Node> nodes;
    std::vector<Edge> edges; // ascending by row
    int currentEdge = -1;    // the current row's edge, -1 when none
    int touching = 0;        // links touching the two tables, before anything is left out
    int hiddenRejected = 0;  // rejected links left out because they are hidden
    int leftOut = 0;         // links left out to stay within maxEdges

    // The same nodes (with the same columns) and edge ends in the same order: a layout of one
    // fits the other, only the styles (status, current edge) may differ.
    bool sameShape(const GraphNeighbourhood& other) const;
    int edgeOfRow(int row) const; // -1 when not drawn
};

// `maxEdges`: at most that many links are kept: the current row's first, then approved, then
// suggested by score, then rejected (the rest counted in leftOut). Empty for a row out of range.
GraphNeighbourhood extractNeighbourhood(const TableGraphIndex& index, int row,
                                        const RowStatusOf& statusOf, bool showRejected,
                                        int maxEdges = 250);

// The whole source at a glance: tables as nodes, links between them as edges (links between the
// same two tables in the same direction drawn as one). Thousands of tables do not fit a picture:
// it keeps the maxTables most linked ones (and the pinned table with its neighbours), and says
// how many it left out.
struct GraphOverview
{
    struct Node
    {
        int table = -1;
        QUuid tableId;
        bool tableKnown = true;
        bool pinned = false;
        int links = 0; // links of the drawn statuses touching it (drawn or not)
    };
    struct Edge
    {
        int from = -1; // indexes into nodes
        int to = -1;
        int approved = 0;
        int suggested = 0;
        int firstRow = -1; // the lowest row among them
    };
    std::vector<Node> nodes;
    std::vector<Edge> edges;
    int linkedTables = 0; // tables with a link of the drawn statuses
    int links = 0;        // links of the drawn statuses
    int drawnLinks = 0;   // of which between drawn tables
    bool limited() const { return int(nodes.size()) < linkedTables; }
    int nodeOfTable(int table) const; // -1 when not drawn
};

// `pending`: the overlay's pending statuses (row, status), laid over the rows' own (off the UI
// thread, the overlay cannot be read: take a copy along). `pinnedTable`: a table to draw even
// when it is not among the most linked (the one searched for), -1 for none.
GraphOverview buildOverview(const TableGraphIndex& index,
                            const std::vector<std::pair<int, RelationshipStatus>>& pending,
                            bool includeSuggested, int maxTables, int pinnedTable = -1,
                            const std::atomic_bool* stop = nullptr);
