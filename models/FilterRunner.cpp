#include "FilterRunner.h"

#include "BackgroundWork.h"
#include "EarlierDecisions.h"
#include "RelationshipTableModel.h"

#include <algorithm>
#include <atomic>

struct FilterRunner::Pass
{
    FilterQuery query;
    std::shared_ptr<const FilterColumns::Data> columns; // leased for the pass
    std::shared_ptr<const RowDiffStates> diff;          // for diff: terms, null when none
};

FilterRunner::FilterRunner(RelationshipTableModel* model, QObject* parent)
    : QObject(parent)
    , m_model(model)
{
    connect(model->filterColumns(), &FilterColumns::columnsChanged, this,
            &FilterRunner::onColumnsChanged);
    // A list's earlier decisions arrive after it is shown: a was: filter is worked out again.
    connect(model->store()->earlier(), &EarlierDecisions::changed, this, [this] {
        const RelationshipFilter filter = m_requested;
        if (filter.hasQuery() &&
            std::any_of(filter.query->terms().cbegin(), filter.query->terms().cend(),
                        [](const FilterTerm& term) { return term.kind == FilterTerm::Kind::Was; }))
            apply(filter);
    });
}

FilterRunner::~FilterRunner() = default; // the pass's job keeps what it reads alive

void FilterRunner::apply(const RelationshipFilter& filter)
{
    m_requested = filter;
    m_requested.precomputed.reset();
    cancelPass();
    if (!filter.hasQuery() || m_model->store()->size() < m_workerThreshold) {
        if (m_waitingForColumns) {
            m_waitingForColumns = false;
            emit busyChanged(false);
        }
        showInModel(m_requested);
        return;
    }
    startWorkerPass();
}

void FilterRunner::cancelPass()
{
    if (!m_pass)
        return;
    m_work.cancel();
    m_pass.reset();
    m_changedDuringPass.clear();
    m_relabelledDuringPass = false;
    emit busyChanged(false);
}

void FilterRunner::startWorkerPass()
{
    FilterColumns* columns = m_model->filterColumns();
    if (columns->isBuilding()) {
        // A new list's columns are on their way from a worker: the pass starts when they land
        // rather than wait for them here.
        if (!m_waitingForColumns) {
            m_waitingForColumns = true;
            connect(
                columns, &FilterColumns::ready, this,
                [this] {
                    if (!m_waitingForColumns)
                        return; // a filter applied meanwhile did without them
                    m_waitingForColumns = false;
                    startWorkerPass();
                },
                Qt::SingleShotConnection);
            emit busyChanged(true);
        }
        return;
    }
    auto pass = std::make_shared<Pass>();
    pass->query = *m_requested.query;
    pass->columns = m_model->filterColumns()->lease();
    pass->diff = m_model->diffStates();
    m_pass = pass;
    m_changedDuringPass.clear();
    m_relabelledDuringPass = false;
    ++m_workerPasses;

    m_work.run(
        [pass](const std::atomic_bool& stop) {
            FilterMatches matches =
                FilterEvaluation::run(pass->query, *pass->columns, &stop, pass->diff.get());
            pass->columns.reset(); // the lease ends here, not when the UI thread gets to it
            return matches;
        },
        [this](FilterMatches matches) { onPassFinished(std::move(matches)); });
    emit busyChanged(true);
}

void FilterRunner::onColumnsChanged(const QList<int>& rows)
{
    if (!m_pass)
        return;
    if (rows.isEmpty())
        m_relabelledDuringPass = true; // a new list or new names: the pass must run again
    else
        m_changedDuringPass.insert(m_changedDuringPass.end(), rows.cbegin(), rows.cend());
}

// Only the newest pass reports (BackgroundWork drops the others).
void FilterRunner::onPassFinished(FilterMatches matches)
{
    std::shared_ptr<Pass> pass = m_pass;
    if (!pass || matches.count < 0)
        return;
    FilterColumns* columns = m_model->filterColumns();
    const std::shared_ptr<const RowDiffStates> diff = m_model->diffStates();
    if (m_relabelledDuringPass || matches.generation != columns->generation() ||
        matches.diffVersion != (diff ? diff->version : 0)) {
        startWorkerPass();
        return;
    }
    m_pass.reset();
    std::vector<int> changed;
    changed.swap(m_changedDuringPass);
    if (!changed.empty()) {
        std::sort(changed.begin(), changed.end());
        changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
        FilterEvaluation::update(pass->query, columns->data(), changed, matches, diff.get());
    }
    RelationshipFilter filter = m_requested;
    filter.precomputed = std::make_shared<const FilterMatches>(std::move(matches));
    emit busyChanged(false);
    showInModel(filter);
}

void FilterRunner::showInModel(const RelationshipFilter& filter)
{
    m_model->setFilter(filter);
    emit applied();
}
