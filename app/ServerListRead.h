#pragma once

#include "ApiClient.h"
#include "RelationshipStore.h"

#include <QList>
#include <QObject>
#include <QUuid>

#include <functional>
#include <list>
#include <memory>
#include <optional>

class BackgroundWork;

// The sync engine's re-reads of the server's list: downloaded to a file, then parsed and compared
// off the UI thread (BackgroundWork), and handed back on the receiver's thread. A verification
// (`verifyIds` set) is compared on the worker too: per id, the server's row when it holds
// `status`; a conflict check gets the whole list.
class ServerListRead
{
public:
    struct Result
    {
        bool ok = false;
        QString message; // why not, naming the place
        RelationshipRows rows;
        // A verification's answer, per id asked about: the server's row when it holds the status.
        QList<std::optional<Relationship>> matches;
    };
    using Done = std::function<void(const ApiError& error, std::shared_ptr<Result> result)>;

    explicit ServerListRead(QObject* receiver);
    ~ServerListRead(); // a parse still running finishes on its own; its result is dropped

    // Reads the server's list through `client` (only the rows with `status` when verifying):
    // `done` runs on the receiver's thread with an error, or with the result (which may say the
    // list does not parse, or is of another integration source).
    void read(ApiClient* client, bool verify, RelationshipStatus status,
              const QList<QUuid>& verifyIds, Done done);

private:
    void parse(const QString& path, bool verify, RelationshipStatus status,
               const QList<QUuid>& verifyIds, const QUuid& expectedSource, Done done);

    QObject* m_receiver;
    // One lane per read, so that reads run side by side and none supersedes another.
    std::list<std::unique_ptr<BackgroundWork>> m_parses;
};
