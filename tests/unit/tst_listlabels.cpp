// The list's label and rank tables (ListLabels), one per version of the list: keys, labels and
// ranks as a brute-force reading of the rows says; shared unchanged by versions that do not
// change them, made again only in the part that changed, never changed in place.

#include "DemoDataGenerator.h"
#include "ListLabels.h"
#include "RelationshipStore.h"

#include <QTest>

#include <map>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

RelationshipRows demoRows(int count)
{
    return DemoDataGenerator::ofCount(count).rows();
}

ColumnCatalog demoCatalog(int count)
{
    return DemoDataGenerator::ofCount(count).catalog();
}

// Keys, labels and ranks checked against the rows and names directly: every row's key points at
// its own id, each id has one key, labels are the catalog's, and the ranks order the labels as
// a case-insensitive, then case-sensitive comparison does.
void verifyLabels(const ListLabels& labels, const RelationshipRows& rows,
                  const ColumnCatalog& catalog)
{
    QCOMPARE(labels.size(), rows.size());
    QCOMPARE(labels.fromLabels().size(), labels.fromIds().size());
    QCOMPARE(labels.toTableLabels().size(), labels.toTableIds().size());
    std::map<QString, int> fromKeyOf;
    for (size_t key = 0; key < labels.fromIds().size(); ++key) {
        QVERIFY(fromKeyOf.emplace(labels.fromIds()[key].toString(), int(key)).second);
        QCOMPARE(labels.fromLabels()[key], catalog.columnLabel(labels.fromIds()[key]));
    }
    for (size_t key = 0; key < labels.toTableIds().size(); ++key)
        QCOMPARE(labels.toTableLabels()[key], catalog.tableLabel(labels.toTableIds()[key]));
    for (int row = 0; row < rows.size(); ++row) {
        QCOMPARE(labels.fromIds()[labels.fromKeys()[size_t(row)]], rows.row(row).fromColumnId);
        QCOMPARE(labels.toTableIds()[labels.toTableKeys()[size_t(row)]], rows.row(row).toTableId);
    }
    const auto ranksOrder = [](const std::vector<QString>& texts,
                               const std::vector<quint32>& ranks) {
        for (size_t a = 0; a < texts.size(); ++a) {
            for (size_t b = a + 1; b < texts.size(); b += 7) {
                const int folded = QString::compare(texts[a], texts[b], Qt::CaseInsensitive);
                const bool less = folded != 0 ? folded < 0 : texts[a] < texts[b];
                const bool greater = folded != 0 ? folded > 0 : texts[b] < texts[a];
                if (less != (ranks[a] < ranks[b]) || greater != (ranks[a] > ranks[b]))
                    return false;
            }
        }
        return true;
    };
    QVERIFY(ranksOrder(labels.fromLabels(), labels.fromRanks()));
    QVERIFY(ranksOrder(labels.toTableLabels(), labels.toTableRanks()));
    // Every string a row shows has a rank in the order of the texts.
    for (int row = 0; row + 1 < rows.size(); row += 13) {
        const QString a = rows.toColumnName(row);
        const QString b = rows.toColumnName(row + 1);
        const quint32 rankA = labels.poolRanks()[rows.row(row).toColumnName];
        const quint32 rankB = labels.poolRanks()[rows.row(row + 1).toColumnName];
        const int folded = QString::compare(a, b, Qt::CaseInsensitive);
        if (folded != 0)
            QCOMPARE(rankA < rankB, folded < 0);
        else if (a == b)
            QCOMPARE(rankA, rankB);
    }
}

} // namespace

class TestListLabels : public QObject
{
    Q_OBJECT
private slots:
    void madeLabelsMatchTheRowsAndNames();
    void statusAnswersShareTheLabels();
    void answerMovingARowMakesNewKeysOnly();
    void newNamesRelabelAndReRankOnlyWhenTheyDiffer();
    void aNewStringReRanksThePool();
    void loaderLabelsAreRenamedOnAdopt();
    void stoppedMakeGivesNothing();
};

void TestListLabels::madeLabelsMatchTheRowsAndNames()
{
    const RelationshipRows rows = demoRows(3000);
    const ColumnCatalog catalog = demoCatalog(3000);
    const std::shared_ptr<const ListLabels> labels = ListLabels::make(rows, catalog);
    QVERIFY(labels);
    QVERIFY(labels->fromIds().size() > 10);
    QVERIFY(labels->fromIds().size() < size_t(rows.size())); // distinct values, not rows
    verifyLabels(*labels, rows, catalog);
    // Without names the short ids show, and rank as such.
    const std::shared_ptr<const ListLabels> unnamed = ListLabels::make(rows, ColumnCatalog());
    verifyLabels(*unnamed, rows, ColumnCatalog());
    QVERIFY(unnamed->nameRankGeneration() != labels->nameRankGeneration());
}

void TestListLabels::statusAnswersShareTheLabels()
{
    RelationshipStore store;
    store.adopt(demoRows(2000), demoCatalog(2000));
    const std::shared_ptr<const ListLabels> before = store.snapshot()->sharedLabels();
    QVERIFY(store.snapshot()->hasLabels());

    // An answer with the strings the row had (a new score, say) changes no label.
    Relationship answer = store.rows().relationship(17);
    answer.score = 0.123;
    answer.hasScore = true;
    store.applyServerAnswers({{17, answer}});
    QVERIFY(store.snapshot()->hasLabels()); // carried over, not left to be made again
    QCOMPARE(store.snapshot()->sharedLabels(), before);
}

void TestListLabels::answerMovingARowMakesNewKeysOnly()
{
    RelationshipStore store;
    store.adopt(demoRows(2000), demoCatalog(2000));
    const std::shared_ptr<const ListSnapshot> old = store.snapshot();
    const std::shared_ptr<const ListLabels> before = old->sharedLabels();
    const std::vector<quint32> keysBefore = before->fromKeys();
    const size_t idsBefore = before->fromIds().size();

    // Row 5 now points at a column no row pointed at; row 6 at row 900's column.
    Relationship moved = store.rows().relationship(5);
    moved.fromColumnId = QUuid::fromString(u"{0badc0de-0000-4000-8000-000000000005}"_s);
    Relationship other = store.rows().relationship(6);
    other.fromColumnId = store.rows().row(900).fromColumnId;
    store.applyServerAnswers({{5, moved}, {6, other}});

    const ListLabels& after = store.snapshot()->labels();
    QVERIFY(&after != before.get());
    QCOMPARE(after.fromIds().size(), idsBefore + 1);
    QCOMPARE(after.fromIds()[after.fromKeys()[5]], moved.fromColumnId);
    QCOMPARE(after.fromKeys()[6], after.fromKeys()[900]);
    QVERIFY(after.nameRankGeneration() != before->nameRankGeneration()); // a new distinct name
    verifyLabels(after, store.rows(), store.catalog());
    // The old version's labels are as they were: a reader of it sees no change.
    QCOMPARE(before->fromKeys(), keysBefore);
    QCOMPARE(before->fromIds().size(), idsBefore);
    QCOMPARE(&old->labels(), before.get());
}

void TestListLabels::newNamesRelabelAndReRankOnlyWhenTheyDiffer()
{
    RelationshipStore store;
    store.adopt(demoRows(2000), ColumnCatalog());
    const std::shared_ptr<const ListLabels> unnamed = store.snapshot()->sharedLabels();

    store.setCatalog(demoCatalog(2000));
    QVERIFY(store.snapshot()->hasLabels());
    const std::shared_ptr<const ListLabels> named = store.snapshot()->sharedLabels();
    QVERIFY(named != unnamed);
    QCOMPARE(named->fromKeys().data(), unnamed->fromKeys().data()); // the keys are shared
    QVERIFY(named->nameRankGeneration() != unnamed->nameRankGeneration());
    QCOMPARE(named->poolRankGeneration(), unnamed->poolRankGeneration());
    verifyLabels(*named, store.rows(), store.catalog());

    // The same names again (a catalog read twice): sort keys made with the ranks still hold.
    store.setCatalog(demoCatalog(2000));
    QCOMPARE(store.snapshot()->labels().nameRankGeneration(), named->nameRankGeneration());
}

void TestListLabels::aNewStringReRanksThePool()
{
    RelationshipStore store;
    store.adopt(demoRows(1000), demoCatalog(1000));
    const std::shared_ptr<const ListLabels> before = store.snapshot()->sharedLabels();
    Relationship answer = store.rows().relationship(3);
    answer.toColumnName = u"a_column_no_row_had"_s;
    store.applyServerAnswers({{3, answer}});
    const ListLabels& after = store.snapshot()->labels();
    QVERIFY(after.poolRankGeneration() != before->poolRankGeneration());
    QCOMPARE(after.nameRankGeneration(), before->nameRankGeneration());
    const quint32 id = store.rows().row(3).toColumnName;
    QVERIFY(id < after.poolRanks().size());
    QVERIFY(id >= before->poolRanks().size() || before->poolRanks()[id] == 0);
    verifyLabels(after, store.rows(), store.catalog());
}

void TestListLabels::loaderLabelsAreRenamedOnAdopt()
{
    // A loader labels the rows with the names it has; the columns endpoint may bring others by
    // the time the rows are adopted.
    RelationshipRows rows = demoRows(1500);
    const std::shared_ptr<const ListLabels> loaded = ListLabels::make(rows, ColumnCatalog());
    RelationshipStore store;
    store.adopt(std::move(rows), demoCatalog(1500), loaded, nullptr);
    QVERIFY(store.snapshot()->hasLabels());
    QCOMPARE(store.snapshot()->labels().fromKeys().data(), loaded->fromKeys().data());
    verifyLabels(store.snapshot()->labels(), store.rows(), store.catalog());
}

void TestListLabels::stoppedMakeGivesNothing()
{
    const RelationshipRows rows = demoRows(500);
    const std::atomic_bool stop = true;
    QVERIFY(!ListLabels::make(rows, ColumnCatalog(), &stop));
}

QTEST_GUILESS_MAIN(TestListLabels)
#include "tst_listlabels.moc"
