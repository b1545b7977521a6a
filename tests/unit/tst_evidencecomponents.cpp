#include "DemoDataGenerator.h"
#include "EvidenceComponents.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {
QStringList paths(const QList<EvidenceComponents::Number>& numbers)
{
    QStringList result;
    for (const auto& number : numbers)
        result.append(number.path);
    return result;
}

// Every scalar of a JSON value by path, the slow recursive way, for comparison.
void collect(const QJsonValue& value, const QString& path, QHash<QString, double>* numbers,
             int* flags, int* texts, int* sampleArrays)
{
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            collect(it.value(), EvidenceDocument::memberPath(path, it.key()), numbers, flags, texts,
                    sampleArrays);
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        bool scalars = !array.isEmpty();
        for (const QJsonValue& item : array)
            scalars = scalars && !item.isArray() && !item.isObject();
        if (scalars) {
            ++*sampleArrays;
            return;
        }
        for (qsizetype i = 0; i < array.size(); ++i)
            collect(array.at(i), EvidenceDocument::elementPath(path, i), numbers, flags, texts,
                    sampleArrays);
    } else if (value.isDouble()) {
        numbers->insert(path, value.toDouble());
    } else if (value.isBool()) {
        ++*flags;
    } else if (value.isString()) {
        ++*texts;
    }
}
} // namespace

class TestEvidenceComponents : public QObject
{
    Q_OBJECT
private slots:
    void nestedMembers();
    void arraysOfObjectsAreWalked();
    void sampleArrays();
    void labelsNameArrayElements();
    void numbersByValue();
    void emptyAndInvalid();
    void scalarRoot();
    void nonFiniteNumbersAreSkipped();
    void limitsAreHonoured();
    void deepEvidenceIsBounded();
    void largeEvidence();
    void demoEvidenceMatchesBruteForce();
    void shortLabel();
};

void TestEvidenceComponents::nestedMembers()
{
    const auto components = EvidenceComponents::extract(
        R"({"name_similarity":0.91,"value_overlap":{"containment":0.97,"sampled_rows":5000,
            "deeper":{"still":{"x":-2}}},"type_compatibility":true,"kind":"many_to_one",
            "nothing":null})");
    QVERIFY(components.error.isEmpty());
    QCOMPARE(paths(components.numbers),
             QStringList({u"$.name_similarity"_s, u"$.value_overlap.containment"_s,
                          u"$.value_overlap.sampled_rows"_s, u"$.value_overlap.deeper.still.x"_s}));
    QCOMPARE(components.numbers[0].value, 0.91);
    QCOMPARE(components.numbers[2].value, 5000.0);
    QCOMPARE(components.numbers[3].value, -2.0);
    QCOMPARE(components.flags.size(), 1);
    QCOMPARE(components.flags[0].path, u"$.type_compatibility"_s);
    QCOMPARE(components.flags[0].value, true);
    QCOMPARE(components.texts.size(), 1);
    QCOMPARE(components.texts[0].path, u"$.kind"_s);
    QCOMPARE(components.texts[0].value, u"many_to_one"_s);
    QVERIFY(components.sampleArrays.isEmpty());
    QVERIFY(!components.truncated);
}

void TestEvidenceComponents::arraysOfObjectsAreWalked()
{
    const auto components = EvidenceComponents::extract(
        R"({"matches":[{"score":0.5,"ok":false},{"score":0.25}],"mixed":[1,{"w":2}]})");
    QCOMPARE(paths(components.numbers),
             QStringList({u"$.matches[0].score"_s, u"$.matches[1].score"_s, u"$.mixed[0]"_s,
                          u"$.mixed[1].w"_s}));
    QCOMPARE(components.flags.size(), 1);
    QCOMPARE(components.flags[0].path, u"$.matches[0].ok"_s);
    QCOMPARE(components.flags[0].value, false);
}

void TestEvidenceComponents::sampleArrays()
{
    const auto components = EvidenceComponents::extract(
        R"({"samples":[1021,"x",null,true],"from_tokens":["cust","id"],"empty":[],
            "nested":{"values":[0.5,0.25]}})");
    // numbers inside sample arrays are samples, not components
    QVERIFY(components.numbers.isEmpty());
    QCOMPARE(components.sampleArrays.size(), 3);
    QCOMPARE(components.sampleArrays[0].path, u"$.samples"_s);
    QCOMPARE(components.sampleArrays[0].values,
             QStringList({u"1021"_s, u"x"_s, u"null"_s, u"true"_s}));
    QCOMPARE(components.sampleArrays[0].totalCount, 4);
    QCOMPARE(components.sampleArrays[1].values, QStringList({u"cust"_s, u"id"_s}));
    QCOMPARE(components.sampleArrays[2].path, u"$.nested.values"_s);
}

void TestEvidenceComponents::labelsNameArrayElements()
{
    const auto components = EvidenceComponents::extract(
        R"({"signals":[{"name":"name_similarity","weight":0.3,"value":0.8},
                       {"weight":0.15,"value":1}],"value_overlap":{"containment":0.9}})");
    QCOMPARE(components.numbers.size(), 5);
    QCOMPARE(components.numbers[0].path, u"$.signals[0].weight"_s);
    QCOMPARE(components.numbers[0].label, u"signals[name_similarity].weight"_s);
    QCOMPARE(components.numbers[1].label, u"signals[name_similarity].value"_s);
    QCOMPARE(components.numbers[2].label, u"signals[1].weight"_s); // no name: the index
    QCOMPARE(components.numbers[4].label, u"value_overlap.containment"_s);
}

void TestEvidenceComponents::numbersByValue()
{
    const auto components =
        EvidenceComponents::extract(R"({"a":0.2,"b":0.9,"c":{"d":0.5},"e":0.9,"f":-1})");
    QCOMPARE(paths(components.numbersByValue()),
             QStringList({u"$.b"_s, u"$.e"_s, u"$.c.d"_s, u"$.a"_s, u"$.f"_s}));
}

void TestEvidenceComponents::emptyAndInvalid()
{
    for (const QByteArray& json : {QByteArray(), QByteArray("{}"), QByteArray("[]"),
                                   QByteArray("null"), QByteArray(R"({"a":{},"b":[]})")}) {
        const auto components = EvidenceComponents::extract(json);
        QVERIFY2(components.isEmpty(), json.constData());
        QVERIFY(components.error.isEmpty());
    }
    const auto broken = EvidenceComponents::extract(R"({"a":)");
    QVERIFY(broken.isEmpty());
    QVERIFY(!broken.error.isEmpty());
}

void TestEvidenceComponents::scalarRoot()
{
    const auto number = EvidenceComponents::extract("0.75");
    QCOMPARE(number.numbers.size(), 1);
    QCOMPARE(number.numbers[0].path, u"$"_s);
    const auto samples = EvidenceComponents::extract("[1,2,3]");
    QCOMPARE(samples.sampleArrays.size(), 1);
    QCOMPARE(samples.sampleArrays[0].path, u"$"_s);
}

void TestEvidenceComponents::nonFiniteNumbersAreSkipped()
{
    const auto components = EvidenceComponents::extract(R"({"huge":1e400,"fine":2})");
    QCOMPARE(paths(components.numbers), QStringList({u"$.fine"_s}));
}

void TestEvidenceComponents::limitsAreHonoured()
{
    QByteArray json = "{";
    for (int i = 0; i < 50; ++i)
        json += QByteArray(i ? "," : "") + "\"n" + QByteArray::number(i) +
                "\":" + QByteArray::number(i);
    json += R"(,"long":[)";
    for (int i = 0; i < 100; ++i)
        json += QByteArray(i ? "," : "") + QByteArray::number(i);
    json += "]}";
    EvidenceComponents::Limits limits;
    limits.maxNumbers = 10;
    limits.maxSamplesPerArray = 5;
    const auto components = EvidenceComponents::extract(EvidenceDocument::parse(json), limits);
    QCOMPARE(components.numbers.size(), 10);
    QVERIFY(components.truncated);
    QCOMPARE(components.sampleArrays.size(), 1);
    QCOMPARE(components.sampleArrays[0].values.size(), 5);
    QCOMPARE(components.sampleArrays[0].totalCount, 100);

    limits = {};
    limits.maxVisitedValues = 20;
    const auto visited = EvidenceComponents::extract(EvidenceDocument::parse(json), limits);
    QVERIFY(visited.truncated);
    QCOMPARE(visited.numbers.size(), 20); // the twenty-first visit is the stop
}

void TestEvidenceComponents::deepEvidenceIsBounded()
{
    QByteArray json;
    for (int i = 0; i < 100000; ++i)
        json += "{\"a\":";
    json += "{\"x\":1}";
    json.prepend("{\"first\":0.25,\"chain\":");
    for (int i = 0; i < 100000; ++i)
        json += '}';
    json += ",\"last\":0.75}";
    const EvidenceDocument document = EvidenceDocument::parse(json);
    QVERIFY2(document.isValid(), qPrintable(document.errorString()));
    const auto components = EvidenceComponents::extract(document);
    QVERIFY(components.truncated);
    // members near the top are still found; the walk did not give up on the whole document
    QStringList found = paths(components.numbers);
    QVERIFY(found.contains(u"$.first"_s));
    QVERIFY(found.contains(u"$.last"_s));
}

void TestEvidenceComponents::largeEvidence()
{
    QByteArray json = R"({"containment":0.97,"samples":[)";
    for (int i = 0; i < 300000; ++i)
        json += QByteArray(i ? "," : "") + QByteArray::number(i);
    json += "]}";
    const auto components = EvidenceComponents::extract(json);
    QCOMPARE(components.numbers.size(), 1);
    QCOMPARE(components.sampleArrays.size(), 1);
    QCOMPARE(components.sampleArrays[0].totalCount, 300000);
    QCOMPARE(components.sampleArrays[0].values.size(),
             EvidenceComponents::Limits().maxSamplesPerArray);
}

void TestEvidenceComponents::demoEvidenceMatchesBruteForce()
{
    DemoDataGenerator::Options options;
    options.relationshipCount = 300;
    const DemoDataGenerator generator(options);
    int withNumbers = 0;
    for (int i = 0; i < options.relationshipCount; ++i) {
        const QByteArray evidence = generator.relationship(i).evidenceJson;
        QJsonParseError error;
        const QJsonDocument reference = QJsonDocument::fromJson(evidence, &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QHash<QString, double> numbers;
        int flags = 0, texts = 0, sampleArrays = 0;
        collect(reference.object(), u"$"_s, &numbers, &flags, &texts, &sampleArrays);

        const auto components = EvidenceComponents::extract(evidence);
        QCOMPARE(components.numbers.size(), numbers.size());
        for (const auto& number : components.numbers) {
            QVERIFY2(numbers.contains(number.path), qPrintable(number.path));
            QCOMPARE(number.value, numbers.value(number.path));
        }
        QCOMPARE(components.flags.size(), flags);
        QCOMPARE(components.texts.size(), texts);
        QCOMPARE(components.sampleArrays.size(), sampleArrays);
        withNumbers += components.numbers.isEmpty() ? 0 : 1;
    }
    QVERIFY(withNumbers > options.relationshipCount / 2);
}

void TestEvidenceComponents::shortLabel()
{
    QCOMPARE(EvidenceComponents::shortLabel(u"$.a.b"_s), u"a.b"_s);
    QCOMPARE(EvidenceComponents::shortLabel(u"$[2].a"_s), u"[2].a"_s);
    QCOMPARE(EvidenceComponents::shortLabel(u"$"_s), u"$"_s);
}

QTEST_GUILESS_MAIN(TestEvidenceComponents)
#include "tst_evidencecomponents.moc"
