#include "ListComparison.h"

#include "FilterColumns.h"
#include "RelationshipStore.h"

namespace {

std::atomic<quint64> nextVersion{1};

} // namespace

ListComparison::~ListComparison() = default;

std::shared_ptr<ListComparison> ListComparison::compute(const QString& label,
                                                        std::shared_ptr<const ListSnapshot> current,
                                                        RelationshipRows oldRows,
                                                        ColumnCatalog oldCatalog,
                                                        const std::atomic_bool* stop)
{
    std::shared_ptr<ListComparison> comparison(new ListComparison);
    comparison->m_diff = SnapshotDiff::compute(oldRows, current->rows(), stop);
    if (comparison->m_diff.isCancelled())
        return {};
    comparison->m_label = label;
    comparison->m_current = std::move(current);
    comparison->m_oldRows = std::move(oldRows);
    comparison->m_oldCatalog = std::move(oldCatalog);
    const SnapshotDiff& diff = comparison->m_diff;

    auto currentStates = std::make_shared<RowDiffStates>();
    currentStates->version = nextVersion++;
    currentStates->byRow.resize(size_t(diff.newCount()));
    for (int row = 0; row < diff.newCount(); ++row) {
        switch (diff.stateOfNew(row)) {
        case SnapshotDiff::State::Unchanged:
            currentStates->byRow[size_t(row)] = RowDiffStates::Unchanged;
            break;
        case SnapshotDiff::State::Added:
            currentStates->byRow[size_t(row)] = RowDiffStates::Added;
            break;
        case SnapshotDiff::State::Changed:
        case SnapshotDiff::State::Removed:
            currentStates->byRow[size_t(row)] = RowDiffStates::Changed;
            break;
        }
    }
    // The compared list's rows: removed, or matched (shown through their new row, so they count
    // as not compared and the table never shows them twice).
    auto oldStates = std::make_shared<RowDiffStates>();
    oldStates->version = nextVersion++;
    oldStates->byRow.assign(size_t(diff.oldCount()), RowDiffStates::NotCompared);
    for (int row : diff.removedRows())
        oldStates->byRow[size_t(row)] = RowDiffStates::Removed;
    comparison->m_currentStates = std::move(currentStates);
    comparison->m_oldStates = std::move(oldStates);
    return comparison;
}

RelationshipStore* ListComparison::oldStore() const
{
    if (!m_oldStore) {
        m_oldStore = std::make_unique<RelationshipStore>();
        m_oldStore->adopt(m_oldRows, m_oldCatalog);
    }
    return m_oldStore.get();
}

FilterColumns* ListComparison::oldColumns() const
{
    if (!m_oldColumns)
        m_oldColumns = std::make_unique<FilterColumns>(oldStore());
    return m_oldColumns.get();
}
