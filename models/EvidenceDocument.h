#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>
#include <QString>

#include <limits>
#include <vector>

// One evidence JSON value, parsed once into a flat, compact table of values.
//
// The evidence member is free-form and may be deep (hundreds of levels, or a hostile 100,000) or
// large (several MB). QJsonDocument refuses more than 1024 levels and builds a heavy tree, so this
// parser is iterative (an explicit stack, no recursion at any depth), keeps strings and numbers as
// spans of the raw bytes (decoded only when shown), keeps members in document order, and lays out
// each container's children contiguously so that child `i` of any container is O(1).
class EvidenceDocument
{
    Q_DECLARE_TR_FUNCTIONS(EvidenceDocument)
public:
    enum class Kind : quint8 { Null, Bool, Number, String, Object, Array };
    static constexpr quint32 NoValue = std::numeric_limits<quint32>::max();

    EvidenceDocument() = default;

    // Parses `json`. On bad input isValid() is false and errorString()/errorOffset() say where;
    // on an empty input the document is valid and holds nothing (isEmpty()).
    static EvidenceDocument parse(QByteArrayView json);

    bool isValid() const { return m_error.isEmpty(); }
    QString errorString() const { return m_error; }
    qsizetype errorOffset() const { return m_errorOffset; }
    // No value at all, or an empty object/array, or null: nothing worth showing.
    bool isEmpty() const;

    quint32 valueCount() const { return quint32(m_values.size()); }
    quint32 root() const { return m_values.empty() ? NoValue : 0; }
    int maxDepth() const { return m_maxDepth; } // 0 for a scalar root, 1 for `{}` with scalars...

    Kind kind(quint32 value) const { return m_values[value].kind; }
    bool isContainer(quint32 value) const
    {
        return kind(value) == Kind::Object || kind(value) == Kind::Array;
    }
    quint32 childCount(quint32 value) const { return m_values[value].childCount; }
    quint32 child(quint32 value, quint32 index) const
    {
        return m_children[m_values[value].firstChildSlot + index];
    }
    quint32 parent(quint32 value) const { return m_values[value].parent; }
    quint32 indexInParent(quint32 value) const { return m_values[value].indexInParent; }

    // The member name of an object's child, decoded; empty for array elements and the root.
    QString key(quint32 value) const;
    bool hasKey(quint32 value) const { return m_values[value].hasKey; }

    bool boolValue(quint32 value) const;
    double numberValue(quint32 value) const;     // NaN when not a number or not representable
    QString stringValue(quint32 value) const;    // decoded string; for other kinds the JSON text
    QByteArrayView rawText(quint32 value) const; // the value's exact bytes in the input
    QString displayText(quint32 value, qsizetype maxChars = 200) const; // one line, elided
    static QString kindName(Kind kind);                                 // "object", "number", ...

    // "$", "$.value_overlap.containment", "$.samples[3]", "$['odd key']"
    QString path(quint32 value) const;
    static QString memberPath(const QString& parentPath, const QString& key);
    static QString elementPath(const QString& parentPath, qsizetype index);

    const QByteArray& bytes() const { return m_bytes; }
    qint64 memoryBytes() const;

private:
    friend class EvidenceParser;
    struct Value
    {
        quint32 textOffset = 0; // strings: the content between the quotes; others: the whole text
        quint32 textLength = 0;
        quint32 keyOffset = 0; // content between the key's quotes
        quint32 keyLength = 0;
        quint32 parent = NoValue;
        quint32 indexInParent = 0;
        quint32 firstChildSlot = 0; // into m_children
        quint32 childCount = 0;
        Kind kind = Kind::Null;
        bool hasKey = false;
        bool textEscaped = false;
        bool keyEscaped = false;
    };
    QString decode(quint32 offset, quint32 length, bool escaped) const;

    QByteArray m_bytes;
    std::vector<Value> m_values;     // pre-order: a container comes before its children
    std::vector<quint32> m_children; // each container's children, contiguous
    QString m_error;
    qsizetype m_errorOffset = -1;
    int m_maxDepth = 0;
};

// Pretty-prints JSON text without parsing it into a tree: a single bounded pass that indents by
// structure, so it works at any depth, on any size (it stops after `maxChars` and says so), and
// even on malformed input (it shows the text as it is). Indentation is capped so that a very deep
// document does not produce quadratic output.
QString prettyPrintJson(QByteArrayView json, qsizetype maxChars, bool* truncated = nullptr);
