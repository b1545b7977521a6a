#pragma once

#include "EvidenceDocument.h"

#include <QList>
#include <QString>
#include <QStringList>

// The pieces of an evidence object that explain a score, flattened for the inspector's chart:
// numeric members at any depth (labelled by their JSON path), booleans and strings, and arrays
// of sample values (arrays whose items are all scalars). One iterative walk over the parsed
// document, bounded in the values it visits and in what it keeps, whatever the evidence's size.
struct EvidenceComponents
{
    struct Number
    {
        QString path; // "$.value_overlap.containment", "$.signals[1].value"
        QString
            label; // for charts: "value_overlap.containment", "signals[value_containment].value"
        double value = 0;
    };
    struct Flag
    {
        QString path;
        bool value = false;
    };
    struct Text
    {
        QString path;
        QString value; // elided to Limits::maxTextChars
    };
    struct Samples
    {
        QString path;
        QStringList values; // the first Limits::maxSamplesPerArray items, as display text
        int totalCount = 0;
    };
    struct Limits
    {
        int maxVisitedValues = 50000;
        int maxNumbers = 500;
        int maxFlags = 200;
        int maxTexts = 200;
        int maxSampleArrays = 100;
        int maxSamplesPerArray = 20;
        int maxTextChars = 120;
    };

    QList<Number> numbers; // document order
    QList<Flag> flags;
    QList<Text> texts;
    QList<Samples> sampleArrays;
    bool truncated = false; // a limit was reached: more exists than is listed
    QString error;          // the evidence could not be read

    bool isEmpty() const
    {
        return numbers.isEmpty() && flags.isEmpty() && texts.isEmpty() && sampleArrays.isEmpty();
    }
    // Numbers sorted by value, largest first (NaN and infinities never appear).
    QList<Number> numbersByValue() const;

    static EvidenceComponents extract(const EvidenceDocument& document);
    static EvidenceComponents extract(const EvidenceDocument& document, const Limits& limits);
    static EvidenceComponents extract(QByteArrayView json);

    // "$.value_overlap.containment" -> "value_overlap.containment", for chart labels.
    static QString shortLabel(const QString& path);
    // The path without "$.", with an array element that is an object with a string "name" (or
    // "id", "key", "label") member named by it rather than by its index: "signals[1].value"
    // says nothing, "signals[value_containment].value" says what the number is.
    static QString label(const EvidenceDocument& document, quint32 value);
};
