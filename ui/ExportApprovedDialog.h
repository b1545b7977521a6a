#pragma once

#include "ApprovedExport.h"
#include "BackgroundWork.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class ReviewSession;

// File → Export approved…: the approved relationships of what is open (after this journal's
// decisions) as a dbt schema.yml, SQL foreign keys, a Mermaid diagram or CSV (ApprovedExport).
// Says how many will be written and how many are left out for unknown names before anything is
// written. The selection is worked out off the UI thread (the list's current version and the
// journal), again when "confirmed only" changes.
class ExportApprovedDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ExportApprovedDialog(ReviewSession* session, QWidget* parent = nullptr);

    ApprovedExport::Format format() const;
    ApprovedExport::Dialect dialect() const;
    bool confirmedOnly() const;
    QString path() const;
    void setPath(const QString& path);
    // Whether the count shown is for the current choice (false while it is worked out).
    bool isSelectionReady() const { return m_ready; }
    int writtenCount() const { return int(m_selection.entries.size()); }
    int leftOutCount() const { return m_selection.unnamed; }

    // Writes the file; false with the reason shown in the dialog (which stays open).
    bool exportNow();

signals:
    void exported(const QString& path, int count);

protected:
    void accept() override;

private:
    void select();
    void updateSummary();
    void updateControls();
    void browse();

    ReviewSession* m_session;
    QComboBox* m_format;
    QComboBox* m_dialect;
    QCheckBox* m_confirmedOnly;
    QLineEdit* m_path;
    QPushButton* m_browse;
    QLabel* m_summary;
    QLabel* m_problem;
    QDialogButtonBox* m_buttons;
    ApprovedRelationships m_selection;
    bool m_ready = false;
    BackgroundWork m_work{this};
};
