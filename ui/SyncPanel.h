#pragma once

#include "DecisionJournal.h"

#include <QLabel>
#include <QPointer>
#include <QUuid>
#include <QWidget>

class QProgressBar;
class QPushButton;
class QTableWidget;
class RelationshipStore;
class SyncEngine;
struct SyncSummary;

// The sync panel (meant for a dock): how many decisions are pending, sent, confirmed, failed
// and conflicting; "Sync now" and "Retry failed"; a progress bar while a run is under way; and
// the conflicts, each with the analyst's status and the server's, resolved with "Keep mine" or
// "Take server's". It talks only to the SyncEngine; it builds no request and no query.
class SyncPanel : public QWidget
{
    Q_OBJECT
public:
    explicit SyncPanel(SyncEngine* engine, RelationshipStore* store = nullptr,
                       QWidget* parent = nullptr);

    // Re-reads the counts and the conflicts (after a new source or snapshot was opened).
    void refresh();

    // For tests and for the main window's shortcuts.
    QPushButton* syncButton() const { return m_syncButton; }
    QPushButton* retryButton() const { return m_retryButton; }
    QPushButton* keepMineButton() const { return m_keepMineButton; }
    QPushButton* takeServerButton() const { return m_takeServerButton; }
    QTableWidget* conflictTable() const { return m_conflicts; }
    QProgressBar* progressBar() const { return m_progress; }
    QString countText(DecisionState state) const; // what the panel shows for that state

signals:
    // A conflict was double-clicked: the window shows that relationship.
    void relationshipActivated(const QUuid& relationshipId);

private:
    void showCounts(const DecisionCounts& counts);
    void showProgress(int settled, int total);
    void onBusyChanged(bool busy);
    void onSyncFinished(const SyncSummary& summary);
    void fillConflicts();
    void resolveSelected(int resolution);
    void updateButtons();
    QString relationshipLabel(const QUuid& id) const;

    QPointer<SyncEngine> m_engine;
    QPointer<RelationshipStore> m_store;
    QLabel* m_countLabels[DecisionStateCount] = {};
    QLabel* m_status = nullptr;
    QProgressBar* m_progress = nullptr;
    QPushButton* m_syncButton = nullptr;
    QPushButton* m_retryButton = nullptr;
    QTableWidget* m_conflicts = nullptr;
    QPushButton* m_keepMineButton = nullptr;
    QPushButton* m_takeServerButton = nullptr;
    DecisionCounts m_counts;
    bool m_resolving = false; // rebuild the conflict list once after resolving many
};

// For the status bar: "12 pending", "3 conflicts", or "All decisions delivered"; the tooltip
// has every count. Clicking it asks to show the sync panel.
class PendingCountLabel : public QLabel
{
    Q_OBJECT
public:
    explicit PendingCountLabel(SyncEngine* engine, QWidget* parent = nullptr);

signals:
    void clicked();

protected:
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    void showCounts(const DecisionCounts& counts);
};
