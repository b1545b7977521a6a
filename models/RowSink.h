#pragma once

#include "BatchChannel.h"
#include "JsonScanner.h"
#include "RelationshipParser.h"

#include <QCoreApplication>
#include <QElapsedTimer>

// Part of RelationshipParser (see RelationshipParser.cpp).

// Appends batches to the rows: duplicate ids, progress and cancellation live here.
class RowSink
{
    Q_DECLARE_TR_FUNCTIONS(RowSink)

public:
    // Offsets in batches are relative to the scanned text; `offsetShift` (a byte-order mark)
    // makes the progress count bytes of the whole input.
    // `releasableMapping`: a read-only file mapping of the input whose consumed pages may be
    // dropped; null for memory the caller owns.
    // `arriving`: the input is still arriving (RelationshipParser::parseStream): previews go out
    // whatever its size, early, and again each time the rows have doubled.
    RowSink(qsizetype totalBytes, qsizetype offsetShift, const RelationshipParser::Options& options,
            uchar* releasableMapping, bool arriving = false);

    RelationshipRows rows;
    bool cancelled = false;
    bool failed = false;
    bool outOfMemory = false;
    ParseFailure failure;
    qint64 failedRecord = -1;

    // false: stop parsing (an error or a cancel).
    bool consume(const RecordBatch& batch);
    // The last report, once everything is parsed; the user may still cancel here.
    bool finish();

private:
    // A copy, so that the parse goes on filling `rows` while the preview is shown elsewhere; a
    // few thousand rows cost a few milliseconds (an arriving input's previews share the rows'
    // chunks: see RelationshipRows).
    void handOverFirstRows();
    bool previewDue() const;
    // Rows hold copies of everything now, so the mapping's pages up to `end` can go: without
    // this, resident memory would hold the whole file on top of the rows. The mapping is
    // read-only and file-backed, so a page touched again (an error message counting lines) is
    // simply read back.
    void releaseConsumed(qsizetype end);

    qsizetype m_totalBytes;
    qsizetype m_offsetShift;
    const RelationshipParser::Progress& m_progress;
    RelationshipParser::FirstRows m_firstRows; // empty once called, or for small inputs
    int m_firstRowsCount;
    bool m_arriving;
    int m_previewedRows = 0;
    QElapsedTimer m_sinceStart;
    uchar* m_releasable;
    qsizetype m_released = 0;
    qsizetype m_lastReport = 0;
};
