#include "MainWindow.h"

#include "BulkReviewDialog.h"
#include "CommandLine.h"
#include "ComparisonActions.h"
#include "ConnectionDialog.h"
#include "CredentialStore.h"
#include "DecisionNotes.h"
#include "EvidenceInspector.h"
#include "FilterBar.h"
#include "GraphPane.h"
#include "HistoryPanel.h"
#include "JournalBanner.h"
#include "OpenFileDialog.h"
#include "OriginConfirmationDialog.h"
#include "RelationshipDelegate.h"
#include "RelationshipTableModel.h"
#include "ReviewHistory.h"
#include "ReviewSession.h"
#include "SchemaActions.h"
#include "ScoreChartsPanel.h"
#include "ShortcutSettings.h"
#include "SnapshotActions.h"
#include "SyncEngine.h"
#include "SyncPanel.h"
#include "TableNaming.h"
#include "TriageController.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
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
    // Stays while decisions are not durable (the journal cannot be opened): see JournalBanner.
    layout->addWidget(new JournalBanner(m_session, central));

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
    // Painting a section, the header asks whether its neighbours are wholly selected, and Qt
    // answers by visiting every row: with a million rows selected, each repaint of the header
    // cost 60 ms. This table selects rows, never columns; the header gets a selection model of
    // its own, always empty.
    header->setSelectionModel(new QItemSelectionModel(m_model, header));
    for (int column = 0; column < RelationshipTableModel::ColumnCount; ++column) {
        header->resizeSection(column, DefaultColumnWidths[column]);
    }
    layout->addWidget(m_table, 1);
    setCentralWidget(central);

    createActions();
    layout->insertWidget(layout->indexOf(m_table), m_triage->competingBar());
    createDocks();
    createMenus();
    createToolBar();
    createStatusBar();

    connect(m_session, &ReviewSession::loadStarted, this, &MainWindow::onLoadStarted);
    connect(m_session, &ReviewSession::loadProgress, this, &MainWindow::onLoadProgress);
    connect(m_session, &ReviewSession::loadFinished, this, &MainWindow::onLoadFinished);
    connect(m_session, &ReviewSession::tokenRequired, this, &MainWindow::onTokenRequired);
    connect(m_session, &ReviewSession::originConfirmationRequired, this,
            &MainWindow::confirmOrigin);
    // A large list shows its first rows while the rest loads: say so, so that nothing partial
    // passes for the whole list (decisions stay closed until it is complete).
    connect(m_session, &ReviewSession::partialRowsShown, this, [this](int rows) {
        m_loadProgress->setFormat(tr("first %1 rows shown, loading… %p%").arg(groupedNumber(rows)));
        m_loadProgress->setMaximumWidth(340);
        statusBar()->showMessage(
            tr("Preview: the first %1 rows. Decisions open when the whole list is loaded.")
                .arg(groupedNumber(rows)));
        updateActions();
    });
    connect(m_session, &ReviewSession::requestsInFlightChanged, this, &MainWindow::updateStatusBar);
    connect(m_session, &ReviewSession::lastErrorChanged, this, &MainWindow::updateStatusBar);
    connect(m_store, &RelationshipStore::pendingCountChanged, this, &MainWindow::updateStatusBar);
    connect(m_model, &RelationshipTableModel::visibleRowsChanged, this,
            &MainWindow::updateStatusBar);
    connect(m_model, &QAbstractItemModel::modelReset, this, &MainWindow::updateStatusBar);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::updateActions);

    m_defaultState = saveState();
    resize(DefaultSize);
    updateStatusBar();
    updateActions();
}

MainWindow::~MainWindow() = default;

void MainWindow::createFilterBar(QWidget* parent)
{
    m_filterBar = new FilterBar(m_model, parent);
    m_filterBar->setObjectName(u"filterBar"_s);
    m_filterBar->setAccessibleName(tr("Filter"));
    // Enter or Escape in the filter hands the keyboard back to the table, ready for triage.
    connect(m_filterBar, &FilterBar::editingFinished, this, [this] { m_table->setFocus(); });
    connect(m_filterBar, &FilterBar::filterApplied, this, &MainWindow::keepCurrentRowVisible);
    static_cast<QVBoxLayout*>(parent->layout())->addWidget(m_filterBar);
}

void MainWindow::createActions()
{
    // Triage keys (A/R/U, J/K, N, X, Space, /, ?) and undo live in the triage controller, which
    // makes them remappable; decisions go through the history so each is one undo step.
    m_history = new ReviewHistory(m_session, this);
    m_triage = new TriageController(m_table, m_model, m_session, this);
    m_triage->setHistory(m_history);
    connect(m_triage, &TriageController::inspectorToggleRequested, this, [this] {
        m_inspectorDock->setVisible(!m_inspectorDock->isVisible());
        m_table->setFocus();
    });
    connect(m_triage, &TriageController::filterFocusRequested, m_filterBar,
            &FilterBar::focusFilter);
    connect(m_triage, &TriageController::message, this,
            [this](const QString& text) { statusBar()->showMessage(text, 5000); });

    m_connectAction = new QAction(tr("&Connect…"), this);
    m_connectAction->setObjectName(u"connectAction"_s);
    m_connectAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    connect(m_connectAction, &QAction::triggered, this, &MainWindow::showConnectionDialog);

    m_openSnapshotAction = new QAction(tr("&Open snapshot…"), this);
    m_openSnapshotAction->setObjectName(u"openSnapshotAction"_s);
    m_openSnapshotAction->setShortcut(QKeySequence::Open);
    connect(m_openSnapshotAction, &QAction::triggered, this, &MainWindow::openSnapshotDialog);

    m_reloadAction = new QAction(tr("Re&load"), this);
    m_reloadAction->setObjectName(u"reloadAction"_s);
    m_reloadAction->setShortcut(QKeySequence::Refresh);
    connect(m_reloadAction, &QAction::triggered, this, &MainWindow::reload);

    m_schemaActions = new SchemaActions(m_session, this);
    connect(m_schemaActions, &SchemaActions::message, this,
            [this](const QString& text) { statusBar()->showMessage(text, 10000); });

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

    m_bulkReviewAction = new QAction(tr("&Bulk review…"), this);
    m_bulkReviewAction->setObjectName(u"bulkReviewAction"_s);
    m_triage->shortcuts()->registerAction(u"bulkReview"_s, m_bulkReviewAction,
                                          QKeySequence(Qt::CTRL | Qt::Key_B), tr("Review"));
    connect(m_bulkReviewAction, &QAction::triggered, this, &MainWindow::showBulkReview);

    m_comparisons = new ComparisonActions(m_model, this);
    connect(m_comparisons, &ComparisonActions::finished, this,
            [this](bool, const QString& message) { statusBar()->showMessage(message, 10000); });
    connect(m_model, &RelationshipTableModel::comparisonChanged, this, [this] {
        if (m_model->isComparing())
            m_table->horizontalHeader()->resizeSection(RelationshipTableModel::DiffColumn, 170);
    });

    // Review order: most uncertain first (the score's distance from the charts' threshold).
    m_uncertainOrderAction = new QAction(tr("Most &uncertain first"), this);
    m_uncertainOrderAction->setObjectName(u"uncertainOrderAction"_s);
    m_uncertainOrderAction->setCheckable(true);
    m_uncertainOrderAction->setToolTip(
        tr("Sort by the distance of the score from the threshold, unscored last "
           "(also the filter term order:uncertain)"));
    connect(m_uncertainOrderAction, &QAction::toggled, this, [this](bool on) {
        if (on && m_model->sortColumn() != RelationshipTableModel::UncertaintyOrder)
            m_model->sort(RelationshipTableModel::UncertaintyOrder, Qt::AscendingOrder);
        else if (!on && m_model->sortColumn() == RelationshipTableModel::UncertaintyOrder)
            m_table->sortByColumn(RelationshipTableModel::ScoreColumn, Qt::DescendingOrder);
    });
    connect(m_model, &RelationshipTableModel::uncertaintyOrderChanged, this, [this](bool on) {
        const QSignalBlocker blocker(m_uncertainOrderAction);
        m_uncertainOrderAction->setChecked(on);
        m_table->horizontalHeader()->setSortIndicatorShown(!on);
    });

    m_resetLayoutAction = new QAction(tr("Reset &layout"), this);
    m_resetLayoutAction->setObjectName(u"resetLayoutAction"_s);
    connect(m_resetLayoutAction, &QAction::triggered, this, &MainWindow::resetLayout);
}

void MainWindow::createDocks()
{
    m_inspector = new EvidenceInspector(m_store, this);
    m_inspector->setAccessibleName(tr("Evidence inspector"));
    // Earlier decisions and the reason, under the inspector's header.
    m_decisionNotes = new DecisionNotes(m_session, m_inspector);
    if (auto* inspectorLayout = qobject_cast<QBoxLayout*>(m_inspector->layout()))
        inspectorLayout->insertWidget(1, m_decisionNotes);
    m_inspectorDock = new QDockWidget(tr("Evidence"), this);
    m_inspectorDock->setObjectName(u"inspectorDock"_s);
    // Scrolled when the dock is shorter than everything the inspector holds (header, notes, tree,
    // chart, profiles), rather than asking that much of the window's height.
    auto* inspectorScroll = new QScrollArea(m_inspectorDock);
    inspectorScroll->setWidgetResizable(true);
    inspectorScroll->setFrameShape(QFrame::NoFrame);
    inspectorScroll->setWidget(m_inspector);
    m_inspectorDock->setWidget(inspectorScroll);
    addDockWidget(Qt::RightDockWidgetArea, m_inspectorDock);

    // The relationship graph: beside the inspector, following the current row; a click on a link
    // makes its row current, and the decide keys reach it while the graph has the keyboard.
    m_graphPane = new GraphPane(m_store, this);
    m_graphPane->setAccessibleName(tr("Relationship graph"));
    // Naming a node keeps the name with the journal, as File → Import table names does.
    m_graphPane->setNaming(
        new JournalTableNaming(m_store, m_session->tableNames(), this, m_graphPane));
    m_graphDock = new QDockWidget(tr("Graph"), this);
    m_graphDock->setObjectName(u"graphDock"_s);
    m_graphDock->setWidget(m_graphPane);
    addDockWidget(Qt::RightDockWidgetArea, m_graphDock, Qt::Horizontal);
    m_graphPane->addDecideActions({m_triage->action(TriageController::Approve),
                                   m_triage->action(TriageController::Reject),
                                   m_triage->action(TriageController::Reset)});
    connect(m_graphPane, &GraphPane::relationshipActivated, this, &MainWindow::showRelationship);

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
    m_historyPanel = new HistoryPanel(m_history, this);
    m_historyPanel->setAccessibleName(tr("History"));
    m_historyDock = new QDockWidget(tr("History"), this);
    m_historyDock->setObjectName(u"historyDock"_s);
    m_historyDock->setWidget(m_historyPanel);
    addDockWidget(Qt::RightDockWidgetArea, m_historyDock);
    tabifyDockWidget(m_syncDock, m_historyDock);
    m_inspectorDock->raise();

    m_model->setUncertaintyThreshold(m_charts->threshold());
    connect(m_charts, &ScoreChartsPanel::thresholdChanged, m_model,
            &RelationshipTableModel::setUncertaintyThreshold);
    connect(m_session, &ReviewSession::originChanged, m_syncPanel, &SyncPanel::refresh);
    connect(m_syncPanel, &SyncPanel::relationshipActivated, this, &MainWindow::showRelationship);

    resizeDocks({m_inspectorDock}, {470}, Qt::Horizontal);
    resizeDocks({m_chartsDock}, {260}, Qt::Vertical);
    resizeDocks({m_graphDock}, {470}, Qt::Horizontal);

    // The inspector and the charts follow the current row; both defer their expensive parts, so
    // holding J or Down never lags.
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                const int storeRow = current.isValid() ? m_model->storeRow(current.row()) : -1;
                m_inspector->showRow(storeRow);
                m_decisionNotes->showRow(storeRow);
                m_charts->setCurrentStoreRow(storeRow);
                m_graphPane->setCurrentStoreRow(storeRow);
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
    file->addAction(m_schemaActions->exportApprovedAction());
    file->addAction(m_schemaActions->importTableNamesAction());
    file->addAction(m_comparisons->compareAction());
    file->addAction(m_comparisons->endAction());
    file->addAction(m_syncNowAction);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(m_triage->action(TriageController::Undo));
    edit->addAction(m_triage->action(TriageController::Redo));
    edit->addSeparator();
    edit->addAction(m_triage->action(TriageController::FocusFilter));
    edit->addSeparator();
    edit->addAction(tr("Keyboard &shortcuts…"), m_triage, &TriageController::showShortcutSettings);

    QMenu* review = menuBar()->addMenu(tr("&Review"));
    review->addAction(m_triage->action(TriageController::Approve));
    review->addAction(m_triage->action(TriageController::Reject));
    review->addAction(m_triage->action(TriageController::Reset));
    review->addAction(m_triage->action(TriageController::RejectCompeting));
    review->addAction(m_bulkReviewAction);
    review->addSeparator();
    review->addAction(m_triage->action(TriageController::Next));
    review->addAction(m_triage->action(TriageController::Previous));
    review->addAction(m_triage->action(TriageController::NextUndecided));
    review->addAction(m_triage->action(TriageController::ToggleAdvance));

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(u"viewMenu"_s);
    view->addAction(m_triage->action(TriageController::ToggleInspector));
    view->addAction(m_inspectorDock->toggleViewAction());
    view->addAction(m_chartsDock->toggleViewAction());
    view->addAction(m_syncDock->toggleViewAction());
    view->addAction(m_historyDock->toggleViewAction());
    view->addAction(m_graphDock->toggleViewAction());
    view->addSeparator();
    view->addAction(m_uncertainOrderAction);
    view->addSeparator();
    view->addAction(m_resetLayoutAction);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_triage->action(TriageController::ShowShortcuts));
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
    bar->addAction(m_triage->action(TriageController::Approve));
    bar->addAction(m_triage->action(TriageController::Reject));
    bar->addAction(m_triage->action(TriageController::Reset));
    bar->addSeparator();
    bar->addAction(m_bulkReviewAction);
    bar->addAction(m_triage->action(TriageController::Undo));
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
    QLabel* triage = m_triage->createStatusWidget(this);
    triage->setContentsMargins(10, 0, 10, 0);
    // Never narrower than its text: a narrow window shortens the message on the left instead.
    triage->setSizePolicy(QSizePolicy::Minimum, QSizePolicy::Preferred);
    // Never clip the figures as they grow (the status bar does not re-measure by itself here).
    connect(m_triage, &TriageController::figuresChanged, triage,
            [triage] { triage->setMinimumWidth(triage->sizeHint().width() + 24); });
    statusBar()->addPermanentWidget(triage);
    auto addSeparator = [this] {
        auto* line = new QFrame(this);
        line->setFrameShape(QFrame::VLine);
        line->setFrameShadow(QFrame::Sunken);
        statusBar()->addPermanentWidget(line);
    };
    addSeparator();
    auto* pending = new PendingCountLabel(m_session->syncEngine(), this);
    pending->setObjectName(u"pendingLabel"_s);
    pending->setContentsMargins(10, 0, 10, 0);
    statusBar()->addPermanentWidget(pending);
    connect(pending, &PendingCountLabel::clicked, this, [this] {
        m_syncDock->show();
        m_syncDock->raise();
    });
    addSeparator();
    statusBar()->addPermanentWidget(m_rowsLabel);
}

void MainWindow::keepCurrentRowVisible()
{
    // Keep the analyst's place when the row is still shown, else start at the top.
    const QModelIndex current = m_table->currentIndex();
    if (current.isValid()) {
        m_table->scrollTo(current);
    } else if (m_model->rowCount() > 0) {
        m_table->setCurrentIndex(m_model->index(0, 0));
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
    m_requestsLabel->setVisible(inFlight > 0); // the pending label already says "all delivered"
    m_requestsLabel->setToolTip(
        tr("%n decision(s) shown as pending in this list", nullptr, pending));
    const QString error = m_session->lastError();
    m_errorLabel->setText(error);
    m_errorLabel->setToolTip(error);
    m_errorLabel->setStyleSheet(error.isEmpty() ? QString() : u"color: #b3261e;"_s);
}

void MainWindow::updateActions()
{
    const bool canDecide = !m_session->isShowingPartialRows() && !m_session->isLoading() &&
                           m_table->selectionModel()->hasSelection();
    for (auto command :
         {TriageController::Approve, TriageController::Reject, TriageController::Reset}) {
        m_triage->action(command)->setEnabled(canDecide);
    }
    m_reloadAction->setEnabled(!m_session->isLoading());
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
        m_filterBar->setText(QString());
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
        if (!m_session->isShowingPartialRows()) {
            m_loadProgress->setFormat(u"%p%"_s);
        }
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

void MainWindow::confirmOrigin(const Origin& target, const Origin& tokenOrigin)
{
    if (m_originDialog) {
        return; // already asking
    }
    auto* dialog = new OriginConfirmationDialog(target, tokenOrigin, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_originDialog = dialog;
    connect(dialog, &QMessageBox::finished, this, [this, dialog] {
        m_session->answerOriginConfirmation(dialog->target(), dialog->sendChosen());
        updateStatusBar();
    });
    dialog->open();
}

void MainWindow::showConnectionDialog()
{
    auto* dialog = new ConnectionDialog(m_session->profile(), this);
    dialog->setTokenOrigin(m_session->tokenOrigin());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ConnectionDialog::accepted, this, [this, dialog] {
        const ConnectionProfile profile = dialog->profile();
        const bool sourceChanged = !(profile == m_session->profile());
        const bool load = sourceChanged || m_store->size() == 0 || m_session->isSnapshotOpen();
        // The profile first: the token belongs to its origin. A new server does not get the old
        // token when the field is left empty.
        if (load) {
            m_session->setProfile(profile);
        }
        const Origin origin = Origin::of(profile.baseUrl);
        if (!dialog->token().isEmpty()) {
            m_session->setToken(dialog->token());
            m_banner->hide();
            if (dialog->rememberToken()) {
                m_credentials->writeToken(
                    origin, dialog->token(), this, [this](const CredentialStore::Result& r) {
                        if (!r.ok()) {
                            statusBar()->showMessage(
                                tr("The token was not saved in the keychain: %1").arg(r.message),
                                8000);
                        }
                    });
            }
        }
        if (!load) {
            return;
        }
        if (m_session->hasToken()) {
            m_session->loadLive();
            return;
        }
        // No token for this server yet: the keychain may hold one for its origin.
        m_credentials->readToken(origin, this, [this, origin](const CredentialStore::Result& r) {
            if (Origin::of(m_session->profile().baseUrl) != origin) {
                return; // the profile changed meanwhile
            }
            if (r.ok() && !r.token.isEmpty()) {
                m_session->setToken(r.token);
                m_banner->hide();
                m_session->loadLive();
                return;
            }
            m_bannerText->setText(tr("<b>No token for %1.</b> A token is sent only to the "
                                     "server it was given for; enter the token for this one.")
                                      .arg(origin.toString().toHtmlEscaped()));
            m_banner->show();
            updateStatusBar();
        });
    });
    dialog->open();
}

void MainWindow::showBulkReview()
{
    // Window-modal: the triage keys rest while a bulk run is prepared and sent.
    auto* dialog = new BulkReviewDialog(m_history, m_model, this);
    QList<int> selected = m_triage->selectedStoreRows();
    selected.removeAll(-1); // removed rows of a compared list: not in the open list
    dialog->setSelectedRows(selected);
    dialog->setThreshold(m_charts->threshold());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::openSnapshotDialog()
{
    QFileDialog* dialog = makeOpenFileDialog(this, tr("Open snapshot"),
                                             tr("Snapshots and lists (*.json);;All files (*)"),
                                             u"openSnapshotFileDialog"_s);
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
    if (!restoreGeometry(settings.value(u"geometry"_s).toByteArray())) {
        fitToScreen(); // the first launch
    }
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
    fitToScreen();
}

void MainWindow::fitToScreen()
{
    const QScreen* target = screen();
    if (!target) {
        return;
    }
    const QRect available = target->availableGeometry();
    const QSize share(int(available.width() * ScreenShare), int(available.height() * ScreenShare));
    if (share.width() < DefaultSize.width() || share.height() < DefaultSize.height()) {
        // A display without a window manager (Xvfb, a kiosk) does not act on "maximised":
        // the geometry says it too.
        setGeometry(available);
        setWindowState(windowState() | Qt::WindowMaximized);
        return;
    }
    setWindowState(windowState() & ~Qt::WindowMaximized);
    QRect frame(QPoint(), share);
    frame.moveCenter(available.center());
    setGeometry(frame);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    // Decisions held in memory (the journal could not be opened) go with the process: asked,
    // never lost silently.
    if (const int held = m_session->decisionsLostOnExit(); held > 0) {
        QMessageBox ask(QMessageBox::Warning, tr("Decisions held in memory"),
                        tr("%n decision(s) held in memory have not reached the server and will be "
                           "lost when relreview exits.",
                           nullptr, held),
                        QMessageBox::NoButton, this);
        ask.setObjectName(u"heldDecisionsQuestion"_s);
        ask.setInformativeText(
            tr("The decision journal cannot be opened: %1").arg(m_session->journalProblem()));
        ask.addButton(tr("Quit and lose them"), QMessageBox::DestructiveRole);
        QPushButton* stay = ask.addButton(tr("Keep relreview open"), QMessageBox::RejectRole);
        ask.setDefaultButton(stay);
        ask.exec();
        if (ask.clickedButton() == stay) {
            event->ignore();
            return;
        }
    }
    saveLayout();
    QMainWindow::closeEvent(event);
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About relreview"),
                       tr("<h3>relreview</h3><p>Review the relationships Humm's inference "
                          "pipeline suggests between the columns of a warehouse.</p><p>%1</p>")
                           .arg(versionText().toHtmlEscaped()));
}
