#pragma once

#include "BackgroundWork.h"
#include "ColumnCatalog.h"
#include "RelationshipRows.h"

#include <QObject>
#include <QString>

#include <memory>

class QAction;
class QWidget;
class RelationshipTableModel;

// File → Compare with… and File → End comparison: the open list (live or a snapshot) against a
// snapshot or saved list the analyst picks. The file is parsed and compared with the list's
// current version on a BackgroundWork job (SnapshotDiff over a million rows takes seconds), then
// the table model shows the comparison (ListComparison: the diff column, diff: filter terms, the
// removed rows greyed). When another list is loaded, the same file is compared with it again.
class ComparisonActions : public QObject
{
    Q_OBJECT
public:
    ComparisonActions(RelationshipTableModel* model, QWidget* dialogParent);
    ~ComparisonActions() override;

    QAction* compareAction() const { return m_compareAction; }
    QAction* endAction() const { return m_endAction; }

    // Compares the open list with `path` (what the file dialog does once a file is picked).
    void compareWith(const QString& path);
    void endComparison();
    bool isBusy() const { return m_work.isBusy(); }

signals:
    // A comparison was shown (ok) or could not be made (the message names the file and where).
    void finished(bool ok, const QString& message);

private:
    struct Compared; // the compared file's rows, kept to compare a newly loaded list again
    struct Outcome;  // of a job: the comparison, or why there is none
    void start();
    void updateActions();
    void onComparisonChanged();

    RelationshipTableModel* m_model;
    QWidget* m_dialogParent;
    QAction* m_compareAction = nullptr;
    QAction* m_endAction = nullptr;
    std::shared_ptr<const Compared> m_compared; // null: nothing compared
    BackgroundWork m_work{this};
};
