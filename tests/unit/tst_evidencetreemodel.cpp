#include "EvidenceDocument.h"
#include "EvidenceTreeModel.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
QByteArray nestedObjects(int depth)
{
    QByteArray json;
    json.reserve(depth * 7 + 8);
    for (int i = 0; i < depth; ++i)
        json += "{\"a\":";
    json += "1";
    for (int i = 0; i < depth; ++i)
        json += '}';
    return json;
}

QByteArray nestedArrays(int depth)
{
    return QByteArray(depth, '[') + QByteArray(depth, ']');
}

// Fetches and returns the only child chain's index at `depth` (1 = a top-level row).
QModelIndex descend(EvidenceTreeModel& model, int depth)
{
    QModelIndex index = model.index(0, 0);
    for (int level = 1; level < depth && index.isValid(); ++level) {
        if (model.canFetchMore(index))
            model.fetchMore(index);
        index = model.index(0, 0, index);
    }
    return index;
}

QString text(const QModelIndex& index, int column, int role = Qt::DisplayRole)
{
    return index.siblingAtColumn(column).data(role).toString();
}
} // namespace

class TestEvidenceTreeModel : public QObject
{
    Q_OBJECT
private slots:
    void emptyEvidence_data();
    void emptyEvidence();
    void modelTester_data();
    void modelTester();
    void nestedObject();
    void fetchIsLazy();
    void arraysAndPaths();
    void scalarRoot();
    void oddKeysArePathQuoted();
    void duplicateKeysAreAllShown();
    void escapedStrings();
    void malformedEvidenceShowsOneRow();
    void parserFollowsRfc8259_data();
    void parserFollowsRfc8259();
    void deep300();
    void deep100000Objects();
    void deep100000Arrays();
    void deepMalformedFailsCleanly();
    void largeEvidence();
    void prettyPrintIsBounded();
    void prettyPrintRoundTrips();
};

void TestEvidenceTreeModel::emptyEvidence_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("no bytes") << QByteArray();
    QTest::newRow("whitespace") << QByteArray(" \n\t ");
    QTest::newRow("empty object") << QByteArray("{}");
    QTest::newRow("empty array") << QByteArray(" [ ] ");
    QTest::newRow("null") << QByteArray("null");
}

void TestEvidenceTreeModel::emptyEvidence()
{
    QFETCH(QByteArray, json);
    EvidenceTreeModel model;
    model.setEvidenceJson(json);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(model.isEmptyEvidence());
    QVERIFY(!model.hasError());
    QVERIFY(!model.hasChildren());
}

void TestEvidenceTreeModel::modelTester_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("nested") << QByteArray(
        R"({"a":0.5,"b":{"c":[1,{"d":[true,null,"x"]},[]],"e":{}},"f":[[1],[2,[3,[4]]]]})");
    QTest::newRow("array root") << QByteArray(R"([{"a":1},[2,[3]],"x",false])");
    QTest::newRow("scalar root") << QByteArray("\"text\"");
    QTest::newRow("malformed") << QByteArray("{\"a\":");
    QTest::newRow("deep 300") << nestedObjects(300);
    QTest::newRow("deep arrays") << nestedArrays(500);
}

void TestEvidenceTreeModel::modelTester()
{
    QFETCH(QByteArray, json);
    EvidenceTreeModel model;
    model.setEvidenceJson(json);
    // Attached after the reset: the tester walks (and fetches) the tree when the model resets,
    // before its own reset handler has run, and then reports those insertions as happening during
    // the reset (a limitation of QAbstractItemModelTester with models that fetch lazily).
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    // the tester fetched ten levels; fetching deeper still keeps the model consistent
    QModelIndex index = model.index(0, 0);
    for (int level = 0; level < 20 && index.isValid(); ++level) {
        if (model.canFetchMore(index))
            model.fetchMore(index);
        index = model.index(0, 0, index);
    }
}

void TestEvidenceTreeModel::nestedObject()
{
    const QByteArray json = R"({"name_similarity":0.91,"value_overlap":{"containment":0.97,
        "jaccard":0.42,"unmatched":[]},"samples":[1021,1022,"x"],"flags":{"is_unique":true},
        "note":"two words","nothing":null})";
    EvidenceTreeModel model;
    model.setEvidenceJson(json);
    QVERIFY(!model.isEmptyEvidence());
    QCOMPARE(model.columnCount(), 3);
    QCOMPARE(model.rowCount(), 6);
    // document order, not sorted
    const QStringList keys = {u"name_similarity"_s, u"value_overlap"_s, u"samples"_s,
                              u"flags"_s,           u"note"_s,          u"nothing"_s};
    const QStringList types = {u"number"_s, u"object"_s, u"array"_s,
                               u"object"_s, u"string"_s, u"null"_s};
    for (int row = 0; row < keys.size(); ++row) {
        const QModelIndex index = model.index(row, 0);
        QCOMPARE(text(index, EvidenceTreeModel::KeyColumn), keys[row]);
        QCOMPARE(text(index, EvidenceTreeModel::TypeColumn), types[row]);
        QCOMPARE(index.data(EvidenceTreeModel::JsonPathRole).toString(), u"$." % keys[row]);
    }
    QCOMPARE(text(model.index(0, 0), EvidenceTreeModel::ValueColumn), u"0.91"_s);
    QCOMPARE(text(model.index(1, 0), EvidenceTreeModel::ValueColumn), u"{3 members}"_s);
    QCOMPARE(text(model.index(2, 0), EvidenceTreeModel::ValueColumn), u"[3 items]"_s);
    QCOMPARE(text(model.index(4, 0), EvidenceTreeModel::ValueColumn), u"two words"_s);
    QCOMPARE(text(model.index(5, 0), EvidenceTreeModel::ValueColumn), u"null"_s);

    const QModelIndex overlap = model.index(1, 0);
    QVERIFY(model.hasChildren(overlap));
    QVERIFY(model.canFetchMore(overlap));
    model.fetchMore(overlap);
    QCOMPARE(model.rowCount(overlap), 3);
    const QModelIndex containment = model.index(0, 0, overlap);
    QCOMPARE(containment.parent(), overlap);
    QCOMPARE(text(containment, EvidenceTreeModel::KeyColumn), u"containment"_s);
    QCOMPARE(containment.data(EvidenceTreeModel::JsonPathRole).toString(),
             u"$.value_overlap.containment"_s);
    QCOMPARE(containment.data(EvidenceTreeModel::CopyValueRole).toString(), u"0.97"_s);
    // an empty array has no children to fetch
    const QModelIndex unmatched = model.index(2, 0, overlap);
    QVERIFY(!model.hasChildren(unmatched));
    QVERIFY(!model.canFetchMore(unmatched));
    QVERIFY(model.flags(unmatched) & Qt::ItemNeverHasChildren);
    // a container's copy value is its JSON
    QCOMPARE(QJsonDocument::fromJson(overlap.data(EvidenceTreeModel::CopyValueRole).toByteArray()),
             QJsonDocument::fromJson(R"({"containment":0.97,"jaccard":0.42,"unmatched":[]})"));
}

void TestEvidenceTreeModel::fetchIsLazy()
{
    EvidenceTreeModel model;
    model.setEvidenceJson(R"({"a":{"b":{"c":[1,2,3]}}})");
    const QModelIndex a = model.index(0, 0);
    QCOMPARE(model.rowCount(a), 0); // not fetched yet
    QVERIFY(model.hasChildren(a));
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.fetchMore(a);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.first().at(0).value<QModelIndex>(), a);
    QCOMPARE(inserted.first().at(1).toInt(), 0);
    QCOMPARE(inserted.first().at(2).toInt(), 0);
    QVERIFY(!model.canFetchMore(a));
    model.fetchMore(a); // a second fetch changes nothing
    QCOMPARE(inserted.count(), 1);
    const QModelIndex c = descend(model, 3);
    QCOMPARE(c.data(EvidenceTreeModel::JsonPathRole).toString(), u"$.a.b.c"_s);
    model.fetchMore(c);
    QCOMPARE(model.rowCount(c), 3);
    QCOMPARE(model.index(2, 0, c).data(EvidenceTreeModel::JsonPathRole).toString(),
             u"$.a.b.c[2]"_s);
}

void TestEvidenceTreeModel::arraysAndPaths()
{
    EvidenceTreeModel model;
    model.setEvidenceJson(R"([{"score":0.5},[2,[3]],"x",true,false,-1.5e-3])");
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 6);
    QCOMPARE(text(model.index(0, 0), 0), u"[0]"_s);
    QCOMPARE(text(model.index(5, 0), 0), u"[5]"_s);
    QCOMPARE(text(model.index(3, 0), 1), u"true"_s);
    QCOMPARE(text(model.index(3, 0), 2), u"boolean"_s);
    QCOMPARE(text(model.index(5, 0), 1), u"-1.5e-3"_s); // numbers exactly as sent
    const QModelIndex first = model.index(0, 0);
    model.fetchMore(first);
    QCOMPARE(model.index(0, 0, first).data(EvidenceTreeModel::JsonPathRole).toString(),
             u"$[0].score"_s);
    const QModelIndex inner = model.index(1, 0);
    model.fetchMore(inner);
    const QModelIndex innermost = model.index(1, 0, inner);
    model.fetchMore(innermost);
    QCOMPARE(model.index(0, 0, innermost).data(EvidenceTreeModel::JsonPathRole).toString(),
             u"$[1][1][0]"_s);
    QCOMPARE(model.index(0, 0, innermost).parent().parent(), inner);
}

void TestEvidenceTreeModel::scalarRoot()
{
    EvidenceTreeModel model;
    model.setEvidenceJson(" 42 ");
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 1);
    const QModelIndex index = model.index(0, 0);
    QCOMPARE(text(index, 1), u"42"_s);
    QCOMPARE(text(index, 2), u"number"_s);
    QCOMPARE(index.data(EvidenceTreeModel::JsonPathRole).toString(), u"$"_s);
    QVERIFY(!model.index(0, 0).parent().isValid());
}

void TestEvidenceTreeModel::oddKeysArePathQuoted()
{
    EvidenceTreeModel model;
    model.setEvidenceJson(R"({"odd key":{"it's":1,"_ok9":2,"9lives":3,"":4}})");
    const QModelIndex odd = model.index(0, 0);
    QCOMPARE(odd.data(EvidenceTreeModel::JsonPathRole).toString(), u"$['odd key']"_s);
    model.fetchMore(odd);
    QCOMPARE(model.index(0, 0, odd).data(EvidenceTreeModel::JsonPathRole).toString(),
             u"$['odd key']['it\\'s']"_s);
    QCOMPARE(model.index(1, 0, odd).data(EvidenceTreeModel::JsonPathRole).toString(),
             u"$['odd key']._ok9"_s);
    QCOMPARE(model.index(2, 0, odd).data(EvidenceTreeModel::JsonPathRole).toString(),
             u"$['odd key']['9lives']"_s);
    QCOMPARE(model.index(3, 0, odd).data(EvidenceTreeModel::JsonPathRole).toString(),
             u"$['odd key']['']"_s);
}

void TestEvidenceTreeModel::duplicateKeysAreAllShown()
{
    // QJsonObject keeps one of them; the inspector shows what the server sent
    EvidenceTreeModel model;
    model.setEvidenceJson(R"({"dup":1,"dup":2})");
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(text(model.index(0, 0), 1), u"1"_s);
    QCOMPARE(text(model.index(1, 0), 1), u"2"_s);
}

void TestEvidenceTreeModel::escapedStrings()
{
    EvidenceTreeModel model;
    const QByteArray json =
        R"({"k\"ey":"a\"b\\c\/d\ne\u00e9\ud83d\ude00","long":")" + QByteArray(5000, 'x') + R"("})";
    model.setEvidenceJson(json);
    const QModelIndex first = model.index(0, 0);
    QCOMPARE(text(first, 0), u"k\"ey"_s);
    QCOMPARE(first.data(EvidenceTreeModel::CopyValueRole).toString(),
             u"a\"b\\c/d\ne\u00e9\U0001F600"_s);
    // one line in the tree; the copy keeps the newline
    QCOMPARE(text(first, 1), u"a\"b\\c/d e\u00e9\U0001F600"_s);
    const QModelIndex longString = model.index(1, 0);
    QVERIFY(text(longString, 1).size() < 300);
    QVERIFY(text(longString, 1).endsWith(u'\u2026'));
    QCOMPARE(longString.data(EvidenceTreeModel::CopyValueRole).toString().size(), 5000);
}

void TestEvidenceTreeModel::malformedEvidenceShowsOneRow()
{
    EvidenceTreeModel model;
    model.setEvidenceJson(R"({"a": [1, 2,)");
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(model.hasError());
    QVERIFY(!model.isEmptyEvidence());
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(text(model.index(0, 0), 2), u"error"_s);
    QVERIFY(text(model.index(0, 0), 1).contains(u"byte"_s));
    QCOMPARE(model.index(0, 0).data(EvidenceTreeModel::KindRole).toInt(), -1);
    QVERIFY(!model.hasChildren(model.index(0, 0)));
}

void TestEvidenceTreeModel::parserFollowsRfc8259_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("valid");
    // Where QJsonDocument is lenient ("1.", ".5", "\\x", a raw tab) or strict (1e400) beyond
    // RFC 8259, the RFC decides: the row store's parser follows it too.
    const std::pair<const char*, bool> inputs[] = {
        {"{\"a\":1}", true},
        {"[1,2,3]", true},
        {"{\"a\":[{\"b\":null}],\"c\":\"d\"}", true},
        {"[-0, 0.5, 1e10, -2E-3, 1E+2]", true},
        {"[true,false,null]", true},
        {"[\"\\ud83d\\ude00 \\\" \\\\ \\/ \\b\\f\\n\\r\\t\"]", true},
        {"[1e400]", true},
        {"[123456789012345678901234567890]", true},
        {"  [ 1 , 2 ]  ", true},
        {"{\"a\":{\"b\":[]}}", true},
        {"{\"a\":1,}", false},
        {"[1,]", false},
        {"[01]", false},
        {"[1.]", false},
        {"[.5]", false},
        {"[+1]", false},
        {"[-]", false},
        {"[1e]", false},
        {"{\"a\" 1}", false},
        {"{a:1}", false},
        {"['a']", false},
        {"[\"\\x\"]", false},
        {"[\"\\u12G4\"]", false},
        {"[\"\\u12\"]", false},
        {"[\"tab\there\"]", false},
        {"[1 2]", false},
        {"{\"a\":1}}", false},
        {"[[]", false},
        {"[]]", false},
        {"{\"a\":1]", false},
        {"[1}", false},
        {"[tru]", false},
        {"[nul]", false},
        {"[True]", false},
        {"[\"unterminated]", false},
        {"[\"ends in a backslash\\", false},
        {"[] []", false},
        {"{\"a\":}", false},
        {"{,}", false},
        {"[,1]", false},
    };
    for (const auto& [input, valid] : inputs)
        QTest::newRow(input) << QByteArray(input) << valid;
}

void TestEvidenceTreeModel::parserFollowsRfc8259()
{
    QFETCH(QByteArray, json);
    QFETCH(bool, valid);
    const EvidenceDocument document = EvidenceDocument::parse(json);
    QCOMPARE(document.isValid(), valid);
    if (!document.isValid()) {
        QVERIFY(!document.errorString().isEmpty());
        QVERIFY(document.errorOffset() >= 0 && document.errorOffset() <= json.size());
        QCOMPARE(document.valueCount(), 0u);
        return;
    }
    // where both accept, both read the same structure
    QJsonParseError error;
    const QJsonDocument reference = QJsonDocument::fromJson(json, &error);
    if (error.error == QJsonParseError::NoError) {
        const QString pretty = prettyPrintJson(json, 1 << 20);
        QCOMPARE(QJsonDocument::fromJson(pretty.toUtf8()), reference);
        const quint32 root = document.root();
        QCOMPARE(
            document.childCount(root),
            quint32(reference.isArray() ? reference.array().size() : reference.object().size()));
    }
}

void TestEvidenceTreeModel::deep300()
{
    const QByteArray json = nestedObjects(300);
    EvidenceTreeModel model;
    model.setEvidenceJson(json);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(!model.hasError());
    QCOMPARE(model.document()->maxDepth(), 300);
    const QModelIndex leaf = descend(model, 300);
    QVERIFY(leaf.isValid());
    QCOMPARE(text(leaf, 1), u"1"_s);
    QCOMPARE(text(leaf, 2), u"number"_s);
    QString expected = u"$"_s;
    for (int i = 0; i < 300; ++i)
        expected += u".a"_s;
    QCOMPARE(leaf.data(EvidenceTreeModel::JsonPathRole).toString(), expected);
    // walking back up reaches the top in 300 steps
    int steps = 0;
    for (QModelIndex index = leaf; index.isValid(); index = index.parent())
        ++steps;
    QCOMPARE(steps, 300);
}

void TestEvidenceTreeModel::deep100000Objects()
{
    // QJsonDocument refuses more than 1024 levels; the tree must still open, with no recursion.
    const QByteArray json = nestedObjects(100000);
    EvidenceTreeModel model;
    model.setEvidenceJson(json);
    QVERIFY2(!model.hasError(), qPrintable(model.errorString()));
    QCOMPARE(model.document()->maxDepth(), 100000);
    QCOMPARE(model.rowCount(), 1);
    const QModelIndex leaf = descend(model, 100000);
    QVERIFY(leaf.isValid());
    QCOMPARE(text(leaf, 1), u"1"_s);
    const QString path = leaf.data(EvidenceTreeModel::JsonPathRole).toString();
    QCOMPARE(path.size(), 1 + 2 * 100000);
    model.clear(); // tearing down is flat too
    QCOMPARE(model.rowCount(), 0);
}

void TestEvidenceTreeModel::deep100000Arrays()
{
    EvidenceTreeModel model;
    model.setEvidenceJson(nestedArrays(100000));
    QVERIFY(!model.hasError());
    QCOMPARE(model.document()->maxDepth(), 100000);
    const QModelIndex deepest = descend(model, 99999); // the innermost array is empty
    QVERIFY(deepest.isValid());
    QCOMPARE(text(deepest, 1), u"[0 items]"_s);
    QVERIFY(!model.hasChildren(deepest));
}

void TestEvidenceTreeModel::deepMalformedFailsCleanly()
{
    EvidenceTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setEvidenceJson(QByteArray(100000, '[')); // never closed
    QVERIFY(model.hasError());
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.document()->errorOffset(), 100000);
    model.setEvidenceJson(nestedObjects(100000).chopped(1)); // one brace short
    QVERIFY(model.hasError());
}

void TestEvidenceTreeModel::largeEvidence()
{
    // ~5 MB: 100,000 sample objects and a long string
    QByteArray json = R"({"summary":{"rows":100000},"samples":[)";
    for (int i = 0; i < 100000; ++i) {
        if (i)
            json += ',';
        json += R"({"value":)" + QByteArray::number(i) + R"(,"label":"customer-)" +
                QByteArray::number(i) + R"(","share":0.)" + QByteArray::number(i % 1000) + "}";
    }
    json += R"(],"blob":")" + QByteArray(512 * 1024, 'z') + R"("})";
    QVERIFY(json.size() > 4 * 1024 * 1024);

    EvidenceTreeModel model;
    model.setEvidenceJson(json);
    QVERIFY(!model.hasError());
    QCOMPARE(model.rowCount(), 3);
    const QModelIndex samples = model.index(1, 0);
    QCOMPARE(text(samples, 1), u"[100000 items]"_s);
    QCOMPARE(model.rowCount(samples), 0);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.fetchMore(samples);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(model.rowCount(samples), 100000);
    const QModelIndex last = model.index(99999, 0, samples);
    QCOMPARE(last.data(EvidenceTreeModel::JsonPathRole).toString(), u"$.samples[99999]"_s);
    model.fetchMore(last);
    QCOMPARE(text(model.index(1, 0, last), 1), u"customer-99999"_s);
    QCOMPARE(model.index(2, 0).data(EvidenceTreeModel::CopyValueRole).toString().size(),
             512 * 1024);
    // no more than a few tens of bytes per JSON value on top of the text itself
    const qint64 values = model.document()->valueCount();
    QVERIFY(values > 300000);
    QVERIFY2(
        model.document()->memoryBytes() < json.size() + values * 64,
        qPrintable(u"%1 bytes for %2 values"_s.arg(model.document()->memoryBytes()).arg(values)));
}

void TestEvidenceTreeModel::prettyPrintIsBounded()
{
    bool truncated = false;
    const QString deep = prettyPrintJson(nestedObjects(100000), 64 * 1024, &truncated);
    QVERIFY(truncated);
    QVERIFY(deep.size() <= 64 * 1024);
    // indentation is capped, so every line is short
    const auto lines = QStringView(deep).split(u'\n');
    for (const QStringView line : lines)
        QVERIFY(line.size() < 100);

    const QString small = prettyPrintJson(R"({"a":[1,{}],"b":"x, y: {z}"})", 1000, &truncated);
    QVERIFY(!truncated);
    QCOMPARE(small, u"{\n  \"a\": [\n    1,\n    {}\n  ],\n  \"b\": \"x, y: {z}\"\n}"_s);

    // malformed input is shown as it is, never a crash
    const QString broken = prettyPrintJson("}}]]{\"a\":", 1000, &truncated);
    QVERIFY(broken.contains(u"\"a\""_s));
    // a cut never leaves half a UTF-8 character
    const QString cut = prettyPrintJson(R"(["ééééééééé"])", 12, &truncated);
    QVERIFY(truncated);
    QVERIFY(!cut.contains(QChar::ReplacementCharacter));
}

void TestEvidenceTreeModel::prettyPrintRoundTrips()
{
    const QByteArray json =
        R"({"a":{"b":[1,2.5,-3e2,{"c":null}],"d":"q\"uote"},"e":[],"f":{},"g":[true,false]})";
    const QString pretty = prettyPrintJson(json, 1 << 20);
    QCOMPARE(QJsonDocument::fromJson(pretty.toUtf8()), QJsonDocument::fromJson(json));
    QVERIFY(pretty.count(u'\n') > 10);
}

QTEST_GUILESS_MAIN(TestEvidenceTreeModel)
#include "tst_evidencetreemodel.moc"
