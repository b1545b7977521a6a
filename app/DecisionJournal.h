#pragma once

#include "DecisionReason.h"
#include "EarlierDecisions.h"
#include "Relationship.h"
#include "TableNames.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMutex>
#include <QRecursiveMutex>
#include <QSqlDatabase>
#include <QString>
#include <QUuid>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>

class QSqlError;
struct ConnectionProfile;
struct SnapshotHeader;

// Where a decision was made: a live integration source, or one exported snapshot. Decisions are
// kept per origin so that reopening a snapshot restores exactly the decisions made on it, and so
// that a sync knows where to deliver them.
struct DecisionOrigin
{
    enum class Kind : quint8 { Live, Snapshot };
    Kind kind = Kind::Live;
    // "live:https://host|<source uuid>" or "snapshot:<fingerprint>": see forLive()/forSnapshot().
    QString key;
    QString label;   // what the analyst recognises: the source, or the snapshot's path
    QString baseUrl; // where the decisions go (a snapshot's source base URL)
    QUuid integrationSourceId;
    QJsonObject scope;    // scope query parameter name -> UUID string, never a token
    QString snapshotPath; // the path the snapshot was last opened from (snapshots only)

    bool isValid() const { return !key.isEmpty(); }
    bool isSnapshot() const { return kind == Kind::Snapshot; }

    static DecisionOrigin forLive(const ConnectionProfile& profile);
    // The key of a snapshot is a fingerprint of the file's content, not of its path: the same
    // snapshot moved to another folder, or handed to a colleague, keeps its decisions, and a
    // different export written over the same path does not inherit them. Reads the whole file
    // (about 0.4 s per 100 MB): call it off the UI thread for large files. Returns an invalid
    // origin and sets *error when the file cannot be read.
    static DecisionOrigin forSnapshot(const QString& path, const SnapshotHeader& header,
                                      QString* error = nullptr);
    // The same, with the fingerprint computed beforehand (e.g. on a worker thread).
    static DecisionOrigin forSnapshotFingerprint(const QString& path, const SnapshotHeader& header,
                                                 const QString& fingerprint);
    static QString snapshotFingerprint(const QString& path, QString* error = nullptr);
};

// The delivery state of one decision. Stored as text so that a journal opened with the sqlite3
// shell reads plainly.
enum class DecisionState : quint8 {
    Pending,   // recorded, not yet sent (or sent by a run that was interrupted)
    Sending,   // a request carrying it has left, or a bulk call awaits confirmation by re-reading
    Confirmed, // the server holds this status
    Failed,    // the server refused it (422 and the like); lastError says why
    Gone,      // the server no longer knows the relationship (404)
    Conflict,  // the server's row changed since the decision was made; the analyst resolves it
    Cancelled, // superseded by a newer decision on the same row, or withdrawn by the analyst
};
inline constexpr int DecisionStateCount = 7;
QString decisionStateName(DecisionState state); // "pending", "sending", ...
std::optional<DecisionState> decisionStateFromName(QStringView name);
QString decisionStateDisplayName(DecisionState state); // translated

// A decision to record.
struct NewDecision
{
    QUuid relationshipId;
    QString status;         // the API name, e.g. "APPROVED"
    QString previousStatus; // the status it replaces as the analyst saw it (may be empty)
    // The row's updated_at when decided, for conflict detection: 0 unknown (the status alone is
    // compared), -1 deliver without a check (the analyst chose to keep theirs over the server's).
    qint64 serverUpdatedMs = 0;
    qint64 createdMs = 0; // 0: now
    qint64 stepId = 0;    // the analyst's action it belongs to (one key, one bulk run)
    // Imports carry a state (a colleague's confirmed decisions stay confirmed); else pending.
    DecisionState state = DecisionState::Pending;
    int attempts = 0;
    QString lastError;
    qint64 confirmedUpdatedMs = 0;
    // The relationship's column pair, its identity across pipeline runs (null: unknown, e.g. a
    // decision on an id alone; filled in when the relationship is next seen).
    ColumnPair pair;
    DecisionReason reason; // kept here only: never sent (the API has no field for it)
};

// A recorded decision.
struct DecisionRecord
{
    qint64 id = 0;
    qint64 originId = 0;
    QUuid relationshipId;
    QString status;
    QString previousStatus;
    qint64 createdMs = 0;
    DecisionState state = DecisionState::Pending;
    int attempts = 0;
    QString lastError;
    qint64 serverUpdatedMs = 0;    // 0 unknown, -1 no conflict check (see NewDecision)
    qint64 confirmedUpdatedMs = 0; // the server's updated_at in its confirming answer; 0 unknown
    qint64 stepId = 0;
    ColumnPair pair; // null when not known yet (see NewDecision)
    DecisionReason reason;
};

// One delivery state change, for DecisionJournal::apply().
struct DecisionChange
{
    qint64 id = 0;
    DecisionState state = DecisionState::Pending;
    QString lastError; // replaces the last error (kept when `keepError`)
    bool keepError = false;
    bool countAttempt = false;     // a request carrying it left
    qint64 confirmedUpdatedMs = 0; // with Confirmed: the updated_at the server answered
};

struct DecisionCounts
{
    int byState[DecisionStateCount] = {};
    int operator[](DecisionState state) const { return byState[int(state)]; }
    int pending() const { return byState[int(DecisionState::Pending)]; }
    int sending() const { return byState[int(DecisionState::Sending)]; }
    int confirmed() const { return byState[int(DecisionState::Confirmed)]; }
    int failed() const { return byState[int(DecisionState::Failed)]; }
    int gone() const { return byState[int(DecisionState::Gone)]; }
    int conflicts() const { return byState[int(DecisionState::Conflict)]; }
    int cancelled() const { return byState[int(DecisionState::Cancelled)]; }
    // Not yet settled: what the status bar calls pending.
    int outstanding() const { return pending() + sending(); }
    bool operator==(const DecisionCounts& other) const;
};

// The durable record of every decision: SQLite through QtSql, in WAL mode, with a schema version
// and transactional migrations. A decision is committed here before any request carrying it
// leaves, so that a crash, a kill or a power cut loses nothing the analyst saw as decided.
//
// Thread-safe: each thread that calls in gets its own named connection (QtSql connections must
// not cross threads); SQLite serialises the writers. Several processes share one journal (the
// app and relreview-cli): opening it takes no write lock unless the schema must be migrated, and
// a write waits at most busyTimeoutMs() for another process's write to end, then fails with a
// message that says so. Every write checks its transaction: a write that did not commit returns
// false (or no ids) with lastError(), and nothing of it was recorded.
class DecisionJournal
{
    Q_DECLARE_TR_FUNCTIONS(DecisionJournal)

public:
    static constexpr int SchemaVersion = 2;
    static constexpr const char* DataDirVariable = "RELREVIEW_DATA_DIR";
    static constexpr const char* FileName = "journal.sqlite3";
    // A journal that lives only as long as the process: decisions work, but are not durable.
    static constexpr const char* InMemory = ":memory:";
    // How long a write waits for another connection's write lock before it fails.
    static constexpr int DefaultBusyTimeoutMs = 10000;

    // Where the decisions are kept now.
    enum class Storage : quint8 {
        Closed, // not open (yet), or it could not be opened: every write fails
        File,   // the journal file: durable
        Memory, // held in memory (openInMemory()): lost when the process ends
    };

    // `path` empty: defaultPath(); InMemory: open() holds the decisions in memory.
    explicit DecisionJournal(const QString& path = {});
    ~DecisionJournal();
    DecisionJournal(const DecisionJournal&) = delete;
    DecisionJournal& operator=(const DecisionJournal&) = delete;

    // $RELREVIEW_DATA_DIR, else QStandardPaths::AppDataLocation, + "/journal.sqlite3".
    static QString defaultDirectory();
    static QString defaultPath();

    // Before open(): how long a write waits for another process's write lock.
    void setBusyTimeoutMs(int milliseconds);
    int busyTimeoutMs() const { return m_busyTimeoutMs; }

    // Creates the folder (0700) and the file (0600) when missing, migrates an older schema in one
    // transaction (the only time opening takes the write lock), and refuses a journal written by
    // a newer version. Returns false with lastError() on failure; the storage is then unchanged.
    // May be called again (to retry after a failure). Called while the decisions are held in
    // memory, it carries them over into the file in one transaction (ids kept), so that nothing
    // held is lost when the journal comes back.
    bool open();
    // Holds decisions in memory from now on (they are lost when the process ends), for when the
    // file cannot be opened and the analyst has agreed. Usable from any thread.
    bool openInMemory();
    Storage storage() const;
    bool isOpen() const { return storage() != Storage::Closed; }
    bool isDurable() const { return storage() == Storage::File; }
    QString path() const { return m_path; }
    QString lastError() const;
    int schemaVersionOnDisk(); // for tests and diagnostics

    // Origins: registered (or refreshed: label, base URL, path) on first use.
    qint64 ensureOrigin(const DecisionOrigin& origin);
    std::optional<DecisionOrigin> origin(qint64 originId);
    std::optional<qint64> originIdForKey(const QString& key);
    QList<std::pair<qint64, DecisionOrigin>> origins();

    // Records decisions in one transaction and returns their ids (in order), or an empty list on
    // failure (then nothing was recorded). Older unsettled decisions (pending, failed, gone,
    // conflict) on the same relationship and origin are cancelled as superseded, so that only the
    // last intent is delivered; "older" is by creation time, then id, so that an import of a
    // colleague's earlier decisions does not override newer ones made here.
    QList<qint64> record(qint64 originId, const QList<NewDecision>& decisions);
    qint64 nextStepId();

    // Reading.
    std::optional<DecisionRecord> decision(qint64 id);
    // The decisions with these ids (unknown ids are skipped), in id order.
    QList<DecisionRecord> decisionsWithIds(const QList<qint64>& ids);
    // Every decision of an origin (all states when `states` is empty), oldest first.
    QList<DecisionRecord> decisions(qint64 originId, const QList<DecisionState>& states = {},
                                    int limit = -1);
    QList<DecisionRecord> pending(qint64 originId, int limit = -1)
    {
        return decisions(originId, {DecisionState::Pending}, limit);
    }
    // The newest decision per relationship of an origin (cancelled ones skipped): what reopening
    // a snapshot lays over its rows.
    QList<DecisionRecord> latestPerRelationship(qint64 originId);
    // The newest non-cancelled decision on one relationship, if any.
    std::optional<DecisionRecord> latestFor(qint64 originId, const QUuid& relationshipId);
    DecisionCounts counts(qint64 originId);
    DecisionCounts countsAll();

    // Many changes, in order, in one transaction (the sync engine batches its bookkeeping so
    // that a thousand answers cost one commit, not a thousand).
    bool apply(const QList<DecisionChange>& changes);

    // State changes, each in one transaction for all ids.
    bool markSending(const QList<qint64>& ids); // also counts an attempt
    bool setState(const QList<qint64>& ids, DecisionState state, const QString& error = {});
    // Confirmed, with the updated_at the server answered (0 when unknown, e.g. after a bulk call).
    bool markConfirmed(const QList<std::pair<qint64, qint64>>& idAndServerUpdatedMs);
    bool setLastError(const QList<qint64>& ids, const QString& error);
    // Keep mine: the conflict's new baseline is the server's current updated_at and status.
    bool rebaseline(qint64 id, qint64 serverUpdatedMs, const QString& serverStatus);
    // After a crash or kill: what was 'sending' is pending again (re-sending a status is
    // harmless). originId 0: every origin. Returns how many.
    int requeueInterrupted(qint64 originId = 0);
    int retryFailed(qint64 originId); // failed -> pending
    // Removes settled decisions older than `beforeMs` (housekeeping).
    int purgeSettled(qint64 originId, qint64 beforeMs);

    // Column pairs and reasons (DecisionJournalPairs.cpp).
    // Sets (or, with an empty reason, clears) the reason of these decisions. A reason is the
    // analyst's note: it changes nothing of the delivery.
    bool setReason(const QList<qint64>& ids, const DecisionReason& reason);
    // What carrying decisions forward reads, in one query: the newest decision (not cancelled)
    // per relationship and origin, of every origin, for the relationships whose pair is known.
    QList<PairDecision> pairDecisions();
    // Decisions recorded before pairs were kept (or on an id alone) lack their pair: the
    // relationships that have such decisions (any origin; few once they were seen again).
    QList<QUuid> relationshipsWithoutPair();
    // Gives those decisions their pair, now that the relationship was seen in a list.
    bool fillPairs(const QList<std::pair<QUuid, ColumnPair>>& pairs);
    // The analyst's table names (see TableNames), for every origin alike: a table id names one
    // table wherever it appears. Kept in a table of their own, created on first write (CREATE
    // TABLE IF NOT EXISTS: no schema version of its own, so a journal without it reads as having
    // no names). nullopt with lastError() when the journal cannot be read.
    std::optional<TableNames> tableNames();
    // Sets every name of `names` in one transaction (the others are kept). False with lastError()
    // when it did not commit; nothing was then changed.
    bool setTableNames(const TableNames& names);
    // One name; an empty name forgets the table's name.
    bool setTableName(const QUuid& tableId, const QString& name);

    // For the tests and diagnostics: the PRAGMA journal_mode in effect ("wal").
    QString journalMode();

private:
    QSqlDatabase database();
    QSqlDatabase connection(Storage storage, int generation);
    QString connectionName(Storage storage, int generation) const;
    void dropConnection(Storage storage, int generation);
    bool migrate(QSqlDatabase& db);
    // Columns added without a new schema version (pairs, reasons): see DecisionJournalPairs.cpp.
    bool extendSchema(QSqlDatabase& db);
    bool carryOverHeld(QSqlDatabase& db);
    bool carryOverHeldTableNames(QSqlDatabase& db); // inside carryOverHeld()'s transaction
    bool writeTableNames(const QList<std::pair<QUuid, QString>>& names);
    bool createOrOpenFile();
    void setError(const QString& message) const;
    QString describe(const QSqlError& error) const;
    QString notOpenMessage() const;
    bool supersede(QSqlDatabase& db, qint64 originId, qint64 firstNewId);
    // In memory, the connections of all threads share one database (SQLite's shared cache),
    // whose table locks do not wait: operations then take turns. Unlocked for the file.
    std::unique_lock<QRecursiveMutex> memoryTurn() const;

    QString m_path;
    QString m_connectionPrefix;
    int m_busyTimeoutMs = DefaultBusyTimeoutMs;
    std::atomic<Storage> m_storage{Storage::Closed};
    std::atomic<int> m_fileGeneration{0};   // bumped by each open(): fresh connections
    std::atomic<int> m_memoryGeneration{0}; // bumped by each openInMemory(): a fresh database
    mutable QRecursiveMutex m_memoryMutex;  // see memoryTurn(); also held while switching
    mutable QMutex m_mutex;                 // guards m_error
    mutable QString m_error;
    // The connections made per thread, shared with the threads' "finished" handlers: a thread
    // of a pool may end after the journal is gone, and must not reach into it then.
    struct ThreadConnections;
    std::shared_ptr<ThreadConnections> m_threadConnections;
};
