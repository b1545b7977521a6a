#include "TableGraph.h"

#include <QSet>

#include <algorithm>
#include <cmath>

std::shared_ptr<const TableGraphIndex>
TableGraphIndex::build(std::shared_ptr<const ListSnapshot> snapshot, const std::atomic_bool* stop)
{
    auto data = std::make_shared<Data>();
    const RelationshipRows& rows = snapshot->rows();
    const ColumnCatalog& catalog = snapshot->catalog();
    const int count = rows.size();
    data->fromTable.resize(size_t(count));
    data->toTable.resize(size_t(count));
    // A million rows come from a few thousand from columns: look each column up once.
    QHash<QUuid, int> tableOfColumn;
    for (int row = 0; row < count; ++row) {
        if ((row & 0xffff) == 0 && stop && *stop)
            return nullptr;
        const RelationshipRow& r = rows.row(row);
        auto known = tableOfColumn.constFind(r.fromColumnId);
        int from;
        if (known != tableOfColumn.constEnd()) {
            from = *known;
        } else {
            const ColumnInfo* column = catalog.column(r.fromColumnId);
            from = column && !column->tableId.isNull() ? data->intern(column->tableId, true)
                                                       : data->intern(r.fromColumnId, false);
            tableOfColumn.insert(r.fromColumnId, from);
        }
        data->fromTable[size_t(row)] = from;
        data->toTable[size_t(row)] = data->intern(r.toTableId, true);
    }
    // Rows by table (compressed): count, offsets, fill. A self link is listed once.
    const size_t tables = data->tables.size();
    data->offsets.assign(tables + 1, 0);
    for (int row = 0; row < count; ++row) {
        const int from = data->fromTable[size_t(row)];
        const int to = data->toTable[size_t(row)];
        ++data->offsets[size_t(from) + 1];
        if (to != from)
            ++data->offsets[size_t(to) + 1];
    }
    for (size_t t = 0; t < tables; ++t)
        data->offsets[t + 1] += data->offsets[t];
    data->rows.resize(data->offsets[tables]);
    std::vector<size_t> fill(data->offsets.begin(), data->offsets.end() - 1);
    for (int row = 0; row < count; ++row) {
        const int from = data->fromTable[size_t(row)];
        const int to = data->toTable[size_t(row)];
        data->rows[fill[size_t(from)]++] = row;
        if (to != from)
            data->rows[fill[size_t(to)]++] = row;
    }
    auto index = std::make_shared<TableGraphIndex>();
    index->m_snapshot = std::move(snapshot);
    index->m_data = std::move(data);
    return index;
}

std::shared_ptr<const TableGraphIndex>
TableGraphIndex::rebasedOn(std::shared_ptr<const ListSnapshot> next) const
{
    if (!next || next->listVersion() != m_snapshot->listVersion() ||
        next->previousVersion() != m_snapshot->version() || next->changedRows().empty() ||
        next->size() != m_snapshot->size())
        return nullptr;
    const RelationshipRows& before = m_snapshot->rows();
    const RelationshipRows& after = next->rows();
    for (int row : next->changedRows()) {
        if (row < 0 || row >= after.size() ||
            before.row(row).fromColumnId != after.row(row).fromColumnId ||
            before.row(row).toTableId != after.row(row).toTableId)
            return nullptr;
    }
    auto index = std::make_shared<TableGraphIndex>();
    index->m_snapshot = std::move(next);
    index->m_data = m_data;
    return index;
}

int TableGraphIndex::Data::intern(const QUuid& id, bool known)
{
    auto found = tableIndex.constFind(id);
    if (found != tableIndex.constEnd())
        return *found;
    const int table = int(tables.size());
    tables.push_back({id, known});
    tableIndex.insert(id, table);
    return table;
}

QString TableGraphIndex::fromColumnName(int row) const
{
    const QUuid& columnId = m_snapshot->rows().row(row).fromColumnId;
    const ColumnInfo* column = m_snapshot->catalog().column(columnId);
    return column && !column->name.isEmpty() ? column->name : shortId(columnId);
}

bool GraphNeighbourhood::sameShape(const GraphNeighbourhood& other) const
{
    if (nodes.size() != other.nodes.size() || edges.size() != other.edges.size())
        return false;
    for (size_t i = 0; i < nodes.size(); ++i) {
        if (nodes[i].tableId != other.nodes[i].tableId ||
            nodes[i].columns != other.nodes[i].columns)
            return false;
    }
    for (size_t i = 0; i < edges.size(); ++i) {
        if (edges[i].row != other.edges[i].row || edges[i].from != other.edges[i].from ||
            edges[i].to != other.edges[i].to)
            return false;
    }
    return true;
}

int GraphNeighbourhood::edgeOfRow(int row) const
{
    auto found = std::lower_bound(edges.begin(), edges.end(), row,
                                  [](const Edge& edge, int r) { return edge.row < r; });
    return found != edges.end() && found->row == row ? int(found - edges.begin()) : -1;
}

namespace {

// Which links to keep when there are more than fit: lower ranks first.
int keepRank(RelationshipStatus status)
{
    switch (status) {
    case RelationshipStatus::Approved:
        return 0;
    case RelationshipStatus::Suggested:
        return 1;
    case RelationshipStatus::Unknown:
        return 2;
    case RelationshipStatus::Rejected:
        return 3;
    }
    return 3;
}

} // namespace

GraphNeighbourhood extractNeighbourhood(const TableGraphIndex& index, int row,
                                        const RowStatusOf& statusOf, bool showRejected,
                                        int maxEdges)
{
    GraphNeighbourhood result;
    const RelationshipRows& rows = index.snapshot().rows();
    if (row < 0 || row >= rows.size())
        return result;
    const int fromTable = index.fromTable(row);
    const int toTable = index.toTable(row);

    // The rows touching either table, each once (a link between the two is in both lists).
    std::vector<int> candidates;
    const std::span<const int> a = index.rowsOf(fromTable);
    const std::span<const int> b =
        toTable != fromTable ? index.rowsOf(toTable) : std::span<const int>();
    candidates.reserve(a.size() + b.size());
    std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(candidates));
    result.touching = int(candidates.size());

    struct Candidate
    {
        int row;
        RelationshipStatus status;
    };
    std::vector<Candidate> kept;
    kept.reserve(candidates.size());
    for (int candidate : candidates) {
        const RelationshipStatus status = statusOf(candidate);
        if (!showRejected && status == RelationshipStatus::Rejected && candidate != row) {
            ++result.hiddenRejected;
            continue;
        }
        kept.push_back({candidate, status});
    }
    if (maxEdges > 0 && int(kept.size()) > maxEdges) {
        auto score = [&rows](int r) {
            const RelationshipRow& data = rows.row(r);
            return data.hasScore && !std::isnan(data.score) ? data.score : -1.0;
        };
        std::stable_sort(kept.begin(), kept.end(), [&](const Candidate& x, const Candidate& y) {
            if ((x.row == row) != (y.row == row))
                return x.row == row;
            if (keepRank(x.status) != keepRank(y.status))
                return keepRank(x.status) < keepRank(y.status);
            return score(x.row) > score(y.row);
        });
        result.leftOut = int(kept.size()) - maxEdges;
        kept.resize(size_t(maxEdges));
        std::sort(kept.begin(), kept.end(),
                  [](const Candidate& x, const Candidate& y) { return x.row < y.row; });
    }

    // Nodes: the two central tables first, then the others as their links come.
    QHash<int, int> nodeOfTable;
    auto nodeOf = [&](int table) {
        auto found = nodeOfTable.constFind(table);
        if (found != nodeOfTable.constEnd())
            return *found;
        const int node = int(result.nodes.size());
        GraphNeighbourhood::Node added;
        added.table = table;
        added.tableId = index.tableId(table);
        added.tableKnown = index.tableKnown(table);
        added.central = table == fromTable || table == toTable;
        result.nodes.push_back(std::move(added));
        nodeOfTable.insert(table, node);
        return node;
    };
    nodeOf(fromTable);
    nodeOf(toTable);
    std::vector<QSet<QString>> columns;
    result.edges.reserve(kept.size());
    for (const Candidate& candidate : kept) {
        const RelationshipRow& data = rows.row(candidate.row);
        GraphNeighbourhood::Edge edge;
        edge.row = candidate.row;
        edge.from = nodeOf(index.fromTable(candidate.row));
        edge.to = nodeOf(index.toTable(candidate.row));
        edge.fromColumn = index.fromColumnName(candidate.row);
        edge.toColumn = rows.toColumnName(candidate.row);
        edge.status = candidate.status;
        edge.hasScore = data.hasScore && !std::isnan(data.score);
        edge.score = edge.hasScore ? data.score : 0;
        columns.resize(result.nodes.size());
        columns[size_t(edge.from)].insert(edge.fromColumn);
        if (!edge.toColumn.isEmpty())
            columns[size_t(edge.to)].insert(edge.toColumn);
        if (candidate.row == row)
            result.currentEdge = int(result.edges.size());
        result.edges.push_back(std::move(edge));
    }
    columns.resize(result.nodes.size());
    for (size_t node = 0; node < result.nodes.size(); ++node) {
        QStringList names(columns[node].begin(), columns[node].end());
        names.sort(Qt::CaseInsensitive);
        result.nodes[node].columns = std::move(names);
    }
    return result;
}

int GraphOverview::nodeOfTable(int table) const
{
    for (size_t i = 0; i < nodes.size(); ++i) {
        if (nodes[i].table == table)
            return int(i);
    }
    return -1;
}

GraphOverview buildOverview(const TableGraphIndex& index,
                            const std::vector<std::pair<int, RelationshipStatus>>& pending,
                            bool includeSuggested, int maxTables, int pinnedTable,
                            const std::atomic_bool* stop)
{
    GraphOverview result;
    const RelationshipRows& rows = index.snapshot().rows();
    const int rowCount = rows.size();
    const int tableCount = index.tableCount();
    // Which rows are drawn: approved (after the pending decisions), and suggested on demand.
    std::vector<quint8> drawn(size_t(rowCount), 0); // 0 not drawn, 1 approved, 2 suggested
    for (int row = 0; row < rowCount; ++row) {
        if ((row & 0xffff) == 0 && stop && *stop)
            return {};
        const RelationshipStatus status = rows.row(row).status;
        drawn[size_t(row)] = status == RelationshipStatus::Approved                        ? 1
                             : status == RelationshipStatus::Suggested && includeSuggested ? 2
                                                                                           : 0;
    }
    for (const auto& [row, status] : pending) {
        if (row < 0 || row >= rowCount)
            continue;
        drawn[size_t(row)] = status == RelationshipStatus::Approved                        ? 1
                             : status == RelationshipStatus::Suggested && includeSuggested ? 2
                                                                                           : 0;
    }
    std::vector<int> links(size_t(tableCount), 0);
    for (int row = 0; row < rowCount; ++row) {
        if (!drawn[size_t(row)])
            continue;
        ++result.links;
        const int from = index.fromTable(row);
        const int to = index.toTable(row);
        ++links[size_t(from)];
        if (to != from)
            ++links[size_t(to)];
    }
    std::vector<int> order;
    for (int table = 0; table < tableCount; ++table) {
        if (links[size_t(table)] > 0)
            order.push_back(table);
    }
    result.linkedTables = int(order.size());
    // The most linked first; ties by id, so that the same list always draws the same tables.
    std::sort(order.begin(), order.end(), [&](int x, int y) {
        if (links[size_t(x)] != links[size_t(y)])
            return links[size_t(x)] > links[size_t(y)];
        return index.tableId(x) < index.tableId(y);
    });
    std::vector<int> nodeOf(size_t(tableCount), -1);
    auto addNode = [&](int table, bool pinned) {
        if (nodeOf[size_t(table)] >= 0)
            return;
        nodeOf[size_t(table)] = int(result.nodes.size());
        GraphOverview::Node node;
        node.table = table;
        node.tableId = index.tableId(table);
        node.tableKnown = index.tableKnown(table);
        node.pinned = pinned;
        node.links = links[size_t(table)];
        result.nodes.push_back(node);
    };
    const int keep = std::min(int(order.size()), std::max(0, maxTables));
    for (int i = 0; i < keep; ++i)
        addNode(order[size_t(i)], false);
    if (pinnedTable >= 0 && pinnedTable < tableCount) {
        // The searched table with its direct neighbours (a few dozen at most).
        addNode(pinnedTable, true);
        result.nodes[size_t(nodeOf[size_t(pinnedTable)])].pinned = true;
        int neighbours = 0;
        for (int row : index.rowsOf(pinnedTable)) {
            if (!drawn[size_t(row)] || neighbours >= 40)
                continue;
            const int other =
                index.fromTable(row) == pinnedTable ? index.toTable(row) : index.fromTable(row);
            if (nodeOf[size_t(other)] < 0) {
                addNode(other, false);
                ++neighbours;
            }
        }
    }
    QHash<quint64, int> edgeOf;
    for (int row = 0; row < rowCount; ++row) {
        if (!drawn[size_t(row)])
            continue;
        const int from = nodeOf[size_t(index.fromTable(row))];
        const int to = nodeOf[size_t(index.toTable(row))];
        if (from < 0 || to < 0)
            continue;
        ++result.drawnLinks;
        const quint64 key = (quint64(quint32(from)) << 32) | quint32(to);
        auto found = edgeOf.constFind(key);
        int edge;
        if (found == edgeOf.constEnd()) {
            edge = int(result.edges.size());
            edgeOf.insert(key, edge);
            result.edges.push_back({from, to, 0, 0, row});
        } else {
            edge = *found;
        }
        (drawn[size_t(row)] == 1 ? result.edges[size_t(edge)].approved
                                 : result.edges[size_t(edge)].suggested)++;
    }
    return result;
}
