#include "SnapshotActions.h"

#include "RelationshipStore.h"

#include <QAction>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QProgressDialog>
#include <QSaveFile>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace {

SnapshotActions::FileNameProvider& fileNameProvider()
{
    static SnapshotActions::FileNameProvider provider;
    return provider;
}

bool& messageBoxesEnabled()
{
    static bool enabled = true;
    return enabled;
}

// A slice of the export: short enough that the UI stays responsive (DESIGN.md: no stall over
// 50 ms), long enough that a million rows take few turns of the event loop.
constexpr qint64 SliceMs = 20;
constexpr int RowsPerCheck = 256;

} // namespace

SnapshotExporter::SnapshotExporter(RelationshipStore* store, QObject* parent)
    : QObject(parent)
    , m_store(store)
{
    m_timer.setInterval(0);
    connect(&m_timer, &QTimer::timeout, this, &SnapshotExporter::writeSlice);
    if (m_store) {
        connect(m_store, &RelationshipStore::reset, this, [this] {
            if (isRunning()) {
                finish(false,
                       tr("%1: not written: the list was reloaded during the export").arg(m_path));
            }
        });
    }
}

SnapshotExporter::~SnapshotExporter()
{
    if (m_file) {
        m_file->cancelWriting();
    }
}

bool SnapshotExporter::start(const QString& path, const SnapshotSource& source)
{
    if (isRunning() || !m_store) {
        return false;
    }
    m_path = path;
    m_file = std::make_unique<QSaveFile>(path);
    if (!m_file->open(QIODevice::WriteOnly)) {
        const QString message = tr("%1: cannot be written: %2").arg(path, m_file->errorString());
        m_file.reset();
        QTimer::singleShot(0, this, [this, message] { emit finished(false, message); });
        return true;
    }
    m_stream = std::make_unique<SnapshotWriter::Stream>(m_file.get());
    m_nextRow = 0;
    m_total = m_store->size();
    if (!m_stream->begin(m_store->catalog(), source, QDateTime::currentMSecsSinceEpoch())) {
        finish(false, path + u": "_s + m_stream->errorString());
        return true;
    }
    emit progress(0, m_total);
    m_timer.start();
    return true;
}

void SnapshotExporter::cancel()
{
    if (isRunning()) {
        finish(false, tr("%1: export cancelled; nothing was written").arg(m_path));
    }
}

void SnapshotExporter::writeSlice()
{
    if (!m_file || !m_store) {
        return;
    }
    m_slice.start();
    const int total = m_store->size();
    while (m_nextRow < total && m_slice.elapsed() < SliceMs) {
        const int count = qMin(RowsPerCheck, total - m_nextRow);
        if (!m_stream->append(m_store->rows(), m_nextRow, count)) {
            finish(false, m_path + u": "_s + m_stream->errorString());
            return;
        }
        m_nextRow += count;
    }
    emit progress(m_nextRow, total);
    if (m_nextRow < total) {
        return;
    }
    if (!m_stream->finish()) {
        finish(false, m_path + u": "_s + m_stream->errorString());
        return;
    }
    if (!m_file->commit()) {
        finish(false, tr("%1: cannot be written: %2").arg(m_path, m_file->errorString()));
        return;
    }
    m_file.reset();
    finish(true, tr("Exported %n relationships to %1", nullptr, total).arg(m_path));
}

void SnapshotExporter::finish(bool ok, const QString& message)
{
    m_timer.stop();
    if (m_file) {
        m_file->cancelWriting();
        m_file.reset();
    }
    m_stream.reset();
    emit finished(ok, message);
}

SnapshotActions::SnapshotActions(RelationshipStore* store, QWidget* window)
    : QObject(window)
    , m_store(store)
    , m_window(window)
    , m_exportAction(new QAction(tr("&Export snapshot…"), this))
    , m_exporter(new SnapshotExporter(store, this))
{
    m_exportAction->setObjectName(u"exportSnapshotAction"_s);
    m_exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    m_exportAction->setStatusTip(
        tr("Save the relationships as the server sent them, for review without a network."));
    connect(m_exportAction, &QAction::triggered, this, &SnapshotActions::exportSnapshot);
    if (m_store) {
        connect(m_store, &RelationshipStore::reset, this, &SnapshotActions::updateAction);
    }
    connect(m_exporter, &SnapshotExporter::progress, this, [this](int written, int total) {
        if (m_progressDialog) {
            m_progressDialog->setMaximum(qMax(1, total));
            m_progressDialog->setValue(written);
        }
    });
    connect(m_exporter, &SnapshotExporter::finished, this, [this](bool ok, const QString& message) {
        if (m_progressDialog) {
            m_progressDialog->reset();
            m_progressDialog->deleteLater();
        }
        updateAction();
        if (!ok && messageBoxesEnabled() && m_window) {
            QMessageBox::warning(m_window, tr("Export snapshot"), message);
        }
        emit exportFinished(ok, message);
    });
    updateAction();
}

SnapshotActions::~SnapshotActions() = default;

void SnapshotActions::setFileNameProviderForTests(FileNameProvider provider)
{
    fileNameProvider() = std::move(provider);
}

void SnapshotActions::setMessageBoxesEnabled(bool enabled)
{
    messageBoxesEnabled() = enabled;
}

void SnapshotActions::updateAction()
{
    m_exportAction->setEnabled(m_store && m_store->size() > 0 && !m_exporter->isRunning());
}

QString SnapshotActions::suggestedPath() const
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString source = m_source.integrationSourceId.isNull()
                               ? u"relationships"_s
                               : shortId(m_source.integrationSourceId);
    return QDir(folder).filePath(
        u"relreview-%1-%2.json"_s.arg(source, QDate::currentDate().toString(Qt::ISODate)));
}

void SnapshotActions::exportSnapshot()
{
    QString path;
    if (fileNameProvider()) {
        path = fileNameProvider()(suggestedPath());
    } else {
        path = QFileDialog::getSaveFileName(m_window, tr("Export snapshot"), suggestedPath(),
                                            tr("relreview snapshots (*.json);;All files (*)"));
    }
    if (!path.isEmpty()) {
        exportTo(path);
    }
}

bool SnapshotActions::exportTo(const QString& path)
{
    if (!m_exporter->start(path, m_source)) {
        return false;
    }
    m_exportAction->setEnabled(false);
    if (m_window) {
        m_progressDialog = new QProgressDialog(tr("Exporting %1…").arg(QFileInfo(path).fileName()),
                                               tr("Cancel"), 0, qMax(1, m_store->size()), m_window);
        m_progressDialog->setWindowTitle(tr("Export snapshot"));
        m_progressDialog->setMinimumDuration(500);
        m_progressDialog->setAutoClose(false);
        m_progressDialog->setAutoReset(false);
        connect(m_progressDialog, &QProgressDialog::canceled, m_exporter,
                &SnapshotExporter::cancel);
    }
    emit exportStarted(path);
    return true;
}
