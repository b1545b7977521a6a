#pragma once

#include "DecisionJournal.h"
#include "RelationshipParser.h"

#include <QString>

class RelationshipStore;

// Opening a snapshot (or a saved list) for offline review: the file is parsed whole first, and
// only a file that parsed completely gets an origin in the journal. A malformed file therefore
// changes nothing: no origin, no decision, only a message naming the file and the place.
struct OfflineSnapshot
{
    bool ok = false;
    bool cancelled = false;
    QString message; // on failure: "file.json:12:5: record 41 (id …), member "score": …"
    ParsedDocument document;
    DecisionOrigin origin;
    qint64 originId = 0; // 0 unless ok and a journal was given

    // Parses `path` and, when it is valid and `journal` is given, registers its origin.
    // Reads the file twice (parse, fingerprint): call it off the UI thread for large files.
    static OfflineSnapshot open(const QString& path, DecisionJournal* journal,
                                const RelationshipParser::Options& options = {});

    // The origin of an already parsed snapshot (its fingerprint; a bare list's source from its
    // rows). Returns an invalid origin, with *error, when the file cannot be read.
    static DecisionOrigin originFor(const QString& path, const SnapshotHeader& header,
                                    const RelationshipRows& rows, QString* error);
    // The same with the fingerprint computed beforehand (DecisionOrigin::snapshotFingerprint).
    static DecisionOrigin originFor(const QString& path, const SnapshotHeader& header,
                                    const RelationshipRows& rows, const QString& fingerprint);
};
