#include "ComparisonActions.h"

#include "ListComparison.h"
#include "OfflineSnapshot.h"
#include "OpenFileDialog.h"
#include "RelationshipStore.h"
#include "RelationshipTableModel.h"

#include <QAction>
#include <QFileDialog>
#include <QFileInfo>
#include <QLocale>

using namespace Qt::StringLiterals;

struct ComparisonActions::Compared
{
    QString label;
    RelationshipRows rows;
    ColumnCatalog catalog;
};

struct ComparisonActions::Outcome
{
    std::shared_ptr<const ListComparison> comparison;
    std::shared_ptr<const Compared> compared;
    QString error;
};

ComparisonActions::ComparisonActions(RelationshipTableModel* model, QWidget* dialogParent)
    : QObject(dialogParent)
    , m_model(model)
    , m_dialogParent(dialogParent)
{
    m_compareAction = new QAction(tr("Co&mpare with…"), this);
    m_compareAction->setObjectName(u"compareAction"_s);
    m_compareAction->setToolTip(
        tr("Compare the open list with a snapshot or saved list, matched by column pair"));
    connect(m_compareAction, &QAction::triggered, this, [this] {
        QFileDialog* dialog = makeOpenFileDialog(m_dialogParent, tr("Compare with"),
                                                 tr("Snapshots and lists (*.json);;All files (*)"),
                                                 u"compareFileDialog"_s);
        connect(dialog, &QFileDialog::fileSelected, this, &ComparisonActions::compareWith);
        dialog->open();
    });
    m_endAction = new QAction(tr("&End comparison"), this);
    m_endAction->setObjectName(u"endComparisonAction"_s);
    connect(m_endAction, &QAction::triggered, this, &ComparisonActions::endComparison);
    connect(m_model, &RelationshipTableModel::comparisonChanged, this,
            &ComparisonActions::onComparisonChanged);
    updateActions();
}

ComparisonActions::~ComparisonActions() = default;

void ComparisonActions::compareWith(const QString& path)
{
    RelationshipStore* store = m_model->store();
    const QString label = QFileInfo(path).fileName();
    m_work.run(
        [path, label, snapshot = store->snapshot()](const std::atomic_bool& stop) {
            Outcome outcome;
            OfflineSnapshot opened = OfflineSnapshot::open(path, nullptr);
            if (!opened.ok) {
                outcome.error = opened.message;
                return outcome;
            }
            auto compared = std::make_shared<Compared>();
            compared->label = label;
            compared->rows = std::move(opened.document.rows);
            compared->catalog = std::move(opened.document.catalog);
            outcome.comparison =
                ListComparison::compute(label, snapshot, compared->rows, compared->catalog, &stop);
            outcome.compared = std::move(compared);
            return outcome;
        },
        [this](Outcome outcome) {
            if (!outcome.error.isEmpty()) {
                emit finished(false, outcome.error);
                updateActions();
                return;
            }
            m_compared = std::move(outcome.compared);
            if (!outcome.comparison) {
                updateActions();
                return;
            }
            m_model->setComparison(outcome.comparison);
            if (!m_model->isComparing()) {
                start(); // the list changed while it was compared: again with the new one
                return;
            }
            const SnapshotDiff& diff = outcome.comparison->diff();
            const QLocale locale;
            emit finished(true,
                          tr("Compared with %1: %2 added, %3 removed, %4 changed, %5 unchanged")
                              .arg(outcome.comparison->label(),
                                   locale.toString(qsizetype(diff.addedRows().size())),
                                   locale.toString(qsizetype(diff.removedRows().size())),
                                   locale.toString(qsizetype(diff.changed().size())),
                                   locale.toString(diff.unchangedCount())));
            updateActions();
        });
    updateActions();
}

// The same compared file against the list as it is now (after another list was loaded).
void ComparisonActions::start()
{
    if (!m_compared)
        return;
    std::shared_ptr<const Compared> compared = m_compared;
    m_work.run(
        [compared, snapshot = m_model->store()->snapshot()](const std::atomic_bool& stop) {
            return std::shared_ptr<const ListComparison>(ListComparison::compute(
                compared->label, snapshot, compared->rows, compared->catalog, &stop));
        },
        [this](std::shared_ptr<const ListComparison> comparison) {
            if (!m_compared || !comparison)
                return;
            m_model->setComparison(std::move(comparison));
            if (!m_model->isComparing())
                start();
            updateActions();
        });
}

void ComparisonActions::endComparison()
{
    m_work.cancel();
    m_compared.reset();
    m_model->setComparison(nullptr);
    updateActions();
}

void ComparisonActions::onComparisonChanged()
{
    // Dropped with its list: compare the new list with the same file.
    if (!m_model->isComparing() && m_compared && !m_work.isBusy())
        start();
    updateActions();
}

void ComparisonActions::updateActions()
{
    m_endAction->setEnabled(m_model->isComparing() || m_compared || m_work.isBusy());
}
