#include "OfflineSnapshot.h"

#include <QCoreApplication>
#include <QFileInfo>

using namespace Qt::StringLiterals;

DecisionOrigin OfflineSnapshot::originFor(const QString& path, const SnapshotHeader& header,
                                          const RelationshipRows& rows, QString* error)
{
    const QString fingerprint = DecisionOrigin::snapshotFingerprint(path, error);
    return fingerprint.isEmpty() ? DecisionOrigin{} : originFor(path, header, rows, fingerprint);
}

DecisionOrigin OfflineSnapshot::originFor(const QString& path, const SnapshotHeader& header,
                                          const RelationshipRows& rows, const QString& fingerprint)
{
    DecisionOrigin origin = DecisionOrigin::forSnapshotFingerprint(path, header, fingerprint);
    if (origin.isValid() && origin.integrationSourceId.isNull() && !rows.isEmpty()) {
        // A bare list names no source in a header, but its rows do: when they agree, that is
        // where its decisions go.
        // The ids are interned: one interned id means one source, without reading a million
        // rows on the UI thread; more may still leave one in use (a replaced row's).
        const QUuid first = rows.integrationSourceId(0);
        bool single = rows.integrationSourceIdCount() == 1;
        if (!single) {
            single = true;
            for (int row = 1; row < rows.size() && single; ++row) {
                single = rows.integrationSourceId(row) == first;
            }
        }
        if (single) {
            origin.integrationSourceId = first;
        }
    }
    return origin;
}

OfflineSnapshot OfflineSnapshot::open(const QString& path, DecisionJournal* journal,
                                      const RelationshipParser::Options& options)
{
    OfflineSnapshot result;
    const QString& name = path; // as the user gave it, so that messages name what they typed
    if (!QFileInfo(path).isFile()) {
        result.message =
            QCoreApplication::translate("OfflineSnapshot", "%1: no such file").arg(name);
        return result;
    }
    RelationshipParser::Result parsed = RelationshipParser::parseFile(path, options);
    if (!parsed.ok) {
        result.cancelled = parsed.cancelled;
        result.message =
            parsed.cancelled
                ? QCoreApplication::translate("OfflineSnapshot", "%1: cancelled").arg(name)
                : parsed.error.describe(name);
        return result;
    }
    result.document = std::move(parsed.document);
    QString error;
    result.origin = originFor(path, result.document.header, result.document.rows, &error);
    if (!result.origin.isValid()) {
        result.message = error;
        return result;
    }
    if (journal) {
        result.originId = journal->ensureOrigin(result.origin);
        if (result.originId <= 0) {
            result.message = journal->lastError();
            return result;
        }
    }
    result.ok = true;
    return result;
}
