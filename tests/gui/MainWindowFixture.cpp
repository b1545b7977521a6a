#include "MainWindowFixture.h"

#include "CredentialStore.h"
#include "DecisionJournal.h"
#include "DevServerProcess.h"
#include "EvidenceInspector.h"
#include "FilterBar.h"
#include "HistoryPanel.h"
#include "MainWindow.h"
#include "RelationshipStore.h"
#include "RelationshipTableModel.h"
#include "ReviewSession.h"
#include "ScoreChartsPanel.h"
#include "SnapshotActions.h"
#include "SyncPanel.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QChartView>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QGraphicsSimpleTextItem>
#include <QGraphicsTextItem>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QTableView>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace {

// Where the fixture's scratch folders go: inside the folder CTest gives the test (nothing lands
// in /tmp), else the system's temporary folder.
QString scratchTemplate()
{
    const QString base = qEnvironmentVariable(DecisionJournal::DataDirVariable);
    if (base.isEmpty() || !QDir().mkpath(base)) {
        return QDir::temp().filePath(u"relreview-gui-XXXXXX"_s);
    }
    return QDir(base).filePath(u"fixture-XXXXXX"_s);
}

} // namespace

MainWindowFixture::MainWindowFixture()
    : MainWindowFixture(Options{})
{}

MainWindowFixture::MainWindowFixture(const Options& options)
    : m_scratch(scratchTemplate())
    , m_restoreLayoutOnStart(options.restoreLayoutOnStart)
{
    m_hadDataDir = qEnvironmentVariableIsSet(DecisionJournal::DataDirVariable);
    m_previousDataDir = qgetenv(DecisionJournal::DataDirVariable);
    m_dataDir = options.dataDir.isEmpty() ? m_scratch.filePath(u"data"_s) : options.dataDir;
    qputenv(DecisionJournal::DataDirVariable, QFile::encodeName(m_dataDir));
    // Tokens stay in memory: a test never reads or writes the analyst's keychain.
    qputenv(CredentialStore::DisableKeychainVariable, "1");
    // Export results go to the status bar, never to a modal box that would wait for a click.
    SnapshotActions::setMessageBoxesEnabled(false);
    if (QCoreApplication::organizationName().isEmpty()) {
        QCoreApplication::setOrganizationName(u"relreview-tests"_s);
    }
    if (options.clearSettings) {
        QSettings().clear();
    }
}

MainWindowFixture::~MainWindowFixture()
{
    destroyWindow();
    SnapshotActions::setFileNameProviderForTests({});
    if (m_hadDataDir) {
        qputenv(DecisionJournal::DataDirVariable, m_previousDataDir);
    } else {
        qunsetenv(DecisionJournal::DataDirVariable);
    }
}

bool MainWindowFixture::start(DevServerProcess* server, const QString& token)
{
    if (server) {
        m_profile = ConnectionProfile();
        m_profile.baseUrl = server->baseUrl();
        m_profile.integrationSourceId = server->sourceId();
        m_token = token.isNull() ? server->token() : token;
        m_hasServer = true;
    }
    return createWindow(m_restoreLayoutOnStart);
}

bool MainWindowFixture::restart()
{
    if (m_window && m_window->isVisible() && !m_window->close()) {
        return false;
    }
    destroyWindow();
    return createWindow(true);
}

bool MainWindowFixture::close()
{
    return m_window && m_window->close();
}

bool MainWindowFixture::createWindow(bool restoreLayout)
{
    m_store = std::make_unique<RelationshipStore>();
    m_session = std::make_unique<ReviewSession>(m_store.get());
    if (m_hasServer) {
        m_session->setProfile(m_profile);
        if (!m_token.isEmpty()) {
            m_session->setToken(m_token);
        }
    }
    QObject::connect(m_session.get(), &ReviewSession::loadFinished, m_session.get(),
                     [this](bool ok, const QString& message) {
                         m_lastLoadOk = ok;
                         m_lastLoadMessage = message;
                     });
    m_window = std::make_unique<MainWindow>(m_session.get());
    if (restoreLayout) {
        m_window->restoreLayout();
    }
    m_window->show();
    if (!QTest::qWaitForWindowExposed(m_window.get())) {
        qWarning("MainWindowFixture: the window was not exposed");
        return false;
    }
    if (!activate()) {
        qWarning("MainWindowFixture: the window did not become active");
        return false;
    }
    return true;
}

bool MainWindowFixture::activate()
{
    // Keys reach the focused widget of the active window only (shortcuts included): a dialog
    // that has just closed may leave no window active.
    if (QApplication::activeWindow() == m_window.get()) {
        return true;
    }
    m_window->activateWindow();
    return QTest::qWaitForWindowActive(m_window.get());
}

void MainWindowFixture::destroyWindow()
{
    m_window.reset();
    m_session.reset();
    m_store.reset();
}

bool MainWindowFixture::waitForLoad(int timeoutMs)
{
    if (!m_session) {
        return false;
    }
    if (!QTest::qWaitFor([this] { return !m_session->isLoading(); }, timeoutMs)) {
        qWarning("MainWindowFixture: the load did not end within %d ms", timeoutMs);
        return false;
    }
    return m_lastLoadOk;
}

bool MainWindowFixture::loadLive(int timeoutMs)
{
    QAction* reload = action(u"reloadAction"_s);
    if (!reload || !reload->isEnabled()) {
        qWarning("MainWindowFixture: File → Reload is not available");
        return false;
    }
    bool finished = false;
    bool ok = false;
    const QMetaObject::Connection connection = QObject::connect(
        m_session.get(), &ReviewSession::loadFinished, m_session.get(), [&](bool success) {
            finished = true;
            ok = success;
        });
    reload->trigger();
    const bool ended = QTest::qWaitFor([&] { return finished; }, timeoutMs);
    QObject::disconnect(connection);
    if (!ended) {
        qWarning("MainWindowFixture: the live load did not end within %d ms", timeoutMs);
    }
    return ended && ok;
}

bool MainWindowFixture::openSnapshot(const QString& path, int timeoutMs)
{
    QAction* open = action(u"openSnapshotAction"_s);
    if (!open) {
        return false;
    }
    open->trigger();
    bool finished = false;
    bool ok = false;
    const QMetaObject::Connection connection = QObject::connect(
        m_session.get(), &ReviewSession::loadFinished, m_session.get(), [&](bool success) {
            finished = true;
            ok = success;
        });
    // As the analyst picks the file: the dialog hands it to the window, which opens it.
    const bool chosen = chooseFile(path, u"openSnapshotFileDialog"_s);
    const bool ended = chosen && QTest::qWaitFor([&] { return finished; }, timeoutMs);
    QObject::disconnect(connection);
    if (!ended) {
        qWarning("MainWindowFixture: opening %s did not end within %d ms", qPrintable(path),
                 timeoutMs);
    }
    return ended && ok;
}

bool MainWindowFixture::chooseFile(const QString& path, const QString& dialogName, int timeoutMs)
{
    // A dialog closed before (deleted on close, later) may still be among the children: only a
    // visible one is the one the action just opened.
    QFileDialog* dialog = nullptr;
    const auto visibleDialog = [&] {
        const QList<QFileDialog*> dialogs = m_window->findChildren<QFileDialog*>();
        for (QFileDialog* candidate : dialogs) {
            if (candidate->isVisible() &&
                (dialogName.isEmpty() || candidate->objectName() == dialogName)) {
                dialog = candidate;
                return true;
            }
        }
        return false;
    };
    if (!QTest::qWaitFor(visibleDialog, timeoutMs)) {
        qWarning("MainWindowFixture: no file dialog %s was shown", qPrintable(dialogName));
        return false;
    }
    auto* fileName = dialog->findChild<QLineEdit*>(u"fileNameEdit"_s);
    if (!fileName) {
        qWarning("MainWindowFixture: the file dialog has no file name field");
        return false;
    }
    fileName->setText(path);
    static_cast<QDialog*>(dialog)->accept(); // QFileDialog::accept(), as the Open button
    const QPointer<QFileDialog> guard(dialog);
    const bool closed = QTest::qWaitFor([&] { return !guard || !guard->isVisible(); }, timeoutMs);
    if (!closed) {
        qWarning("MainWindowFixture: the file dialog did not take %s", qPrintable(path));
    }
    activate(); // the file dialog has closed
    return closed;
}

QTableView* MainWindowFixture::table() const
{
    return find<QTableView>(u"relationshipsTable"_s);
}

RelationshipTableModel* MainWindowFixture::model() const
{
    QTableView* view = table();
    return view ? qobject_cast<RelationshipTableModel*>(view->model()) : nullptr;
}

FilterBar* MainWindowFixture::filterBar() const
{
    return find<FilterBar>(u"filterBar"_s);
}

EvidenceInspector* MainWindowFixture::inspector() const
{
    return find<EvidenceInspector>();
}

ScoreChartsPanel* MainWindowFixture::charts() const
{
    return find<ScoreChartsPanel>();
}

SyncPanel* MainWindowFixture::syncPanel() const
{
    return find<SyncPanel>();
}

HistoryPanel* MainWindowFixture::historyPanel() const
{
    return find<HistoryPanel>();
}

TriageController* MainWindowFixture::triage() const
{
    return m_window ? m_window->triage() : nullptr;
}

ReviewHistory* MainWindowFixture::history() const
{
    return m_window ? m_window->history() : nullptr;
}

QDockWidget* MainWindowFixture::dock(const QString& objectName) const
{
    return find<QDockWidget>(objectName);
}

QAction* MainWindowFixture::action(const QString& objectName) const
{
    return find<QAction>(objectName);
}

QLabel* MainWindowFixture::label(const QString& objectName) const
{
    return find<QLabel>(objectName);
}

void MainWindowFixture::focusRow(int viewRow)
{
    activate();
    QTableView* view = table();
    view->setFocus();
    view->selectionModel()->setCurrentIndex(model()->index(viewRow, 0),
                                            QItemSelectionModel::ClearAndSelect |
                                                QItemSelectionModel::Rows);
}

void MainWindowFixture::selectRows(int first, int last)
{
    focusRow(first);
    table()->selectionModel()->select(
        QItemSelection(model()->index(first, 0), model()->index(last, 0)),
        QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

int MainWindowFixture::currentRow() const
{
    return table()->currentIndex().row();
}

QUuid MainWindowFixture::currentId() const
{
    return table()->currentIndex().data(RelationshipTableModel::RelationshipIdRole).toUuid();
}

QUuid MainWindowFixture::idAt(int viewRow) const
{
    return model()->index(viewRow, 0).data(RelationshipTableModel::RelationshipIdRole).toUuid();
}

int MainWindowFixture::storeRow(int viewRow) const
{
    return model()->storeRow(viewRow);
}

int MainWindowFixture::viewRowOf(const QUuid& id) const
{
    const std::optional<int> row = m_store->rows().rowOf(id);
    return row ? model()->viewRow(*row) : -1;
}

int MainWindowFixture::rowCount() const
{
    return model()->rowCount();
}

bool MainWindowFixture::applyFilter(const QString& query, int timeoutMs)
{
    FilterBar* bar = filterBar();
    auto* edit = bar ? bar->findChild<QLineEdit*>(u"filterEdit"_s) : nullptr;
    if (!edit) {
        return false;
    }
    bar->focusFilter();
    edit->selectAll();
    if (query.isEmpty()) {
        QTest::keyClick(edit, Qt::Key_Delete);
    } else {
        QTest::keyClicks(edit, query);
    }
    // Enter applies at once; the runner drops any pass it supersedes, so the first answer after
    // Enter is this query's.
    bool applied = false;
    const QMetaObject::Connection connection =
        QObject::connect(bar, &FilterBar::filterApplied, bar, [&] { applied = true; });
    QTest::keyClick(edit, Qt::Key_Return);
    (void)QTest::qWaitFor([&] { return applied; }, timeoutMs); // `applied` says how it ended
    QObject::disconnect(connection);
    applied = applied && bar->appliedQuery() == query.trimmed();
    if (!applied) {
        qWarning("MainWindowFixture: the filter '%s' was not applied (applied: '%s')",
                 qPrintable(query), qPrintable(bar->appliedQuery()));
    }
    return applied;
}

QString MainWindowFixture::statusMessage() const
{
    return m_window->statusBar()->currentMessage();
}

QString MainWindowFixture::rowsText() const
{
    QLabel* rows = label(u"rowsLabel"_s);
    return rows ? rows->text() : QString();
}

QString MainWindowFixture::pendingText() const
{
    QLabel* pending = label(u"pendingLabel"_s);
    return pending ? pending->text() : QString();
}

void MainWindowFixture::answerNextMessageBox(const QString& button)
{
    auto* timer = new QTimer;
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, button] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        if (!box) {
            return;
        }
        for (QAbstractButton* candidate : box->buttons()) {
            if (candidate->text() == button) {
                timer->deleteLater();
                candidate->click();
                return;
            }
        }
    });
    timer->start();
}

QStringList MainWindowFixture::truncatedChartTexts(const QChartView* view)
{
    QStringList found;
    for (const QGraphicsItem* item : view->scene()->items()) {
        QString text;
        if (const auto* rich = qgraphicsitem_cast<const QGraphicsTextItem*>(item)) {
            text = rich->toPlainText();
        } else if (const auto* plain = qgraphicsitem_cast<const QGraphicsSimpleTextItem*>(item)) {
            text = plain->text();
        } else {
            continue;
        }
        if (item->isVisible() && text.trimmed().endsWith(u"..."_s)) {
            found.append(text);
        }
    }
    return found;
}
