#pragma once

#include "RelationshipParser.h"
#include "SnapshotWriter.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

#include <functional>
#include <memory>

class QAction;
class QProgressDialog;
class QSaveFile;
class QWidget;
class RelationshipStore;

// Writes the store's rows as a relreview snapshot without stalling the UI: the rows live on the
// UI thread, so the export runs in slices of a few milliseconds on the event loop, into a
// QSaveFile that is committed only when complete. Rows a decision's answer replaces in the
// meantime are written in their newest state; a reload of the store cancels the export.
class SnapshotExporter : public QObject
{
    Q_OBJECT
public:
    explicit SnapshotExporter(RelationshipStore* store, QObject* parent = nullptr);
    ~SnapshotExporter() override;

    // False (with finished() not emitted) when an export is already running.
    bool start(const QString& path, const SnapshotSource& source);
    void cancel();
    bool isRunning() const { return m_file != nullptr; }

signals:
    void progress(int rowsWritten, int total);
    void finished(bool ok, const QString& message); // message names the file

private:
    void writeSlice();
    void finish(bool ok, const QString& message);

    QPointer<RelationshipStore> m_store;
    std::unique_ptr<QSaveFile> m_file;
    std::unique_ptr<SnapshotWriter::Stream> m_stream;
    QTimer m_timer;
    QElapsedTimer m_slice;
    QString m_path;
    int m_nextRow = 0;
    int m_total = 0;
};

// File → Export snapshot…: the action, the file dialog and a progress dialog with Cancel.
// Failures are reported through exportFinished() (and a message box unless turned off for
// tests); nothing here ever blocks a test.
class SnapshotActions : public QObject
{
    Q_OBJECT
public:
    SnapshotActions(RelationshipStore* store, QWidget* window);
    ~SnapshotActions() override;

    // "Export snapshot…" (Ctrl+Shift+E), enabled while the store holds rows.
    QAction* exportAction() const { return m_exportAction; }
    SnapshotExporter* exporter() const { return m_exporter; }

    // Where the rows came from, written into the snapshot's source (never a token).
    void setSource(const SnapshotSource& source) { m_source = source; }
    const SnapshotSource& source() const { return m_source; }

    // Test hooks: the file dialog's answer, and no message boxes.
    using FileNameProvider = std::function<QString(const QString& suggestedPath)>;
    static void setFileNameProviderForTests(FileNameProvider provider);
    static void setMessageBoxesEnabled(bool enabled);

public slots:
    void exportSnapshot();              // asks where, then exports
    bool exportTo(const QString& path); // no dialog

signals:
    void exportStarted(const QString& path);
    void exportFinished(bool ok, const QString& message);

private:
    void updateAction();
    QString suggestedPath() const;

    QPointer<RelationshipStore> m_store;
    QWidget* m_window;
    QAction* m_exportAction;
    SnapshotExporter* m_exporter;
    QPointer<QProgressDialog> m_progressDialog;
    SnapshotSource m_source;
};
