#pragma once

#include "ColumnCatalog.h"
#include "RelationshipStore.h"

#include <QByteArrayView>
#include <QCoreApplication>
#include <QJsonObject>
#include <QString>

#include <functional>
#include <optional>

class ChunkedInput;

// Where a problem is, as precisely as it is known: file position, record and member.
struct ParseError
{
    Q_DECLARE_TR_FUNCTIONS(ParseError)

public:
    QString message;         // what is wrong, e.g. "expected a number or null"
    qint64 byteOffset = -1;  // from the start of the input
    int line = 0;            // 1-based; 0 when unknown
    int column = 0;          // 1-based, in bytes
    qint64 recordIndex = -1; // index in the relationships array
    QString recordId;        // the record's id, when it was readable
    QString member;          // e.g. "score" or "evidence"

    // "demo.json:12:5: record 41 (id 3c90c3cc-…), member \"score\": expected a number or null"
    QString describe(const QString& sourceName = {}) const;
};

// What a snapshot envelope says about where its rows came from (never a token).
struct SnapshotSource
{
    QString baseUrl;
    QUuid integrationSourceId;
    QJsonObject scope; // scope query parameter name -> UUID string
};

struct SnapshotHeader
{
    bool isEnvelope = false; // false for a bare array as the list endpoint returns it
    QString format;          // "relreview-snapshot"
    int version = 0;
    QString exportedAt;
    SnapshotSource source;
};

struct ParsedDocument
{
    SnapshotHeader header;
    RelationshipRows rows;
    ColumnCatalog catalog;
};

// Parses the list endpoint's answer (a JSON array), a paged envelope ({"items":[...]}) or a
// relreview snapshot envelope, quickly (simdjson) and with bounded memory and nesting. How it is
// built (and its one internal thread) is described at the top of RelationshipParser.cpp.
class RelationshipParser
{
    Q_DECLARE_TR_FUNCTIONS(RelationshipParser)

public:
    // Called now and then from the parsing thread; return false to cancel.
    using Progress = std::function<bool(qint64 bytesDone, qint64 bytesTotal)>;

    // Called at most once from the parsing thread, early in the parse of a large input (see
    // FirstRowsMinimumBytes), with a copy of its first rows, so that a window can show something
    // while the rest loads. A preview only: the parse may still fail or be cancelled.
    // parseStream() calls it whatever the size: once firstRowsCount rows are parsed (or some rows
    // and FirstRowsWaitMs have passed), then again with all the rows so far each time they have
    // doubled.
    using FirstRows = std::function<void(RelationshipRows firstRows)>;
    static constexpr qint64 FirstRowsMinimumBytes = 8 * 1024 * 1024;
    static constexpr qint64 FirstRowsWaitMs = 250;

    // Called from a parsing thread with the input's bytes in order, a piece at a time, while the
    // parse runs: to hash a file while its pages are at hand instead of reading it again. A parse
    // that succeeds has shown it every byte exactly once; one that fails may stop early.
    using ContentObserver = std::function<void(QByteArrayView bytes)>;

    struct Options
    {
        int maxNestingDepth = 1024; // deeper input is an error, never a stack overflow
        Progress progress;
        FirstRows firstRows;
        int firstRowsCount = 2000;
        ContentObserver content;
        // A record whose evidence, or whose unknown members together, are longer is refused with
        // a message naming it: the row store holds at most ByteArena::MaxLength bytes in one
        // member. Tests lower it, to try the limit without a 4 GiB file.
        qint64 maxMemberBytes = ByteArena::MaxLength;
    };

    struct Result
    {
        bool ok = false;
        bool cancelled = false;
        ParseError error;
        ParsedDocument document;
    };

    static Result parseFile(const QString& path, const Options& options);
    static Result parseFile(const QString& path) { return parseFile(path, Options{}); }
    static Result parseBytes(QByteArrayView json, const Options& options);
    static Result parseBytes(QByteArrayView json) { return parseBytes(json, Options{}); }

    // Parses a document while it arrives (a list being downloaded): returns once `input` is
    // finished and parsed, or aborted (then `cancelled`, whatever was parsed is dropped), or the
    // parse failed or was cancelled (then the caller stops the transfer). `expectedBytes` (a
    // Content-Length; 0 when unknown) is for the progress and the rows' reservation. Errors name
    // the byte offset (no line: the bytes before it are gone by then). Blocks: call it off the
    // UI thread.
    static Result parseStream(ChunkedInput& input, const Options& options,
                              qint64 expectedBytes = 0);

    // One relationship object, e.g. the answer to a PUT.
    static std::optional<Relationship> parseRecord(QByteArrayView json, ParseError* error);
};
