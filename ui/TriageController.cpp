#include "TriageController.h"

#include "FilterEvaluation.h"
#include "FilterQuery.h"
#include "RelationshipTableModel.h"
#include "ReviewHistory.h"
#include "ReviewSession.h"
#include "ShortcutSettings.h"
#include "ShortcutsSheet.h"
#include "StatusColors.h"

#include <QAction>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLocale>
#include <QPushButton>
#include <QSettings>
#include <QTableView>
#include <QToolButton>

#include <algorithm>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 RateWindowMs = 5 * 60 * 1000;

} // namespace

CompetingTargetsBar::CompetingTargetsBar(QWidget* parent)
    : QFrame(parent)
{
    setObjectName(u"competingTargetsBar"_s);
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    QPalette shade = palette();
    // A tint of the SUGGESTED colour over the window: noticeable, not an alarm.
    const QColor suggested = statusColor(RelationshipStatus::Suggested, shade);
    const QColor window = shade.color(QPalette::Window);
    const auto mix = [](int over, int under) { return (over * 22 + under * 78) / 100; };
    shade.setColor(QPalette::Window, QColor(mix(suggested.red(), window.red()),
                                            mix(suggested.green(), window.green()),
                                            mix(suggested.blue(), window.blue())));
    setPalette(shade);
    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(10, 4, 6, 4);
    m_text = new QLabel(this);
    m_text->setTextFormat(Qt::PlainText);
    m_text->setWordWrap(true);
    m_reject = new QPushButton(this);
    m_reject->setObjectName(u"rejectCompetingButton"_s);
    m_reject->setFocusPolicy(Qt::NoFocus); // the keys stay with the table
    auto* close = new QToolButton(this);
    close->setText(u"✕"_s);
    close->setToolTip(tr("Keep them as they are"));
    close->setAutoRaise(true);
    close->setFocusPolicy(Qt::NoFocus);
    row->addWidget(m_text, 1);
    row->addWidget(m_reject);
    row->addWidget(close);
    connect(m_reject, &QPushButton::clicked, this, &CompetingTargetsBar::rejectRequested);
    connect(close, &QToolButton::clicked, this, [this] {
        hide();
        emit dismissed();
    });
    hide();
}

void CompetingTargetsBar::offer(const QString& text, int count, const QString& keyText)
{
    m_text->setText(text);
    const QString label = count == 1 ? tr("Reject it") : tr("Reject all %1").arg(count);
    m_reject->setText(keyText.isEmpty() ? label : u"%1  (%2)"_s.arg(label, keyText));
    show();
}

QString CompetingTargetsBar::text() const
{
    return m_text->text();
}

// ---------------------------------------------------------------------------------------------

TriageController::TriageController(QTableView* view, RelationshipTableModel* model,
                                   ReviewSession* session, QObject* parent)
    : QObject(parent)
    , m_view(view)
    , m_model(model)
    , m_session(session)
    , m_shortcuts(new ShortcutSettings(this))
{
    m_clock.start();
    m_advance = QSettings().value(u"triage/advance"_s, true).toBool();
    if (session) {
        m_decider = [this](const QList<int>& rows, RelationshipStatus status, const QString&) {
            if (m_session)
                m_session->decide(rows, status);
        };
    }
    m_competingBar = new CompetingTargetsBar(view->parentWidget());
    connect(m_competingBar, &CompetingTargetsBar::rejectRequested, this,
            &TriageController::rejectCompeting);
    connect(m_competingBar, &CompetingTargetsBar::dismissed, this,
            &TriageController::dismissCompeting);
    createActions();

    m_recount.setSingleShot(true);
    m_recount.setInterval(150);
    connect(&m_recount, &QTimer::timeout, this, &TriageController::recountNow);
    RelationshipStore* store = model->store();
    connect(store, &RelationshipStore::rowsChanged, this, &TriageController::scheduleRecount);
    connect(store, &RelationshipStore::pendingCountChanged, this,
            &TriageController::scheduleRecount);
    connect(store, &RelationshipStore::reset, this, [this] {
        m_decidedRows.clear();
        m_decisionTimes.clear();
        dismissCompeting();
        scheduleRecount();
    });
    // A sort reorders the rows shown without changing which they are: nothing to re-count.
    connect(model, &RelationshipTableModel::visibleRowsChanged, this, [this] {
        if (m_model->visibleSetGeneration() != m_countedSetGeneration)
            scheduleRecount();
    });
    scheduleRecount();
}

TriageController::~TriageController()
{
    if (m_competingBar && !m_competingBar->parent())
        delete m_competingBar;
}

void TriageController::createActions()
{
    struct Spec
    {
        Command command;
        const char* id;
        QString text;
        QString group;
        QKeySequence keys;
    };
    const QString review = tr("Review");
    const QString move = tr("Move");
    const QString view = tr("View");
    const Spec specs[] = {
        {Approve, "approve", tr("&Approve"), review, QKeySequence(Qt::Key_A)},
        {Reject, "reject", tr("&Reject"), review, QKeySequence(Qt::Key_R)},
        {Reset, "reset", tr("Reset to &suggested"), review, QKeySequence(Qt::Key_U)},
        {RejectCompeting, "rejectCompeting", tr("Reject &competing targets"), review,
         QKeySequence(Qt::Key_X)},
        {ToggleAdvance, "toggleAdvance", tr("Move to the next undecided row after deciding"),
         review, QKeySequence()},
        {Next, "next", tr("Next row"), move, QKeySequence(Qt::Key_J)},
        {Previous, "previous", tr("Previous row"), move, QKeySequence(Qt::Key_K)},
        {NextUndecided, "nextUndecided", tr("Next undecided row"), move, QKeySequence(Qt::Key_N)},
        {ToggleInspector, "toggleInspector", tr("Show or hide the inspector"), view,
         QKeySequence(Qt::Key_Space)},
        {FocusFilter, "focusFilter", tr("Filter"), view, QKeySequence(Qt::Key_Slash)},
        {ShowShortcuts, "showShortcuts", tr("Keyboard shortcuts"), view,
         QKeySequence(Qt::Key_Question)},
        {Undo, "undo", tr("&Undo"), tr("Edit"), QKeySequence(QKeySequence::Undo)},
        {Redo, "redo", tr("&Redo"), tr("Edit"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z)},
    };
    for (const Spec& spec : specs) {
        auto* action = new QAction(spec.text, this);
        action->setObjectName(QLatin1StringView(spec.id) + u"Action"_s);
        // Only while the table (or a child) has the focus: typing "a" in the filter must not
        // approve anything.
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        m_view->addAction(action);
        m_actions[spec.command] = action;
        m_shortcuts->registerAction(QLatin1StringView(spec.id), action, spec.keys, spec.group);
    }
    connect(m_actions[Approve], &QAction::triggered, this,
            [this] { decide(RelationshipStatus::Approved); });
    connect(m_actions[Reject], &QAction::triggered, this,
            [this] { decide(RelationshipStatus::Rejected); });
    connect(m_actions[Reset], &QAction::triggered, this,
            [this] { decide(RelationshipStatus::Suggested); });
    connect(m_actions[RejectCompeting], &QAction::triggered, this,
            &TriageController::rejectCompeting);
    m_actions[RejectCompeting]->setEnabled(false);
    m_actions[ToggleAdvance]->setCheckable(true);
    m_actions[ToggleAdvance]->setChecked(m_advance);
    connect(m_actions[ToggleAdvance], &QAction::toggled, this, &TriageController::setAdvances);
    connect(m_actions[Next], &QAction::triggered, this, [this] { moveBy(1); });
    connect(m_actions[Previous], &QAction::triggered, this, [this] { moveBy(-1); });
    connect(m_actions[NextUndecided], &QAction::triggered, this,
            &TriageController::moveToNextUndecided);
    connect(m_actions[ToggleInspector], &QAction::triggered, this,
            &TriageController::inspectorToggleRequested);
    connect(m_actions[FocusFilter], &QAction::triggered, this,
            &TriageController::filterFocusRequested);
    connect(m_actions[ShowShortcuts], &QAction::triggered, this,
            &TriageController::showShortcutsSheet);
    // Undo reaches the whole window: a decision is undone from the inspector as well.
    for (Command command : {Undo, Redo}) {
        m_actions[command]->setShortcutContext(Qt::WindowShortcut);
        m_actions[command]->setEnabled(false);
    }
    connect(m_actions[Undo], &QAction::triggered, this, [this] {
        if (m_history)
            m_history->undoStack()->undo();
    });
    connect(m_actions[Redo], &QAction::triggered, this, [this] {
        if (m_history)
            m_history->undoStack()->redo();
    });
    connect(m_shortcuts, &ShortcutSettings::shortcutsChanged, this, [this] {
        if (!m_competingRows.isEmpty())
            offerCompeting({}); // the button names the key
    });
    createReasonActions();
}

void TriageController::setHistory(ReviewHistory* history)
{
    m_history = history;
    if (!history)
        return;
    m_decider = [this](const QList<int>& rows, RelationshipStatus status,
                       const QString& description) {
        if (m_history)
            m_history->decide(rows, status, description);
    };
    QUndoStack* stack = history->undoStack();
    const auto update = [this, stack] {
        m_actions[Undo]->setEnabled(stack->canUndo());
        m_actions[Redo]->setEnabled(stack->canRedo());
        m_actions[Undo]->setText(stack->canUndo() ? tr("&Undo %1").arg(stack->undoText())
                                                  : tr("&Undo"));
        m_actions[Redo]->setText(stack->canRedo() ? tr("&Redo %1").arg(stack->redoText())
                                                  : tr("&Redo"));
        // A toolbar button keeps a short name (a step's description can be a sentence, and
        // would push the other buttons around); its tooltip says which step.
        m_actions[Undo]->setIconText(tr("Undo"));
        m_actions[Redo]->setIconText(tr("Redo"));
        m_actions[Undo]->setToolTip(stack->canUndo() ? tr("Undo %1").arg(stack->undoText())
                                                     : tr("Nothing to undo"));
        m_actions[Redo]->setToolTip(stack->canRedo() ? tr("Redo %1").arg(stack->redoText())
                                                     : tr("Nothing to redo"));
    };
    connect(stack, &QUndoStack::indexChanged, this, update);
    connect(stack, &QUndoStack::cleanChanged, this, update);
    update();
}

QList<QAction*> TriageController::actions() const
{
    return QList<QAction*>(std::begin(m_actions), std::end(m_actions));
}

void TriageController::setAdvances(bool advance)
{
    if (m_advance == advance)
        return;
    m_advance = advance;
    QSettings().setValue(u"triage/advance"_s, advance);
    m_actions[ToggleAdvance]->setChecked(advance);
}

QList<int> TriageController::selectedStoreRows() const
{
    // From the selection's ranges: selectedRows() makes a QModelIndex per row and checks each,
    // a second for a million rows selected. The table selects whole rows, so a range's rows are
    // the rows; overlapping ranges (Ctrl+click over a block) are counted once.
    QList<int> rows;
    const QItemSelection selection = m_view->selectionModel()->selection();
    qsizetype count = 0;
    for (const QItemSelectionRange& range : selection)
        count += range.height();
    rows.reserve(count);
    std::vector<bool> seen;
    if (selection.size() > 1)
        seen.assign(size_t(m_model->rowCount()), false);
    for (const QItemSelectionRange& range : selection) {
        for (int viewRow = range.top(); viewRow <= range.bottom(); ++viewRow) {
            if (viewRow < 0 || viewRow >= m_model->rowCount())
                continue;
            if (!seen.empty()) {
                if (seen[size_t(viewRow)])
                    continue;
                seen[size_t(viewRow)] = true;
            }
            rows.append(m_model->storeRow(viewRow));
        }
    }
    if (rows.isEmpty() && m_view->currentIndex().isValid())
        rows.append(m_model->storeRow(m_view->currentIndex().row()));
    return rows;
}

bool TriageController::isUndecided(int storeRow) const
{
    if (storeRow < 0)
        return false; // a removed row of a compared list
    const RelationshipStore* store = m_model->store();
    return store->effectiveStatus(storeRow) == RelationshipStatus::Suggested &&
           store->delivery(storeRow) != DeliveryState::Pending;
}

int TriageController::nextUndecidedViewRow(int viewRow) const
{
    const int count = m_model->rowCount();
    for (int step = 1; step <= count; ++step) {
        const int candidate = (viewRow + step) % count;
        if (candidate < 0)
            continue;
        if (isUndecided(m_model->storeRow(candidate)))
            return candidate;
    }
    return -1;
}

void TriageController::setCurrentViewRow(int viewRow)
{
    if (viewRow < 0 || viewRow >= m_model->rowCount())
        return;
    const QModelIndex current = m_view->currentIndex();
    const QModelIndex target = m_model->index(viewRow, current.isValid() ? current.column() : 0);
    m_view->selectionModel()->setCurrentIndex(target, QItemSelectionModel::ClearAndSelect |
                                                          QItemSelectionModel::Rows);
    m_view->scrollTo(target);
}

void TriageController::moveBy(int delta)
{
    const int count = m_model->rowCount();
    if (count == 0)
        return;
    const QModelIndex current = m_view->currentIndex();
    setCurrentViewRow(current.isValid() ? std::clamp(current.row() + delta, 0, count - 1) : 0);
}

void TriageController::moveToNextUndecided()
{
    const QModelIndex current = m_view->currentIndex();
    const int next = nextUndecidedViewRow(current.isValid() ? current.row() : -1);
    if (next < 0) {
        emit message(tr("No undecided rows left in view."));
        return;
    }
    setCurrentViewRow(next);
}

void TriageController::decide(RelationshipStatus status)
{
    // Nothing could record it: the row stays as it is, and the keys say why.
    if (const QString refused = m_session ? m_session->decisionsRefusedReason() : QString();
        !refused.isEmpty()) {
        emit message(refused);
        return;
    }
    if (m_session && m_session->isReadOnly()) {
        emit message(tr("This snapshot is open read-only."));
        return;
    }
    QList<int> rows = selectedStoreRows();
    // Removed rows of a compared list (no store row) are read-only: nothing decides them.
    if (const qsizetype removed = rows.removeAll(-1); removed > 0) {
        emit message(rows.isEmpty()
                         ? tr("A removed row of the compared list cannot be decided: it is not "
                              "in the open list.")
                         : tr("%n removed row(s) of the compared list left as they are: they are "
                              "not in the open list.",
                              nullptr, int(removed)));
        if (rows.isEmpty())
            return;
    }
    if (rows.isEmpty() || !m_decider)
        return;
    int lastViewRow = -1;
    for (int row : rows)
        lastViewRow = std::max(lastViewRow, m_model->viewRow(row));

    const int stepsBefore = m_history ? m_history->undoStack()->index() : 0;
    m_decider(rows, status, describe(rows, status));
    noteDecisions(rows);
    emit decided(rows, status);
    // A step was recorded: its reason may follow with a number key.
    if (m_history && m_history->undoStack()->index() == stepsBefore + 1 &&
        status != RelationshipStatus::Suggested)
        offerReason(stepsBefore, status);
    else
        endReasonOffer();

    if (status == RelationshipStatus::Approved)
        offerCompeting(rows);
    else if (!m_competingRows.isEmpty())
        dismissCompeting();

    if (m_advance) {
        const int next = nextUndecidedViewRow(lastViewRow);
        if (next >= 0)
            setCurrentViewRow(next);
        else
            emit message(tr("No undecided rows left in view."));
    }
}

void TriageController::createReasonActions()
{
    for (int number = 1; number <= DecisionReason::ChoiceCount; ++number) {
        auto* action = new QAction(
            tr("Reason: %1").arg(DecisionReason::displayName(DecisionReason::choice(number))),
            this);
        action->setObjectName(u"reason%1Action"_s.arg(number));
        action->setShortcut(QKeySequence(Qt::Key_0 + number));
        // Like the triage keys: only while the table has the focus, never a digit typed in the
        // filter or the inspector's note.
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        action->setEnabled(false);
        m_view->addAction(action);
        connect(action, &QAction::triggered, this, [this, number] { giveReason(number); });
        m_reasonActions.append(action);
    }
    m_reasonWindow.setSingleShot(true);
    m_reasonWindow.setInterval(ReasonWindowMs);
    connect(&m_reasonWindow, &QTimer::timeout, this, &TriageController::endReasonOffer);
}

void TriageController::offerReason(int step, RelationshipStatus status)
{
    m_reasonStep = step;
    for (QAction* action : std::as_const(m_reasonActions))
        action->setEnabled(true);
    m_reasonWindow.start();
    QStringList choices;
    for (int number = 1; number <= DecisionReason::ChoiceCount; ++number)
        choices.append(tr("%1 %2").arg(number).arg(
            DecisionReason::displayName(DecisionReason::choice(number))));
    emit message(tr("%1. Why? %2").arg(statusDisplayName(status), choices.join(u" · "_s)));
}

void TriageController::endReasonOffer()
{
    m_reasonStep = -1;
    m_reasonWindow.stop();
    for (QAction* action : std::as_const(m_reasonActions))
        action->setEnabled(false);
}

void TriageController::giveReason(int number)
{
    if (!m_history || m_reasonStep < 0 || m_reasonStep >= m_history->stepCount())
        return;
    DecisionReason reason;
    reason.code = DecisionReason::choice(number);
    if (m_history->setStepReason(m_reasonStep, reason))
        emit message(tr("Reason “%1” kept for: %2")
                         .arg(reason.display(), m_history->stepState(m_reasonStep).description));
    else if (m_session)
        emit message(m_session->lastError());
    m_reasonWindow.start(); // another key may still correct it
}

void TriageController::noteDecisions(const QList<int>& storeRows)
{
    const qint64 now = m_clock.elapsed();
    for (int row : storeRows) {
        m_decidedRows.insert(row);
        m_decisionTimes.append(now);
    }
    while (!m_decisionTimes.isEmpty() && now - m_decisionTimes.first() > RateWindowMs)
        m_decisionTimes.removeFirst();
    scheduleRecount();
}

double TriageController::decisionsPerMinute() const
{
    if (m_decisionTimes.isEmpty())
        return 0;
    const qint64 now = m_clock.elapsed();
    qsizetype first = 0;
    while (first < m_decisionTimes.size() && now - m_decisionTimes[first] > RateWindowMs)
        ++first;
    const qsizetype count = m_decisionTimes.size() - first;
    if (count == 0)
        return 0;
    // Over at least a minute, so that the first few keys do not read as thousands per minute.
    const double minutes = std::max<double>(now - m_decisionTimes[first], 60'000.0) / 60'000.0;
    return double(count) / minutes;
}

int TriageController::pendingDelivery() const
{
    return m_model->store()->pendingCount();
}

void TriageController::offerCompeting(const QList<int>& approvedRows)
{
    RelationshipStore* store = m_model->store();
    if (!approvedRows.isEmpty()) {
        // The from columns just approved, and every other row that still suggests a target for
        // one of them. A scan of one array of the list's labels (4 MB at a million rows), not of
        // the rows.
        const std::vector<quint32>& fromKey = store->snapshot()->labels().fromKeys();
        const int count = int(fromKey.size());
        QSet<quint32> fromKeys;
        QSet<int> approved(approvedRows.cbegin(), approvedRows.cend());
        for (int row : approvedRows) {
            if (row >= 0 && row < count)
                fromKeys.insert(fromKey[size_t(row)]);
        }
        m_competingRows.clear();
        for (int row = 0; row < count; ++row) {
            if (fromKeys.contains(fromKey[size_t(row)]) && !approved.contains(row) &&
                isUndecided(row))
                m_competingRows.append(row);
        }
    }
    if (m_competingRows.isEmpty()) {
        dismissCompeting();
        return;
    }
    const ColumnCatalog& catalog = store->catalog();
    QStringList targets;
    for (int row : std::as_const(m_competingRows)) {
        if (targets.size() == 3)
            break;
        targets.append(catalog.tableLabel(store->rows().row(row).toTableId) % u'.' %
                       store->rows().toColumnName(row));
    }
    const int count = int(m_competingRows.size());
    const int unnamed = count - int(targets.size());
    const QString more = unnamed == 0   ? QString()
                         : unnamed == 1 ? tr(" and 1 more")
                                        : tr(" and %1 more").arg(unnamed);
    QSet<QUuid> fromColumns;
    for (int row : std::as_const(m_competingRows))
        fromColumns.insert(store->rows().row(row).fromColumnId);
    const QString from = fromColumns.size() == 1
                             ? catalog.columnLabel(*fromColumns.cbegin())
                             : tr("The %1 approved columns").arg(fromColumns.size());
    const QString text =
        count == 1 ? tr("%1 also has another suggested target: %2.").arg(from, targets.first())
                   : tr("%1 also has %2 other suggested targets: %3%4.")
                         .arg(from, QString::number(count), targets.join(u", "_s), more);
    const QKeySequence key = m_actions[RejectCompeting]->shortcut();
    m_competingBar->offer(text, count, key.toString(QKeySequence::NativeText));
    m_actions[RejectCompeting]->setEnabled(true);
}

void TriageController::rejectCompeting()
{
    if (m_competingRows.isEmpty() || !m_decider)
        return;
    const QList<int> rows = m_competingRows;
    dismissCompeting();
    // Only those still undecided: a key pressed on one of them since keeps its decision.
    QList<int> still;
    for (int row : rows) {
        if (isUndecided(row))
            still.append(row);
    }
    if (still.isEmpty())
        return;
    m_decider(still, RelationshipStatus::Rejected,
              still.size() == 1 ? tr("Reject 1 competing target")
                                : tr("Reject %1 competing targets").arg(still.size()));
    noteDecisions(still);
    emit decided(still, RelationshipStatus::Rejected);
}

void TriageController::dismissCompeting()
{
    m_competingRows.clear();
    m_competingBar->hide();
    m_actions[RejectCompeting]->setEnabled(false);
}

QString TriageController::relationshipLabel(int storeRow) const
{
    const RelationshipStore* store = m_model->store();
    const RelationshipRow& fields = store->rows().row(storeRow);
    const ColumnCatalog& catalog = store->catalog();
    return catalog.columnLabel(fields.fromColumnId) % u" → "_s %
           catalog.tableLabel(fields.toTableId) % u'.' % store->rows().toColumnName(storeRow);
}

QString TriageController::describe(const QList<int>& storeRows, RelationshipStatus status) const
{
    if (storeRows.size() == 1) {
        switch (status) {
        case RelationshipStatus::Approved:
            return tr("Approve %1").arg(relationshipLabel(storeRows.first()));
        case RelationshipStatus::Rejected:
            return tr("Reject %1").arg(relationshipLabel(storeRows.first()));
        default:
            return tr("Reset %1").arg(relationshipLabel(storeRows.first()));
        }
    }
    const int count = int(storeRows.size());
    switch (status) {
    case RelationshipStatus::Approved:
        return tr("Approve %1 relationships").arg(count);
    case RelationshipStatus::Rejected:
        return tr("Reject %1 relationships").arg(count);
    default:
        return tr("Reset %1 relationships").arg(count);
    }
}

void TriageController::scheduleRecount()
{
    m_recount.start();
}

void TriageController::recountNow()
{
    m_recount.stop();
    FilterColumns* filterColumns = m_model->filterColumns();
    if (filterColumns->isBuilding()) {
        // A new list's columns are being built on a worker: count once they are in.
        connect(filterColumns, &FilterColumns::ready, this, &TriageController::scheduleRecount,
                Qt::ConnectionType(Qt::UniqueConnection | Qt::SingleShotConnection));
        return;
    }
    // From the filter's columns: effective status and delivery as arrays, read in view order.
    m_countedSetGeneration = m_model->visibleSetGeneration();
    const FilterColumns::Data& columns = filterColumns->data();
    int left = 0;
    for (int row : m_model->visibleRows()) {
        left += columns.status[size_t(row)] == quint8(RelationshipStatus::Suggested) &&
                columns.delivery[size_t(row)] != quint8(DeliveryState::Pending);
    }
    m_suggestedLeft = left;
    if (m_statusWidget) {
        m_statusWidget->setText(figuresText());
        m_statusWidget->setToolTip(
            tr("Decided this session · SUGGESTED rows left in view · decisions per minute "
               "(last 5 minutes) · decisions waiting for the server"));
    }
    emit figuresChanged();
}

QString TriageController::figuresText() const
{
    const QLocale locale;
    return tr("%1 decided · %2 suggested left · %3/min · %4 pending")
        .arg(locale.toString(decidedThisSession()), locale.toString(m_suggestedLeft),
             locale.toString(decisionsPerMinute(), 'f', 1), locale.toString(pendingDelivery()));
}

QLabel* TriageController::createStatusWidget(QWidget* parent)
{
    if (!m_statusWidget) {
        m_statusWidget = new QLabel(parent);
        m_statusWidget->setObjectName(u"triageFigures"_s);
        m_statusWidget->setText(figuresText());
    }
    return m_statusWidget;
}

void TriageController::showShortcutsSheet()
{
    if (!m_sheet) {
        m_sheet = new ShortcutsSheet(m_shortcuts, m_view->window());
        m_sheet->setAttribute(Qt::WA_DeleteOnClose);
        m_sheet->setExtraKeys({{tr("↑ ↓"), tr("Previous / next row")},
                               {tr("Shift+↑ ↓"), tr("Extend the selection")},
                               {tr("Esc"), tr("From the filter back to the table")}});
    }
    m_sheet->show();
    m_sheet->raise();
}

void TriageController::showShortcutSettings()
{
    auto* dialog = new ShortcutSettingsDialog(m_shortcuts, m_view->window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}
