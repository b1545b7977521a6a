#include "CarriedForward.h"

#include "DecisionJournal.h"
#include "RelationshipStore.h"

CarriedForward::CarriedForward(RelationshipStore* store, QObject* parent)
    : QObject(parent)
    , m_store(store)
{}

CarriedForward::~CarriedForward()
{
    m_work.cancel();
    m_work.waitForIdle();
}

void CarriedForward::start(DecisionJournal* journal, qint64 originId)
{
    m_work.cancel(); // an earlier list's result is not wanted
    if (!journal || !journal->isOpen() || originId <= 0)
        return;
    std::shared_ptr<const ListSnapshot> list = m_store->snapshot();
    m_work.run(
        [journal, list, originId](const std::atomic_bool& stop) {
            return compute(*journal, *list, originId, &stop);
        },
        [this](std::shared_ptr<const EarlierTable> table) {
            if (table)
                m_store->earlier()->setTable(std::move(table));
            emit finished();
        });
}

std::shared_ptr<const EarlierTable> CarriedForward::compute(DecisionJournal& journal,
                                                            const ListSnapshot& list,
                                                            qint64 originId,
                                                            const std::atomic_bool* stop)
{
    // Decisions without their pair (an older journal, a decision on an id alone): the rows of
    // this list that carry their relationship give it.
    const QList<QUuid> withoutPair = journal.relationshipsWithoutPair();
    QList<std::pair<QUuid, ColumnPair>> found;
    const RelationshipRows& rows = list.rows();
    for (const QUuid& id : withoutPair) {
        if (const std::optional<int> row = rows.rowOf(id)) {
            const RelationshipRow& fields = rows.row(*row);
            found.append(
                {id, ColumnPair{fields.fromColumnId, fields.toTableId, rows.toColumnName(*row)}});
        }
    }
    if (!found.isEmpty())
        journal.fillPairs(found); // best effort: unmatched this time, matched when seen again
    if (stop && stop->load())
        return nullptr;
    return EarlierTable::match(list, journal.pairDecisions(), originId, stop);
}
