#include "RelationshipStore.h"

#include "EarlierDecisions.h"
#include "RowSortOrder.h"
#include "SoleOwner.h"

#include <algorithm>
#include <utility>

RelationshipStore::RelationshipStore(QObject* parent)
    : QObject(parent)
    , m_snapshot(std::make_shared<const ListSnapshot>())
    , m_earlier(new EarlierDecisions(this))
{
    connect(&m_overlay, &ReviewOverlay::rowsChanged, this, &RelationshipStore::rowsChanged);
    connect(&m_overlay, &ReviewOverlay::pendingCountChanged, this,
            &RelationshipStore::pendingCountChanged);
}

RelationshipStore::~RelationshipStore() = default; // readers elsewhere keep their snapshots

void RelationshipStore::publish(std::shared_ptr<ListSnapshot> next)
{
    m_snapshot = std::move(next);
    emit snapshotPublished(m_snapshot->version());
}

void RelationshipStore::adopt(RelationshipRows rows, ColumnCatalog catalog)
{
    adopt(std::move(rows), std::move(catalog), nullptr, nullptr);
}

void RelationshipStore::adopt(RelationshipRows rows, ColumnCatalog catalog,
                              std::shared_ptr<const ListLabels> labels,
                              std::shared_ptr<RowSortOrder> preparedOrder)
{
    // Readers of the previous list keep it alive for as long as they read it.
    const quint64 version = ++m_lastVersion;
    auto next = std::make_shared<ListSnapshot>(
        version, std::make_shared<RelationshipRows>(std::move(rows)), std::move(catalog));
    if (labels && labels->size() == next->size())
        next->carryLabels(ListLabels::update(labels, next->rows(), next->catalog(), {}, true));
    publish(std::move(next));
    m_preparedOrder = std::move(preparedOrder);
    const bool pendingChanged = m_overlay.reset(size());
    emit reset();
    m_preparedOrder.reset(); // taken during reset(), or of no use
    if (pendingChanged)
        emit pendingCountChanged(0);
}

void RelationshipStore::clear()
{
    adopt(RelationshipRows(), ColumnCatalog());
}

void RelationshipStore::setCatalog(ColumnCatalog catalog)
{
    // The same rows (never const objects: see applyServerAnswers()).
    auto next = std::make_shared<ListSnapshot>(
        ++m_lastVersion, std::const_pointer_cast<RelationshipRows>(m_snapshot->sharedRows()),
        std::move(catalog), m_snapshot->version());
    next->m_listVersion = m_snapshot->listVersion();
    if (m_snapshot->hasLabels()) // new labels and ranks for the same keys
        next->carryLabels(ListLabels::update(m_snapshot->sharedLabels(), next->rows(),
                                             next->catalog(), {}, true));
    publish(std::move(next));
    emit catalogChanged();
}

RelationshipStatus RelationshipStore::effectiveStatus(int row) const
{
    if (row < 0 || row >= size())
        return RelationshipStatus::Unknown;
    return m_overlay.pendingStatus(row).value_or(rows().row(row).status);
}

void RelationshipStore::markFailed(int row, const QString& message)
{
    markUndelivered(row, ReviewOverlay::Outcome::Failed, message);
}

void RelationshipStore::markGone(int row, const QString& message)
{
    markUndelivered(row, ReviewOverlay::Outcome::Gone, message);
}

void RelationshipStore::markConflict(int row, const QString& message)
{
    markUndelivered(row, ReviewOverlay::Outcome::Conflict, message);
}

void RelationshipStore::markUndelivered(int row, ReviewOverlay::Outcome outcome,
                                        const QString& message)
{
    if (row < 0 || row >= size())
        return;
    m_overlay.markUndelivered(row, outcome, message, rows().row(row).status);
}

void RelationshipStore::applyServerAnswer(int row, const Relationship& relationship)
{
    applyServerAnswers({{row, relationship}});
}

void RelationshipStore::applyServerAnswers(const QList<std::pair<int, Relationship>>& answers)
{
    QList<int> changed;
    changed.reserve(answers.size());
    for (const auto& answer : answers) {
        if (answer.first >= 0 && answer.first < size())
            changed.append(answer.first);
    }
    if (!changed.isEmpty()) {
        // A new version from the last one. When nobody else reads the last one (no sort or
        // filter pass on a worker holds it) its rows become the new version's and change in
        // place. Otherwise the new rows share every chunk with the old ones, the last version is
        // let go before writing, and only the chunks the answers touch are copied while the
        // reader goes on reading the old version unchanged.
        // (The rows of a snapshot are never made const objects, so the store, their one owner
        // then, may write to them.)
        std::shared_ptr<RelationshipRows> rows =
            soleOwner(m_snapshot) && soleOwner(m_snapshot->sharedRows())
                ? std::const_pointer_cast<RelationshipRows>(m_snapshot->sharedRows())
                : std::make_shared<RelationshipRows>(m_snapshot->rows());
        const quint64 previous = m_snapshot->version();
        const quint64 listVersion = m_snapshot->listVersion();
        ColumnCatalog catalog = m_snapshot->catalog();
        std::shared_ptr<const ListLabels> labels;
        if (m_snapshot->hasLabels())
            labels = m_snapshot->sharedLabels();
        m_snapshot.reset();
        for (const auto& [row, relationship] : answers) {
            if (row >= 0 && row < rows->size())
                rows->replace(row, relationship);
        }
        std::vector<int> changedRows(changed.cbegin(), changed.cend());
        std::sort(changedRows.begin(), changedRows.end());
        changedRows.erase(std::unique(changedRows.begin(), changedRows.end()), changedRows.end());
        auto next = std::make_shared<ListSnapshot>(
            ++m_lastVersion, std::move(rows), std::move(catalog), previous, std::move(changedRows));
        next->m_listVersion = listVersion;
        if (labels)
            next->carryLabels(ListLabels::update(labels, next->rows(), next->catalog(),
                                                 next->changedRows(), false));
        publish(std::move(next));
    }
    // The answered rows show the server's status: the overlay's rowsChanged() (forwarded as
    // ours) names them, once.
    m_overlay.clear(changed);
}
