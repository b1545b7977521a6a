#pragma once

#include "BulkPlan.h"

#include <QDialog>
#include <QElapsedTimer>

class BulkPlanChart;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QRadioButton;
class RelationshipTableModel;
class ReviewHistory;

// "Bulk review…": decide the selection, or every row matching the current filter, optionally
// bounded by the score chart's threshold. A preview (BulkPlan) says how many rows change and
// from which status, with their score histogram; rows already in the target status are left
// out; the button names the number. The run goes through the undo history (one step) to the
// journal and the sync engine's bulk path, with done, failed, remaining, rate and time left;
// Cancel stops sending and withdraws what has not left, and what was sent stays.
class BulkReviewDialog : public QDialog
{
    Q_OBJECT
public:
    BulkReviewDialog(ReviewHistory* history, RelationshipTableModel* model,
                     QWidget* parent = nullptr);

    void setSelectedRows(const QList<int>& storeRows); // store rows; empty: no selection scope
    void setThreshold(double threshold);               // from ScoreChartsPanel::threshold()
    void setTarget(RelationshipStatus status);
    void setBound(BulkPlan::Bound bound);

    const BulkPlan& plan() const { return m_plan; }
    QPushButton* applyButton() const { return m_apply; }
    BulkPlanChart* histogram() const { return m_histogram; }
    QString progressText() const;
    bool isRunning() const { return m_running; }

public slots:
    void updatePlan();
    void apply();
    void cancelRun();

signals:
    void runFinished();

private:
    void updateProgress();

    ReviewHistory* m_history;
    RelationshipTableModel* m_model;
    QList<int> m_selection;
    BulkPlan m_plan;
    QRadioButton* m_scopeSelection = nullptr;
    QRadioButton* m_scopeFilter = nullptr;
    QComboBox* m_target = nullptr;
    QComboBox* m_bound = nullptr;
    QDoubleSpinBox* m_threshold = nullptr;
    QLabel* m_summary = nullptr;
    BulkPlanChart* m_histogram = nullptr;
    QLabel* m_progressLabel = nullptr;
    QProgressBar* m_progress = nullptr;
    QPushButton* m_apply = nullptr;
    QPushButton* m_cancel = nullptr;
    bool m_running = false;
    int m_step = -1;
    QElapsedTimer m_clock;
};
