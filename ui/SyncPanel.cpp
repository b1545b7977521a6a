#include "SyncPanel.h"

#include "RelationshipStore.h"
#include "SyncEngine.h"

#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLocale>
#include <QMouseEvent>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

enum ConflictColumn { RelationshipColumn, MineColumn, ServerColumn, ChangedColumn, ColumnCount };
constexpr int DecisionIdRole = Qt::UserRole + 1;
constexpr int RelationshipIdRole = Qt::UserRole + 2;

// The states the panel counts, in the order it shows them. Gone is counted with Failed (both
// need the analyst's eye); Cancelled (superseded) is history, not shown.
constexpr DecisionState ShownStates[] = {DecisionState::Pending, DecisionState::Sending,
                                         DecisionState::Confirmed, DecisionState::Failed,
                                         DecisionState::Conflict};

} // namespace

SyncPanel::SyncPanel(SyncEngine* engine, RelationshipStore* store, QWidget* parent)
    : QWidget(parent)
    , m_engine(engine)
    , m_store(store)
{
    setObjectName(u"syncPanel"_s);
    auto* layout = new QVBoxLayout(this);

    auto* counts = new QGridLayout;
    int column = 0;
    for (const DecisionState state : ShownStates) {
        auto* name = new QLabel(decisionStateDisplayName(state), this);
        auto* value = new QLabel(u"0"_s, this);
        value->setObjectName(u"count_"_s + decisionStateName(state));
        QFont bold = value->font();
        bold.setBold(true);
        value->setFont(bold);
        value->setAlignment(Qt::AlignHCenter);
        name->setAlignment(Qt::AlignHCenter);
        counts->addWidget(value, 0, column);
        counts->addWidget(name, 1, column);
        m_countLabels[int(state)] = value;
        ++column;
    }
    layout->addLayout(counts);

    m_progress = new QProgressBar(this);
    m_progress->setVisible(false);
    m_progress->setFormat(tr("%v of %m"));
    layout->addWidget(m_progress);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);

    auto* buttons = new QHBoxLayout;
    m_syncButton = new QPushButton(tr("&Sync now"), this);
    m_syncButton->setToolTip(tr("Send every pending decision; a snapshot's decisions are first "
                                "checked against the server's current state."));
    m_retryButton = new QPushButton(tr("&Retry failed"), this);
    m_retryButton->setToolTip(tr("Send the decisions the server refused once more."));
    buttons->addWidget(m_syncButton);
    buttons->addWidget(m_retryButton);
    buttons->addStretch();
    layout->addLayout(buttons);

    auto* conflictTitle =
        new QLabel(tr("Conflicts: changed on the server since you decided"), this);
    layout->addWidget(conflictTitle);
    m_conflicts = new QTableWidget(0, ColumnCount, this);
    m_conflicts->setObjectName(u"conflictTable"_s);
    m_conflicts->setHorizontalHeaderLabels(
        {tr("Relationship"), tr("Yours"), tr("Server's"), tr("Changed on the server")});
    m_conflicts->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_conflicts->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_conflicts->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_conflicts->verticalHeader()->setVisible(false);
    m_conflicts->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_conflicts->horizontalHeader()->setSectionResizeMode(RelationshipColumn, QHeaderView::Stretch);
    m_conflicts->setWordWrap(false);
    layout->addWidget(m_conflicts, 1);

    auto* resolve = new QHBoxLayout;
    m_keepMineButton = new QPushButton(tr("&Keep mine"), this);
    m_keepMineButton->setToolTip(tr("Send your decision over the server's newer state."));
    m_takeServerButton = new QPushButton(tr("&Take server's"), this);
    m_takeServerButton->setToolTip(tr("Drop your decision and show the server's state."));
    resolve->addWidget(m_keepMineButton);
    resolve->addWidget(m_takeServerButton);
    resolve->addStretch();
    layout->addLayout(resolve);

    connect(m_syncButton, &QPushButton::clicked, this, [this] {
        if (m_engine) {
            m_engine->sync();
        }
    });
    connect(m_retryButton, &QPushButton::clicked, this, [this] {
        if (m_engine) {
            m_engine->retryFailed();
        }
    });
    connect(m_keepMineButton, &QPushButton::clicked, this,
            [this] { resolveSelected(int(ConflictResolution::KeepMine)); });
    connect(m_takeServerButton, &QPushButton::clicked, this,
            [this] { resolveSelected(int(ConflictResolution::TakeServer)); });
    connect(m_conflicts, &QTableWidget::itemSelectionChanged, this, &SyncPanel::updateButtons);
    connect(m_conflicts, &QTableWidget::itemDoubleClicked, this, [this](QTableWidgetItem* item) {
        const QUuid id =
            m_conflicts->item(item->row(), RelationshipColumn)->data(RelationshipIdRole).toUuid();
        emit relationshipActivated(id);
    });

    if (m_engine) {
        connect(m_engine, &SyncEngine::countsChanged, this, &SyncPanel::showCounts);
        connect(m_engine, &SyncEngine::progressChanged, this, &SyncPanel::showProgress);
        connect(m_engine, &SyncEngine::busyChanged, this, &SyncPanel::onBusyChanged);
        connect(m_engine, &SyncEngine::statusMessage, m_status, &QLabel::setText);
        connect(m_engine, &SyncEngine::conflictsChanged, this, &SyncPanel::fillConflicts);
        connect(m_engine, &SyncEngine::syncFinished, this, &SyncPanel::onSyncFinished);
        connect(m_engine, &SyncEngine::tokenRequired, this, [this](const QString& reason) {
            m_status->setText(tr("Paused until a valid token is given: %1").arg(reason));
        });
    }
    refresh();
}

void SyncPanel::refresh()
{
    if (!m_engine) {
        return;
    }
    m_engine->refreshCounts();
    showCounts(m_engine->counts());
    fillConflicts();
    onBusyChanged(m_engine->isBusy());
}

QString SyncPanel::countText(DecisionState state) const
{
    const QLabel* label = m_countLabels[int(state)];
    return label ? label->text() : QString();
}

void SyncPanel::showCounts(const DecisionCounts& counts)
{
    m_counts = counts;
    const QLocale locale;
    for (const DecisionState state : ShownStates) {
        int value = counts[state];
        if (state == DecisionState::Failed) {
            value += counts.gone();
        }
        m_countLabels[int(state)]->setText(locale.toString(value));
    }
    m_countLabels[int(DecisionState::Failed)]->setToolTip(
        counts.gone() > 0 ? tr("%n no longer on the server", nullptr, counts.gone()) : QString());
    updateButtons();
}

void SyncPanel::showProgress(int settled, int total)
{
    if (total <= 1) {
        return; // one interactive decision needs no bar
    }
    m_progress->setRange(0, total);
    m_progress->setValue(qMin(settled, total));
    m_progress->setVisible(true);
}

void SyncPanel::onBusyChanged(bool busy)
{
    if (!busy) {
        m_progress->setVisible(false);
    }
    updateButtons();
}

void SyncPanel::onSyncFinished(const SyncSummary& summary)
{
    m_progress->setVisible(false);
    if (summary.complete) {
        m_status->setText(tr("Every decision is confirmed."));
    } else if (!summary.message.isEmpty()) {
        m_status->setText(summary.message);
    } else {
        m_status->setText(tr("Finished: %1 failed, %2 conflicts, %3 still pending.")
                              .arg(summary.counts.failed() + summary.counts.gone())
                              .arg(summary.counts.conflicts())
                              .arg(summary.counts.outstanding()));
    }
    updateButtons();
}

QString SyncPanel::relationshipLabel(const QUuid& id) const
{
    if (m_store) {
        if (const std::optional<int> row = m_store->rows().rowOf(id)) {
            const RelationshipRow& fields = m_store->rows().row(*row);
            const ColumnCatalog& catalog = m_store->catalog();
            return catalog.columnLabel(fields.fromColumnId) + u" → "_s +
                   catalog.tableLabel(fields.toTableId) + u'.' + m_store->rows().toColumnName(*row);
        }
    }
    return shortId(id);
}

void SyncPanel::fillConflicts()
{
    if (!m_engine || m_resolving) {
        return;
    }
    const QList<SyncConflict> conflicts = m_engine->conflicts();
    m_conflicts->setUpdatesEnabled(false);
    m_conflicts->clearContents();
    m_conflicts->setRowCount(int(conflicts.size()));
    const QLocale locale;
    for (int row = 0; row < conflicts.size(); ++row) {
        const SyncConflict& conflict = conflicts[row];
        auto* relationship = new QTableWidgetItem(relationshipLabel(conflict.relationshipId));
        relationship->setData(DecisionIdRole, conflict.decisionId);
        relationship->setData(RelationshipIdRole, conflict.relationshipId);
        relationship->setToolTip(conflict.relationshipId.toString(QUuid::WithoutBraces));
        auto* mine = new QTableWidgetItem(
            statusDisplayName(statusFromName(conflict.mine).value_or(RelationshipStatus::Unknown)));
        auto* server = new QTableWidgetItem(
            conflict.serverKnown
                ? statusDisplayName(
                      statusFromName(conflict.serverStatus).value_or(RelationshipStatus::Unknown))
                : tr("not read yet"));
        auto* changed = new QTableWidgetItem(
            conflict.serverKnown && conflict.serverUpdatedMs > 0
                ? locale.toString(QDateTime::fromMSecsSinceEpoch(conflict.serverUpdatedMs),
                                  QLocale::ShortFormat)
                : QString());
        m_conflicts->setItem(row, RelationshipColumn, relationship);
        m_conflicts->setItem(row, MineColumn, mine);
        m_conflicts->setItem(row, ServerColumn, server);
        m_conflicts->setItem(row, ChangedColumn, changed);
    }
    m_conflicts->setUpdatesEnabled(true);
    updateButtons();
}

void SyncPanel::resolveSelected(int resolution)
{
    if (!m_engine) {
        return;
    }
    QList<qint64> ids;
    for (const QModelIndex& index : m_conflicts->selectionModel()->selectedRows()) {
        ids.append(
            m_conflicts->item(index.row(), RelationshipColumn)->data(DecisionIdRole).toLongLong());
    }
    // The engine announces each resolution; the table is rebuilt once at the end.
    m_resolving = true;
    for (const qint64 id : std::as_const(ids)) {
        m_engine->resolveConflict(id, ConflictResolution(resolution));
    }
    m_resolving = false;
    fillConflicts();
    m_engine->refreshCounts();
    showCounts(m_engine->counts());
}

void SyncPanel::updateButtons()
{
    const bool busy = m_engine && m_engine->isBusy();
    m_syncButton->setEnabled(m_engine && !busy && m_counts.pending() > 0);
    m_retryButton->setEnabled(m_engine && m_counts.failed() > 0);
    const bool selected = m_conflicts->selectionModel()->hasSelection();
    m_keepMineButton->setEnabled(selected);
    m_takeServerButton->setEnabled(selected);
}

PendingCountLabel::PendingCountLabel(SyncEngine* engine, QWidget* parent)
    : QLabel(parent)
{
    setObjectName(u"pendingCountLabel"_s);
    if (engine) {
        connect(engine, &SyncEngine::countsChanged, this, &PendingCountLabel::showCounts);
        showCounts(engine->counts());
    }
}

void PendingCountLabel::showCounts(const DecisionCounts& counts)
{
    const QLocale locale;
    QStringList parts;
    if (counts.outstanding() > 0) {
        parts << tr("%1 pending").arg(locale.toString(counts.outstanding()));
    }
    if (counts.conflicts() > 0) {
        parts << tr("%1 conflicts").arg(locale.toString(counts.conflicts()));
    }
    if (counts.failed() + counts.gone() > 0) {
        parts << tr("%1 failed").arg(locale.toString(counts.failed() + counts.gone()));
    }
    setText(parts.isEmpty() ? tr("All decisions delivered") : parts.join(u", "_s));
    setToolTip(tr("Pending %1 · sent %2 · confirmed %3 · failed %4 · gone %5 · conflicts %6")
                   .arg(counts.pending())
                   .arg(counts.sending())
                   .arg(counts.confirmed())
                   .arg(counts.failed())
                   .arg(counts.gone())
                   .arg(counts.conflicts()));
}

void PendingCountLabel::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton) {
        emit clicked();
    }
    QLabel::mouseReleaseEvent(event);
}
