#pragma once

#include "ApiClient.h"
#include "BackgroundWork.h"
#include "ConnectionProfile.h"
#include "DecisionJournal.h"
#include "Origin.h"
#include "RelationshipParser.h"
#include "RelationshipStore.h"

#include <QHash>
#include <QObject>
#include <QUuid>

#include <memory>

class CarriedForward;
class LoadJob;
class SyncEngine;
class TableNameStore;

// What the window works with: loading a live source or a snapshot into the store, and deciding
// rows. A decision shows at once (pending) and is committed to the DecisionJournal before
// anything is sent; the SyncEngine delivers it: on a live source at once (its PUT in the
// background, in order per relationship, the last intent wins, a bounded number in flight,
// retried until it goes through); on a snapshot when the analyst syncs (offline review).
class ReviewSession : public QObject
{
    Q_OBJECT
public:
    explicit ReviewSession(RelationshipStore* store, QObject* parent = nullptr);
    ~ReviewSession() override;

    RelationshipStore* store() const { return m_store; }
    ApiClient* client() { return &m_client; }

    // A profile on another origin than the token's does not take the token along: hasToken() is
    // then false until setToken() gives one for it.
    void setProfile(const ConnectionProfile& profile);
    const ConnectionProfile& profile() const { return m_client.profile(); }
    // The token for the profile's origin (set the profile first); resumes sending when paused
    // on 401/403.
    void setToken(const QString& token);
    bool hasToken() const { return m_client.hasToken(); }
    // The origin the token was given for (invalid without one).
    Origin tokenOrigin() const { return m_tokenOrigin; }

    // A snapshot names the server its decisions go to, but a file never receives the token by
    // itself: when that server is not the token's origin, nothing is sent to it until the user
    // agrees (originConfirmationRequired()). The answer holds for the origin for the rest of the
    // session (it is not written to the settings, which another program could have written).
    // The origin a snapshot's decisions would be sent to (invalid when no snapshot is open).
    Origin snapshotTarget() const;
    bool needsOriginConfirmation() const;
    // The user's answer for `origin`: true sends (a sync asked for meanwhile goes on), false
    // sends nothing to it.
    void answerOriginConfirmation(const Origin& origin, bool send);
    void setMaxInFlight(int count);

    // Fetch the source's relationships (and, best effort, its columns) into the store. The body
    // is parsed on a worker thread; loadProgress() reports it; cancelLoad() stops it.
    void loadLive();
    // Open a saved list or snapshot for offline review: decisions on it are recorded in the
    // journal (and shown again when it is reopened) and sent by syncNow().
    void openSnapshot(const QString& path);
    void cancelLoad();
    bool isLoading() const { return m_loading; }
    // While a large list loads into an empty window, its first rows are shown early (see
    // partialRowsShown()); until loadFinished() they are a preview: not the whole list, without
    // the catalog's names, and not open to decisions. A failed or cancelled load removes them.
    bool isShowingPartialRows() const { return m_showingPartialRows; }
    // True only while decisions cannot be recorded (a snapshot whose journal entry could not be
    // made); snapshots are otherwise open to offline decisions.
    bool isReadOnly() const { return m_readOnly; }
    bool isSnapshotOpen() const { return m_snapshotOpen; }
    QString sourceDescription() const; // "integration source 6f1c2a4e at 127.0.0.1:8080" or file

    // Decide the given store rows. Ignored (with lastError) in read-only mode.
    void decide(const QList<int>& storeRows, RelationshipStatus status);

    // How recorded decisions travel: one PUT each at once (a key press), or through the bulk
    // endpoint in batches (a bulk session, undoing many rows).
    // Held: recorded and shown as pending, but not handed to the engine: the caller does that
    // (SyncEngine::deliver or enqueueBulk), e.g. once every part of a large bulk is recorded.
    enum class Delivery { Immediate, Bulk, Held };
    // What decideRows() recorded: one journal step; rows left out (already so on the server,
    // gone) are not in it.
    struct RecordedStep
    {
        qint64 stepId = 0; // 0: nothing recorded
        QList<qint64> decisionIds;
        QList<int> rows; // the store rows of decisionIds, in the same order
    };
    // decide(), saying what it recorded and choosing the delivery.
    RecordedStep decideRows(const QList<int>& storeRows, RelationshipStatus status,
                            Delivery delivery = Delivery::Immediate);
    // decideRows() in three parts, for callers that write the journal off the UI thread (a
    // bulk of many rows): prepareDecisions() picks the rows and builds their decisions (UI
    // thread; `stepId` 0 starts a new journal step); DecisionJournal::record() may then run on
    // any thread; recordedDecisions() shows them as pending and hands them to the engine (UI
    // thread).
    struct PreparedDecisions
    {
        qint64 originId = 0;
        qint64 stepId = 0;
        RelationshipStatus status = RelationshipStatus::Suggested;
        QList<NewDecision> decisions; // empty: nothing to record
        QList<int> rows;              // the store rows of `decisions`
    };
    PreparedDecisions prepareDecisions(const QList<int>& storeRows, RelationshipStatus status,
                                       qint64 stepId = 0);
    RecordedStep recordedDecisions(const PreparedDecisions& prepared, const QList<qint64>& ids,
                                   Delivery delivery);
    // Takes back recorded decisions that have not been sent (SyncEngine::withdraw): nothing is
    // sent for them, and their rows show again what the server has (or the decision still on
    // its way). Returns the ids taken back.
    QList<qint64> withdraw(const QList<qint64>& decisionIds);

    // Gives recorded decisions a reason (or clears it, with an empty one): the journal keeps
    // it; nothing is sent (the API has no field for it). Emits reasonChanged().
    bool setReason(const QList<qint64>& decisionIds, const DecisionReason& reason);
    // What was decided before on the rows' column pairs, worked out off the UI thread once per
    // load (store()->earlier() has it when it is done).
    CarriedForward* carriedForward() const { return m_carriedForward.get(); }
    // The analyst's table names, kept in the journal and shown over the open list's.
    TableNameStore* tableNames() const { return m_tableNames.get(); }

    // The durable record of the decisions and the engine that delivers them.
    DecisionJournal* journal() const { return m_journal.get(); }
    // Whether decisions are kept. The journal is never swapped behind the analyst's back: when
    // it cannot be opened, decisions are refused (decisionsRefusedReason()) until retryJournal()
    // opens it, or until the analyst agrees to holdDecisionsInMemory().
    enum class JournalState { Durable, Unavailable, HeldInMemory };
    JournalState journalState() const;
    // Why the journal file cannot be used (the last attempt's error); empty when it is open.
    QString journalProblem() const { return m_journalProblem; }
    // Non-empty while decisions are refused because nothing could record them.
    QString decisionsRefusedReason() const;
    // Opens the journal file again; decisions held in memory meanwhile move into it. True when
    // the decisions are durable again.
    bool retryJournal();
    // Decisions are recorded in memory from now on, lost on exit unless retryJournal() succeeds.
    bool holdDecisionsInMemory();
    // Decisions held in memory that the server has not confirmed: what quitting now would lose
    // (0 while the journal is durable).
    int decisionsLostOnExit() const;
    SyncEngine* syncEngine() const { return m_engine.get(); }
    // Sends every pending decision of what is open: a snapshot's after a check for conflicts
    // with the server's current state.
    void syncNow();
    // Where the open rows came from, for File → Export snapshot… (never a token).
    SnapshotSource snapshotSource() const;

    int requestsInFlight() const
    {
        return m_client.requestsInFlight() + m_snapshotClient.requestsInFlight();
    }
    bool isPausedForToken() const;
    QString lastError() const { return m_lastError; }
    // Why the last load failed (kind Auth: ask for a token, then load again); None after success.
    const ApiError& lastLoadError() const { return m_lastLoadError; }
    // Decisions not yet answered by the server (waiting or in flight), from the journal.
    int outstandingDecisions() const;

signals:
    void loadStarted(const QString& what);
    void loadProgress(qint64 done, qint64 total);       // bytes; total 0 when unknown
    void loadPhaseChanged(const QString& what);         // "Downloading…", then "Reading…"
    void loadFinished(bool ok, const QString& message); // message names the problem's place
    void partialRowsShown(int rows);                    // the store holds a preview; see above
    void requestsInFlightChanged(int count);
    // 401/403: nothing is sent until setToken(). Also after a load refused for its token (see
    // lastLoadError()); that load is not retried by itself.
    void tokenRequired(const QString& reason);
    // A sync of a snapshot whose server (`target`) is not the token's origin (`tokenOrigin`):
    // ask the user, then answerOriginConfirmation(). Nothing is sent to `target` until then.
    void originConfirmationRequired(const Origin& target, const Origin& tokenOrigin);
    void lastErrorChanged(const QString& message);
    void decisionConfirmed(const QUuid& relationshipId);
    void decisionFailed(const QUuid& relationshipId, const QString& message);
    // What the decisions belong to changed (a source or a snapshot was opened): the sync panel
    // re-reads its counts and conflicts.
    void originChanged();
    // journalState() or journalProblem() changed.
    void journalStateChanged();
    // setReason() gave these decisions a reason.
    void reasonChanged(const QList<qint64>& decisionIds, const DecisionReason& reason);

private:
    void journalStorageChanged();
    void setLastError(const QString& message);
    void finishLoad(bool ok, const QString& message);
    // Whether the token may go to the snapshot's server: its own origin, or the user agreed.
    bool snapshotTargetAllowed() const;
    bool snapshotTargetRefused() const;
    // Why the snapshot's server cannot be sent to at all (http:// to another machine), or empty.
    QString snapshotTransportProblem() const;
    QString refusedTargetMessage() const;
    // Gives the snapshot client the token, bound to where it may go.
    void updateSnapshotToken();
    void onEngineTokenRequired(const QString& reason);

    void openJournal();
    void useLiveOrigin();
    void useSnapshotOrigin(const QString& path, const SnapshotHeader& header,
                           const QString& fingerprint);
    void startLoad(LoadJob* job);
    void onRowsFinished(LoadJob* job);
    void onFirstRows(LoadJob* job);
    void dropPartialRows();
    void onCatalogFinished(LoadJob* job);

    RelationshipStore* m_store;
    ApiClient m_client;
    ApiClient m_snapshotClient; // a snapshot's decisions go to the server it came from
    QString m_token;            // in memory only, for the snapshot client once allowed
    Origin m_tokenOrigin;
    QHash<QString, bool> m_originAnswers; // Origin::toString() -> may the token go there
    bool m_syncAfterConfirmation = false;
    std::unique_ptr<DecisionJournal> m_journal;
    QString m_journalProblem;
    bool m_loading = false;
    bool m_showingPartialRows = false;
    bool m_readOnly = false;
    QString m_readOnlyReason;
    bool m_snapshotOpen = false;
    quint64 m_loadSerial = 0; // tells a finished fingerprint whether its load is still current
    QString m_snapshotPath;   // the snapshot being opened or open
    SnapshotHeader m_snapshotHeader;
    bool m_lastErrorIsDelivery = false; // lastError is a retried delivery problem
    QString m_lastError;
    LoadJob* m_loadJob = nullptr;
    ApiError m_lastLoadError;
    QString m_sourceDescription;
    BackgroundWork m_fingerprints{this}; // a snapshot's fingerprint, hashed off the UI thread
    // Last: it uses the journal and the clients, so it goes first.
    std::unique_ptr<SyncEngine> m_engine;
    // Reads the journal on a thread of its own: goes before the journal.
    std::unique_ptr<CarriedForward> m_carriedForward;
    std::unique_ptr<TableNameStore> m_tableNames; // uses the journal and the store
};
