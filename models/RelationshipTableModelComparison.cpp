// The parts of the table model that compare the open list with another (the diff column, the
// removed rows, the rows' diff states for filters) and the uncertainty order: see
// RelationshipTableModel.h. Apart from RelationshipTableModel.cpp to keep each file readable.
#include "FilterColumns.h"
#include "ListComparison.h"
#include "RelationshipTableModel.h"
#include "SortKeyMaker.h"

#include <QLocale>

using namespace Qt::StringLiterals;

// The diff column's text and tooltip, and DiffStateRole, of a row of the open list (or, removed,
// of the compared one).
QVariant RelationshipTableModel::diffData(int row, bool removed, int role) const
{
    const RelationshipRows& rows = removed ? m_comparison->oldRows() : m_store->rows();
    const RelationshipRow& fields = rows.row(row);
    const SnapshotDiff& diff = m_comparison->diff();
    const int state = removed ? int(RowDiffStates::Removed)
                              : int(m_comparison->currentStates()->byRow[size_t(row)]);
    if (role == DiffStateRole)
        return state;
    switch (state) {
    case RowDiffStates::Added:
        return role == Qt::DisplayRole ? tr("added") : tr("Not in %1").arg(m_comparison->label());
    case RowDiffStates::Removed:
        return role == Qt::DisplayRole
                   ? tr("removed")
                   : tr("Only in %1: read-only here").arg(m_comparison->label());
    case RowDiffStates::Changed: {
        const QStringList fieldsChanged = SnapshotDiff::fieldNames(diff.changedFields(row));
        if (role == Qt::DisplayRole)
            return tr("changed: %1").arg(fieldsChanged.join(u", "_s));
        const int oldRow = diff.oldRowOf(row);
        const RelationshipRows& oldRows = m_comparison->oldRows();
        QStringList lines{tr("Changed since %1:").arg(m_comparison->label())};
        const quint8 changedFields = diff.changedFields(row);
        if (changedFields & SnapshotDiff::StatusField)
            lines.append(
                tr("status %1 → %2").arg(oldRows.statusText(oldRow), rows.statusText(row)));
        if (changedFields & SnapshotDiff::ScoreField) {
            const auto scoreOf = [](const RelationshipRow& r) {
                return hasScore(r) ? QLocale().toString(r.score, 'g', 6) : tr("none");
            };
            lines.append(tr("score %1 → %2").arg(scoreOf(oldRows.row(oldRow)), scoreOf(fields)));
        }
        if (changedFields & SnapshotDiff::TypeField)
            lines.append(tr("type %1 → %2").arg(oldRows.typeText(oldRow), rows.typeText(row)));
        if (changedFields & SnapshotDiff::EvidenceField)
            lines.append(tr("evidence changed"));
        return lines.join(u'\n');
    }
    default:
        return role == Qt::DisplayRole ? QString() : tr("Unchanged");
    }
}

void RelationshipTableModel::setUncertaintyThreshold(double threshold)
{
    if (threshold == m_uncertaintyThreshold)
        return;
    m_uncertaintyThreshold = threshold;
    updateSortSpec();
    if (m_sortColumn != UncertaintyOrder)
        return;
    const bool fromTerm = m_orderFromTerm;
    m_orderValid = false;
    sort(UncertaintyOrder, m_sortOrder);
    m_orderFromTerm = fromTerm;
}

// order:uncertain in the filter chooses the uncertainty order; once the term is gone, the sort
// before it comes back (unless another sort was chosen meanwhile).
void RelationshipTableModel::applyOrderTerm()
{
    const bool wanted = m_filter.hasQuery() && m_filter.query->ordersByUncertainty();
    if (wanted && m_sortColumn != UncertaintyOrder) {
        const int column = m_sortColumn;
        const Qt::SortOrder order = m_sortOrder;
        sort(UncertaintyOrder, Qt::AscendingOrder);
        m_sortColumnBeforeTerm = column;
        m_sortOrderBeforeTerm = order;
        m_orderFromTerm = true;
    } else if (!wanted && m_orderFromTerm) {
        sort(m_sortColumnBeforeTerm, m_sortOrderBeforeTerm);
    }
}

std::shared_ptr<const RowDiffStates> RelationshipTableModel::diffStates() const
{
    if (!m_comparison || m_comparison->listVersion() != m_store->snapshot()->listVersion())
        return {};
    return m_comparison->currentStates();
}

void RelationshipTableModel::setComparison(std::shared_ptr<const ListComparison> comparison)
{
    if (comparison && comparison->listVersion() != m_store->snapshot()->listVersion())
        comparison.reset(); // of a list no longer open
    if (!comparison && !m_comparison)
        return;
    beginResetModel();
    m_comparison = std::move(comparison);
    // The filter's verdicts read the diff states: worked out again.
    m_filter.precomputed.reset();
    ensureOrder();
    applyFilter();
    endResetModel();
    ++m_visibleSetGeneration;
    emit visibleRowsChanged();
    emit comparisonChanged();
}

// The compared list's removed rows that the filter lets through, in that list's order, after the
// open list's own. The filter reads the compared list's own columns, with their diff states.
void RelationshipTableModel::updateRemovedShown()
{
    m_removedShown.clear();
    if (!m_comparison || !diffStates())
        return;
    const std::vector<int>& removed = m_comparison->diff().removedRows();
    if (removed.empty())
        return;
    if (!m_filter.hasQuery()) {
        m_removedShown = removed;
        return;
    }
    const std::shared_ptr<const FilterMatches> matches =
        m_filter.query->isValid() ? std::make_shared<const FilterMatches>(FilterEvaluation::run(
                                        *m_filter.query, m_comparison->oldColumns()->data(),
                                        nullptr, m_comparison->oldStates().get()))
                                  : nullptr;
    if (!matches)
        return;
    for (int row : removed) {
        if (matches->byRow[size_t(row)])
            m_removedShown.push_back(row);
    }
}
