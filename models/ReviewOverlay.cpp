#include "ReviewOverlay.h"

#include <QSet>

#include <algorithm>

ReviewOverlay::ReviewOverlay(QObject* parent)
    : QObject(parent)
{}

bool ReviewOverlay::reset(int rowCount)
{
    const bool hadPending = m_pendingCount != 0;
    m_states.clear();
    m_pendingCount = 0;
    m_rowCount = qMax(0, rowCount);
    return hadPending;
}

void ReviewOverlay::set(int row, RowReviewState state)
{
    const bool wasPending = delivery(row) == DeliveryState::Pending;
    const bool isPending = state.delivery == DeliveryState::Pending;
    if (state.delivery == DeliveryState::None)
        m_states.remove(row);
    else
        m_states.insert(row, std::move(state));
    m_pendingCount += int(isPending) - int(wasPending);
}

void ReviewOverlay::apply(const QList<RowOutcome>& outcomes)
{
    const int pendingBefore = m_pendingCount;
    QList<int> changed;
    changed.reserve(outcomes.size());
    QSet<int> seen;
    const bool mayRepeat = outcomes.size() > 1;
    for (const RowOutcome& outcome : outcomes) {
        const int row = outcome.row;
        if (row < 0 || row >= m_rowCount)
            continue;
        switch (outcome.outcome) {
        case Outcome::Pending:
            set(row, {outcome.intended, DeliveryState::Pending, {}});
            break;
        case Outcome::Confirmed:
        case Outcome::Withdrawn:
            set(row, {});
            break;
        case Outcome::Failed:
            set(row, {outcome.intended, DeliveryState::Failed, outcome.message});
            break;
        case Outcome::Gone:
            set(row, {outcome.intended, DeliveryState::Gone, outcome.message});
            break;
        case Outcome::Conflict:
            set(row, {outcome.intended, DeliveryState::Conflict, outcome.message});
            break;
        }
        if (!mayRepeat) {
            changed.append(row);
        } else if (!seen.contains(row)) {
            seen.insert(row);
            changed.append(row);
        }
    }
    if (!changed.isEmpty())
        emit rowsChanged(changed);
    if (m_pendingCount != pendingBefore)
        emit pendingCountChanged(m_pendingCount);
}

void ReviewOverlay::markPending(const QList<int>& rows, RelationshipStatus intended)
{
    QList<RowOutcome> outcomes;
    outcomes.reserve(rows.size());
    for (const int row : rows)
        outcomes.append({row, Outcome::Pending, intended, {}});
    apply(outcomes);
}

void ReviewOverlay::markPending(const QList<std::pair<int, RelationshipStatus>>& rows)
{
    QList<RowOutcome> outcomes;
    outcomes.reserve(rows.size());
    for (const auto& [row, intended] : rows)
        outcomes.append({row, Outcome::Pending, intended, {}});
    apply(outcomes);
}

void ReviewOverlay::markUndelivered(int row, Outcome outcome, const QString& message,
                                    RelationshipStatus fallbackIntended)
{
    Q_ASSERT(outcome == Outcome::Failed || outcome == Outcome::Gone ||
             outcome == Outcome::Conflict);
    // The intent stays known, so that a tooltip can say which decision failed.
    const RowReviewState* current = state(row);
    apply({{row, outcome, current ? current->intendedStatus : fallbackIntended, message}});
}

void ReviewOverlay::clear(const QList<int>& rows)
{
    QList<RowOutcome> outcomes;
    outcomes.reserve(rows.size());
    for (const int row : rows)
        outcomes.append({row, Outcome::Confirmed, RelationshipStatus::Suggested, {}});
    apply(outcomes);
}

std::optional<RelationshipStatus> ReviewOverlay::pendingStatus(int row) const
{
    const auto it = m_states.constFind(row);
    if (it != m_states.constEnd() && it->delivery == DeliveryState::Pending)
        return it->intendedStatus;
    return std::nullopt;
}

const RowReviewState* ReviewOverlay::state(int row) const
{
    const auto it = m_states.constFind(row);
    return it == m_states.constEnd() ? nullptr : &*it;
}

DeliveryState ReviewOverlay::delivery(int row) const
{
    const auto it = m_states.constFind(row);
    return it == m_states.constEnd() ? DeliveryState::None : it->delivery;
}

std::vector<std::pair<int, RelationshipStatus>> ReviewOverlay::pendingStatuses() const
{
    std::vector<std::pair<int, RelationshipStatus>> statuses;
    if (m_pendingCount == 0)
        return statuses;
    statuses.reserve(size_t(m_pendingCount));
    for (auto it = m_states.cbegin(); it != m_states.cend(); ++it) {
        if (it->delivery == DeliveryState::Pending)
            statuses.emplace_back(it.key(), it->intendedStatus);
    }
    std::sort(statuses.begin(), statuses.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    return statuses;
}
