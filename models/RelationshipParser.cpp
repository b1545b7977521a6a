#include "RelationshipParser.h"

#include "BatchChannel.h"
#include "ChunkedInput.h"
#include "DocumentParser.h"
#include "FileMappingGuard.h"
#include "JsonScanner.h"
#include "RecordDecoder.h"
#include "RowSink.h"

#include <QFile>
#include <QThread>

#include <algorithm>
#include <cstring>
#include <functional>
#include <limits>
#include <memory>
#include <new>
#include <optional>
#include <simdjson.h>
#include <thread>
#include <vector>

#ifdef Q_OS_UNIX
#include <sys/mman.h>
#include <sys/stat.h>
#endif

// How this parser is built, and why:
//
// One forward pass of a strict, hand-written, non-recursive JSON scanner walks the input (usually
// a read-only memory map of the file). It validates the grammar completely (strings, escapes,
// numbers, literals, nesting depth with an explicit stack) and, for each relationship record,
// notes where each top-level member's name and value lie. The few typed members are decoded from
// those byte ranges; evidence and unknown members are copied as their exact raw bytes, never
// converted. UTF-8 is validated per record with simdjson's SIMD validator.
//
// simdjson's own parsers are not used for the records because (a) the scanner must touch every
// byte anyway to find record boundaries and enforce the nesting limit, so a second parse would
// only add a copy into a padded buffer and a second pass; (b) simdjson rejects integers beyond
// 64 bits, which are valid JSON that a Python server may well put into free-form evidence; and
// (c) positions for error messages come for free from the scanner.
//
// For large inputs the scan runs on a second thread that hands batches of decoded records to the
// calling thread, which appends them to the row store (interning, hashing, arena copies): the two
// halves of the work are of similar cost, so two cores give close to twice the speed. Pages of the
// mapping already scanned are released (madvise) so that resident memory holds the rows, not the
// file.
//
// That scanning thread is the one place in relreview that runs work off the UI thread without
// BackgroundWork (see BackgroundWork.h), and it is documented here only. It is a pipeline inside
// one parse, not a job of its own: parseMemory() below starts one std::thread, hands batches over
// a BatchChannel, and joins it before it returns, on every path (done, failed, cancelled, out of
// memory). In the application the parse runs inside a BackgroundWork job (LoadJob's); a thread
// inherits the priority of the thread that starts it, so the scanning thread has the job's
// lowered priority, and nothing here sets a priority or yields to the UI thread. Other callers
// (the command line, the development server, tests) parse on their own thread. Cancelling is
// the caller's Progress callback returning false.
//
// The parts, one class per file:
//   JsonScanner      strict, non-recursive JSON grammar over the bytes; positions for messages
//   RecordDecoder    the member spans of one record -> a Relationship (typed members, raw rest)
//   DocumentParser   the top level (array, {"items"}, snapshot envelope) and the record stream
//   BatchChannel     the bounded hand-off of RecordBatches between the two threads
//   RowSink          appends batches to the rows: duplicate ids, progress, cancel, first rows
//   FileMappingGuard survives a mapped file that shrinks while it is read (SIGBUS)
//   ChunkedInput     a document still arriving (parseStream): bytes appended to reserved address
//                    space, so the scanner reads them as one range, as it reads a mapped file
//
// parseStream() runs the same pipeline over a ChunkedInput: the scanning thread waits where the
// bytes received end (DocumentParser::waitForMore), scans a record cut by the end of what has come
// again once more is there (at least as much again, so a long record is scanned a few times, not
// once per chunk), and hands over a batch in the making before it waits, so that rows do not wait
// for the next bytes. What precedes the records is parsed again from the start until the records
// begin; what follows them once all of it is there.
//
// A file is data from someone else, who may shrink it while it is parsed (a colleague's sync
// tool, a download being rewritten). A read from a mapped page past the new end of the file
// raises SIGBUS, which would end the process. FileMappingGuard catches exactly those: see
// FileMappingGuard.h.

using namespace Qt::StringLiterals;

namespace {

constexpr int BatchesInFlight = 4;
// Below this size a second thread costs more than it saves.
constexpr qsizetype ThreadedParseThreshold = 8 * 1024 * 1024;

qsizetype utf8BomLength(const char* data, qsizetype size)
{
    return size >= 3 && std::memcmp(data, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
}

// Line and column (1-based, bytes) of an offset, counted only when an error is reported.
void locate(const char* data, qsizetype size, qsizetype bomLength, ParseError* error)
{
    if (error->byteOffset < 0)
        return;
    const qsizetype offset = std::min(error->byteOffset, size);
    qint64 line = 1;
    qsizetype lineStart = std::min(bomLength, offset);
    const char* cursor = data + lineStart;
    const char* end = data + offset;
    while (cursor < end) {
        const void* newline = std::memchr(cursor, '\n', size_t(end - cursor));
        if (!newline)
            break;
        ++line;
        cursor = static_cast<const char*>(newline) + 1;
        lineStart = cursor - data;
    }
    error->line = int(std::min<qint64>(line, std::numeric_limits<int>::max()));
    error->column = int(std::min<qint64>(offset - lineStart + 1, std::numeric_limits<int>::max()));
}

RelationshipParser::Result failedResult(const char* data, qsizetype size, qsizetype bomLength,
                                        const ParseFailure& failure, qint64 recordIndex)
{
    RelationshipParser::Result result;
    result.error.message = failure.message;
    result.error.byteOffset = failure.offset;
    result.error.recordIndex = recordIndex;
    result.error.recordId = failure.recordId;
    result.error.member = failure.member;
    locate(data, size, bomLength, &result.error);
    return result;
}

// An encoding other than UTF-8, recognised by its byte-order mark or its NUL bytes.
bool looksLikeUtf16(const char* data, qsizetype size)
{
    if (size >= 2 && ((uchar(data[0]) == 0xff && uchar(data[1]) == 0xfe) ||
                      (uchar(data[0]) == 0xfe && uchar(data[1]) == 0xff)))
        return true;
    // JSON text starts with an ASCII character; UTF-16 (and UTF-32) put a NUL next to it.
    return size >= 2 && (data[0] == 0 || data[1] == 0) && (data[0] != 0 || data[1] != 0);
}

// The stored side of the pipeline, on the calling thread: takes the scanner's batches until it
// is done; `consumed` hears where the stored rows end.
void storeBatches(BatchChannel& channel, RowSink& sink,
                  const std::function<void(qsizetype end)>& consumed = {})
{
    try {
        while (std::unique_ptr<RecordBatch> batch = channel.takeFull()) {
            const bool goOn = !sink.failed && !sink.cancelled && sink.consume(*batch);
            if (consumed)
                consumed(batch->endOffset);
            channel.putFree(std::move(batch));
            if (!goOn)
                channel.stop();
        }
    } catch (const std::bad_alloc&) {
        sink.outOfMemory = true;
        channel.stop();
        // The scanner may still be handing over batches: let it finish without a consumer.
        while (std::unique_ptr<RecordBatch> batch = channel.takeFull())
            channel.putFree(std::move(batch));
    }
}

// The result of a parse that has ended, one way or another. `lines`: name the line and column
// of a problem (false when the bytes before it are gone, as in a stream).
RelationshipParser::Result assembleResult(DocumentParser& parser, RowSink& sink, const char* data,
                                          qsizetype size, qsizetype bomLength, bool lines)
{
    RelationshipParser::Result result;
    if (sink.outOfMemory || parser.outOfMemory()) {
        sink.rows = RelationshipRows();
        result.error.message = RelationshipParser::tr("not enough memory to load this input");
        return result;
    }

    if (!sink.failed && !sink.cancelled && !parser.failed())
        sink.finish();

    ParseFailure failure;
    qint64 failedRecord = -1;
    if (sink.cancelled) {
        result.cancelled = true;
        result.error.message = RelationshipParser::tr("cancelled");
        return result;
    }
    if (sink.failed) {
        failure = sink.failure;
        failedRecord = sink.failedRecord;
    } else if (parser.failed()) {
        failure = parser.failure();
        failedRecord = parser.failedRecord();
    } else {
        result.ok = true;
        result.document.header = parser.header;
        result.document.catalog = std::move(parser.catalog);
        result.document.rows = std::move(sink.rows);
        return result;
    }
    if (failure.offset >= 0)
        failure.offset += bomLength;
    if (!lines) {
        result.error.message = failure.message;
        result.error.byteOffset = failure.offset;
        result.error.recordIndex = failedRecord;
        result.error.recordId = failure.recordId;
        result.error.member = failure.member;
        return result;
    }
    return failedResult(data, size, bomLength, failure, failedRecord);
}

RelationshipParser::Result parseMemory(const char* data, qsizetype size,
                                       const RelationshipParser::Options& options,
                                       uchar* releasableMapping)
{
    RelationshipParser::Result result;
    if (size == 0) {
        result.error.message = RelationshipParser::tr("the input is empty");
        result.error.byteOffset = 0;
        result.error.line = 1;
        result.error.column = 1;
        return result;
    }
    if (looksLikeUtf16(data, size)) {
        result.error.message = RelationshipParser::tr("UTF-16 is not supported; save as UTF-8");
        result.error.byteOffset = 0;
        result.error.line = 1;
        result.error.column = 1;
        return result;
    }
    const qsizetype bomLength = utf8BomLength(data, size);

    if (options.content && bomLength > 0)
        options.content(QByteArrayView(data, bomLength));
    // The scanner sees the input after the byte-order mark; offsets are shifted back below.
    DocumentParser parser(data + bomLength, size - bomLength, options);
    RowSink sink(size, bomLength, options, releasableMapping);

    const bool threaded = size >= ThreadedParseThreshold && QThread::idealThreadCount() >= 2;
    if (threaded) {
        BatchChannel channel(BatchesInFlight);
        std::thread scanning([&] { parser.run(&channel, nullptr); });
        storeBatches(channel, sink);
        scanning.join();
    } else {
        parser.run(nullptr, &sink);
    }

    return assembleResult(parser, sink, data, size, bomLength, true);
}

#ifdef Q_OS_UNIX
// What parseFile() compares before and after a parse, to tell that the file changed under it.
struct FileState
{
    qint64 size = -1;
    qint64 modifiedNs = -1;
    bool operator==(const FileState&) const = default;
};

FileState fileState(int descriptor)
{
    struct stat info = {};
    if (fstat(descriptor, &info) != 0)
        return {};
    return {qint64(info.st_size), qint64(info.st_mtim.tv_sec) * 1000000000 + info.st_mtim.tv_nsec};
}

// No rows and no position: what was read is not the file as it is now, nor as it was.
RelationshipParser::Result changedWhileRead(qint64 sizeBefore, qint64 sizeAfter)
{
    RelationshipParser::Result result;
    result.error.message =
        sizeBefore == sizeAfter || sizeAfter < 0
            ? RelationshipParser::tr(
                  "the file changed while it was read; nothing was loaded from it: load it again "
                  "once it is complete")
            : RelationshipParser::tr(
                  "the file changed while it was read (%1 bytes when it was opened, %2 now); "
                  "nothing was loaded from it: load it again once it is complete")
                  .arg(sizeBefore)
                  .arg(sizeAfter);
    return result;
}

// The file looks the same but a read of its pages failed (an I/O error, a file system that went
// away): SIGBUS without a change of size or time.
RelationshipParser::Result unreadablePages()
{
    RelationshipParser::Result result;
    result.error.message =
        RelationshipParser::tr("the file could not be read: the system failed to read some of its "
                               "pages (it may have changed, or its disk or network share failed); "
                               "nothing was loaded from it");
    return result;
}
#endif

} // namespace

QString ParseError::describe(const QString& sourceName) const
{
    QString text = sourceName;
    if (line > 0) {
        if (!text.isEmpty())
            text += u':';
        text += QString::number(line) + u':' + QString::number(column);
    } else if (byteOffset >= 0) {
        // A stream's problem: its bytes are gone by then, the offset is what is known.
        if (!text.isEmpty())
            text += u' ';
        text += tr("at byte offset %1").arg(byteOffset);
    }
    if (!text.isEmpty())
        text += u": "_s;
    QString where;
    if (recordIndex >= 0) {
        where = recordId.isEmpty() ? tr("record %1").arg(recordIndex)
                                   : tr("record %1 (id %2)").arg(recordIndex).arg(recordId);
    }
    if (!member.isEmpty()) {
        if (!where.isEmpty())
            where += u", "_s;
        where += tr("member \"%1\"").arg(member);
    }
    if (!where.isEmpty())
        text += where + u": "_s;
    return text + message;
}

RelationshipParser::Result RelationshipParser::parseBytes(QByteArrayView json,
                                                          const Options& options)
{
    return parseMemory(json.data(), json.size(), options, nullptr);
}

RelationshipParser::Result
RelationshipParser::parseStream(ChunkedInput& input, const Options& options, qint64 expectedBytes)
{
    Result result;
    // The encoding is told by the first bytes: wait for three, or the whole of a shorter input.
    ChunkedInput::State state = input.waitBeyond(2);
    while (state.size < 3 && !state.finished && !state.aborted)
        state = input.waitBeyond(state.size);
    if (state.aborted) {
        result.cancelled = true;
        result.error.message = tr("the transfer stopped before the end of the input");
        return result;
    }
    const char* data = input.data();
    const qsizetype size = qsizetype(state.size);
    if (size == 0 || looksLikeUtf16(data, size))
        return parseMemory(data, size, options, nullptr); // the message, as for a file
    const qsizetype bomLength = utf8BomLength(data, size);

    DocumentParser parser(data + bomLength, size - bomLength, options);
    parser.setStream(&input, bomLength, state.finished);
    RowSink sink(qsizetype(std::max<qint64>(expectedBytes, 0)), bomLength, options, nullptr, true);
    BatchChannel channel(BatchesInFlight);
    // The scanner waits for bytes on its own thread; this one stores the rows and gives the
    // stored bytes back. Stopping (cancel, duplicate id) must also wake a scanner that waits.
    std::thread scanning([&] { parser.run(&channel, nullptr); });
    storeBatches(channel, sink, [&](qsizetype end) {
        input.released(qint64(end + bomLength));
        if (sink.failed || sink.cancelled || sink.outOfMemory)
            input.abort();
    });
    if (sink.failed || sink.cancelled || sink.outOfMemory)
        input.abort();
    scanning.join();
    if (parser.streamAborted() && !sink.failed && !sink.cancelled && !sink.outOfMemory) {
        result.cancelled = true;
        result.error.message = tr("the transfer stopped before the end of the input");
        result.error.byteOffset = input.received();
        return result;
    }
    return assembleResult(parser, sink, data, qsizetype(input.received()), bomLength, false);
}

RelationshipParser::Result RelationshipParser::parseFile(const QString& path,
                                                         const Options& options)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        Result result;
        result.error.message = tr("cannot open the file: %1").arg(file.errorString());
        return result;
    }
    const qint64 size = file.size();
#ifdef Q_OS_UNIX
    const FileState before = fileState(file.handle());
    if (size > 0 && before.size == size) {
        if (uchar* mapping = file.map(0, size)) {
            std::optional<Result> result;
            {
                FileMappingGuard guard;
                if (guard.watch(mapping, size)) {
                    madvise(mapping, size_t(size), MADV_SEQUENTIAL);
                    result =
                        parseMemory(reinterpret_cast<const char*>(mapping), size, options, mapping);
                    const FileState after = fileState(file.handle());
                    if (!result->cancelled && after != before)
                        result = changedWhileRead(size, after.size);
                    else if (!result->cancelled && guard.lost())
                        result = unreadablePages();
                }
            }
            file.unmap(mapping);
            if (result)
                return std::move(*result);
        }
    }
#else
    // Elsewhere (Windows) a mapped file cannot be shortened.
    if (size > 0) {
        if (uchar* mapping = file.map(0, size)) {
            Result result =
                parseMemory(reinterpret_cast<const char*>(mapping), size, options, mapping);
            file.unmap(mapping);
            return result;
        }
    }
#endif
    // Not mappable (a pipe, a special file) or empty: read it.
    const QByteArray bytes = file.readAll();
    if (file.error() != QFileDevice::NoError) {
        Result result;
        result.error.message = tr("cannot read the file: %1").arg(file.errorString());
        return result;
    }
    return parseMemory(bytes.constData(), bytes.size(), options, nullptr);
}

std::optional<Relationship> RelationshipParser::parseRecord(QByteArrayView json, ParseError* error)
{
    const auto report = [&](const ParseFailure& failure, qsizetype bomLength) {
        if (!error)
            return;
        *error = ParseError();
        error->message = failure.message;
        error->byteOffset = failure.offset;
        error->member = failure.member;
        error->recordId = failure.recordId;
        locate(json.data(), json.size(), bomLength, error);
    };
    ParseFailure failure;
    if (json.isEmpty()) {
        failure.offset = 0;
        failure.message = tr("the input is empty");
        report(failure, 0);
        return std::nullopt;
    }
    if (looksLikeUtf16(json.data(), json.size())) {
        failure.offset = 0;
        failure.message = tr("UTF-16 is not supported; save as UTF-8");
        report(failure, 0);
        return std::nullopt;
    }
    const qsizetype bomLength = utf8BomLength(json.data(), json.size());
    const char* data = json.data() + bomLength;
    const qsizetype size = json.size() - bomLength;

    JsonScanner scanner(data, size, Options{}.maxNestingDepth);
    RecordDecoder decoder(reinterpret_cast<const uchar*>(data), Options{}.maxMemberBytes);
    std::vector<MemberSpan> members;
    const auto fail = [&](ParseFailure f) {
        if (f.offset >= 0)
            f.offset += bomLength;
        report(f, bomLength);
        return std::nullopt;
    };

    scanner.skipWhitespace();
    if (scanner.atEnd() || scanner.current() != '{') {
        scanner.failExpected(tr("a relationship object"));
        return fail(scanner.failure);
    }
    const qsizetype recordStart = scanner.pos;
    // Validate the whole object first, then collect its top-level members.
    if (!scanner.skipValue(0))
        return fail(scanner.failure);
    const qsizetype recordEnd = scanner.pos;
    scanner.skipWhitespace();
    if (!scanner.atEnd()) {
        scanner.fail(scanner.pos, tr("unexpected %1 after the end of the JSON document")
                                      .arg(JsonScanner::describeByte(scanner.current())));
        return fail(scanner.failure);
    }
    if (!simdjson::validate_utf8(data + recordStart, size_t(recordEnd - recordStart))) {
        scanner.fail(recordStart + JsonScanner::firstInvalidUtf8(
                                       reinterpret_cast<const uchar*>(data) + recordStart,
                                       recordEnd - recordStart),
                     tr("invalid UTF-8"));
        return fail(scanner.failure);
    }
    scanner.pos = recordStart + 1;
    scanner.skipWhitespace();
    if (scanner.current() != '}') {
        for (;;) {
            scanner.skipWhitespace();
            MemberSpan span;
            scanner.scanMemberName(&span.nameBegin, &span.nameEnd, &span.nameEscaped);
            scanner.skipWhitespace();
            span.valueBegin = scanner.pos;
            scanner.skipValue(1, &span.valueEscaped);
            span.valueEnd = scanner.pos;
            members.push_back(span);
            scanner.skipWhitespace();
            if (scanner.current() != ',')
                break;
            ++scanner.pos;
        }
    }
    Relationship relationship;
    if (!decoder.decode(members, recordStart, &relationship, &failure))
        return fail(failure);
    // The decoder's evidence is a view into `json`, which the caller may free.
    relationship.evidenceJson =
        QByteArray(relationship.evidenceJson.constData(), relationship.evidenceJson.size());
    return relationship;
}
