#include "ExportApprovedDialog.h"

#include "DecisionJournal.h"
#include "ListSnapshot.h"
#include "RelationshipStore.h"
#include "ReviewSession.h"
#include "SyncEngine.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

ExportApprovedDialog::ExportApprovedDialog(ReviewSession* session, QWidget* parent)
    : QDialog(parent)
    , m_session(session)
{
    setObjectName(u"exportApprovedDialog"_s);
    setWindowTitle(tr("Export approved relationships"));
    setMinimumWidth(520);
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;

    m_format = new QComboBox(this);
    m_format->setObjectName(u"exportFormat"_s);
    m_format->addItem(tr("dbt schema.yml (relationships tests)"), int(ApprovedExport::Format::Dbt));
    m_format->addItem(tr("SQL foreign keys (ALTER TABLE)"), int(ApprovedExport::Format::Sql));
    m_format->addItem(tr("Mermaid ER diagram"), int(ApprovedExport::Format::Mermaid));
    m_format->addItem(tr("CSV"), int(ApprovedExport::Format::Csv));
    form->addRow(tr("&Format:"), m_format);

    m_dialect = new QComboBox(this);
    m_dialect->setObjectName(u"exportDialect"_s);
    m_dialect->addItem(tr("Generic SQL"), int(ApprovedExport::Dialect::Generic));
    m_dialect->addItem(tr("PostgreSQL"), int(ApprovedExport::Dialect::Postgres));
    m_dialect->addItem(tr("Snowflake"), int(ApprovedExport::Dialect::Snowflake));
    m_dialect->addItem(tr("BigQuery"), int(ApprovedExport::Dialect::BigQuery));
    form->addRow(tr("SQL &dialect:"), m_dialect);

    m_confirmedOnly = new QCheckBox(tr("Only those the server &confirmed"), this);
    m_confirmedOnly->setObjectName(u"exportConfirmedOnly"_s);
    m_confirmedOnly->setToolTip(
        tr("Leave out approvals made here that the server has not confirmed yet."));
    form->addRow(QString(), m_confirmedOnly);

    auto* pathRow = new QHBoxLayout;
    m_path = new QLineEdit(this);
    m_path->setObjectName(u"exportPath"_s);
    m_browse = new QPushButton(tr("&Browse…"), this);
    m_browse->setObjectName(u"exportBrowse"_s);
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(m_browse);
    // A row of a layout gets no buddy of its own: without one the label would show its '&'.
    auto* pathLabel = new QLabel(tr("F&ile:"), this);
    pathLabel->setBuddy(m_path);
    form->addRow(pathLabel, pathRow);
    layout->addLayout(form);

    m_summary = new QLabel(this);
    m_summary->setObjectName(u"exportSummary"_s);
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setMinimumHeight(m_summary->fontMetrics().lineSpacing() * 3);
    layout->addWidget(m_summary);
    m_problem = new QLabel(this);
    m_problem->setObjectName(u"exportProblem"_s);
    m_problem->setWordWrap(true);
    m_problem->setTextFormat(Qt::PlainText);
    m_problem->hide();
    layout->addWidget(m_problem);
    layout->addStretch(1);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    QPushButton* exportButton = m_buttons->addButton(tr("&Export"), QDialogButtonBox::AcceptRole);
    exportButton->setObjectName(u"exportButton"_s);
    exportButton->setDefault(true);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    connect(m_format, &QComboBox::currentIndexChanged, this, [this] {
        // The suggested file follows the format until the analyst names one of their own.
        const QFileInfo current(m_path->text());
        for (int index = 0; index < m_format->count(); ++index) {
            const auto other = ApprovedExport::Format(m_format->itemData(index).toInt());
            if (current.fileName() == ApprovedExport::defaultFileName(other)) {
                m_path->setText(current.dir().filePath(ApprovedExport::defaultFileName(format())));
                break;
            }
        }
        updateControls();
    });
    connect(m_confirmedOnly, &QCheckBox::toggled, this, &ExportApprovedDialog::select);
    connect(m_path, &QLineEdit::textChanged, this, &ExportApprovedDialog::updateControls);
    connect(m_browse, &QPushButton::clicked, this, &ExportApprovedDialog::browse);

    m_path->setText(QDir::home().filePath(ApprovedExport::defaultFileName(format())));
    resize(sizeHint().expandedTo(QSize(560, 300)));
    select();
}

ApprovedExport::Format ExportApprovedDialog::format() const
{
    return ApprovedExport::Format(m_format->currentData().toInt());
}

ApprovedExport::Dialect ExportApprovedDialog::dialect() const
{
    return ApprovedExport::Dialect(m_dialect->currentData().toInt());
}

bool ExportApprovedDialog::confirmedOnly() const
{
    return m_confirmedOnly->isChecked();
}

QString ExportApprovedDialog::path() const
{
    return m_path->text().trimmed();
}

void ExportApprovedDialog::setPath(const QString& path)
{
    m_path->setText(path);
}

void ExportApprovedDialog::select()
{
    m_ready = false;
    updateSummary();
    updateControls();
    // The list as it is now (an immutable version) and the journal's latest decisions, read on
    // a worker: a large list is not walked on the UI thread.
    const std::shared_ptr<const ListSnapshot> list = m_session->store()->snapshot();
    DecisionJournal* journal = m_session->journal();
    const qint64 originId = m_session->syncEngine() ? m_session->syncEngine()->originId() : 0;
    const bool confirmed = confirmedOnly();
    m_work.run(
        [list, journal, originId, confirmed](const std::atomic_bool&) {
            QList<DecisionRecord> decisions;
            if (journal && journal->isOpen() && originId > 0) {
                decisions = journal->latestPerRelationship(originId);
            }
            return ApprovedRelationships::select(list->rows(), list->catalog(), decisions,
                                                 confirmed);
        },
        [this](ApprovedRelationships selection) {
            m_selection = std::move(selection);
            m_ready = true;
            updateSummary();
            updateControls();
        });
}

void ExportApprovedDialog::updateSummary()
{
    if (!m_ready) {
        m_summary->setText(tr("Counting the approved relationships…"));
        return;
    }
    QString text = tr("%n approved relationship(s) will be written.", nullptr,
                      int(m_selection.entries.size()));
    if (m_selection.unnamed > 0) {
        text += u'\n' + tr("%n left out: a table or column name is unknown (File → Import table "
                           "names… names the tables).",
                           nullptr, m_selection.unnamed);
    }
    m_summary->setText(text);
}

void ExportApprovedDialog::updateControls()
{
    m_dialect->setEnabled(format() == ApprovedExport::Format::Sql);
    if (QPushButton* button = findChild<QPushButton*>(u"exportButton"_s)) {
        button->setEnabled(m_ready && !path().isEmpty());
    }
}

void ExportApprovedDialog::browse()
{
    auto* dialog = new QFileDialog(this, tr("Export approved relationships"), path());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setFileMode(QFileDialog::AnyFile);
    connect(dialog, &QFileDialog::fileSelected, this, &ExportApprovedDialog::setPath);
    dialog->open();
}

bool ExportApprovedDialog::exportNow()
{
    if (!m_ready || path().isEmpty()) {
        return false;
    }
    QString error;
    const QByteArray bytes = ApprovedExport::write(m_selection.entries, format(), dialect());
    if (!ApprovedExport::writeFile(path(), bytes, &error)) {
        m_problem->setText(error);
        m_problem->show();
        return false;
    }
    m_problem->hide();
    emit exported(path(), int(m_selection.entries.size()));
    return true;
}

void ExportApprovedDialog::accept()
{
    if (exportNow()) {
        QDialog::accept();
    }
}
