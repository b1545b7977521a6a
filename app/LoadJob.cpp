#include "LoadJob.h"

#include "BackgroundWork.h"
#include "RowSortOrder.h"
#include "SnapshotFingerprint.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryFile>

#include <mutex>

using namespace Qt::StringLiterals;

struct LoadJob::ParseState
{
    RelationshipParser::Result result;
    QString fingerprint;       // a snapshot's, hashed while it was parsed
    std::mutex firstRowsMutex; // the preview is handed over from the parsing thread
    std::optional<RelationshipRows> firstRows;
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

// Progress from a worker thread reaches the UI a few times a second at most; more would only
// flood the event queue.
class ProgressThrottle
{
public:
    bool shouldReport(qint64 done, qint64 total)
    {
        if (!m_clock.isValid()) {
            m_clock.start();
            return true;
        }
        if (done >= total || m_clock.elapsed() >= 100) {
            m_clock.restart();
            return true;
        }
        return false;
    }

private:
    QElapsedTimer m_clock;
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
    // The application's cache folder, not the shared /tmp: a list can be hundreds of MB.
    QString folderError;
    const QString folder = ApiClient::downloadFolder(&folderError);
    if (!folder.isEmpty()) {
        m_download = std::make_unique<QTemporaryFile>(QDir(folder).filePath(u"list-XXXXXX.json"_s));
    }
    if (folder.isEmpty() || !m_download->open()) {
        m_error.kind = ApiError::Kind::Storage;
        m_error.message = tr("Could not create a file for the download: %1")
                              .arg(folder.isEmpty() ? folderError : m_download->errorString());
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
    m_client->downloadRelationships(
        m_download->fileName(), this,
        [this, sourceName](const ApiError& error) {
            if (m_cancelFlag->load() || error.kind == ApiError::Kind::Cancelled) {
                m_cancelled = true;
                finishRows(false, tr("Loading cancelled."));
                return;
            }
            if (!error.ok()) {
                m_error = error;
                finishRows(false, tr("Could not load the relationships: %1").arg(error.message));
                return;
            }
            emit phaseChanged(tr("Reading the relationships…"));
            startParse(m_download->fileName(), sourceName);
        },
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
    if (m_client) {
        m_client->cancelCalls(this);
    }
}

void LoadJob::startParse(const QString& path, const QString& sourceName)
{
    RelationshipParser::Options options;
    QPointer<LoadJob> self(this);
    options.progress = [self, cancelFlag = m_cancelFlag,
                        throttle = std::make_shared<ProgressThrottle>()](qint64 done,
                                                                         qint64 total) {
        if (cancelFlag->load()) {
            return false;
        }
        if (throttle->shouldReport(done, total)) {
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
        {
            const std::lock_guard lock(state->firstRowsMutex);
            state->firstRows = std::move(rows);
        }
        QMetaObject::invokeMethod(
            self.data(),
            [self] {
                if (self && !self->m_rowsDone)
                    emit self->firstRowsReady();
            },
            Qt::QueuedConnection);
    };

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
            if (m_kind == Kind::Live) {
                m_error.kind = ApiError::Kind::BadResponse;
            }
            m_error.message = result.error.describe(sourceName);
            finishRows(false, m_error.message);
        } else {
            finishRows(true, {});
        }
        // The rows are in memory now; a large download need not wait on disk.
        m_download.reset();
    };
    const bool fingerprint = m_kind == Kind::Snapshot;
    m_parse->sortSpec = m_sortSpec;
    // The parser's scanning thread inherits the job's background priority.
    m_parseWork.run(
        [state = m_parse, path, options, fingerprint, sourceName](const std::atomic_bool&) {
            if (!fingerprint) {
                state->result = RelationshipParser::parseFile(path, options);
                if (state->result.ok) {
                    // Rows of another integration source are not this source's list.
                    state->refusal = ApiClient::checkListSource(state->result.document.rows,
                                                                state->expectedSource, sourceName);
                    if (!state->refusal.ok()) {
                        return;
                    }
                }
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

std::optional<RelationshipRows> LoadJob::takeFirstRows()
{
    const std::lock_guard lock(m_parse->firstRowsMutex);
    std::optional<RelationshipRows> rows = std::move(m_parse->firstRows);
    m_parse->firstRows.reset();
    return rows;
}

std::optional<ColumnCatalog> LoadJob::takeColumns()
{
    std::optional<ColumnCatalog> columns = std::move(*m_columns);
    m_columns->reset();
    return columns;
}
