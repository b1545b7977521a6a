#pragma once

#include "Relationship.h"
#include "ReviewHistory.h"

#include <QElapsedTimer>
#include <QFrame>
#include <QLabel>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <functional>

class QAction;
class QPushButton;
class QTableView;
class RelationshipTableModel;
class ReviewSession;
class ShortcutSettings;
class ShortcutsSheet;

// The non-modal offer shown after approving a relationship whose from column has other
// SUGGESTED targets: it names them and rejects them all with one key (X by default).
class CompetingTargetsBar : public QFrame
{
    Q_OBJECT
public:
    explicit CompetingTargetsBar(QWidget* parent = nullptr);
    void offer(const QString& text, int count, const QString& keyText);
    QString text() const;
    QPushButton* rejectButton() const { return m_reject; }

signals:
    void rejectRequested();
    void dismissed();

private:
    QLabel* m_text = nullptr;
    QPushButton* m_reject = nullptr;
};

// Keyboard triage over the relationships table: A approve, R reject, U reset to SUGGESTED act on
// the selected rows and move on to the next undecided row in view order (SUGGESTED and not
// pending; the move can be switched off); J/K move; Space asks for the inspector, / for the
// filter, ? shows every shortcut. Every key is remappable (ShortcutSettings, stored in QSettings).
// After an approval, the other SUGGESTED targets of the same from column are offered for
// rejection with one key. It counts what the status bar shows: decided this session, SUGGESTED
// left in view, decisions per minute and decisions waiting for delivery.
//
// Decisions go through a decider: by default ReviewSession::decide; the undo history installs
// its own so that each key press is one undo step.
class TriageController : public QObject
{
    Q_OBJECT
public:
    enum Command {
        Approve,
        Reject,
        Reset,
        Next,
        Previous,
        NextUndecided,
        ToggleInspector,
        FocusFilter,
        ShowShortcuts,
        RejectCompeting,
        ToggleAdvance,
        Undo,
        Redo,
        CommandCount
    };
    // storeRows, the new status, and a short description of the step ("Approve orders.cust_id →
    // customers.id", "Reject 3 competing targets"), for the undo history.
    using Decider = std::function<void(const QList<int>& storeRows, RelationshipStatus status,
                                       const QString& description)>;

    TriageController(QTableView* view, RelationshipTableModel* model, ReviewSession* session,
                     QObject* parent = nullptr);
    ~TriageController() override;

    void setDecider(Decider decider) { m_decider = std::move(decider); }
    // Makes every decision an undo step of `history` and gives the Undo and Redo actions (Ctrl+Z,
    // Ctrl+Shift+Z, window-wide; a text field's own undo wins while it has the focus) to it.
    void setHistory(ReviewHistory* history);
    ReviewHistory* history() const { return m_history; }
    QAction* action(Command command) const { return m_actions[command]; }
    // Right after a decision by key, 1-6 give it a reason (DecisionReason::choice()) for a few
    // seconds; the status bar says so. For tests: whether the keys are live, and the action.
    static constexpr int ReasonWindowMs = 8000;
    bool reasonKeysActive() const { return m_reasonStep >= 0; }
    QAction* reasonAction(int number) const { return m_reasonActions.value(number - 1); }
    QList<QAction*> actions() const;
    ShortcutSettings* shortcuts() const { return m_shortcuts; }
    CompetingTargetsBar* competingBar() const { return m_competingBar; }
    // A status-bar widget with the figures below; created on first call, owned by `parent`.
    QLabel* createStatusWidget(QWidget* parent);

    bool advances() const { return m_advance; }
    void setAdvances(bool advance); // stored in QSettings ("triage/advance")

    int decidedThisSession() const { return int(m_decidedRows.size()); }
    int suggestedLeftInView() const { return m_suggestedLeft; }
    double decisionsPerMinute() const;
    int pendingDelivery() const;
    QString figuresText() const;

    // The rows the last approval offers to reject (empty when nothing is offered).
    const QList<int>& competingRows() const { return m_competingRows; }
    QList<int> selectedStoreRows() const;
    // The next undecided row after `viewRow` in view order (wrapping to the top), or -1.
    int nextUndecidedViewRow(int viewRow) const;
    bool isUndecided(int storeRow) const;

public slots:
    void decide(RelationshipStatus status);
    void moveBy(int delta);
    void moveToNextUndecided();
    void rejectCompeting();
    void dismissCompeting();
    void showShortcutsSheet();
    void showShortcutSettings();
    void recountNow(); // skip the debounce (tests)

signals:
    void inspectorToggleRequested();
    void filterFocusRequested();
    void decided(const QList<int>& storeRows, RelationshipStatus status);
    void figuresChanged();
    void message(const QString& text); // for the status bar: "No undecided rows left in view"

private:
    void createActions();
    void setCurrentViewRow(int viewRow);
    void offerCompeting(const QList<int>& approvedRows);
    QString describe(const QList<int>& storeRows, RelationshipStatus status) const;
    QString relationshipLabel(int storeRow) const;
    void scheduleRecount();
    void noteDecisions(const QList<int>& storeRows);
    void createReasonActions();
    void offerReason(int step, RelationshipStatus status);
    void endReasonOffer();
    void giveReason(int number);

    QTableView* m_view;
    RelationshipTableModel* m_model;
    QPointer<ReviewSession> m_session;
    QPointer<ReviewHistory> m_history;
    Decider m_decider;
    ShortcutSettings* m_shortcuts;
    QAction* m_actions[CommandCount] = {};
    CompetingTargetsBar* m_competingBar = nullptr;
    QPointer<ShortcutsSheet> m_sheet;
    QPointer<QLabel> m_statusWidget;
    bool m_advance = true;

    QSet<int> m_decidedRows;
    QList<qint64> m_decisionTimes; // ms on m_clock, one per row decided by key
    QElapsedTimer m_clock;
    QList<int> m_competingRows;
    int m_suggestedLeft = 0;
    quint64 m_countedSetGeneration = 0; // RelationshipTableModel::visibleSetGeneration() counted
    QTimer m_recount;
    QList<QAction*> m_reasonActions; // keys 1-6
    int m_reasonStep = -1;           // the history step the keys give a reason to, -1: none
    QTimer m_reasonWindow;
};
