#include "LoadJob.h"

#include "BackgroundWork.h"
#include "ChunkedInput.h"
#include "RowSortOrder.h"
#include "SnapshotFingerprint.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <mutex>

using namespace Qt::StringLiterals;

struct LoadJob::ParseState
{
    RelationshipParser::Result result;
    QString fingerprint;       // a snapshot's, hashed while it was parsed
    std::mutex firstRowsMutex; // the preview is handed over from the parsing thread
    std::optional<RelationshipRows> firstRows;
    std::shared_ptr<RowSortOrder> firstRowsOrder; // their order by sortSpec, as for the list
    std::shared_ptr<const ListLabels> firstRowsLabels;
    RowSortSpec sortSpec;
    std::shared_ptr<const ListLabels> labels;
    std::shared_ptr<RowSortOrder> preparedOrder;
    QUuid expectedSource; // a live list's rows must all belong to it
    ApiError refusal;     // why parsed rows were refused (rows of another source)

    // Labelled and sorted here, on the parsing thread, the rows reach the store with their label
    // tables and the table in order, at no cost to the UI thread.
    void prepareOrder()
    {
        if (!result.ok)
            return;
        labels = ListLabels::make(result.document.rows, result.document.catalog);
        if (sortSpec.isSorted())
            preparedOrder = prepareRowSortOrder(result.document.rows, labels, sortSpec);
    }
};

namespace {

// A live list waits in memory for the parse up to this much; beyond it the transfer pauses (the
// reply stops reading from the network) until the parse has caught up (ChunkedInput).
constexpr qint64 MaxPendingBytes = 64 * 1024 * 1024;

// Progress from a worker thread reaches the UI a few times a second at most; more would only
// flood the event queue.
class ProgressThrottle
{
public:
    bool shouldReport(qint64 done, qint64 total)
    {
        if (!m_clock.isValid()) {
            m_clock.start();
            m_sawBytes = done > 0;
            return true;
        }
        // The first bytes are news (the transfer has begun): never held back.
        if (done >= total || m_clock.elapsed() >= 100 || (done > 0 && !m_sawBytes)) {
            m_sawBytes = m_sawBytes || done > 0;
            m_clock.restart();
            return true;
        }
        return false;
    }

private:
    QElapsedTimer m_clock;
    bool m_sawBytes = false;
};

} // namespace

LoadJob::LoadJob(Kind kind, QObject* parent)
    : QObject(parent)
    , m_kind(kind)
    , m_cancelFlag(std::make_shared<std::atomic<bool>>(false))
    , m_parse(std::make_shared<ParseState>())
    , m_columns(std::make_shared<std::optional<ColumnCatalog>>())
{}

LoadJob* LoadJob::live(ApiClient* client, QObject* parent)
{
    auto* job = new LoadJob(Kind::Live, parent);
    job->m_client = client;
    const ConnectionProfile& profile = client->profile();
    job->m_description =
        tr("integration source %1 at %2")
            .arg(shortId(profile.integrationSourceId), profile.baseUrl.authority());
    return job;
}

LoadJob* LoadJob::snapshot(const QString& path, QObject* parent)
{
    auto* job = new LoadJob(Kind::Snapshot, parent);
    job->m_path = path;
    job->m_description = QFileInfo(path).fileName();
    // A snapshot carries its own catalog, if any; there are no columns to fetch.
    job->m_catalogDone = true;
    return job;
}

LoadJob::~LoadJob()
{
    // Cancelling runs the pending callbacks; nobody may hear about a job that is going away.
    blockSignals(true);
    m_cancelFlag->store(true);
    if (m_input) {
        m_input->abort();
    }
    if (m_client) {
        m_client->cancelCalls(this);
    }
    // The workers hold only shared state, but a parse of a temporary file must end before the
    // file goes away; the cancel flag makes that quick.
    m_parseWork.waitForIdle();
    m_columnsWork.waitForIdle();
}

void LoadJob::start()
{
    if (m_started) {
        return;
    }
    m_started = true;
    if (m_kind == Kind::Snapshot) {
        emit phaseChanged(tr("Reading %1…").arg(m_description));
        startParse(m_path, m_description);
        return;
    }

    if (!m_client) {
        finishRows(false, tr("No connection."));
        return;
    }
    // The list goes from the network to the parse through memory, never through a file: the
    // rows are all that a load keeps (an offline snapshot is written from them on request).
    m_input = std::make_shared<ChunkedInput>();
    if (!m_input->isValid()) {
        m_error.kind = ApiError::Kind::Storage;
        m_error.message = tr("Could not reserve memory for the download.");
        finishRows(false, m_error.message);
        return;
    }
    m_parse->expectedSource = m_client->profile().integrationSourceId;
    emit phaseChanged(tr("Downloading the relationships of %1…").arg(m_description));
    const QString sourceName =
        m_client
            ->endpointUrl(
                u"/api/integration-sources/"_s +
                    m_client->profile().integrationSourceId.toString(QUuid::WithoutBraces) +
                    u"/relationships"_s,
                {}, true)
            .toString(QUrl::RemoveQuery | QUrl::RemoveUserInfo);
    // The parse stores rows and gives their bytes back: a paused transfer reads on.
    QPointer<LoadJob> self(this);
    m_input->setResumeCallback([self] {
        QMetaObject::invokeMethod(
            self.data(),
            [self] {
                if (self && self->m_client && !self->m_transferDone)
                    self->m_client->resumeStreams(self.data());
            },
            Qt::QueuedConnection);
    });
    startStreamParse(sourceName);
    m_client->streamRelationships(
        this,
        [this, input = m_input](QByteArrayView bytes) {
            if (!input->append(bytes)) {
                // The parse has ended (it failed or was cancelled: its result says so), or the
                // list is larger than the input can hold.
                if (!input->state().aborted && m_transferError.ok()) {
                    m_transferError.kind = ApiError::Kind::TooLarge;
                    m_transferError.message =
                        tr("The list is larger than %1 bytes; it cannot be loaded.")
                            .arg(input->capacity());
                    input->abort();
                }
                return true;
            }
            // Faster than the parse, the network waits: memory holds a bounded part of the list.
            return !input->pauseIfFull(MaxPendingBytes);
        },
        [this](const ApiError& error) { onTransferDone(error); },
        [this, throttle = std::make_shared<ProgressThrottle>()](qint64 received, qint64 total) {
            if (throttle->shouldReport(received, total)) {
                emit progress(received, total);
            }
        });

    m_client->fetchColumns(this, [this](const ApiError& error, const QByteArray& body) {
        if (!error.ok()) {
            // Best effort: the table shows short ids where names are unknown.
            finishCatalog();
            return;
        }
        parseColumns(body);
    });
}

void LoadJob::cancel()
{
    m_cancelFlag->store(true);
    if (m_input) {
        m_input->abort(); // a parse waiting for bytes ends now
    }
    if (m_client) {
        m_client->cancelCalls(this);
    }
}

void LoadJob::onTransferDone(const ApiError& error)
{
    m_transferDone = true;
    if (!error.ok() && m_transferError.ok()) {
        m_transferError = error;
    }
    if (!m_transferError.ok() || m_cancelFlag->load()) {
        m_input->abort(); // the parse stops where it is; its result is dropped
        return;
    }
    m_input->finish();
    emit phaseChanged(tr("Reading the relationships…"));
}

RelationshipParser::Options LoadJob::parseOptions(bool reportProgress)
{
    RelationshipParser::Options options;
    QPointer<LoadJob> self(this);
    options.progress = [self, cancelFlag = m_cancelFlag, reportProgress,
                        throttle = std::make_shared<ProgressThrottle>()](qint64 done,
                                                                         qint64 total) {
        if (cancelFlag->load()) {
            return false;
        }
        if (reportProgress && throttle->shouldReport(done, total)) {
            // Queued to the job's thread; dropped if the job is gone by then.
            QMetaObject::invokeMethod(
                self.data(),
                [self, done, total] {
                    if (self) {
                        emit self->progress(done, total);
                    }
                },
                Qt::QueuedConnection);
        }
        return true;
    };

    options.firstRows = [self, state = m_parse, cancelFlag = m_cancelFlag](RelationshipRows rows) {
        if (cancelFlag->load())
            return;
        // Labelled and sorted here too: a preview of tens of thousands of rows must not be
        // labelled or sorted by the UI thread (RelationshipTableModel sorts small lists there).
        std::shared_ptr<const ListLabels> labels = ListLabels::make(rows, ColumnCatalog());
        std::shared_ptr<RowSortOrder> order;
        if (state->sortSpec.isSorted())
            order = prepareRowSortOrder(rows, labels, state->sortSpec);
        {
            const std::lock_guard lock(state->firstRowsMutex);
            state->firstRows = std::move(rows);
            state->firstRowsOrder = std::move(order);
            state->firstRowsLabels = std::move(labels);
        }
        QMetaObject::invokeMethod(
            self.data(),
            [self] {
                if (self && !self->m_rowsDone)
                    emit self->firstRowsReady();
            },
            Qt::QueuedConnection);
    };
    return options;
}

void LoadJob::startStreamParse(const QString& sourceName)
{
    const RelationshipParser::Options options = parseOptions(false);
    m_parse->sortSpec = m_sortSpec;
    // The job waits for the bytes as they come: a slow link keeps a pool thread, not the UI.
    m_parseWork.run(
        [state = m_parse, input = m_input, options, sourceName](const std::atomic_bool&) {
            state->result = RelationshipParser::parseStream(*input, options);
            if (state->result.ok) {
                // Rows of another integration source are not this source's list.
                state->refusal = ApiClient::checkListSource(state->result.document.rows,
                                                            state->expectedSource, sourceName);
                if (!state->refusal.ok())
                    return;
            }
            state->prepareOrder();
        },
        [this, sourceName] {
            RelationshipParser::Result& result = m_parse->result;
            if (!m_transferError.ok() && !m_cancelFlag->load()) {
                // The transfer failed (or the list was too large): that is the news, not
                // where the parse stopped for want of bytes.
                m_error = m_transferError;
                result.document = {};
                m_cancelled = m_error.kind == ApiError::Kind::Cancelled;
                finishRows(false,
                           m_cancelled
                               ? tr("Loading cancelled.")
                               : tr("Could not load the relationships: %1").arg(m_error.message));
                return;
            }
            if (result.cancelled || m_cancelFlag->load()) {
                m_cancelled = true;
                finishRows(false, tr("Loading cancelled."));
            } else if (!m_parse->refusal.ok()) {
                m_error = m_parse->refusal;
                result.document = {};
                finishRows(false, m_error.message);
            } else if (!result.ok) {
                m_error.kind = ApiError::Kind::BadResponse;
                m_error.message = result.error.describe(sourceName);
                finishRows(false, m_error.message);
            } else {
                finishRows(true, {});
            }
            // A parse that ended before the transfer (a malformed list) stops it.
            if (!m_transferDone && m_client)
                m_client->cancelCalls(this);
        });
}

void LoadJob::startParse(const QString& path, const QString& sourceName)
{
    const RelationshipParser::Options options = parseOptions(true);
    const auto parsed = [this, sourceName] {
        RelationshipParser::Result& result = m_parse->result;
        if (result.cancelled || m_cancelFlag->load()) {
            m_cancelled = true;
            finishRows(false, tr("Loading cancelled."));
        } else if (!m_parse->refusal.ok()) {
            m_error = m_parse->refusal;
            result.document = {};
            finishRows(false, m_error.message);
        } else if (!result.ok) {
            m_error.message = result.error.describe(sourceName);
            finishRows(false, m_error.message);
        } else {
            finishRows(true, {});
        }
    };
    const bool fingerprint = m_kind == Kind::Snapshot;
    m_parse->sortSpec = m_sortSpec;
    // The parser's scanning thread inherits the job's background priority.
    m_parseWork.run(
        [state = m_parse, path, options, fingerprint](const std::atomic_bool&) {
            if (!fingerprint) {
                state->result = RelationshipParser::parseFile(path, options);
                state->prepareOrder();
                return;
            }
            // The journal keys a snapshot's decisions by this hash of its content: taken from the
            // pages as the parse passes over them, it costs no second read of the file.
            const qint64 size = QFileInfo(path).size();
            SnapshotFingerprint hash(size);
            RelationshipParser::Options hashing = options;
            hashing.content = [&hash](QByteArrayView bytes) { hash.addData(bytes); };
            state->result = RelationshipParser::parseFile(path, hashing);
            if (state->result.ok && hash.bytesAdded() == size)
                state->fingerprint = hash.result();
            state->prepareOrder();
        },
        parsed);
}

void LoadJob::parseColumns(QByteArray body)
{
    m_columnsWork.run(
        [columns = m_columns, body = std::move(body),
         cancel = m_cancelFlag](const std::atomic_bool&) {
            if (cancel->load()) {
                return;
            }
            QJsonParseError parseError;
            const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
            if (parseError.error != QJsonParseError::NoError || !document.isArray()) {
                return;
            }
            ColumnCatalog catalog;
            QString error;
            if (catalog.loadColumnsJson(document.array(), &error)) {
                *columns = std::move(catalog);
            }
        },
        [this] { finishCatalog(); });
}

void LoadJob::finishRows(bool ok, const QString& message)
{
    if (m_rowsDone) {
        return;
    }
    m_rowsDone = true;
    m_ok = ok;
    m_message = message;
    {
        // A preview nobody took is of no use once the whole list (or its failure) is known.
        const std::lock_guard lock(m_parse->firstRowsMutex);
        m_parse->firstRows.reset();
        m_parse->firstRowsOrder.reset();
    }
    emit rowsFinished();
}

void LoadJob::finishCatalog()
{
    if (m_catalogDone) {
        return;
    }
    m_catalogDone = true;
    emit catalogFinished();
}

void LoadJob::deleteWhenIdle()
{
    // Letting a small columns call end by itself is cheaper than aborting it: an abort that
    // crosses the server's answer in Qt's HTTP thread only earns a warning.
    if (m_rowsDone && m_catalogDone) {
        deleteLater();
    } else {
        connect(this, &LoadJob::catalogFinished, this, &QObject::deleteLater);
        connect(this, &LoadJob::rowsFinished, this, [this] {
            if (m_catalogDone) {
                deleteLater();
            }
        });
    }
}

QString LoadJob::fingerprint() const
{
    return m_parse->fingerprint;
}

ParsedDocument LoadJob::takeDocument()
{
    return std::move(m_parse->result.document);
}

std::shared_ptr<RowSortOrder> LoadJob::takePreparedOrder()
{
    return std::move(m_parse->preparedOrder);
}

std::shared_ptr<const ListLabels> LoadJob::takeLabels()
{
    return std::move(m_parse->labels);
}

std::optional<RelationshipRows> LoadJob::takeFirstRows(std::shared_ptr<RowSortOrder>* order,
                                                       std::shared_ptr<const ListLabels>* labels)
{
    const std::lock_guard lock(m_parse->firstRowsMutex);
    std::optional<RelationshipRows> rows = std::move(m_parse->firstRows);
    m_parse->firstRows.reset();
    if (order)
        *order = std::move(m_parse->firstRowsOrder);
    m_parse->firstRowsOrder.reset();
    if (labels)
        *labels = std::move(m_parse->firstRowsLabels);
    m_parse->firstRowsLabels.reset();
    return rows;
}

std::optional<ColumnCatalog> LoadJob::takeColumns()
{
    std::optional<ColumnCatalog> columns = std::move(*m_columns);
    m_columns->reset();
    return columns;
}
