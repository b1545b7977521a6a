#pragma once

#include "ApiClient.h"
#include "BackgroundWork.h"
#include "RelationshipParser.h"
#include "RelationshipStore.h"
#include "RowSortOrder.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <atomic>
#include <memory>
#include <optional>

class ChunkedInput;

// One load of a list into memory, off the UI thread: a live source (the list is parsed while it
// downloads: the network's chunks go into a ChunkedInput that the parse job reads from, nothing is
// written to disk; the columns are fetched alongside, best effort) or a snapshot file (parse it).
// Rows and catalog are reported separately, so that slow or failing columns never hold the rows
// back. The owner adopts the results on the UI thread.
class LoadJob : public QObject
{
    Q_OBJECT
public:
    enum class Kind { Live, Snapshot };

    static LoadJob* live(ApiClient* client, QObject* parent);
    static LoadJob* snapshot(const QString& path, QObject* parent);
    ~LoadJob() override; // cancels and waits for the worker threads

    // The parsed rows are sorted by `spec` on the parsing thread, before they are reported, so
    // that they reach the table in order (RelationshipStore::sortSpec()). Set before start().
    void setSortSpec(RowSortSpec spec) { m_sortSpec = spec; }
    void start();
    // Stops the download or the parse soon; rowsFinished() follows with cancelled() true.
    void cancel();
    // Deletes the job once both rows and catalog are done (now, if they are).
    void deleteWhenIdle();

    Kind kind() const { return m_kind; }
    QString description() const { return m_description; }
    bool rowsDone() const { return m_rowsDone; }
    bool catalogDone() const { return m_catalogDone; }

    // Valid after rowsFinished().
    bool ok() const { return m_ok; }
    bool cancelled() const { return m_cancelled; }
    QString message() const { return m_message; }
    const ApiError& error() const { return m_error; }
    ParsedDocument takeDocument();
    // The rows' order by the sort spec; null when unsorted.
    std::shared_ptr<RowSortOrder> takePreparedOrder();
    std::shared_ptr<const ListLabels> takeLabels(); // the parsed rows' label tables
    // A snapshot's content fingerprint (SnapshotFingerprint), computed during the parse; empty
    // for a live list, or when the file changed size while it was read.
    QString fingerprint() const;

    // Valid after catalogFinished(): the columns endpoint's catalog, when it gave a usable one.
    std::optional<ColumnCatalog> takeColumns();

    // After firstRowsReady(): a copy of the first rows of a large list (of a live list: all the
    // rows parsed so far, again each time they have doubled), to show while the rest loads. A
    // preview only: rowsFinished() may still report a failure.
    // `order`: their order by the sort spec (null when unsorted), as takePreparedOrder().
    std::optional<RelationshipRows>
    takeFirstRows(std::shared_ptr<RowSortOrder>* order = nullptr,
                  std::shared_ptr<const ListLabels>* labels = nullptr);

signals:
    void progress(qint64 done, qint64 total);
    void phaseChanged(const QString& what);
    void rowsFinished();
    void catalogFinished();
    void firstRowsReady(); // a large list's first (or more) rows are parsed: takeFirstRows()

private:
    LoadJob(Kind kind, QObject* parent);
    void startParse(const QString& path, const QString& sourceName);
    void startStreamParse(const QString& sourceName);
    void onTransferDone(const ApiError& error);
    // Options for both parses: progress (and the cancel), previews.
    RelationshipParser::Options parseOptions(bool reportProgress);
    void parseColumns(QByteArray body);
    void finishRows(bool ok, const QString& message);
    void finishCatalog();

    struct ParseState;

    Kind m_kind;
    QPointer<ApiClient> m_client;
    QString m_path;
    QString m_description;
    std::shared_ptr<ChunkedInput> m_input; // a live list's bytes, on their way to the parse
    bool m_transferDone = false;
    ApiError m_transferError; // why the transfer failed (or the input refused more)
    std::shared_ptr<std::atomic<bool>> m_cancelFlag;
    std::shared_ptr<ParseState> m_parse;
    std::shared_ptr<std::optional<ColumnCatalog>> m_columns;
    bool m_started = false;
    bool m_rowsDone = false;
    bool m_catalogDone = false;
    bool m_ok = false;
    bool m_cancelled = false;
    QString m_message;
    ApiError m_error;
    RowSortSpec m_sortSpec;
    // Last, so that they are gone (their deliveries with them) before the state they touch.
    BackgroundWork m_parseWork{this};
    BackgroundWork m_columnsWork{this};
};
