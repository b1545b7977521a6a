#include "MainWindow.h"

#include "CommandLine.h"
#include "ConnectionDialog.h"
#include "CredentialStore.h"
#include "EvidenceInspector.h"
#include "RelationshipDelegate.h"
#include "RelationshipTableModel.h"
#include "ReviewSession.h"
#include "ScoreChartsPanel.h"
#include "SnapshotActions.h"
#include "SyncEngine.h"
#include "SyncPanel.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QShortcut>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

// Column widths chosen for the demo data's names; users resize and the widths are remembered.
constexpr int DefaultColumnWidths[RelationshipTableModel::ColumnCount] = {240, 140, 120, 95,
                                                                          110, 75,  140};

QString groupedNumber(qint64 value)
{
    return QLocale().toString(value);
}

} // namespace

MainWindow::MainWindow(ReviewSession* session, QWidget* parent)
    : QMainWindow(parent)
    , m_session(session)
    , m_store(session->store())
    , m_model(new RelationshipTableModel(session->store(), this))
    , m_credentials(new CredentialStore(this))
{
    setObjectName(u"MainWindow"_s);
    setWindowTitle(tr("relreview"));
    setWindowIcon(QIcon(u":/relreview/relreview.svg"_s));

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->setSpacing(6);

    // A banner, not a modal dialog, when the token is rejected: the analyst sees what happened
    // and can keep reading while nothing is sent.
    m_banner = new QWidget(central);
    m_banner->setObjectName(u"tokenBanner"_s);
    m_banner->setAutoFillBackground(true);
    {
        QPalette palette = m_banner->palette();
        palette.setColor(QPalette::Window, QColor(0xfd, 0xec, 0xc8));
        palette.setColor(QPalette::WindowText, QColor(0x5a, 0x3b, 0x00));
        m_banner->setPalette(palette);
        auto* bannerLayout = new QHBoxLayout(m_banner);
        bannerLayout->setContentsMargins(10, 6, 10, 6);
        m_bannerText = new QLabel(m_banner);
        m_bannerText->setWordWrap(true);
        auto* enterToken = new QPushButton(tr("Enter token…"), m_banner);
        enterToken->setObjectName(u"enterTokenButton"_s);
        connect(enterToken, &QPushButton::clicked, this, &MainWindow::showConnectionDialog);
        bannerLayout->addWidget(m_bannerText, 1);
        bannerLayout->addWidget(enterToken);
    }
    m_banner->hide();
    layout->addWidget(m_banner);

    createFilterBar(central);

    m_table = new QTableView(central);
    m_table->setObjectName(u"relationshipsTable"_s);
    m_table->setAccessibleName(tr("Relationships"));
    m_table->setModel(m_model);
    m_table->setItemDelegate(new RelationshipDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(RelationshipTableModel::ScoreColumn, Qt::DescendingOrder);
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setTabKeyNavigation(false);
    // Uniform rows and fixed header sizing: a million rows must not be measured one by one.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->verticalHeader()->hide();
    QHeaderView* header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionsMovable(true);
    header->setStretchLastSection(true);
    header->setHighlightSections(false);
    for (int column = 0; column < RelationshipTableModel::ColumnCount; ++column) {
        header->resizeSection(column, DefaultColumnWidths[column]);
    }
    layout->addWidget(m_table, 1);
    setCentralWidget(central);

    createActions();
    createDocks();
    createMenus();
    createToolBar();
    createStatusBar();

    connect(m_session, &ReviewSession::loadStarted, this, &MainWindow::onLoadStarted);
    connect(m_session, &ReviewSession::loadProgress, this, &MainWindow::onLoadProgress);
    connect(m_session, &ReviewSession::loadFinished, this, &MainWindow::onLoadFinished);
    connect(m_session, &ReviewSession::tokenRequired, this, &MainWindow::onTokenRequired);
    connect(m_session, &ReviewSession::requestsInFlightChanged, this, &MainWindow::updateStatusBar);
    connect(m_session, &ReviewSession::lastErrorChanged, this, &MainWindow::updateStatusBar);
    connect(m_store, &RelationshipStore::pendingCountChanged, this, &MainWindow::updateStatusBar);
    connect(m_model, &RelationshipTableModel::visibleRowsChanged, this,
            &MainWindow::updateStatusBar);
    connect(m_model, &QAbstractItemModel::modelReset, this, &MainWindow::updateStatusBar);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::updateActions);

    m_defaultState = saveState();
    resize(1280, 780);
    updateStatusBar();
    updateActions();
}

MainWindow::~MainWindow() = default;

void MainWindow::createFilterBar(QWidget* parent)
{
    auto* bar = new QWidget(parent);
    bar->setObjectName(u"filterBar"_s);
    auto* row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(8);

    m_textFilter = new QLineEdit(bar);
    m_textFilter->setObjectName(u"textFilter"_s);
    m_textFilter->setAccessibleName(tr("Filter text"));
    m_textFilter->setPlaceholderText(tr("Filter by table, column or id   ( / )"));
    m_textFilter->setClearButtonEnabled(true);

    m_statusFilter = new QComboBox(bar);
    m_statusFilter->setObjectName(u"statusFilter"_s);
    m_statusFilter->setAccessibleName(tr("Status filter"));
    m_statusFilter->addItem(tr("All statuses"), -1);
    for (auto status : {RelationshipStatus::Suggested, RelationshipStatus::Approved,
                        RelationshipStatus::Rejected, RelationshipStatus::Unknown}) {
        const QString label =
            status == RelationshipStatus::Unknown ? tr("Other status") : statusDisplayName(status);
        m_statusFilter->addItem(label, int(status));
    }

    m_typeFilter = new QComboBox(bar);
    m_typeFilter->setObjectName(u"typeFilter"_s);
    m_typeFilter->setAccessibleName(tr("Type filter"));
    m_typeFilter->addItem(tr("All types"), -1);
    for (auto type : {RelationshipType::ForeignKey, RelationshipType::Inferred,
                      RelationshipType::Manual, RelationshipType::Unknown}) {
        const QString label =
            type == RelationshipType::Unknown ? tr("Other type") : typeDisplayName(type);
        m_typeFilter->addItem(label, int(type));
    }

    auto* statusLabel = new QLabel(tr("&Status:"), bar);
    statusLabel->setBuddy(m_statusFilter);
    auto* typeLabel = new QLabel(tr("T&ype:"), bar);
    typeLabel->setBuddy(m_typeFilter);
    row->addWidget(m_textFilter, 1);
    row->addWidget(statusLabel);
    row->addWidget(m_statusFilter);
    row->addWidget(typeLabel);
    row->addWidget(m_typeFilter);

    // Typing filters after a short pause so that a million rows are scanned once per word, not
    // once per key; the combo boxes apply at once.
    m_filterDebounce = new QTimer(this);
    m_filterDebounce->setSingleShot(true);
    m_filterDebounce->setInterval(150);
    connect(m_filterDebounce, &QTimer::timeout, this, &MainWindow::applyFilter);
    connect(m_textFilter, &QLineEdit::textChanged, m_filterDebounce, qOverload<>(&QTimer::start));
    connect(m_textFilter, &QLineEdit::returnPressed, this, [this] {
        applyFilter();
        m_table->setFocus();
    });
    connect(m_statusFilter, &QComboBox::currentIndexChanged, this, &MainWindow::applyFilter);
    connect(m_typeFilter, &QComboBox::currentIndexChanged, this, &MainWindow::applyFilter);

    static_cast<QVBoxLayout*>(parent->layout())->addWidget(bar);
}

void MainWindow::createActions()
{
    auto makeDecision = [this](const QString& text, Qt::Key key, RelationshipStatus status,
                               const QString& name) {
        auto* action = new QAction(text, this);
        action->setObjectName(name);
        action->setShortcut(QKeySequence(key));
        // Only while the table has focus: typing "a" in the filter must not approve anything.
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        action->setToolTip(u"%1 (%2)"_s.arg(text.split(u'\t').first().remove(u'&'),
                                            QKeySequence(key).toString(QKeySequence::NativeText)));
        connect(action, &QAction::triggered, this, [this, status] { decideSelected(status); });
        m_table->addAction(action);
        return action;
    };
    m_approveAction =
        makeDecision(tr("&Approve"), Qt::Key_A, RelationshipStatus::Approved, u"approveAction"_s);
    m_rejectAction =
        makeDecision(tr("&Reject"), Qt::Key_R, RelationshipStatus::Rejected, u"rejectAction"_s);
    m_resetAction = makeDecision(tr("Reset to &suggested"), Qt::Key_U,
                                 RelationshipStatus::Suggested, u"resetAction"_s);

    m_connectAction = new QAction(tr("&Connect…"), this);
    m_connectAction->setObjectName(u"connectAction"_s);
    m_connectAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    connect(m_connectAction, &QAction::triggered, this, &MainWindow::showConnectionDialog);

    m_openSnapshotAction = new QAction(tr("&Open snapshot…"), this);
    m_openSnapshotAction->setShortcut(QKeySequence::Open);
    connect(m_openSnapshotAction, &QAction::triggered, this, &MainWindow::openSnapshotDialog);

    m_reloadAction = new QAction(tr("Re&load"), this);
    m_reloadAction->setShortcut(QKeySequence::Refresh);
    connect(m_reloadAction, &QAction::triggered, this, &MainWindow::reload);

    m_snapshots = new SnapshotActions(m_store, this);
    connect(m_snapshots, &SnapshotActions::exportFinished, this,
            [this](bool, const QString& message) { statusBar()->showMessage(message, 10000); });
    connect(m_session, &ReviewSession::loadFinished, this, [this](bool ok) {
        if (ok) {
            m_snapshots->setSource(m_session->snapshotSource());
        }
    });

    m_syncNowAction = new QAction(tr("&Sync decisions now"), this);
    m_syncNowAction->setObjectName(u"syncNowAction"_s);
    m_syncNowAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    connect(m_syncNowAction, &QAction::triggered, m_session, &ReviewSession::syncNow);

    m_resetLayoutAction = new QAction(tr("Reset &layout"), this);
    connect(m_resetLayoutAction, &QAction::triggered, this, &MainWindow::resetLayout);

    // Keyboard navigation in the habit of mail and code review tools.
    auto* down =
        new QShortcut(QKeySequence(Qt::Key_J), m_table, nullptr, nullptr, Qt::WidgetShortcut);
    connect(down, &QShortcut::activated, this, [this] { moveCurrent(1); });
    auto* up =
        new QShortcut(QKeySequence(Qt::Key_K), m_table, nullptr, nullptr, Qt::WidgetShortcut);
    connect(up, &QShortcut::activated, this, [this] { moveCurrent(-1); });
    auto* focusFilter =
        new QShortcut(QKeySequence(Qt::Key_Slash), m_table, nullptr, nullptr, Qt::WidgetShortcut);
    connect(focusFilter, &QShortcut::activated, this, [this] {
        m_textFilter->setFocus();
        m_textFilter->selectAll();
    });
    auto* leaveFilter = new QShortcut(QKeySequence(Qt::Key_Escape), m_textFilter, nullptr, nullptr,
                                      Qt::WidgetShortcut);
    connect(leaveFilter, &QShortcut::activated, m_table, qOverload<>(&QWidget::setFocus));
}

void MainWindow::createDocks()
{
    m_inspector = new EvidenceInspector(m_store, this);
    m_inspector->setAccessibleName(tr("Evidence inspector"));
    m_inspectorDock = new QDockWidget(tr("Evidence"), this);
    m_inspectorDock->setObjectName(u"inspectorDock"_s);
    m_inspectorDock->setWidget(m_inspector);
    addDockWidget(Qt::RightDockWidgetArea, m_inspectorDock);

    m_charts = new ScoreChartsPanel(m_model, this);
    m_charts->setAccessibleName(tr("Score charts"));
    m_chartsDock = new QDockWidget(tr("Scores"), this);
    m_chartsDock->setObjectName(u"chartsDock"_s);
    m_chartsDock->setWidget(m_charts);
    addDockWidget(Qt::BottomDockWidgetArea, m_chartsDock);
    m_syncPanel = new SyncPanel(m_session->syncEngine(), m_store, this);
    m_syncPanel->setAccessibleName(tr("Sync"));
    m_syncDock = new QDockWidget(tr("Sync"), this);
    m_syncDock->setObjectName(u"syncDock"_s);
    m_syncDock->setWidget(m_syncPanel);
    addDockWidget(Qt::RightDockWidgetArea, m_syncDock);
    tabifyDockWidget(m_inspectorDock, m_syncDock);
    m_inspectorDock->raise();
    connect(m_session, &ReviewSession::originChanged, m_syncPanel, &SyncPanel::refresh);
    connect(m_syncPanel, &SyncPanel::relationshipActivated, this, &MainWindow::showRelationship);

    resizeDocks({m_inspectorDock}, {470}, Qt::Horizontal);
    resizeDocks({m_chartsDock}, {260}, Qt::Vertical);

    // The inspector and the charts follow the current row; both defer their expensive parts, so
    // holding J or Down never lags.
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                const int storeRow = current.isValid() ? m_model->storeRow(current.row()) : -1;
                m_inspector->showRow(storeRow);
                m_charts->setCurrentStoreRow(storeRow);
            });
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_connectAction);
    file->addAction(m_reloadAction);
    file->addSeparator();
    file->addAction(m_openSnapshotAction);
    file->addAction(m_snapshots->exportAction());
    file->addAction(m_syncNowAction);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* review = menuBar()->addMenu(tr("&Review"));
    review->addAction(m_approveAction);
    review->addAction(m_rejectAction);
    review->addAction(m_resetAction);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(u"viewMenu"_s);
    view->addAction(m_inspectorDock->toggleViewAction());
    view->addAction(m_chartsDock->toggleViewAction());
    view->addAction(m_syncDock->toggleViewAction());
    view->addSeparator();
    view->addAction(m_resetLayoutAction);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* shortcuts =
        help->addAction(tr("&Keyboard shortcuts"), this, &MainWindow::showShortcuts);
    shortcuts->setShortcut(QKeySequence(Qt::Key_F1));
    help->addAction(tr("&About relreview"), this, &MainWindow::showAbout);
}

void MainWindow::createToolBar()
{
    QToolBar* bar = addToolBar(tr("Review"));
    bar->setObjectName(u"reviewToolBar"_s);
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    bar->setMovable(false);
    bar->addAction(m_connectAction);
    bar->addAction(m_reloadAction);
    bar->addSeparator();
    bar->addAction(m_approveAction);
    bar->addAction(m_rejectAction);
    bar->addAction(m_resetAction);
}

void MainWindow::createStatusBar()
{
    m_rowsLabel = new QLabel(this);
    m_rowsLabel->setObjectName(u"rowsLabel"_s);
    m_requestsLabel = new QLabel(this);
    m_requestsLabel->setObjectName(u"requestsLabel"_s);
    m_errorLabel = new QLabel(this);
    m_errorLabel->setObjectName(u"errorLabel"_s);
    m_errorLabel->setTextFormat(Qt::PlainText);
    m_loadProgress = new QProgressBar(this);
    m_loadProgress->setObjectName(u"loadProgress"_s);
    m_loadProgress->setMaximumWidth(220);
    m_loadProgress->setTextVisible(true);
    m_loadProgress->hide();
    m_cancelLoad = new QToolButton(this);
    m_cancelLoad->setText(tr("Cancel"));
    m_cancelLoad->hide();
    connect(m_cancelLoad, &QToolButton::clicked, m_session, &ReviewSession::cancelLoad);

    for (QLabel* label : {m_rowsLabel, m_requestsLabel}) {
        label->setContentsMargins(10, 0, 10, 0);
    }
    // Counts are permanent widgets so that transient messages never hide them.
    statusBar()->addWidget(m_errorLabel, 1);
    statusBar()->addPermanentWidget(m_loadProgress);
    statusBar()->addPermanentWidget(m_cancelLoad);
    statusBar()->addPermanentWidget(m_requestsLabel);
    auto* pending = new PendingCountLabel(m_session->syncEngine(), this);
    pending->setObjectName(u"pendingLabel"_s);
    pending->setContentsMargins(10, 0, 10, 0);
    statusBar()->addPermanentWidget(pending);
    connect(pending, &PendingCountLabel::clicked, this, [this] {
        m_syncDock->show();
        m_syncDock->raise();
    });
    statusBar()->addPermanentWidget(m_rowsLabel);
}

void MainWindow::applyFilter()
{
    m_filterDebounce->stop();
    RelationshipFilter filter;
    if (const int status = m_statusFilter->currentData().toInt(); status >= 0) {
        filter.status = RelationshipStatus(status);
    }
    if (const int type = m_typeFilter->currentData().toInt(); type >= 0) {
        filter.type = RelationshipType(type);
    }
    filter.text = m_textFilter->text().trimmed();
    // An unchanged filter is applied again on purpose: that is how rows decided out of the
    // filter leave the view (they stay until then, so the analyst's place does not jump).
    const QModelIndex current = m_table->currentIndex();
    const int storeRow = current.isValid() ? m_model->storeRow(current.row()) : -1;
    m_model->setFilter(filter);
    // Keep the analyst's place when the row is still shown, else start at the top.
    int viewRow = storeRow >= 0 ? m_model->viewRow(storeRow) : -1;
    if (viewRow < 0 && m_model->rowCount() > 0) {
        viewRow = 0;
    }
    if (viewRow >= 0) {
        m_table->setCurrentIndex(m_model->index(viewRow, 0));
        m_table->scrollTo(m_model->index(viewRow, 0));
    }
}

void MainWindow::updateStatusBar()
{
    m_rowsLabel->setText(
        tr("%1 of %2 shown")
            .arg(groupedNumber(m_model->rowCount()), groupedNumber(m_store->size())));
    const int inFlight = m_session->requestsInFlight();
    const int pending = m_store->pendingCount();
    m_requestsLabel->setText(tr("%n request(s) in flight", nullptr, inFlight));
    m_requestsLabel->setToolTip(
        tr("%n decision(s) shown as pending in this list", nullptr, pending));
    const QString error = m_session->lastError();
    m_errorLabel->setText(error);
    m_errorLabel->setToolTip(error);
    m_errorLabel->setStyleSheet(error.isEmpty() ? QString() : u"color: #b3261e;"_s);
}

void MainWindow::updateActions()
{
    const bool canDecide = !m_session->isReadOnly() && !m_session->isLoading() &&
                           m_table->selectionModel()->hasSelection();
    m_approveAction->setEnabled(canDecide);
    m_rejectAction->setEnabled(canDecide);
    m_resetAction->setEnabled(canDecide);
    m_reloadAction->setEnabled(!m_session->isLoading());
}

QList<int> MainWindow::selectedStoreRows() const
{
    QList<int> rows;
    const QModelIndexList selected = m_table->selectionModel()->selectedRows();
    rows.reserve(selected.size());
    for (const QModelIndex& index : selected) {
        rows.append(m_model->storeRow(index.row()));
    }
    if (rows.isEmpty() && m_table->currentIndex().isValid()) {
        rows.append(m_model->storeRow(m_table->currentIndex().row()));
    }
    return rows;
}

void MainWindow::decideSelected(RelationshipStatus status)
{
    if (m_session->isReadOnly()) {
        statusBar()->showMessage(tr("This snapshot is open read-only."), 4000);
        return;
    }
    const QList<int> rows = selectedStoreRows();
    if (rows.isEmpty()) {
        return;
    }
    m_session->decide(rows, status);
    // One decision, then on to the next row, as in triage.
    if (rows.size() == 1) {
        moveCurrent(1);
    }
}

void MainWindow::showRelationship(const QUuid& id)
{
    const std::optional<int> storeRow = m_store->rows().rowOf(id);
    if (!storeRow) {
        return;
    }
    int viewRow = m_model->viewRow(*storeRow);
    if (viewRow < 0) {
        // Hidden by the filter: show everything rather than leave the analyst guessing.
        m_statusFilter->setCurrentIndex(0);
        m_typeFilter->setCurrentIndex(0);
        m_textFilter->clear();
        applyFilter();
        viewRow = m_model->viewRow(*storeRow);
    }
    if (viewRow >= 0) {
        const QModelIndex index = m_model->index(viewRow, 0);
        m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                              QItemSelectionModel::Rows);
        m_table->scrollTo(index, QAbstractItemView::PositionAtCenter);
        m_table->setFocus();
    }
}

void MainWindow::moveCurrent(int delta)
{
    const int count = m_model->rowCount();
    if (count == 0) {
        return;
    }
    const QModelIndex current = m_table->currentIndex();
    const int row = current.isValid() ? qBound(0, current.row() + delta, count - 1) : 0;
    const QModelIndex target = m_model->index(row, current.isValid() ? current.column() : 0);
    m_table->selectionModel()->setCurrentIndex(target, QItemSelectionModel::ClearAndSelect |
                                                           QItemSelectionModel::Rows);
    m_table->scrollTo(target);
}

void MainWindow::onLoadStarted(const QString& what)
{
    m_loadProgress->setRange(0, 0);
    m_loadProgress->setFormat(tr("Loading…"));
    m_loadProgress->show();
    m_cancelLoad->show();
    statusBar()->showMessage(what);
    setWindowTitle(tr("%1 — relreview").arg(m_session->sourceDescription()));
    updateActions();
}

void MainWindow::onLoadProgress(qint64 done, qint64 total)
{
    if (total > 0) {
        m_loadProgress->setRange(0, 1000);
        m_loadProgress->setValue(int(done * 1000 / total));
        m_loadProgress->setFormat(u"%p%"_s);
    }
}

void MainWindow::onLoadFinished(bool ok, const QString& message)
{
    m_loadProgress->hide();
    m_cancelLoad->hide();
    statusBar()->clearMessage();
    if (!ok && m_session->lastLoadError().kind == ApiError::Kind::Auth) {
        onTokenRequired(message);
    }
    if (!ok) {
        statusBar()->showMessage(message);
        m_errorLabel->setText(message);
        m_errorLabel->setToolTip(message);
        m_errorLabel->setStyleSheet(u"color: #b3261e;"_s);
    } else {
        statusBar()->showMessage(message, 5000);
    }
    if (m_model->rowCount() > 0) {
        const QModelIndex first = m_model->index(0, 0);
        m_table->selectionModel()->setCurrentIndex(first, QItemSelectionModel::ClearAndSelect |
                                                              QItemSelectionModel::Rows);
        m_table->scrollToTop();
    }
    m_table->setFocus();
    updateStatusBar();
    updateActions();
}

void MainWindow::onTokenRequired(const QString& reason)
{
    m_bannerText->setText(
        tr("<b>Token rejected.</b> %1 Nothing is sent until a token is given; your decisions "
           "wait.")
            .arg(reason.toHtmlEscaped()));
    m_banner->show();
    updateStatusBar();
}

void MainWindow::showConnectionDialog()
{
    auto* dialog = new ConnectionDialog(m_session->profile(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ConnectionDialog::accepted, this, [this, dialog] {
        const ConnectionProfile profile = dialog->profile();
        const bool sourceChanged = !(profile == m_session->profile());
        if (!dialog->token().isEmpty()) {
            m_session->setToken(dialog->token());
            m_banner->hide();
            if (dialog->rememberToken()) {
                m_credentials->writeToken(
                    profile.name, dialog->token(), this, [this](const CredentialStore::Result& r) {
                        if (!r.ok()) {
                            statusBar()->showMessage(
                                tr("The token was not saved in the keychain: %1").arg(r.message),
                                8000);
                        }
                    });
            }
        }
        if (sourceChanged || m_store->size() == 0 || m_session->isSnapshotOpen()) {
            m_session->setProfile(profile);
            m_session->loadLive();
        }
    });
    dialog->open();
}

void MainWindow::openSnapshotDialog()
{
    auto* dialog = new QFileDialog(this, tr("Open snapshot"), QString(),
                                   tr("Snapshots and lists (*.json);;All files (*)"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    connect(dialog, &QFileDialog::fileSelected, m_session, &ReviewSession::openSnapshot);
    dialog->open();
}

void MainWindow::reload()
{
    if (m_session->isSnapshotOpen() || m_session->profile().integrationSourceId.isNull()) {
        showConnectionDialog();
        return;
    }
    m_session->loadLive();
}

void MainWindow::restoreLayout()
{
    QSettings settings;
    settings.beginGroup(u"window"_s);
    restoreGeometry(settings.value(u"geometry"_s).toByteArray());
    restoreState(settings.value(u"state"_s).toByteArray());
    m_table->horizontalHeader()->restoreState(settings.value(u"tableHeader"_s).toByteArray());
    settings.endGroup();
}

void MainWindow::saveLayout()
{
    QSettings settings;
    settings.beginGroup(u"window"_s);
    settings.setValue(u"geometry"_s, saveGeometry());
    settings.setValue(u"state"_s, saveState());
    settings.setValue(u"tableHeader"_s, m_table->horizontalHeader()->saveState());
    settings.endGroup();
}

void MainWindow::resetLayout()
{
    restoreState(m_defaultState);
    QHeaderView* header = m_table->horizontalHeader();
    for (int column = 0; column < RelationshipTableModel::ColumnCount; ++column) {
        header->moveSection(header->visualIndex(column), column);
        header->resizeSection(column, DefaultColumnWidths[column]);
    }
    resize(1280, 780);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveLayout();
    QMainWindow::closeEvent(event);
}

void MainWindow::showShortcuts()
{
    QMessageBox::information(
        this, tr("Keyboard shortcuts"),
        tr("<table cellpadding='3'>"
           "<tr><td><b>A</b></td><td>Approve the selected rows</td></tr>"
           "<tr><td><b>R</b></td><td>Reject the selected rows</td></tr>"
           "<tr><td><b>U</b></td><td>Reset the selected rows to suggested</td></tr>"
           "<tr><td><b>J</b> / <b>K</b>, arrows</td><td>Next / previous row</td></tr>"
           "<tr><td><b>/</b></td><td>Filter; <b>Esc</b> back to the table</td></tr>"
           "<tr><td><b>Ctrl+L</b></td><td>Connection</td></tr>"
           "<tr><td><b>F5</b></td><td>Reload</td></tr>"
           "<tr><td><b>Ctrl+O</b></td><td>Open snapshot</td></tr>"
           "</table>"));
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About relreview"),
                       tr("<h3>relreview</h3><p>Review the relationships Humm's inference "
                          "pipeline suggests between the columns of a warehouse.</p><p>%1</p>")
                           .arg(versionText().toHtmlEscaped()));
}
