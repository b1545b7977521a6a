#pragma once

#include "BackgroundWork.h"
#include "RelationshipFilter.h"

#include <QObject>

#include <memory>
#include <vector>

class RelationshipTableModel;

// Applies filters to a table model without stalling the window: a pass over few rows runs at
// once; over many (a million rows and a text term can take longer than a frame) the query is
// evaluated on a worker thread over leased FilterColumns and the model is given the result when
// it arrives. A newer filter cancels an older pass; rows decided while a pass ran are brought up
// to date before its result is shown.
// The worker pass runs on BackgroundWork (latest wins).
class FilterRunner : public QObject
{
    Q_OBJECT
public:
    static constexpr int DefaultWorkerThreshold = 200'000;

    explicit FilterRunner(RelationshipTableModel* model, QObject* parent = nullptr);
    ~FilterRunner() override;

    // Shows `filter` in the model: now, or when a worker pass ends (see isBusy()).
    void apply(const RelationshipFilter& filter);
    // The filter last asked for (shown, or being worked out).
    const RelationshipFilter& requested() const { return m_requested; }
    bool isBusy() const { return bool(m_pass) || m_waitingForColumns; }

    // Passes over at least this many rows run on a worker thread (tests lower it).
    void setWorkerThreshold(int rows) { m_workerThreshold = rows; }
    int workerThreshold() const { return m_workerThreshold; }
    int workerPassCount() const { return m_workerPasses; } // for tests and the benchmark

signals:
    void applied(); // the model now shows requested()
    void busyChanged(bool busy);

private:
    struct Pass;
    void startWorkerPass();
    void onPassFinished(FilterMatches matches);
    void cancelPass();
    void onColumnsChanged(const QList<int>& rows);
    void showInModel(const RelationshipFilter& filter);

    RelationshipTableModel* m_model;
    RelationshipFilter m_requested;
    std::shared_ptr<Pass> m_pass;
    BackgroundWork m_work{this};
    std::vector<int> m_changedDuringPass;
    bool m_relabelledDuringPass = false;
    int m_workerThreshold = DefaultWorkerThreshold;
    int m_workerPasses = 0;
    bool m_waitingForColumns = false; // for a new list's columns (FilterColumns::ready)
};
