#include "SchemaActions.h"

#include "ExportApprovedDialog.h"
#include "OpenFileDialog.h"
#include "RelationshipStore.h"
#include "ReviewSession.h"
#include "TableNameStore.h"

#include <QAction>
#include <QFileDialog>
#include <QMessageBox>

using namespace Qt::StringLiterals;

SchemaActions::SchemaActions(ReviewSession* session, QWidget* window)
    : QObject(window)
    , m_session(session)
    , m_window(window)
{
    m_importAction = new QAction(tr("Import &table names…"), this);
    m_importAction->setObjectName(u"importTableNamesAction"_s);
    m_importAction->setStatusTip(tr("Name tables from a CSV file with the header table_id,name"));
    connect(m_importAction, &QAction::triggered, this, &SchemaActions::importTableNamesDialog);

    m_exportAction = new QAction(tr("Export &approved…"), this);
    m_exportAction->setObjectName(u"exportApprovedAction"_s);
    m_exportAction->setStatusTip(
        tr("Write the approved relationships as dbt tests, SQL, a Mermaid diagram or CSV"));
    connect(m_exportAction, &QAction::triggered, this, &SchemaActions::showExportApproved);

    RelationshipStore* store = session->store();
    connect(store, &RelationshipStore::reset, this, &SchemaActions::updateActions);
    updateActions();
}

void SchemaActions::updateActions()
{
    m_exportAction->setEnabled(m_session->store()->size() > 0);
}

void SchemaActions::importTableNamesDialog()
{
    QFileDialog* dialog =
        makeOpenFileDialog(m_window, tr("Import table names"),
                           tr("CSV files (*.csv);;All files (*)"), u"importTableNamesFileDialog"_s);
    connect(dialog, &QFileDialog::fileSelected, this, &SchemaActions::importTableNames);
    dialog->open();
}

bool SchemaActions::importTableNames(const QString& path)
{
    int count = 0;
    QString error;
    if (!m_session->tableNames()->importCsv(path, &count, &error)) {
        auto* box = new QMessageBox(QMessageBox::Warning, tr("Table names not imported"),
                                    tr("No table name was changed."), QMessageBox::Ok, m_window);
        box->setObjectName(u"tableNamesErrorBox"_s);
        box->setInformativeText(error);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
        emit message(tr("Table names not imported: %1").arg(error));
        return false;
    }
    emit message(tr("%n table name(s) imported from %1", nullptr, count).arg(path));
    return true;
}

void SchemaActions::showExportApproved()
{
    if (m_exportDialog) {
        m_exportDialog->raise();
        m_exportDialog->activateWindow();
        return;
    }
    m_exportDialog = new ExportApprovedDialog(m_session, m_window);
    m_exportDialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_exportDialog, &ExportApprovedDialog::exported, this,
            [this](const QString& path, int count) {
                emit message(
                    tr("%n approved relationship(s) written to %1", nullptr, count).arg(path));
            });
    m_exportDialog->open();
}
