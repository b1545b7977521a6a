#pragma once

#include "BatchChannel.h"
#include "ColumnCatalog.h"
#include "JsonScanner.h"
#include "RecordDecoder.h"
#include "RelationshipParser.h"

#include <QCoreApplication>
#include <QJsonValue>

#include <memory>
#include <optional>
#include <vector>

class ChunkedInput;
class RowSink;

// Part of RelationshipParser (see RelationshipParser.cpp).

// The top level of the document: a bare array, a paged {"items": [...]} or a snapshot envelope.
class DocumentParser
{
    Q_DECLARE_TR_FUNCTIONS(DocumentParser)

public:
    DocumentParser(const char* data, qsizetype size, const RelationshipParser::Options& options);

    // The input is still arriving in `input` (whose first `offsetShift` bytes, a byte-order mark,
    // the scanner does not see): the parse waits for more where the bytes received end, and
    // stops when `input` is aborted. Needs a channel (the parse runs on its own thread).
    void setStream(ChunkedInput* input, qsizetype offsetShift, bool complete);

    // Runs the whole parse; batches go to `channel` (or straight to `sink` when not threaded).
    void run(BatchChannel* channel, RowSink* directSink);
    // The input was aborted before its end: no failure of the document.
    bool streamAborted() const { return m_streamAborted; }
    bool outOfMemory() const { return m_outOfMemory; }

    bool failed() const { return m_failed; }
    bool stoppedByConsumer() const { return m_stoppedByConsumer; }
    const ParseFailure& failure() const { return m_scanner.failure; }
    qint64 failedRecord() const { return m_failedRecord; }
    SnapshotHeader header;
    ColumnCatalog catalog;

private:
    bool parseTopLevel();
    bool expectEnd();
    QString nameAt(qsizetype begin, qsizetype end, bool escaped);
    bool failMember(qsizetype offset, const QString& member, QString message);
    bool checkUtf8(qsizetype begin, qsizetype end);

    // A small member of the envelope, read with Qt's JSON (validated already by the scanner).
    std::optional<QJsonValue> smallValue(const QString& name, qsizetype begin, qsizetype end);
    bool parseEnvelope();
    bool parseSource(const QString& name, qsizetype valueBegin, qsizetype valueEnd);

    // The bytes up to `end` go to the content observer now, before a batch leaves: the consumer
    // releases the pages of the records it has stored.
    void showContent(qsizetype end);
    bool flushBatch();
    RecordBatch* currentBatch();

    // Stream mode: waits until more bytes than the scanner has are received. False when no
    // more will come (the input is complete or aborted) or the consumer stopped; a batch in the
    // making is handed over first, so that rows already parsed need not wait for the next bytes.
    bool waitForMore();
    // Until at least `size` bytes are there, or the input is complete. False as waitForMore().
    bool waitForSize(qsizetype size);
    // skipWhitespace() that waits for more at the end of the bytes received; false at the end
    // of the input.
    bool skipWhitespaceWaiting();
    // A scan that failed at the end of the bytes received may succeed with more: true when it
    // is worth trying again from `from` (the bytes are there now).
    bool retryWithMore(qsizetype from);

    // At '['. Streams every record to the batches.
    bool parseRecords();
    qsizetype idOffset() const;

    // At '{' of a record: validates it and records its top-level members.
    bool scanRecord();
    JsonScanner m_scanner;
    RecordDecoder m_decoder;
    std::vector<MemberSpan> m_members;
    std::unique_ptr<RecordBatch> m_batch;
    BatchChannel* m_channel = nullptr;
    RowSink* m_directSink = nullptr;
    bool m_failed = false;
    bool m_outOfMemory = false;
    bool m_stoppedByConsumer = false;
    qint64 m_failedRecord = -1;
    const char* m_data;
    ChunkedInput* m_stream = nullptr;
    qsizetype m_streamShift = 0;
    bool m_streamComplete = true;
    bool m_streamAborted = false;
    bool m_enteredRecords = false;
    RelationshipParser::ContentObserver m_content;
    qsizetype m_contentShown = 0;
};
