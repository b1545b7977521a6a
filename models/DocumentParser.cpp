#include "DocumentParser.h"

#include "ChunkedInput.h"
#include "RowSink.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <limits>
#include <new>
#include <simdjson.h>

using namespace Qt::StringLiterals;

namespace {
constexpr int SupportedSnapshotVersion = 1;
constexpr auto SnapshotFormatName = "relreview-snapshot"_L1;
constexpr int BatchRecordCount = 1024;
constexpr qsizetype BatchByteLimit = 4 * 1024 * 1024;
} // namespace

DocumentParser::DocumentParser(const char* data, qsizetype size,
                               const RelationshipParser::Options& options)
    : m_scanner(data, size, std::max(2, options.maxNestingDepth))
    , m_decoder(reinterpret_cast<const uchar*>(data), options.maxMemberBytes)
    , m_data(data)
    , m_content(options.content)
{}

void DocumentParser::run(BatchChannel* channel, RowSink* directSink)
{
    m_channel = channel;
    m_directSink = directSink;
    try {
        bool parsed = parseTopLevel();
        // What comes before the records (a snapshot's envelope) is parsed again from the start
        // once more has arrived, until the records begin; records are never parsed twice.
        while (!parsed && retryWithMore(0)) {
            header = {};
            catalog = {};
            parsed = parseTopLevel();
        }
        if (!parsed) {
            m_failed = true;
        } else {
            if (m_batch && m_batch->count > 0)
                flushBatch();
            showContent(m_scanner.size());
        }
    } catch (const std::bad_alloc&) {
        // On the scanning thread an escaping exception would terminate the program; the
        // message is built later, once memory is released.
        m_failed = true;
        m_outOfMemory = true;
    }
    if (m_channel)
        m_channel->finish();
}

bool DocumentParser::parseTopLevel()
{
    JsonScanner& s = m_scanner;
    s.skipWhitespace();
    if (s.atEnd())
        return s.fail(s.pos, tr("no JSON value: the input holds only white space"));
    const uchar c = s.current();
    if (c == '[')
        return parseRecords() && expectEnd();
    if (c == '{')
        return parseEnvelope() && expectEnd();
    if (c == '"' || c == '-' || JsonBytes::isDigit(c) || c == 't' || c == 'f' || c == 'n')
        return s.fail(s.pos, tr("expected a JSON array of relationships, an object with "
                                "\"items\" or a relreview snapshot; found a single value"));
    return s.fail(s.pos, tr("not JSON: unexpected %1 where a JSON array or object should "
                            "start")
                             .arg(JsonScanner::describeByte(c)));
}

bool DocumentParser::expectEnd()
{
    m_scanner.skipWhitespace();
    if (!m_scanner.atEnd())
        return m_scanner.fail(m_scanner.pos,
                              tr("unexpected %1 after the end of the JSON document")
                                  .arg(JsonScanner::describeByte(m_scanner.current())));
    return true;
}

QString DocumentParser::nameAt(qsizetype begin, qsizetype end, bool escaped)
{
    MemberSpan span;
    span.nameBegin = begin;
    span.nameEnd = end;
    span.nameEscaped = escaped;
    return m_decoder.spanName(span);
}

bool DocumentParser::failMember(qsizetype offset, const QString& member, QString message)
{
    m_scanner.failure.member = member;
    return m_scanner.fail(offset, std::move(message));
}

bool DocumentParser::checkUtf8(qsizetype begin, qsizetype end)
{
    const uchar* data = m_scanner.data();
    if (simdjson::validate_utf8(reinterpret_cast<const char*>(data + begin), size_t(end - begin)))
        return true;
    return m_scanner.fail(begin + JsonScanner::firstInvalidUtf8(data + begin, end - begin),
                          tr("invalid UTF-8"));
}

std::optional<QJsonValue> DocumentParser::smallValue(const QString& name, qsizetype begin,
                                                     qsizetype end)
{
    QByteArray wrapped;
    wrapped.reserve(end - begin + 2);
    wrapped.append('[');
    wrapped.append(reinterpret_cast<const char*>(m_scanner.data() + begin), end - begin);
    wrapped.append(']');
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(wrapped, &error);
    if (error.error != QJsonParseError::NoError || !document.isArray()) {
        failMember(begin, name, error.errorString());
        return std::nullopt;
    }
    return document.array().at(0);
}

bool DocumentParser::parseEnvelope()
{
    JsonScanner& s = m_scanner;
    const qsizetype objectStart = s.pos;
    ++s.pos;
    s.skipWhitespace();
    if (!s.atEnd() && s.current() == '}')
        return s.fail(objectStart, tr("expected a JSON array of relationships, an object with "
                                      "\"items\" or a relreview snapshot; found an empty "
                                      "object"));
    QString rowsMember;
    bool sawFormat = false, sawVersion = false, sawSource = false, sawExportedAt = false,
         sawColumns = false, sawTables = false, sawTableNames = false;
    QJsonArray columns, tables, tableNames;
    qsizetype columnsOffset = -1, tablesOffset = -1, tableNamesOffset = -1;
    for (;;) {
        s.skipWhitespace();
        qsizetype nameBegin = 0, nameEnd = 0;
        bool nameEscaped = false;
        if (!s.scanMemberName(&nameBegin, &nameEnd, &nameEscaped))
            return false;
        if (!checkUtf8(nameBegin, nameEnd))
            return false;
        const QString name = nameAt(nameBegin, nameEnd, nameEscaped);
        s.skipWhitespace();
        const qsizetype valueBegin = s.pos;
        const auto duplicate = [&](bool* seen) {
            if (!*seen) {
                *seen = true;
                return false;
            }
            failMember(nameBegin, name, tr("member appears more than once"));
            return true;
        };
        if (name == "relationships"_L1 || name == "items"_L1) {
            if (!rowsMember.isEmpty())
                return failMember(
                    nameBegin, name,
                    tr("a second list of relationships (after \"%1\")").arg(rowsMember));
            rowsMember = name;
            if (s.atEnd())
                return s.failEndOfInput();
            if (s.current() != '[')
                return failMember(valueBegin, name, tr("expected an array of relationships"));
            if (!parseRecords())
                return false;
        } else {
            if (!s.skipValue(1))
                return failMember(s.failure.offset, name, s.failure.message);
            const qsizetype valueEnd = s.pos;
            if (!checkUtf8(valueBegin, valueEnd))
                return failMember(s.failure.offset, name, s.failure.message);
            const uchar first = s.data()[valueBegin];
            if (name == "format"_L1) {
                if (duplicate(&sawFormat))
                    return false;
                const std::optional<QJsonValue> value = smallValue(name, valueBegin, valueEnd);
                if (!value)
                    return false;
                if (!value->isString())
                    return failMember(valueBegin, name, tr("expected a string"));
                header.format = value->toString();
                if (header.format != SnapshotFormatName)
                    return failMember(valueBegin, name,
                                      tr("unknown format \"%1\"; expected \"%2\"")
                                          .arg(header.format, SnapshotFormatName));
            } else if (name == "version"_L1) {
                if (duplicate(&sawVersion))
                    return false;
                int version = 0;
                const char* begin = reinterpret_cast<const char*>(s.data() + valueBegin);
                const char* end = reinterpret_cast<const char*>(s.data() + valueEnd);
                const auto [ptr, ec] = std::from_chars(begin, end, version);
                if (ec != std::errc() || ptr != end) {
                    if (first == '-' || JsonBytes::isDigit(first))
                        return failMember(valueBegin, name, tr("expected a whole number version"));
                    return failMember(valueBegin, name, tr("expected a number"));
                }
                if (version < 1)
                    return failMember(valueBegin, name,
                                      tr("invalid snapshot version %1").arg(version));
                if (version > SupportedSnapshotVersion)
                    return failMember(valueBegin, name,
                                      tr("snapshot version %1 is newer than this relreview "
                                         "reads (up to %2); update relreview")
                                          .arg(version)
                                          .arg(SupportedSnapshotVersion));
                header.version = version;
            } else if (name == "exported_at"_L1) {
                if (duplicate(&sawExportedAt))
                    return false;
                const std::optional<QJsonValue> value = smallValue(name, valueBegin, valueEnd);
                if (!value)
                    return false;
                if (!value->isString() && !value->isNull())
                    return failMember(valueBegin, name, tr("expected a string or null"));
                header.exportedAt = value->toString();
            } else if (name == "source"_L1) {
                if (duplicate(&sawSource))
                    return false;
                if (!parseSource(name, valueBegin, valueEnd))
                    return false;
            } else if (name == "columns"_L1 || name == "tables"_L1 || name == "table_names"_L1) {
                const bool isColumns = name == "columns"_L1;
                const bool isTableNames = name == "table_names"_L1;
                if (duplicate(isColumns ? &sawColumns : isTableNames ? &sawTableNames : &sawTables))
                    return false;
                if (first != 'n') {
                    if (first != '[')
                        return failMember(valueBegin, name, tr("expected an array or null"));
                    const std::optional<QJsonValue> value = smallValue(name, valueBegin, valueEnd);
                    if (!value)
                        return false;
                    (isColumns ? columns : isTableNames ? tableNames : tables) = value->toArray();
                    (isColumns      ? columnsOffset
                     : isTableNames ? tableNamesOffset
                                    : tablesOffset) = valueBegin;
                }
            }
            // Any other member (a page's "total", "next", a newer snapshot's additions) is
            // validated and ignored.
        }
        s.skipWhitespace();
        if (s.atEnd())
            return s.failEndOfInput();
        if (s.current() == ',') {
            ++s.pos;
            continue;
        }
        if (s.current() == '}') {
            ++s.pos;
            break;
        }
        return s.failExpected(tr("',' or '}' after a member"));
    }

    if (sawFormat) {
        header.isEnvelope = true;
        if (!sawVersion)
            return failMember(0, u"version"_s, tr("missing required member"));
        if (rowsMember != "relationships"_L1)
            return failMember(0, u"relationships"_s, tr("missing required member"));
        QString error;
        if (!columns.isEmpty() && !catalog.loadColumnsJson(columns, &error))
            return failMember(columnsOffset, u"columns"_s, error);
        if (!tables.isEmpty() && !catalog.loadTablesJson(tables, &error))
            return failMember(tablesOffset, u"tables"_s, error);
        if (!tableNames.isEmpty()) {
            const std::optional<TableNames> names = TableNames::fromJson(tableNames, &error);
            if (!names)
                return failMember(tableNamesOffset, u"table_names"_s, error);
            catalog.setAnalystTableNames(*names);
        }
        return true;
    }
    if (sawVersion)
        return failMember(0, u"format"_s, tr("missing required member"));
    if (rowsMember == "items"_L1)
        return true;
    if (rowsMember == "relationships"_L1)
        return failMember(0, u"format"_s,
                          tr("missing required member: an object with \"relationships\" must "
                             "be a relreview snapshot"));
    return s.fail(0, tr("expected a JSON array of relationships, an object with \"items\" or "
                        "a relreview snapshot; found an object without either"));
}

bool DocumentParser::parseSource(const QString& name, qsizetype valueBegin, qsizetype valueEnd)
{
    const uchar first = m_scanner.data()[valueBegin];
    if (first == 'n')
        return true;
    if (first != '{')
        return failMember(valueBegin, name, tr("expected an object or null"));
    const std::optional<QJsonValue> value = smallValue(name, valueBegin, valueEnd);
    if (!value)
        return false;
    const QJsonObject object = value->toObject();
    SnapshotSource& source = header.source;
    const QJsonValue baseUrl = object.value("base_url"_L1);
    if (!baseUrl.isUndefined() && !baseUrl.isNull() && !baseUrl.isString())
        return failMember(valueBegin, u"source.base_url"_s, tr("expected a string or null"));
    source.baseUrl = baseUrl.toString();
    const QJsonValue sourceId = object.value("integration_source_id"_L1);
    if (!sourceId.isUndefined() && !sourceId.isNull()) {
        const std::optional<QUuid> uuid =
            sourceId.isString() ? RecordDecoder::parseUuid(sourceId.toString().toStdString())
                                : std::nullopt;
        if (!uuid)
            return failMember(valueBegin, u"source.integration_source_id"_s,
                              tr("expected a UUID string or null"));
        source.integrationSourceId = *uuid;
    }
    const QJsonValue scope = object.value("scope"_L1);
    if (!scope.isUndefined() && !scope.isNull() && !scope.isObject())
        return failMember(valueBegin, u"source.scope"_s, tr("expected an object or null"));
    source.scope = scope.toObject();
    return true;
}

void DocumentParser::showContent(qsizetype end)
{
    if (m_content && end > m_contentShown) {
        m_content(QByteArrayView(m_data + m_contentShown, end - m_contentShown));
        m_contentShown = end;
    }
}

bool DocumentParser::flushBatch()
{
    showContent(m_scanner.pos);
    std::unique_ptr<RecordBatch> batch = std::move(m_batch);
    if (m_channel) {
        m_channel->putFull(std::move(batch));
        return !m_channel->stopRequested();
    }
    const bool goOn = m_directSink->consume(*batch);
    m_batch = std::move(batch);
    m_batch->count = 0;
    if (!goOn)
        m_stoppedByConsumer = true;
    return goOn;
}

RecordBatch* DocumentParser::currentBatch()
{
    if (!m_batch) {
        m_batch = m_channel ? m_channel->takeFree() : std::make_unique<RecordBatch>();
        if (!m_batch)
            return nullptr;
        m_batch->count = 0;
    }
    if (m_batch->records.size() < size_t(BatchRecordCount)) {
        m_batch->records.resize(size_t(BatchRecordCount));
        m_batch->idOffsets.resize(size_t(BatchRecordCount));
    }
    return m_batch.get();
}

void DocumentParser::setStream(ChunkedInput* input, qsizetype offsetShift, bool complete)
{
    m_stream = input;
    m_streamShift = offsetShift;
    m_streamComplete = complete;
}

bool DocumentParser::waitForMore()
{
    if (!m_stream || m_streamComplete || m_streamAborted)
        return false;
    if (m_batch && m_batch->count > 0 && !flushBatch())
        return false;
    const qsizetype had = m_scanner.size();
    const ChunkedInput::State state = m_stream->waitBeyond(m_streamShift + had);
    if (state.aborted) {
        m_streamAborted = true;
        return false;
    }
    m_streamComplete = state.finished;
    m_scanner.setSize(qsizetype(state.size) - m_streamShift);
    return m_scanner.size() > had;
}

bool DocumentParser::waitForSize(qsizetype size)
{
    while (m_scanner.size() < size && !m_streamComplete) {
        if (!waitForMore() && (m_streamAborted || !m_streamComplete))
            return false;
    }
    return true;
}

bool DocumentParser::skipWhitespaceWaiting()
{
    for (;;) {
        m_scanner.skipWhitespace();
        if (!m_scanner.atEnd())
            return true;
        if (!waitForMore())
            return false;
    }
}

bool DocumentParser::retryWithMore(qsizetype from)
{
    JsonScanner& s = m_scanner;
    if (!m_stream || m_streamComplete || m_streamAborted || s.failure.offset < s.size())
        return false;
    if (from == 0 && m_enteredRecords)
        return false;
    // At least as much again as the part already scanned: a long record is scanned a few times,
    // never once per small chunk.
    constexpr qsizetype MinimumStep = 16 * 1024;
    if (!waitForSize(s.size() + std::max(MinimumStep, s.size() - from)))
        return false;
    s.pos = from;
    s.failure = ParseFailure();
    return true;
}

bool DocumentParser::parseRecords()
{
    JsonScanner& s = m_scanner;
    m_enteredRecords = true;
    ++s.pos;
    if (!skipWhitespaceWaiting())
        return s.failEndOfInput();
    if (s.current() == ']') {
        ++s.pos;
        return waitForSize(std::numeric_limits<qsizetype>::max()) || s.failEndOfInput();
    }
    for (qint64 index = 0;; ++index) {
        m_failedRecord = index;
        if (!skipWhitespaceWaiting())
            return s.failEndOfInput();
        const qsizetype recordStart = s.pos;
        if (s.current() != '{') {
            if (s.current() == ']')
                return s.failExpected(tr("a relationship object after ','"));
            return s.failExpected(tr("a relationship object"));
        }
        bool scanned = scanRecord();
        while (!scanned && retryWithMore(recordStart))
            scanned = scanRecord();
        if (!scanned)
            return false;
        if (!checkUtf8(recordStart, s.pos)) {
            for (const MemberSpan& span : m_members) {
                if (s.failure.offset >= span.nameBegin && s.failure.offset < span.valueEnd)
                    s.failure.member = m_decoder.spanName(span);
            }
            return false;
        }

        RecordBatch* batch = currentBatch();
        if (!batch) {
            m_stoppedByConsumer = true;
            return false;
        }
        if (batch->count == 0) {
            batch->firstIndex = index;
            batch->firstOffset = recordStart;
        }
        Relationship& record = batch->records[size_t(batch->count)];
        if (!m_decoder.decode(m_members, recordStart, &record, &s.failure))
            return false;
        batch->idOffsets[size_t(batch->count)] = idOffset();
        ++batch->count;
        batch->endOffset = s.pos;

        if (batch->count == BatchRecordCount || s.pos - batch->firstOffset >= BatchByteLimit) {
            if (!flushBatch())
                return false;
        }

        if (!skipWhitespaceWaiting())
            return s.failEndOfInput();
        if (s.current() == ',') {
            ++s.pos;
            continue;
        }
        if (s.current() == ']') {
            ++s.pos;
            m_failedRecord = -1;
            // What follows the records (the end of an envelope) is small: parsed once all of
            // it is there.
            return waitForSize(std::numeric_limits<qsizetype>::max()) || s.failEndOfInput();
        }
        return s.failExpected(tr("',' or ']' after a record"));
    }
}

qsizetype DocumentParser::idOffset() const
{
    for (const MemberSpan& span : m_members) {
        if (span.nameEnd - span.nameBegin == 4 &&
            std::memcmp(m_scanner.data() + span.nameBegin, "\"id\"", 4) == 0)
            return span.valueBegin;
    }
    return m_members.empty() ? -1 : m_members.front().valueBegin;
}

bool DocumentParser::scanRecord()
{
    JsonScanner& s = m_scanner;
    m_members.clear();
    ++s.pos;
    s.skipWhitespace();
    if (s.atEnd())
        return s.failEndOfInput();
    if (s.current() == '}') {
        ++s.pos;
        return true;
    }
    for (;;) {
        s.skipWhitespace();
        MemberSpan span;
        if (!s.scanMemberName(&span.nameBegin, &span.nameEnd, &span.nameEscaped))
            return false;
        s.skipWhitespace();
        span.valueBegin = s.pos;
        // The record is inside the array (1) and is itself an object (2).
        if (!s.skipValue(2, &span.valueEscaped)) {
            s.failure.member = m_decoder.spanName(span);
            // Name the record by its id when the id came before the problem.
            for (const MemberSpan& earlier : m_members) {
                if (earlier.nameEnd - earlier.nameBegin == 4 &&
                    std::memcmp(s.data() + earlier.nameBegin, "\"id\"", 4) == 0 &&
                    s.data()[earlier.valueBegin] == '"')
                    s.failure.recordId = QString::fromUtf8(
                        reinterpret_cast<const char*>(s.data() + earlier.valueBegin + 1),
                        std::min<qsizetype>(64, earlier.valueEnd - earlier.valueBegin - 2));
            }
            return false;
        }
        span.valueEnd = s.pos;
        m_members.push_back(span);
        s.skipWhitespace();
        if (s.atEnd())
            return s.failEndOfInput();
        if (s.current() == ',') {
            ++s.pos;
            continue;
        }
        if (s.current() == '}') {
            ++s.pos;
            return true;
        }
        return s.failExpected(tr("',' or '}' after a member"));
    }
}
