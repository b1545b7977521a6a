#include "HistoryPanel.h"

#include "EarlierDecisions.h"
#include "ReviewHistory.h"
#include "StatusColors.h"

#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

HistoryModel::HistoryModel(ReviewHistory* history, QObject* parent)
    : QAbstractTableModel(parent)
    , m_history(history)
{
    QUndoStack* stack = history->undoStack();
    // Steps come and go only through the stack's index (a push drops the steps undone before
    // it); a handful of rows, so the model simply starts over.
    connect(stack, &QUndoStack::indexChanged, this, [this] {
        beginResetModel();
        endResetModel();
    });
    m_statesTimer.setSingleShot(true);
    m_statesTimer.setInterval(200);
    connect(&m_statesTimer, &QTimer::timeout, this, [this] {
        if (rowCount() > 1)
            emit dataChanged(index(1, StepColumn), index(rowCount() - 1, DeliveryColumn));
    });
    connect(history, &ReviewHistory::stepStatesChanged, this, &HistoryModel::scheduleStates);
}

// "Reject orders.cust_id → customers.id · not a key · before: rejected 2026-11-03"
QString HistoryModel::stepText(int step) const
{
    const ReviewHistory::StepState state = m_history->stepState(step);
    QString text = state.description;
    if (!state.reason.isEmpty())
        text += tr(" · %1", "a step's reason").arg(state.reason.display());
    // A step on one row shows what was decided before on its column pair.
    const QList<int> rows = m_history->stepRows(step);
    if (rows.size() == 1 && m_history->session()) {
        if (const EarlierDecision* earlier =
                m_history->session()->store()->earlier()->at(rows.first()))
            text += tr(" · before: %1", "a step's earlier decision").arg(earlier->text());
    }
    return text;
}

void HistoryModel::scheduleStates()
{
    if (!m_statesTimer.isActive())
        m_statesTimer.start();
}

int HistoryModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_history->stepCount() + 1;
}

int HistoryModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant HistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == StepColumn ? tr("Step") : tr("Delivery");
}

QVariant HistoryModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const int step = index.row() - 1;
    const bool undone = step >= m_history->undoStack()->index();
    switch (role) {
    case Qt::DisplayRole:
        if (step < 0)
            return index.column() == StepColumn ? tr("Session start") : QVariant();
        if (index.column() == StepColumn)
            return stepText(step);
        return m_history->stepStateText(step);
    case Qt::ToolTipRole:
        if (step < 0)
            return tr("Undo every decision of this session");
        return tr("%1\n%2").arg(stepText(step), m_history->stepStateText(step));
    case Qt::FontRole:
        if (step >= 0 && undone) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        return {};
    case Qt::ForegroundRole: {
        // Undone steps fade; a step with failures says so in the failure colour.
        const QPalette palette;
        if (step >= 0 && undone)
            return palette.color(QPalette::PlaceholderText);
        if (step >= 0 && index.column() == DeliveryColumn) {
            const ReviewHistory::StepState state = m_history->stepState(step);
            if (state.failed > 0)
                return deliveryColor(DeliveryState::Failed, palette);
            if (state.outstanding() > 0)
                return deliveryColor(DeliveryState::Pending, palette);
        }
        return {};
    }
    default:
        return {};
    }
}

HistoryPanel::HistoryPanel(ReviewHistory* history, QWidget* parent)
    : QWidget(parent)
    , m_history(history)
    , m_model(new HistoryModel(history, this))
    , m_view(new QTreeView(this))
{
    setObjectName(u"historyPanel"_s);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_view->setObjectName(u"historyView"_s);
    m_view->setAccessibleName(tr("Undo history"));
    m_view->setModel(m_model);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->header()->setStretchLastSection(true);
    m_view->header()->resizeSection(HistoryModel::StepColumn, 300);
    layout->addWidget(m_view);
    auto* hint = new QLabel(tr("Click a step to undo or redo up to it."), this);
    hint->setWordWrap(true);
    QPalette faded = hint->palette();
    faded.setColor(QPalette::WindowText, faded.color(QPalette::PlaceholderText));
    hint->setPalette(faded);
    layout->addWidget(hint);

    // Reasons, later: a step's context menu.
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view, &QWidget::customContextMenuRequested, this, [this](const QPoint& position) {
        const int step = m_view->indexAt(position).row() - 1;
        if (step >= 0)
            reasonMenu(step)->popup(m_view->viewport()->mapToGlobal(position));
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, &HistoryPanel::selectCurrent);
    connect(m_view, &QTreeView::clicked, this, [this](const QModelIndex& index) {
        // Row r is the state after r steps: undo or redo up to it.
        m_history->undoStack()->setIndex(index.row());
    });
    selectCurrent();
}

QMenu* HistoryPanel::reasonMenu(int step)
{
    auto* menu = new QMenu(tr("Reason"), this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    for (int number = 1; number <= DecisionReason::ChoiceCount; ++number) {
        const DecisionReason::Code code = DecisionReason::choice(number);
        QAction* action =
            menu->addAction(tr("&%1 %2").arg(number).arg(DecisionReason::displayName(code)));
        connect(action, &QAction::triggered, this, [this, step, code] {
            DecisionReason reason;
            reason.code = code;
            if (code == DecisionReason::Code::Other) {
                bool ok = false;
                reason.text = QInputDialog::getText(this, tr("Reason"), tr("Why:"),
                                                    QLineEdit::Normal, {}, &ok);
                if (!ok)
                    return;
            }
            m_history->setStepReason(step, reason);
        });
    }
    menu->addSeparator();
    connect(menu->addAction(tr("&Clear the reason")), &QAction::triggered, this,
            [this, step] { m_history->setStepReason(step, {}); });
    return menu;
}

void HistoryPanel::selectCurrent()
{
    const QModelIndex current = m_model->index(m_history->undoStack()->index(), 0);
    m_view->selectionModel()->setCurrentIndex(current, QItemSelectionModel::ClearAndSelect |
                                                           QItemSelectionModel::Rows);
    m_view->scrollTo(current);
}
