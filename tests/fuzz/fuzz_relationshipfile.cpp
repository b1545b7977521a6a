// libFuzzer target for RelationshipParser's file path: the input is written to a file and parsed
// from there, so the memory-mapped path runs (a mapping ends where the file ends, with no padding
// behind it). The same bytes, and the same bytes padded with white space so that the document
// ends exactly at a page boundary, must get the verdict the in-memory parse gives.
#include "FuzzSupport.h"
#include "RelationshipParser.h"

#include <QByteArray>
#include <QFile>
#include <QTemporaryDir>

#include <memory>

using namespace Qt::StringLiterals;
using fuzz::require;

namespace {

QString scratchFile()
{
    static const std::unique_ptr<QTemporaryDir> directory = std::make_unique<QTemporaryDir>();
    require(directory->isValid(), "a scratch folder");
    return directory->filePath(u"input.json"_s);
}

RelationshipParser::Result parsedFromFile(QByteArrayView bytes,
                                          const RelationshipParser::Options& options)
{
    const QString path = scratchFile();
    QFile file(path);
    require(file.open(QIODevice::WriteOnly | QIODevice::Truncate), "the scratch file opens");
    require(file.write(bytes.data(), bytes.size()) == bytes.size(), "the scratch file is written");
    file.close();
    return RelationshipParser::parseFile(path, options);
}

void requireSameVerdict(const RelationshipParser::Result& fromFile,
                        const RelationshipParser::Result& inMemory, const char* what)
{
    if (fromFile.ok != inMemory.ok) {
        std::fprintf(stderr, "%s: file %s, memory %s (%s)\n", what, fromFile.ok ? "ok" : "error",
                     inMemory.ok ? "ok" : "error",
                     qPrintable(fromFile.ok ? inMemory.error.message : fromFile.error.message));
    }
    require(fromFile.ok == inMemory.ok, "the file and the bytes get the same verdict");
    if (fromFile.ok) {
        require(fromFile.document.rows.size() == inMemory.document.rows.size(),
                "the file and the bytes give the same rows");
    } else {
        require(!fromFile.error.message.isEmpty(), "an error has a message");
        require(fromFile.document.rows.isEmpty(), "no rows after an error");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char*>(data), qsizetype(size));
    RelationshipParser::Options options;
    options.maxNestingDepth = 64;

    const RelationshipParser::Result inMemory = RelationshipParser::parseBytes(input, options);
    requireSameVerdict(parsedFromFile(input, options), inMemory, "as is");

    // White space after a document changes nothing; here it moves the document's end to the
    // mapping's last byte.
    constexpr qsizetype Page = 4096;
    const qsizetype padded = (input.size() / Page + 1) * Page;
    QByteArray bytes = input.toByteArray();
    bytes.append(QByteArray(padded - bytes.size(), ' '));
    const RelationshipParser::Result paddedInMemory =
        RelationshipParser::parseBytes(bytes, options);
    require(paddedInMemory.ok == inMemory.ok, "trailing white space changes nothing");
    requireSameVerdict(parsedFromFile(bytes, options), paddedInMemory, "padded to a page");
    return 0;
}
