#pragma once

// The real main window for GUI tests: every GUI test opens relreview's own MainWindow through
// this fixture, so that the tests exercise the wiring the application ships (no hand-built copy
// of it to drift). It isolates each test (a data folder of its own, settings cleared, no
// keychain, no blocking message boxes or file dialogs), loads a live list from the development
// server or opens a snapshot file the way an analyst would (the Reload and Open actions), and
// offers the look-ups the tests share.
#include "ConnectionProfile.h"

#include <QPointer>
#include <QString>
#include <QTemporaryDir>
#include <QUuid>

#include <memory>

class DevServerProcess;
class EvidenceInspector;
class FilterBar;
class HistoryPanel;
class MainWindow;
class QAction;
class QChartView;
class QDockWidget;
class QLabel;
class QTableView;
class RelationshipStore;
class RelationshipTableModel;
class ReviewHistory;
class ReviewSession;
class ScoreChartsPanel;
class SyncPanel;
class TriageController;

class MainWindowFixture
{
public:
    struct Options
    {
        // The decision journal's folder (RELREVIEW_DATA_DIR); empty: a fresh one of its own.
        QString dataDir;
        // Clears the application's settings first (shortcuts, filters, the window layout).
        bool clearSettings = true;
        // start() restores the saved layout before the window shows, as the application does
        // (with the settings cleared: a first launch). Otherwise the window opens at its
        // default size and only restart() restores.
        bool restoreLayoutOnStart = false;
    };

    MainWindowFixture();
    explicit MainWindowFixture(const Options& options);
    ~MainWindowFixture();
    MainWindowFixture(const MainWindowFixture&) = delete;
    MainWindowFixture& operator=(const MainWindowFixture&) = delete;

    // Creates the session and the window, pointed at `server` (with its token, or `token` when
    // given) when there is one, shows it and waits until it is exposed and active. No load yet.
    // False when the window did not show.
    bool start(DevServerProcess* server = nullptr, const QString& token = QString());
    // As the next run of the application: the window is closed (saving its layout) and a new
    // session and window, with the same data folder, settings, server and token, open in their
    // place (with the layout restored). The list is not loaded again.
    bool restart();
    // Closes the window (saving the layout, asking what closing asks); true when it closed.
    bool close();

    // Loads the server's list with File → Reload and waits until the load ends; its outcome.
    bool loadLive(int timeoutMs = 30000);
    // Opens a snapshot or list file with File → Open snapshot… (the file dialog answered as the
    // analyst would) and waits until the load ends; its outcome.
    bool openSnapshot(const QString& path, int timeoutMs = 30000);
    // Picks `path` in the window's visible file dialog (the one named `dialogName`, or any when
    // empty) as an analyst does: the path typed into its "File name" field, then Open. True once
    // the dialog accepted it and closed. (QFileDialog::selectFile() leaves that field alone while
    // it has the keyboard focus, which a real display gives it: it cannot stand in for typing.)
    bool chooseFile(const QString& path, const QString& dialogName = QString(),
                    int timeoutMs = 5000);
    // Waits for the load already under way; its outcome (false on timeout).
    bool waitForLoad(int timeoutMs = 30000);
    QString lastLoadMessage() const { return m_lastLoadMessage; }

    // A scratch folder for input files, removed with the fixture.
    const QTemporaryDir& scratch() const { return m_scratch; }
    QString dataDir() const { return m_dataDir; }

    MainWindow* window() const { return m_window.get(); }
    ReviewSession* session() const { return m_session.get(); }
    RelationshipStore* store() const { return m_store.get(); }
    QTableView* table() const;
    RelationshipTableModel* model() const;
    FilterBar* filterBar() const;
    EvidenceInspector* inspector() const;
    ScoreChartsPanel* charts() const;
    SyncPanel* syncPanel() const;
    HistoryPanel* historyPanel() const;
    TriageController* triage() const;
    ReviewHistory* history() const;
    QDockWidget* dock(const QString& objectName) const; // inspectorDock, chartsDock, syncDock, …
    QAction* action(const QString& objectName) const;   // approveAction, syncNowAction, …
    QLabel* label(const QString& objectName) const;
    template<typename T>
    T* find(const QString& objectName = QString()) const;

    // Makes the window the active one (where keys go); false when it did not become active.
    bool activate();
    // The keyboard to the table, on `viewRow` (selected and current).
    void focusRow(int viewRow);
    // Selects view rows [first, last] (current on `first`), the keyboard on the table.
    void selectRows(int first, int last);
    int currentRow() const;
    QUuid currentId() const;
    QUuid idAt(int viewRow) const;
    int storeRow(int viewRow) const;
    int viewRowOf(const QUuid& id) const; // -1 when not shown
    int rowCount() const;

    // Types `query` into the filter bar and presses Enter; true once it is applied (and the
    // table shows its rows). The keyboard goes back to the table, as Enter does.
    bool applyFilter(const QString& query, int timeoutMs = 10000);

    // The status bar: its transient message, and the "n of m shown" and pending counts.
    QString statusMessage() const;
    QString rowsText() const;
    QString pendingText() const;

    // Answers the next modal message box the window asks with the button labelled `button`.
    static void answerNextMessageBox(const QString& button);

    // The texts a chart draws that Qt Charts cut short: it puts "..." in place of what does not
    // fit its label box (an axis label on a display whose font is taller than the box, say).
    static QStringList truncatedChartTexts(const QChartView* view);

private:
    bool createWindow(bool restoreLayout);
    void destroyWindow();

    QTemporaryDir m_scratch;
    QString m_dataDir;
    QByteArray m_previousDataDir;
    bool m_hadDataDir = false;
    ConnectionProfile m_profile;
    QString m_token;
    bool m_hasServer = false;
    std::unique_ptr<RelationshipStore> m_store;
    std::unique_ptr<ReviewSession> m_session;
    std::unique_ptr<MainWindow> m_window;
    QString m_lastLoadMessage;
    bool m_lastLoadOk = false;
    bool m_restoreLayoutOnStart = false;
};

#include "MainWindow.h"

template<typename T>
T* MainWindowFixture::find(const QString& objectName) const
{
    return m_window ? m_window->findChild<T*>(objectName) : nullptr;
}
