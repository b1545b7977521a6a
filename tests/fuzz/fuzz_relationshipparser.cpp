// libFuzzer target for RelationshipParser. Any bytes must give rows or a positioned error: never a
// crash, a hang, a leak, undefined behaviour or partial rows. Two differential checks against
// simdjson's DOM parser (an independent, strict JSON validator) catch a scanner that accepts what
// is not JSON, or rejects what is; a third holds the parse of the same bytes arriving in chunks
// (RelationshipParser::parseStream) to the parse of them whole.
#include "ChunkedInput.h"
#include "RelationshipParser.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <simdjson.h>
#include <string>
#include <thread>

using namespace Qt::StringLiterals;

namespace {

constexpr int ParserDepth = 64;
// Stricter than the parser's limit, so that whatever simdjson accepts is shallow enough for it.
constexpr size_t ReferenceDepth = ParserDepth - 8;

void require(bool condition, const char* what)
{
    if (!condition) {
        std::fprintf(stderr, "invariant broken: %s\n", what);
        std::abort();
    }
}

bool isJsonSpace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

QByteArrayView trimmedJson(QByteArrayView bytes)
{
    while (!bytes.isEmpty() && isJsonSpace(bytes.front()))
        bytes = bytes.sliced(1);
    while (!bytes.isEmpty() && isJsonSpace(bytes.back()))
        bytes.chop(1);
    return bytes;
}

// simdjson's verdict on a whole document; the error tells why it refused.
simdjson::error_code referenceVerdict(QByteArrayView bytes)
{
    static simdjson::dom::parser parser;
    static const bool allocated = parser.allocate(1 << 20, ReferenceDepth) == simdjson::SUCCESS;
    require(allocated, "simdjson allocation");
    if (bytes.size() > (1 << 20) - 64)
        return simdjson::CAPACITY;
    const simdjson::padded_string padded(bytes.data(), size_t(bytes.size()));
    return parser.parse(padded).error();
}

// simdjson refuses some valid JSON the parser rightly accepts (integers beyond 64 bits, numbers
// beyond a double, unpaired \u surrogates, nesting beyond ReferenceDepth); those verdicts prove
// nothing.
bool refusalIsAboutJsonItself(simdjson::error_code error)
{
    switch (error) {
    case simdjson::NUMBER_ERROR:
    case simdjson::NUMBER_OUT_OF_RANGE:
    case simdjson::STRING_ERROR:
    case simdjson::DEPTH_ERROR:
    case simdjson::CAPACITY:
        return false;
    default:
        return true;
    }
}

const QByteArray RecordPrefix =
    R"({"id":"3c90c3cc-0d44-4b50-8888-8dd25736052a","integration_source_id":"6f1c2a4e-8d3b-4c5a-9e7f-1a2b3c4d5e6f","from_column_id":"a1b2c3d4-0000-4000-8000-000000000001","to_table_id":"b2c3d4e5-0000-4000-8000-000000000001","to_column_name":"c","created_at":"2023-11-07T05:31:56Z","updated_at":"2023-11-07T05:31:56Z","x":)"_ba;

void checkResult(const RelationshipParser::Result& result, QByteArrayView input)
{
    if (result.ok) {
        require(!result.cancelled, "ok and cancelled");
        return;
    }
    require(!result.error.message.isEmpty(), "an error has a message");
    require(result.document.rows.isEmpty(), "no rows after an error");
    require(result.error.byteOffset <= input.size(), "error offset inside the input");
    if (result.error.byteOffset >= 0)
        require(result.error.line >= 1 && result.error.column >= 1, "line and column");
    (void)result.error.describe(u"fuzz.json"_s);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char*>(data), qsizetype(size));
    RelationshipParser::Options options;
    options.maxNestingDepth = ParserDepth;

    // 1. The bytes as a list, page or snapshot.
    const RelationshipParser::Result whole = RelationshipParser::parseBytes(input, options);
    checkResult(whole, input);
    if (whole.ok) {
        QByteArrayView json = input;
        if (json.startsWith("\xef\xbb\xbf"))
            json = json.sliced(3);
        const simdjson::error_code verdict = referenceVerdict(json);
        require(verdict == simdjson::SUCCESS || !refusalIsAboutJsonItself(verdict),
                "the parser accepted a document that is not JSON");
        // The raw bytes kept for a row are exactly its evidence object and its unknown members.
        const RelationshipRows& rows = whole.document.rows;
        for (int row = 0; verdict == simdjson::SUCCESS && row < rows.size(); ++row) {
            const QByteArrayView evidence = rows.evidenceJson(row);
            require(evidence.startsWith('{') && evidence.endsWith('}'), "evidence is an object");
            require(referenceVerdict(evidence) == simdjson::SUCCESS, "evidence bytes are JSON");
            const QByteArray members = '{' + rows.extraMembersJson(row).toByteArray() + '}';
            require(referenceVerdict(members) == simdjson::SUCCESS, "unknown members are JSON");
        }
    }

    // 1b. The same bytes arriving in chunks (a list parsed while it downloads): the same verdict,
    // the same rows or the same error at the same offset. Chunk sizes come from the bytes.
    {
        ChunkedInput chunks(qint64(size) + 1);
        require(chunks.isValid(), "chunked input reserved");
        std::thread feeder([&] {
            size_t at = 0;
            for (size_t k = 0; at < size; ++k) {
                const size_t piece = std::min(size - at, size_t(1 + data[k % size] % 31));
                if (!chunks.append(QByteArrayView(input.data() + at, qsizetype(piece))))
                    return;
                at += piece;
            }
            chunks.finish();
        });
        const RelationshipParser::Result streamed =
            RelationshipParser::parseStream(chunks, options);
        chunks.abort();
        feeder.join();
        require(streamed.ok == whole.ok, "the chunked parse agrees with the whole one");
        require(!streamed.cancelled, "a complete input is not cancelled");
        if (whole.ok) {
            require(streamed.document.rows.size() == whole.document.rows.size(), "as many rows");
            for (int row = 0; row < whole.document.rows.size(); ++row)
                require(streamed.document.rows.relationship(row) ==
                            whole.document.rows.relationship(row),
                        "the same rows");
        } else {
            require(streamed.error.message == whole.error.message, "the same error");
            require(streamed.error.byteOffset == whole.error.byteOffset, "at the same offset");
            require(streamed.document.rows.isEmpty(), "no rows after an error");
        }
    }

    // 2. The bytes as one record (a PUT answer).
    ParseError recordError;
    if (!RelationshipParser::parseRecord(input, &recordError)) {
        require(!recordError.message.isEmpty(), "parseRecord error message");
        require(recordError.byteOffset <= input.size(), "parseRecord error offset");
    }

    // 3. The bytes as the value of an unknown member: a value simdjson accepts must be accepted
    // and kept byte for byte.
    if (input.contains('\0') || input.startsWith("\xef\xbb\xbf"))
        return 0; // a byte-order mark or NUL means something else at the start of a document
    const QByteArray embedded = "[" + RecordPrefix + input.toByteArray() + "}]";
    const RelationshipParser::Result inRecord = RelationshipParser::parseBytes(embedded, options);
    checkResult(inRecord, embedded);
    if (referenceVerdict(input) == simdjson::SUCCESS) {
        require(inRecord.ok, "the parser rejected a JSON value that simdjson accepts");
        require(inRecord.document.rows.extraMembersJson(0) ==
                    QByteArray("\"x\":" + trimmedJson(input).toByteArray()),
                "an unknown member is kept byte for byte");
    }
    return 0;
}
