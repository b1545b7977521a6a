#include "EarlierDecisions.h"

#include "Relationship.h"
#include "RelationshipStore.h"

#include <QDateTime>
#include <QHashFunctions>

#include <algorithm>

using namespace Qt::StringLiterals;

size_t qHash(const ColumnPair& pair, size_t seed) noexcept
{
    return qHashMulti(seed, pair.fromColumnId, pair.toTableId, pair.toColumnName);
}

QString EarlierDecision::text() const
{
    const auto statusWord = [](const QString& apiName) { return apiName.toLower(); };
    if (mark == Conflict)
        return tr("earlier: approved and rejected");
    if (mark == None)
        return {};
    const QString date = QDateTime::fromMSecsSinceEpoch(decidedMs).date().toString(Qt::ISODate);
    const QString reasonText = reason.display();
    if (reasonText.isEmpty())
        return tr("%1 %2", "earlier decision: status, date").arg(statusWord(status), date);
    return tr("%1 %2: %3", "earlier decision: status, date, reason")
        .arg(statusWord(status), date, reasonText);
}

namespace {

EarlierDecision::Mark markOf(const QString& status)
{
    const std::optional<RelationshipStatus> known = statusFromName(status);
    if (known == RelationshipStatus::Approved)
        return EarlierDecision::Approved;
    if (known == RelationshipStatus::Rejected)
        return EarlierDecision::Rejected;
    return EarlierDecision::None; // back to SUGGESTED (or unknown): no judgement to carry
}

} // namespace

std::shared_ptr<const EarlierTable> EarlierTable::match(const ListSnapshot& list,
                                                        const QList<PairDecision>& decisions,
                                                        qint64 currentOriginId,
                                                        const std::atomic_bool* stop)
{
    auto table = std::make_shared<EarlierTable>();
    table->m_listVersion = list.listVersion();
    const RelationshipRows& rows = list.rows();
    const int count = rows.size();
    table->m_byRow.assign(size_t(count), 0);
    // The decisions by pair: an index into `decisions` per pair, few per pair.
    QHash<ColumnPair, QList<qsizetype>> byPair;
    byPair.reserve(decisions.size());
    for (qsizetype i = 0; i < decisions.size(); ++i) {
        if (markOf(decisions[i].status) != EarlierDecision::None && !decisions[i].pair.isNull())
            byPair[decisions[i].pair].append(i);
    }
    if (byPair.isEmpty())
        return table;
    ColumnPair pair;
    constexpr int Block = 65536;
    for (int row = 0; row < count; ++row) {
        if (stop && row % Block == Block - 1 && stop->load(std::memory_order_relaxed))
            return nullptr;
        const RelationshipRow& fields = rows.row(row);
        pair.fromColumnId = fields.fromColumnId;
        pair.toTableId = fields.toTableId;
        pair.toColumnName = rows.toColumnName(row);
        const auto found = byPair.constFind(pair);
        if (found == byPair.cend())
            continue;
        EarlierDecision earlier;
        bool approved = false;
        bool rejected = false;
        for (const qsizetype index : *found) {
            const PairDecision& decision = decisions[index];
            if (decision.originId == currentOriginId && decision.relationshipId == fields.id)
                continue; // the row's own decision, not an earlier one
            const EarlierDecision::Mark mark = markOf(decision.status);
            approved = approved || mark == EarlierDecision::Approved;
            rejected = rejected || mark == EarlierDecision::Rejected;
            ++earlier.count;
            if (decision.decidedMs >= earlier.decidedMs) {
                earlier.decidedMs = decision.decidedMs;
                earlier.status = decision.status;
                earlier.reason = decision.reason;
            }
        }
        if (earlier.count == 0)
            continue;
        earlier.mark = approved && rejected ? EarlierDecision::Conflict
                       : approved           ? EarlierDecision::Approved
                                            : EarlierDecision::Rejected;
        table->m_decisions.push_back(std::move(earlier));
        table->m_byRow[size_t(row)] = quint32(table->m_decisions.size());
    }
    return table;
}

EarlierDecisions::EarlierDecisions(RelationshipStore* store)
    : QObject(store)
    , m_store(store)
{
    // A new list: its rows are others; its earlier decisions come when worked out.
    connect(store, &RelationshipStore::reset, this, [this] {
        if (m_table) {
            m_table.reset();
            emit changed();
        }
    });
}

const EarlierTable* EarlierDecisions::currentTable() const
{
    return m_table && m_table->listVersion() == m_store->snapshot()->listVersion() ? m_table.get()
                                                                                   : nullptr;
}

std::shared_ptr<const EarlierTable> EarlierDecisions::table() const
{
    return currentTable() ? m_table : nullptr;
}

void EarlierDecisions::setTable(std::shared_ptr<const EarlierTable> table)
{
    if (table && table->listVersion() != m_store->snapshot()->listVersion())
        return;
    m_table = std::move(table);
    emit changed();
}
