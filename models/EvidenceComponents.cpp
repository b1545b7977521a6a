#include "EvidenceComponents.h"

#include <algorithm>
#include <cmath>
#include <vector>

using namespace Qt::StringLiterals;

QList<EvidenceComponents::Number> EvidenceComponents::numbersByValue() const
{
    QList<Number> sorted = numbers;
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const Number& a, const Number& b) { return a.value > b.value; });
    return sorted;
}

EvidenceComponents EvidenceComponents::extract(QByteArrayView json)
{
    return extract(EvidenceDocument::parse(json));
}

EvidenceComponents EvidenceComponents::extract(const EvidenceDocument& document)
{
    return extract(document, Limits());
}

QString EvidenceComponents::shortLabel(const QString& path)
{
    if (path.startsWith(u"$."))
        return path.mid(2);
    if (path.startsWith(u'$') && path.size() > 1)
        return path.mid(1);
    return path;
}

QString EvidenceComponents::label(const EvidenceDocument& doc, quint32 value)
{
    static const QString namingKeys[] = {u"name"_s, u"id"_s, u"key"_s, u"label"_s};
    auto elementName = [&](quint32 element) -> QString {
        if (doc.kind(element) != EvidenceDocument::Kind::Object)
            return {};
        const quint32 members = std::min<quint32>(doc.childCount(element), 16);
        for (const QString& namingKey : namingKeys) {
            for (quint32 i = 0; i < members; ++i) {
                const quint32 member = doc.child(element, i);
                if (doc.kind(member) == EvidenceDocument::Kind::String &&
                    doc.key(member) == namingKey)
                    return doc.displayText(member, 40);
            }
        }
        return {};
    };
    std::vector<quint32> chain;
    for (quint32 v = value;
         v != EvidenceDocument::NoValue && doc.parent(v) != EvidenceDocument::NoValue;
         v = doc.parent(v))
        chain.push_back(v);
    QString text = u"$"_s;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
        if (doc.hasKey(*it)) {
            text = EvidenceDocument::memberPath(text, doc.key(*it));
            continue;
        }
        const QString name = elementName(*it);
        text = name.isEmpty() ? EvidenceDocument::elementPath(text, doc.indexInParent(*it))
                              : QString(text % u'[' % name % u']');
    }
    return shortLabel(text);
}

namespace {
// Paths are computed only for what is kept, and kept values lie no deeper than this: a label of
// a hundred segments explains nothing, and computing one per value of a 100,000-deep chain would
// be quadratic.
constexpr int MaxComponentDepth = 64;

bool isSampleArray(const EvidenceDocument& doc, quint32 value)
{
    if (doc.kind(value) != EvidenceDocument::Kind::Array || doc.childCount(value) == 0)
        return false;
    for (quint32 i = 0, n = doc.childCount(value); i < n; ++i) {
        if (doc.isContainer(doc.child(value, i)))
            return false;
    }
    return true;
}
} // namespace

EvidenceComponents EvidenceComponents::extract(const EvidenceDocument& doc, const Limits& limits)
{
    EvidenceComponents result;
    if (!doc.isValid()) {
        result.error = doc.errorString();
        return result;
    }
    if (doc.root() == EvidenceDocument::NoValue)
        return result;

    int visited = 0;
    // Records one value; returns false when the walk must stop.
    auto record = [&](quint32 value) {
        if (++visited > limits.maxVisitedValues) {
            result.truncated = true;
            return false;
        }
        switch (doc.kind(value)) {
        case EvidenceDocument::Kind::Number: {
            const double number = doc.numberValue(value);
            if (!std::isfinite(number))
                break;
            if (result.numbers.size() >= limits.maxNumbers) {
                result.truncated = true;
                break;
            }
            result.numbers.append({doc.path(value), label(doc, value), number});
            break;
        }
        case EvidenceDocument::Kind::Bool:
            if (result.flags.size() >= limits.maxFlags) {
                result.truncated = true;
                break;
            }
            result.flags.append({doc.path(value), doc.boolValue(value)});
            break;
        case EvidenceDocument::Kind::String:
            if (result.texts.size() >= limits.maxTexts) {
                result.truncated = true;
                break;
            }
            result.texts.append({doc.path(value), doc.displayText(value, limits.maxTextChars)});
            break;
        case EvidenceDocument::Kind::Array:
            if (!isSampleArray(doc, value))
                break;
            if (result.sampleArrays.size() >= limits.maxSampleArrays) {
                result.truncated = true;
                break;
            }
            {
                Samples samples;
                samples.path = doc.path(value);
                samples.totalCount = int(doc.childCount(value));
                const auto shown =
                    quint32(std::min<qint64>(doc.childCount(value), limits.maxSamplesPerArray));
                for (quint32 i = 0; i < shown; ++i)
                    samples.values.append(
                        doc.displayText(doc.child(value, i), limits.maxTextChars));
                result.sampleArrays.append(std::move(samples));
            }
            break;
        case EvidenceDocument::Kind::Null:
        case EvidenceDocument::Kind::Object:
            break;
        }
        return true;
    };

    const quint32 root = doc.root();
    if (!doc.isContainer(root)) {
        record(root);
        return result;
    }
    if (isSampleArray(doc, root)) {
        record(root);
        return result;
    }

    // Depth-first in document order with an explicit stack of (container, next child).
    struct Frame
    {
        quint32 container;
        quint32 next;
    };
    std::vector<Frame> stack;
    stack.push_back({root, 0});
    while (!stack.empty()) {
        Frame& frame = stack.back();
        if (frame.next >= doc.childCount(frame.container)) {
            stack.pop_back();
            continue;
        }
        const quint32 child = doc.child(frame.container, frame.next++);
        if (!record(child))
            break;
        if (doc.isContainer(child) && !isSampleArray(doc, child) && doc.childCount(child) > 0) {
            if (int(stack.size()) >= MaxComponentDepth) {
                result.truncated = true;
                continue;
            }
            stack.push_back({child, 0});
        }
    }
    return result;
}
