#pragma once

#include "ConnectionProfile.h"
#include "Relationship.h"

#include <QMainWindow>
#include <QPointer>

class ComparisonActions;
class CredentialStore;
class Origin;
class OriginConfirmationDialog;
class FilterBar;
class GraphPane;
class HistoryPanel;
class ReviewHistory;
class TriageController;
class DecisionNotes;
class EvidenceInspector;
class QDockWidget;
class ScoreChartsPanel;
class SchemaActions;
class SnapshotActions;
class SyncPanel;
class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableView;
class QTimer;
class QToolButton;
class QWidget;
class RelationshipStore;
class RelationshipTableModel;
class ReviewSession;

// The review window: the relationships table with its filter bar, the review actions and the
// status bar. It only talks to the ReviewSession; it never builds a request or a query.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(ReviewSession* session, QWidget* parent = nullptr);
    ~MainWindow() override;

    QTableView* table() const { return m_table; }
    RelationshipTableModel* model() const { return m_model; }
    EvidenceInspector* inspector() const { return m_inspector; }
    DecisionNotes* decisionNotes() const { return m_decisionNotes; }
    ScoreChartsPanel* charts() const { return m_charts; }
    FilterBar* filterBar() const { return m_filterBar; }
    TriageController* triage() const { return m_triage; }
    ReviewHistory* history() const { return m_history; }
    GraphPane* graphPane() const { return m_graphPane; }

    // Restores geometry, dock layout and column widths saved by an earlier run; the first run
    // (nothing saved) fits the window to the screen (fitToScreen).
    void restoreLayout();
    void resetLayout();
    // Most of the screen's available area (ScreenShare of each side), centred; the whole of a
    // screen on which that would be smaller than the default size (maximised, and sized so even
    // without a window manager to maximise it).
    void fitToScreen();
    static constexpr double ScreenShare = 0.85;
    static constexpr QSize DefaultSize{1280, 780};

public slots:
    void showConnectionDialog();
    void openSnapshotDialog();
    void showBulkReview();
    void reload();
    // Selects the relationship in the table (clearing the filter if it hides it).
    void showRelationship(const QUuid& id);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createActions();
    void createDocks();
    void createMenus();
    void createToolBar();
    void createFilterBar(QWidget* parent);
    void createStatusBar();
    void keepCurrentRowVisible();
    void updateStatusBar();
    void updateActions();
    void onLoadStarted(const QString& what);
    void onLoadProgress(qint64 done, qint64 total);
    void onLoadFinished(bool ok, const QString& message);
    void onTokenRequired(const QString& reason);
    // Asks once per origin whether a snapshot's decisions may go to its server (see
    // ReviewSession::originConfirmationRequired).
    void confirmOrigin(const Origin& target, const Origin& tokenOrigin);
    void saveLayout();
    void showAbout();

    ReviewSession* m_session;
    RelationshipStore* m_store;
    RelationshipTableModel* m_model;
    CredentialStore* m_credentials;
    QTableView* m_table = nullptr;
    EvidenceInspector* m_inspector = nullptr;
    DecisionNotes* m_decisionNotes = nullptr; // in the inspector: earlier decisions, reason
    ScoreChartsPanel* m_charts = nullptr;
    QDockWidget* m_inspectorDock = nullptr;
    QDockWidget* m_chartsDock = nullptr;
    SyncPanel* m_syncPanel = nullptr;
    QDockWidget* m_syncDock = nullptr;
    HistoryPanel* m_historyPanel = nullptr;
    QDockWidget* m_historyDock = nullptr;
    GraphPane* m_graphPane = nullptr;
    QDockWidget* m_graphDock = nullptr;
    QAction* m_bulkReviewAction = nullptr;
    SnapshotActions* m_snapshots = nullptr;
    SchemaActions* m_schemaActions = nullptr; // import table names, export approved
    ComparisonActions* m_comparisons = nullptr;
    QAction* m_uncertainOrderAction = nullptr;
    QAction* m_syncNowAction = nullptr;
    FilterBar* m_filterBar = nullptr;
    TriageController* m_triage = nullptr;
    ReviewHistory* m_history = nullptr;
    QPointer<OriginConfirmationDialog> m_originDialog;
    QWidget* m_banner = nullptr;
    QLabel* m_bannerText = nullptr;
    QLabel* m_rowsLabel = nullptr;
    QLabel* m_requestsLabel = nullptr;
    QLabel* m_errorLabel = nullptr;
    QProgressBar* m_loadProgress = nullptr;
    QToolButton* m_cancelLoad = nullptr;
    QAction* m_connectAction = nullptr;
    QAction* m_openSnapshotAction = nullptr;
    QAction* m_reloadAction = nullptr;
    QAction* m_resetLayoutAction = nullptr;
    QByteArray m_defaultState;
};
