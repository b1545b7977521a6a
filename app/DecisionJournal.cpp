#include "DecisionJournal.h"

#include "ConnectionProfile.h"
#include "DecisionJournalSql.h"
#include "RelationshipParser.h"
#include "SnapshotFingerprint.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QMutexLocker>
#include <QRandomGenerator>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QThread>

#include <algorithm>
#include <array>
#include <atomic>

using namespace Qt::StringLiterals;

using namespace journalsql;

// The journal's value types, its storage (connections per thread, opening, holding in memory,
// carrying over) and its schema with the migrations. Reading and writing decisions are in
// DecisionJournalQueries.cpp.

namespace {

constexpr std::array<QLatin1StringView, DecisionStateCount> StateNames = {
    "pending"_L1, "sending"_L1,  "confirmed"_L1, "failed"_L1,
    "gone"_L1,    "conflict"_L1, "cancelled"_L1,
};

// Each migration takes the journal from version N to N + 1. They run in one transaction with
// the version update, so a journal is always at one version or the next, never in between.
const QList<QStringList>& migrations()
{
    static const QList<QStringList> steps = {
        // 0 -> 1: origins and decisions.
        {
            u"CREATE TABLE origins ("
            " id INTEGER PRIMARY KEY AUTOINCREMENT,"
            " origin_key TEXT NOT NULL UNIQUE,"
            " kind TEXT NOT NULL CHECK (kind IN ('live', 'snapshot')),"
            " label TEXT NOT NULL DEFAULT '',"
            " base_url TEXT NOT NULL DEFAULT '',"
            " integration_source_id TEXT NOT NULL DEFAULT '',"
            " scope_json TEXT NOT NULL DEFAULT '{}',"
            " snapshot_path TEXT NOT NULL DEFAULT '',"
            " created_ms INTEGER NOT NULL)"_s,
            u"CREATE TABLE decisions ("
            " id INTEGER PRIMARY KEY AUTOINCREMENT,"
            " origin_id INTEGER NOT NULL REFERENCES origins(id),"
            " relationship_id BLOB NOT NULL CHECK (length(relationship_id) = 16),"
            " new_status TEXT NOT NULL,"
            " previous_status TEXT NOT NULL DEFAULT '',"
            " created_ms INTEGER NOT NULL,"
            " state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending',"
            " 'confirmed', 'failed', 'gone', 'conflict', 'cancelled')),"
            " attempts INTEGER NOT NULL DEFAULT 0,"
            " last_error TEXT NOT NULL DEFAULT '',"
            " server_updated_ms INTEGER NOT NULL DEFAULT 0)"_s,
            u"CREATE INDEX decisions_by_relationship"
            " ON decisions (origin_id, relationship_id, created_ms)"_s,
            u"CREATE INDEX decisions_by_state ON decisions (origin_id, state)"_s,
        },
        // 1 -> 2: the analyst's action a decision belongs to (one-step undo of a bulk session),
        // and the updated_at the server confirmed it with (so that reopening a snapshot shows
        // the delivered state as the new baseline instead of reporting our own change as a
        // conflict).
        {
            u"ALTER TABLE decisions ADD COLUMN step_id INTEGER NOT NULL DEFAULT 0"_s,
            u"ALTER TABLE decisions ADD COLUMN confirmed_updated_ms INTEGER NOT NULL DEFAULT 0"_s,
            u"CREATE INDEX decisions_by_step ON decisions (step_id) WHERE step_id <> 0"_s,
        },
    };
    return steps;
}

std::atomic<int> journalInstanceCounter{0};

} // namespace

QString decisionStateName(DecisionState state)
{
    return QString(StateNames[size_t(state)]);
}

std::optional<DecisionState> decisionStateFromName(QStringView name)
{
    for (size_t i = 0; i < StateNames.size(); ++i) {
        if (name == StateNames[i]) {
            return DecisionState(i);
        }
    }
    return std::nullopt;
}

QString decisionStateDisplayName(DecisionState state)
{
    switch (state) {
    case DecisionState::Pending:
        return DecisionJournal::tr("Pending");
    case DecisionState::Sending:
        return DecisionJournal::tr("Sent");
    case DecisionState::Confirmed:
        return DecisionJournal::tr("Confirmed");
    case DecisionState::Failed:
        return DecisionJournal::tr("Failed");
    case DecisionState::Gone:
        return DecisionJournal::tr("Gone");
    case DecisionState::Conflict:
        return DecisionJournal::tr("Conflict");
    case DecisionState::Cancelled:
        return DecisionJournal::tr("Superseded");
    }
    return {};
}

bool DecisionCounts::operator==(const DecisionCounts& other) const
{
    return std::equal(std::begin(byState), std::end(byState), std::begin(other.byState));
}

DecisionOrigin DecisionOrigin::forLive(const ConnectionProfile& profile)
{
    DecisionOrigin origin;
    origin.kind = Kind::Live;
    QString base = profile.baseUrl.toString(QUrl::NormalizePathSegments | QUrl::RemoveUserInfo);
    while (base.endsWith(u'/')) {
        base.chop(1);
    }
    origin.baseUrl = base;
    origin.integrationSourceId = profile.integrationSourceId;
    origin.key =
        u"live:"_s + base + u'|' + profile.integrationSourceId.toString(QUuid::WithoutBraces);
    origin.label = QCoreApplication::translate("DecisionJournal", "integration source %1 at %2")
                       .arg(profile.integrationSourceId.toString(QUuid::WithoutBraces),
                            profile.baseUrl.host());
    for (auto it = profile.scope.cbegin(); it != profile.scope.cend(); ++it) {
        if (!it.value().isNull()) {
            origin.scope.insert(it.key(), it.value().toString(QUuid::WithoutBraces));
        }
    }
    return origin;
}

QString DecisionOrigin::snapshotFingerprint(const QString& path, QString* error)
{
    return SnapshotFingerprint::ofFile(path, error);
}

DecisionOrigin DecisionOrigin::forSnapshot(const QString& path, const SnapshotHeader& header,
                                           QString* error)
{
    const QString fingerprint = snapshotFingerprint(path, error);
    if (fingerprint.isEmpty()) {
        return {};
    }
    return forSnapshotFingerprint(path, header, fingerprint);
}

DecisionOrigin DecisionOrigin::forSnapshotFingerprint(const QString& path,
                                                      const SnapshotHeader& header,
                                                      const QString& fingerprint)
{
    DecisionOrigin origin;
    if (fingerprint.isEmpty()) {
        return origin;
    }
    origin.kind = Kind::Snapshot;
    origin.key = u"snapshot:"_s + fingerprint;
    const QFileInfo info(path);
    origin.snapshotPath =
        info.canonicalFilePath().isEmpty() ? info.absoluteFilePath() : info.canonicalFilePath();
    origin.label = origin.snapshotPath;
    origin.baseUrl = header.source.baseUrl;
    origin.integrationSourceId = header.source.integrationSourceId;
    origin.scope = header.source.scope;
    return origin;
}

struct DecisionJournal::ThreadConnections
{
    QMutex mutex;
    QList<QString> names;
};

DecisionJournal::DecisionJournal(const QString& path)
    : m_path(path.isEmpty() ? defaultPath() : path)
    , m_connectionPrefix(u"relreview-journal-%1-"_s.arg(journalInstanceCounter.fetch_add(1)))
    , m_threadConnections(std::make_shared<ThreadConnections>())
{}

DecisionJournal::~DecisionJournal()
{
    QList<QString> names;
    {
        QMutexLocker lock(&m_threadConnections->mutex);
        names = std::exchange(m_threadConnections->names, {});
    }
    for (const QString& name : names) {
        QSqlDatabase::removeDatabase(name);
    }
}

QString DecisionJournal::defaultDirectory()
{
    const QString fromEnvironment = qEnvironmentVariable(DataDirVariable);
    if (!fromEnvironment.isEmpty()) {
        return fromEnvironment;
    }
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

QString DecisionJournal::defaultPath()
{
    return QDir(defaultDirectory()).filePath(QLatin1StringView(FileName));
}

void DecisionJournal::setBusyTimeoutMs(int milliseconds)
{
    m_busyTimeoutMs = qMax(0, milliseconds);
}

DecisionJournal::Storage DecisionJournal::storage() const
{
    return m_storage.load();
}

QString DecisionJournal::lastError() const
{
    QMutexLocker lock(&m_mutex);
    return m_error;
}

void DecisionJournal::setError(const QString& message) const
{
    QMutexLocker lock(&m_mutex);
    m_error = message;
}

QString DecisionJournal::notOpenMessage() const
{
    return tr("The journal %1 is not open").arg(m_path);
}

QString DecisionJournal::describe(const QSqlError& error) const
{
    if (isBusy(error)) {
        return tr("the journal %1 is locked by another program (another relreview window, or "
                  "relreview-cli) and stayed locked for more than %2 s; nothing was written")
            .arg(m_path, QString::number(double(m_busyTimeoutMs) / 1000.0, 'g', 3));
    }
    const QString text = error.text().trimmed();
    return text.isEmpty() ? tr("the journal is not open") : text;
}

std::unique_lock<QRecursiveMutex> DecisionJournal::memoryTurn() const
{
    std::unique_lock<QRecursiveMutex> turn(m_memoryMutex);
    if (m_storage.load() != Storage::Memory) {
        turn.unlock();
    }
    return turn;
}

bool DecisionJournal::createOrOpenFile()
{
    const QFileInfo info(m_path);
    QDir dir = info.absoluteDir();
    if (!dir.exists()) {
        if (!dir.mkpath(u"."_s)) {
            setError(tr("Cannot create the folder %1 for the journal").arg(dir.absolutePath()));
            return false;
        }
        // Decisions say what an analyst reviewed: the folder is the user's alone.
        QFile::setPermissions(dir.absolutePath(), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                      QFileDevice::ExeOwner);
    }
    const QFileDevice::Permissions privateFile = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    if (!info.exists()) {
        // Created empty with mode 0600 before SQLite opens it: SQLite gives its -wal and -shm
        // files the database file's mode, so they are private too.
        QFile file(m_path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, privateFile) &&
            !QFileInfo::exists(m_path)) {
            setError(tr("Cannot create the journal %1: %2").arg(m_path, file.errorString()));
            return false;
        }
    }
    // QFile reports the owner's bits twice (Owner and User); only owner, group, other matter.
    const QFileDevice::Permissions modeBits(0x7077);
    if ((QFile::permissions(m_path) & modeBits) != privateFile &&
        !QFile::setPermissions(m_path, privateFile)) {
        setError(tr("Cannot make the journal %1 private").arg(m_path));
        return false;
    }
    return true;
}

QString DecisionJournal::connectionName(Storage storage, int generation) const
{
    return m_connectionPrefix + (storage == Storage::Memory ? u"m"_s : u"f"_s) +
           QString::number(generation) + u'-' +
           QString::number(quintptr(QThread::currentThread()), 16);
}

QSqlDatabase DecisionJournal::database()
{
    const Storage storage = m_storage.load();
    if (storage == Storage::Closed) {
        setError(notOpenMessage());
        return {};
    }
    return connection(storage, storage == Storage::Memory ? m_memoryGeneration.load()
                                                          : m_fileGeneration.load());
}

QSqlDatabase DecisionJournal::connection(Storage storage, int generation)
{
    const QString name = connectionName(storage, generation);
    if (QSqlDatabase::contains(name)) {
        return QSqlDatabase::database(name, false);
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
    if (storage == Storage::Memory) {
        // One database for every thread's connection, alive while any of them is open.
        db.setDatabaseName(
            u"file:%1m%2?mode=memory&cache=shared"_s.arg(m_connectionPrefix).arg(generation));
    } else {
        db.setDatabaseName(m_path);
    }
    // A write waits (boundedly) for another process's (relreview-cli next to the app) instead
    // of failing at once. URIs: see carryOverHeld().
    db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=%1;QSQLITE_OPEN_URI"_s.arg(m_busyTimeoutMs));
    {
        QMutexLocker lock(&m_threadConnections->mutex);
        m_threadConnections->names.append(name);
    }
    QThread* thread = QThread::currentThread();
    if (thread != QCoreApplication::instance()->thread()) {
        // Not `this`: the thread may finish after the journal is destroyed.
        QObject::connect(
            thread, &QThread::finished, thread,
            [connections = m_threadConnections, name] {
                {
                    QMutexLocker lock(&connections->mutex);
                    if (!connections->names.removeOne(name)) {
                        return; // the journal went first and closed it
                    }
                }
                QSqlDatabase::removeDatabase(name);
            },
            Qt::DirectConnection);
    }
    if (!db.open()) {
        setError(tr("Cannot open the journal %1: %2").arg(m_path, describe(db.lastError())));
        return db;
    }
    QSqlQuery pragma(db);
    if (storage == Storage::File) {
        // Readers and one writer at a time, across processes, without blocking each other.
        // Already WAL (every journal but a new one): a read, no lock.
        if (!pragma.exec(u"PRAGMA journal_mode=WAL"_s) || !pragma.next() ||
            pragma.value(0).toString().compare("wal"_L1, Qt::CaseInsensitive) != 0) {
            setError(tr("Cannot open the journal %1: %2")
                         .arg(m_path, pragma.lastError().isValid()
                                          ? describe(pragma.lastError())
                                          : tr("it cannot be switched to write-ahead logging")));
            db.close();
            return db;
        }
        pragma.finish();
    }
    // FULL, not NORMAL: in WAL mode NORMAL is safe against a crash of the application but may
    // lose the last committed transactions on a power cut or an OS crash, and "no lost work,
    // ever" includes those. The cost is one fsync per commit: interactive decisions come at a
    // human pace, and bulk sessions are one transaction for thousands of rows.
    pragma.exec(u"PRAGMA synchronous=FULL"_s);
    pragma.exec(u"PRAGMA foreign_keys=ON"_s);
    // A bulk session of 100,000 decisions touches a few MB of pages: keep them in memory until
    // the commit instead of spilling them to the WAL half-way (SQLite's default is 2 MB).
    pragma.exec(u"PRAGMA cache_size=-16384"_s);
    return db;
}

void DecisionJournal::dropConnection(Storage storage, int generation)
{
    const QString name = connectionName(storage, generation);
    {
        QMutexLocker lock(&m_threadConnections->mutex);
        if (!m_threadConnections->names.removeOne(name)) {
            return;
        }
    }
    QSqlDatabase::removeDatabase(name);
}

bool DecisionJournal::open()
{
    if (m_path == QLatin1StringView(InMemory)) {
        return openInMemory();
    }
    // No other thread's operation runs on the held decisions while they are carried over.
    const std::lock_guard<QRecursiveMutex> switching(m_memoryMutex);
    if (!createOrOpenFile()) {
        return false;
    }
    // Fresh connections: a failed attempt's stay behind (their threads remove them).
    const int generation = m_fileGeneration.load() + 1;
    bool ok = false;
    {
        QSqlDatabase db = connection(Storage::File, generation);
        ok = db.isOpen() && migrate(db) && extendSchema(db) &&
             (m_storage.load() != Storage::Memory || carryOverHeld(db));
    }
    if (!ok) {
        dropConnection(Storage::File, generation);
        return false;
    }
    m_fileGeneration.store(generation);
    m_storage.store(Storage::File);
    return true;
}

bool DecisionJournal::openInMemory()
{
    const std::lock_guard<QRecursiveMutex> switching(m_memoryMutex);
    if (m_storage.load() == Storage::Memory) {
        return true;
    }
    const int generation = m_memoryGeneration.load() + 1;
    bool ok = false;
    {
        QSqlDatabase db = connection(Storage::Memory, generation);
        ok = db.isOpen() && migrate(db) && extendSchema(db);
        if (ok) {
            // Decision ids far above any the file has given out, at a random place: when the
            // file comes back, the held decisions move into it under the same ids, so that the
            // delivery under way and the undo steps keep pointing at them.
            QSqlQuery seed(db);
            seed.prepare(u"INSERT INTO sqlite_sequence (name, seq) VALUES ('decisions', ?)"_s);
            seed.addBindValue((qint64(1) << 40) +
                              qint64(QRandomGenerator::global()->bounded(quint64(1) << 52)));
            ok = seed.exec();
            if (!ok) {
                setError(tr("Cannot hold decisions in memory: %1").arg(describe(seed.lastError())));
            }
        }
    }
    if (!ok) {
        dropConnection(Storage::Memory, generation);
        return false;
    }
    m_memoryGeneration.store(generation);
    m_storage.store(Storage::Memory);
    return true;
}

bool DecisionJournal::carryOverHeld(QSqlDatabase& db)
{
    QSqlQuery query(db);
    query.prepare(u"ATTACH DATABASE ? AS held"_s);
    query.addBindValue(u"file:%1m%2?mode=memory&cache=shared"_s.arg(m_connectionPrefix)
                           .arg(m_memoryGeneration.load()));
    if (!query.exec()) {
        setError(tr("Cannot move the decisions held in memory into the journal %1: %2")
                     .arg(m_path, describe(query.lastError())));
        return false;
    }
    bool ok = false;
    {
        Transaction transaction(db);
        ok = transaction.isActive();
        QString problem = describe(transaction.error());
        QList<std::pair<qint64, qint64>> firstHeldIdPerOrigin;
        if (ok) {
            const QStringList statements = {
                u"INSERT INTO main.origins (origin_key, kind, label, base_url,"
                " integration_source_id, scope_json, snapshot_path, created_ms)"
                " SELECT origin_key, kind, label, base_url, integration_source_id, scope_json,"
                " snapshot_path, created_ms FROM held.origins WHERE true"
                " ON CONFLICT (origin_key) DO NOTHING"_s,
                u"INSERT INTO main.decisions (id, origin_id, relationship_id, new_status,"
                " previous_status, created_ms, state, attempts, last_error, server_updated_ms,"
                " step_id, confirmed_updated_ms, from_column_id, to_table_id, to_column_name,"
                " reason_code, reason_text)"
                " SELECT d.id, o.id, d.relationship_id, d.new_status, d.previous_status,"
                " d.created_ms, d.state, d.attempts, d.last_error, d.server_updated_ms,"
                " d.step_id, d.confirmed_updated_ms, d.from_column_id, d.to_table_id,"
                " d.to_column_name, d.reason_code, d.reason_text FROM held.decisions AS d"
                " JOIN held.origins AS h ON h.id = d.origin_id"
                " JOIN main.origins AS o ON o.origin_key = h.origin_key ORDER BY d.id"_s,
            };
            for (const QString& statement : statements) {
                if (!query.exec(statement)) {
                    ok = false;
                    problem = describe(query.lastError());
                    break;
                }
            }
        }
        if (ok && query.exec(u"SELECT o.id, MIN(d.id) FROM held.decisions AS d"
                             " JOIN held.origins AS h ON h.id = d.origin_id"
                             " JOIN main.origins AS o ON o.origin_key = h.origin_key"
                             " GROUP BY o.id"_s)) {
            while (query.next()) {
                firstHeldIdPerOrigin.append(
                    {query.value(0).toLongLong(), query.value(1).toLongLong()});
            }
            query.finish();
        } else if (ok) {
            ok = false;
            problem = describe(query.lastError());
        }
        if (ok && !carryOverHeldTableNames(db)) {
            ok = false;
            problem = lastError();
        }
        // What the analyst decided while the file was away is newer than what waits in it.
        for (const auto& [originId, firstId] : std::as_const(firstHeldIdPerOrigin)) {
            if (ok && !supersede(db, originId, firstId)) {
                ok = false;
                problem = lastError();
            }
        }
        if (ok && !transaction.commit()) {
            ok = false;
            problem = describe(transaction.error());
        }
        if (!ok) {
            setError(tr("Cannot move the decisions held in memory into the journal %1: %2")
                         .arg(m_path, problem));
        }
    }
    query.exec(u"DETACH DATABASE held"_s);
    return ok;
}

int DecisionJournal::schemaVersionOnDisk()
{
    const auto turn = memoryTurn();
    // Also when the open failed (a newer schema, a busy migration): a read.
    QSqlDatabase db = isOpen() || m_path == QLatin1StringView(InMemory)
                          ? database()
                          : connection(Storage::File, m_fileGeneration.load());
    QSqlQuery query(db);
    if (!query.exec(u"SELECT version FROM schema_version"_s) || !query.next()) {
        return 0;
    }
    return query.value(0).toInt();
}

QString DecisionJournal::journalMode()
{
    const auto turn = memoryTurn();
    if (!isOpen()) {
        setError(notOpenMessage());
        return {};
    }
    QSqlQuery query(database());
    if (!query.exec(u"PRAGMA journal_mode"_s) || !query.next()) {
        return {};
    }
    return query.value(0).toString();
}

bool DecisionJournal::migrate(QSqlDatabase& db)
{
    // A read first: a journal at the current schema (every opening but the first after an
    // upgrade) is opened without taking the write lock, so that the app and relreview-cli,
    // or a write under way in one of them, never keep the other from opening it.
    const auto readVersion = [&](int* version) {
        QSqlQuery query(db);
        if (!query.exec(u"SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                        " AND name = 'schema_version'"_s) ||
            !query.next()) {
            setError(tr("Cannot read the journal %1: %2").arg(m_path, describe(query.lastError())));
            return false;
        }
        *version = 0;
        if (query.value(0).toInt() > 0 && query.exec(u"SELECT version FROM schema_version"_s) &&
            query.next()) {
            *version = query.value(0).toInt();
        } else if (query.lastError().isValid()) {
            setError(tr("Cannot read the journal %1: %2").arg(m_path, describe(query.lastError())));
            return false;
        }
        return true;
    };
    const auto tooNew = [&](int version) {
        setError(tr("The journal %1 was written by a newer relreview (schema %2; this version "
                    "knows %3). It is left untouched.")
                     .arg(m_path)
                     .arg(version)
                     .arg(SchemaVersion));
    };
    // Whether the journal's version settles the open (true: current, false: unusable) or it
    // needs a migration (nullopt).
    int version = 0;
    const auto settled = [&]() -> std::optional<bool> {
        if (!readVersion(&version)) {
            return false;
        }
        if (version > SchemaVersion) {
            tooNew(version);
            return false;
        }
        if (version == SchemaVersion) {
            return true;
        }
        return std::nullopt;
    };
    if (const std::optional<bool> done = settled()) {
        return *done;
    }
    Transaction transaction(db);
    if (!transaction.isActive()) {
        setError(
            tr("Cannot upgrade the journal %1: %2").arg(m_path, describe(transaction.error())));
        return false;
    }
    // Again under the lock: another process may have migrated it meanwhile.
    if (const std::optional<bool> done = settled()) {
        return *done;
    }
    QSqlQuery query(db);
    if (!query.exec(u"CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"_s)) {
        setError(tr("Cannot prepare the journal %1: %2").arg(m_path, describe(query.lastError())));
        return false;
    }
    bool hasRow = false;
    if (query.exec(u"SELECT count(*) FROM schema_version"_s) && query.next()) {
        hasRow = query.value(0).toInt() > 0;
    }
    query.finish();
    const auto& steps = migrations();
    for (int step = version; step < SchemaVersion; ++step) {
        for (const QString& statement : steps[step]) {
            if (!query.exec(statement)) {
                setError(tr("Cannot upgrade the journal %1 from schema %2: %3")
                             .arg(m_path)
                             .arg(step)
                             .arg(describe(query.lastError())));
                return false;
            }
        }
    }
    query.prepare(hasRow ? u"UPDATE schema_version SET version = ?"_s
                         : u"INSERT INTO schema_version (version) VALUES (?)"_s);
    query.addBindValue(SchemaVersion);
    if (!query.exec()) {
        setError(tr("Cannot upgrade the journal %1: %2").arg(m_path, describe(query.lastError())));
        return false;
    }
    if (!transaction.commit()) {
        setError(
            tr("Cannot upgrade the journal %1: %2").arg(m_path, describe(transaction.error())));
        return false;
    }
    return true;
}
