// libFuzzer target for EvidenceDocument (the free-form evidence member, shown as a tree) and
// prettyPrintJson: any bytes give a document or an error with an offset inside the input, never
// a crash, a hang or undefined behaviour, and a valid document is a consistent tree whose every
// value can be shown.
#include "EvidenceDocument.h"
#include "FuzzSupport.h"

#include <QByteArray>
#include <QString>

#include <cmath>

using fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char*>(data), qsizetype(size));

    bool truncated = false;
    const QString pretty = prettyPrintJson(input, 4000, &truncated);
    require(pretty.size() <= 4000 + 200, "pretty printing stops near its limit");

    const EvidenceDocument document = EvidenceDocument::parse(input);
    if (!document.isValid()) {
        require(!document.errorString().isEmpty(), "an error has a message");
        require(document.errorOffset() >= 0 && document.errorOffset() <= input.size(),
                "the error offset is inside the input");
        return 0;
    }
    if (document.isEmpty())
        return 0;
    require(document.root() == 0, "the root is the first value");
    // Pre-order, children contiguous: walk every value once and check the links both ways.
    const quint32 count = document.valueCount();
    for (quint32 value = 0; value < count; ++value) {
        const EvidenceDocument::Kind kind = document.kind(value);
        if (value != document.root()) {
            const quint32 parent = document.parent(value);
            require(parent < value, "a parent comes before its children");
            require(document.isContainer(parent), "a parent is a container");
            require(document.child(parent, document.indexInParent(value)) == value,
                    "a child is where its parent says");
            require(document.hasKey(value) ==
                        (document.kind(parent) == EvidenceDocument::Kind::Object),
                    "object members have keys, array elements do not");
        }
        if (document.isContainer(value)) {
            for (quint32 index = 0; index < document.childCount(value); ++index)
                require(document.child(value, index) < count, "a child exists");
        } else {
            require(document.childCount(value) == 0, "a scalar has no children");
        }
        const QByteArrayView raw = document.rawText(value);
        require(raw.data() >= document.bytes().constData() &&
                    raw.data() + raw.size() <=
                        document.bytes().constData() + document.bytes().size(),
                "a value's text is inside the document");
        if (kind == EvidenceDocument::Kind::Number)
            (void)std::isnan(document.numberValue(value));
        if (kind == EvidenceDocument::Kind::Bool)
            (void)document.boolValue(value);
        if (document.hasKey(value))
            (void)document.key(value);
        (void)document.stringValue(value);
        const QString shown = document.displayText(value, 80);
        if (kind == EvidenceDocument::Kind::String)
            require(shown.size() <= 81, "a long string is elided");
        if (value < 64)
            require(document.path(value).startsWith(u'$'), "a path starts at the root");
    }
    require(document.maxDepth() >= 0, "depth");
    return 0;
}
