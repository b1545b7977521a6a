#pragma once

#include "ApiClient.h"
#include "ConnectionProfile.h"
#include "RelationshipStore.h"

#include <QHash>
#include <QObject>
#include <QQueue>
#include <QUuid>

class LoadJob;
class QTimer;

// What the window works with: loading a live source or a snapshot into the store, and deciding
// rows. A decision shows at once (pending) and its PUT runs in the background, in order per
// relationship (the last intent wins), with a bounded number of requests in flight.
class ReviewSession : public QObject
{
    Q_OBJECT
public:
    explicit ReviewSession(RelationshipStore* store, QObject* parent = nullptr);
    ~ReviewSession() override;

    RelationshipStore* store() const { return m_store; }
    ApiClient* client() { return &m_client; }

    void setProfile(const ConnectionProfile& profile);
    const ConnectionProfile& profile() const { return m_client.profile(); }
    void setToken(const QString& token); // resumes sending when paused on 401/403
    bool hasToken() const { return m_client.hasToken(); }
    void setMaxInFlight(int count) { m_maxInFlight = qMax(1, count); }

    // Fetch the source's relationships (and, best effort, its columns) into the store. The body
    // is parsed on a worker thread; loadProgress() reports it; cancelLoad() stops it.
    void loadLive();
    // Open a saved list or snapshot read-only.
    void openSnapshot(const QString& path);
    void cancelLoad();
    bool isLoading() const { return m_loading; }
    // While a large list loads into an empty window, its first rows are shown early (see
    // partialRowsShown()); until loadFinished() they are a preview: not the whole list, without
    // the catalog's names, and not open to decisions. A failed or cancelled load removes them.
    bool isShowingPartialRows() const { return m_showingPartialRows; }
    bool isReadOnly() const { return m_readOnly; }
    QString sourceDescription() const; // "integration source 6f1c2a4e at 127.0.0.1:8080" or file

    // Decide the given store rows. Ignored (with lastError) in read-only mode.
    void decide(const QList<int>& storeRows, RelationshipStatus status);

    int requestsInFlight() const { return m_client.requestsInFlight(); }
    bool isPausedForToken() const { return m_pausedForToken; }
    QString lastError() const { return m_lastError; }
    // Why the last load failed (kind Auth: ask for a token, then load again); None after success.
    const ApiError& lastLoadError() const { return m_lastLoadError; }
    // Decisions not yet answered by the server (waiting or in flight).
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
    void lastErrorChanged(const QString& message);
    void decisionConfirmed(const QUuid& relationshipId);
    void decisionFailed(const QUuid& relationshipId, const QString& message);

private:
    struct Intent
    {
        QUuid id;
        RelationshipStatus status;
    };
    void pump();
    void send(const Intent& intent);
    void setLastError(const QString& message);
    void finishLoad(bool ok, const QString& message);

    // The single entry point of a decision: a journal slots in here later.
    void recordIntent(const QUuid& id, RelationshipStatus status);
    void onAnswer(const Intent& intent, const ApiError& error, const Relationship& answer);
    void requeueFront(const Intent& intent);
    void pauseForToken(const QString& reason);
    void startLoad(LoadJob* job);
    void onRowsFinished(LoadJob* job);
    void onFirstRows(LoadJob* job);
    void dropPartialRows();
    void onCatalogFinished(LoadJob* job);
    void remarkOutstanding();

    RelationshipStore* m_store;
    ApiClient m_client;
    QQueue<QUuid> m_queue;                      // ids with an intent waiting to be sent
    QHash<QUuid, RelationshipStatus> m_waiting; // latest unsent intent per id
    QHash<QUuid, RelationshipStatus> m_sending; // intent in flight per id
    int m_maxInFlight = 6;
    bool m_pausedForToken = false;
    bool m_loading = false;
    bool m_showingPartialRows = false;
    bool m_readOnly = false;
    QString m_lastError;
    LoadJob* m_loadJob = nullptr;
    ApiError m_lastLoadError;
    QHash<QUuid, int> m_rateLimitedAttempts; // 429s in a row per id
    QTimer* m_rateLimitTimer = nullptr;      // holds sending back until Retry-After has passed
    bool m_tokenRequestedThisPause = false;
    QString m_sourceDescription;
};
