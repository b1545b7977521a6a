#pragma once

#include "ExportApprovedDialog.h"

#include <QObject>
#include <QPointer>

class QAction;
class QWidget;
class ReviewSession;

// The File menu's actions about the schema around the relationships: "Import table names…" (a
// CSV file of table_id,name, kept in the journal: TableNameStore) and "Export approved…" (the
// ExportApprovedDialog). Results go to message() (the status bar); a bad names file is shown in
// a message box naming the file, the line and the column, and changes nothing. Dialogs open
// window-modal and never block a test.
class SchemaActions : public QObject
{
    Q_OBJECT
public:
    SchemaActions(ReviewSession* session, QWidget* window);

    QAction* importTableNamesAction() const { return m_importAction; }
    QAction* exportApprovedAction() const { return m_exportAction; }
    ExportApprovedDialog* exportDialog() const { return m_exportDialog; }

public slots:
    void importTableNamesDialog(); // asks for the file, then importTableNames()
    bool importTableNames(const QString& path);
    void showExportApproved();

signals:
    void message(const QString& text);

private:
    void updateActions();

    ReviewSession* m_session;
    QWidget* m_window;
    QAction* m_importAction;
    QAction* m_exportAction;
    QPointer<ExportApprovedDialog> m_exportDialog;
};
