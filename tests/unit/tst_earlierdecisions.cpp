// Carrying decisions forward by column pair: the journal's pair index and its migration, the
// matching of a list's rows to earlier decisions (conflicts shown, a row's own decision not
// counted), the was: filter terms against the reference filter, and reasons' text form.
#include "CarriedForward.h"
#include "DecisionJournal.h"
#include "DecisionReason.h"
#include "EarlierDecisions.h"
#include "FilterColumns.h"
#include "FilterEvaluation.h"
#include "FilterQuery.h"
#include "FilterSuggestions.h"
#include "ReferenceFilter.h"
#include "RelationshipStore.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <numeric>

using namespace Qt::StringLiterals;

namespace {

QUuid uuidFor(quint32 group, int index)
{
    return QUuid(group, quint16(0x0d44), quint16(0x4b50), 0x88, 0x88, 0x8d, 0xd2, 0x57,
                 quint8(index >> 16), quint8(index >> 8), quint8(index));
}

// A pair from small pools, so that rows and decisions meet often.
ColumnPair pairFor(int from, int table, int column)
{
    return {uuidFor(0xc0c0c0c0, from), uuidFor(0x7a7a7a7a, table), u"col_%1"_s.arg(column)};
}

Relationship relationshipFor(const QUuid& id, const ColumnPair& pair, RelationshipStatus status)
{
    Relationship r;
    r.id = id;
    r.integrationSourceId = uuidFor(0x5050505, 1);
    r.fromColumnId = pair.fromColumnId;
    r.toTableId = pair.toTableId;
    r.toColumnName = pair.toColumnName;
    r.status = status;
    r.statusText = statusName(status);
    r.typeText = typeName(r.type);
    r.hasScore = true;
    r.score = 0.5;
    return r;
}

PairDecision decisionFor(const ColumnPair& pair, qint64 origin, const QUuid& id,
                         const QString& status, qint64 ms, DecisionReason reason = {})
{
    PairDecision d;
    d.pair = pair;
    d.originId = origin;
    d.relationshipId = id;
    d.status = status;
    d.decidedMs = ms;
    d.reason = reason;
    return d;
}

std::vector<int> matchingRows(const FilterMatches& matches)
{
    std::vector<int> rows;
    for (size_t row = 0; row < matches.byRow.size(); ++row) {
        if (matches.byRow[row])
            rows.push_back(int(row));
    }
    return rows;
}

DecisionOrigin snapshotOrigin(const QString& name)
{
    DecisionOrigin origin;
    origin.kind = DecisionOrigin::Kind::Snapshot;
    origin.key = u"snapshot:"_s + name;
    origin.label = name;
    return origin;
}

} // namespace

class TestEarlierDecisions : public QObject
{
    Q_OBJECT

private slots:
    void reasonsReadAndWriteTheirTextForm();
    void matchesByPairAcrossIdsAndShowsConflicts();
    void aRowsOwnDecisionIsNotEarlier();
    void wasTermsParseAndComplete();
    void wasTermsAgreeWithTheReference();
    void storeTakesOnlyItsOwnListsTable();
    void journalKeepsPairsAndReasons();
    void oldJournalGainsPairColumnsAndFillsThemWhenSeen();
    void carriedForwardComputesFromTheJournal();
};

void TestEarlierDecisions::reasonsReadAndWriteTheirTextForm()
{
    QCOMPARE(DecisionReason::fromText(u"not a key"_s).code, DecisionReason::Code::NotAKey);
    QCOMPARE(DecisionReason::fromText(u"NOT_A_KEY"_s).code, DecisionReason::Code::NotAKey);
    const DecisionReason withText = DecisionReason::fromText(u"wrong direction: child → parent"_s);
    QCOMPARE(withText.code, DecisionReason::Code::WrongDirection);
    QCOMPARE(withText.text, u"child → parent"_s);
    const DecisionReason free = DecisionReason::fromText(u"checked with Ana: it is a code"_s);
    QCOMPARE(free.code, DecisionReason::Code::Other);
    QCOMPARE(free.text, u"checked with Ana: it is a code"_s);
    QVERIFY(DecisionReason::fromText(u"  "_s).isEmpty());
    // Round trips.
    for (int number = 1; number <= DecisionReason::ChoiceCount; ++number) {
        DecisionReason reason;
        reason.code = DecisionReason::choice(number);
        QCOMPARE(DecisionReason::fromText(reason.toText()), reason);
        reason.text = u"see ticket 12"_s;
        QCOMPARE(DecisionReason::fromText(reason.toText()), reason);
    }
    QCOMPARE(DecisionReason::choice(2), DecisionReason::Code::WrongDirection);
    QCOMPARE(DecisionReason::choice(7), DecisionReason::Code::None);
}

void TestEarlierDecisions::matchesByPairAcrossIdsAndShowsConflicts()
{
    RelationshipRows rows;
    rows.append(relationshipFor(uuidFor(1, 1), pairFor(1, 1, 1), RelationshipStatus::Suggested));
    rows.append(relationshipFor(uuidFor(1, 2), pairFor(2, 1, 1), RelationshipStatus::Suggested));
    rows.append(relationshipFor(uuidFor(1, 3), pairFor(3, 1, 1), RelationshipStatus::Suggested));
    rows.append(relationshipFor(uuidFor(1, 4), pairFor(4, 1, 1), RelationshipStatus::Suggested));
    rows.append(relationshipFor(uuidFor(1, 5), pairFor(5, 1, 1), RelationshipStatus::Suggested));
    RelationshipStore store;
    store.adopt(std::move(rows), {});
    const qint64 day = 24 * 3600 * 1000;
    const qint64 nov3 = QDateTime(QDate(2026, 11, 3), QTime(12, 0)).toMSecsSinceEpoch();
    DecisionReason notAKey;
    notAKey.code = DecisionReason::Code::NotAKey;
    const QList<PairDecision> decisions = {
        // Row 0: rejected under another id in another list.
        decisionFor(pairFor(1, 1, 1), 7, uuidFor(2, 1), u"REJECTED"_s, nov3, notAKey),
        // Row 1: approved in one list and rejected in another: a conflict.
        decisionFor(pairFor(2, 1, 1), 7, uuidFor(2, 2), u"APPROVED"_s, nov3),
        decisionFor(pairFor(2, 1, 1), 8, uuidFor(3, 2), u"REJECTED"_s, nov3 + day),
        // Row 2: approved twice; the newest is shown.
        decisionFor(pairFor(3, 1, 1), 7, uuidFor(2, 3), u"APPROVED"_s, nov3),
        decisionFor(pairFor(3, 1, 1), 8, uuidFor(3, 3), u"APPROVED"_s, nov3 + day),
        // Row 3: put back to SUGGESTED: nothing to carry.
        decisionFor(pairFor(4, 1, 1), 7, uuidFor(2, 4), u"SUGGESTED"_s, nov3),
        // Another column name: not row 4's pair.
        decisionFor(pairFor(5, 1, 2), 7, uuidFor(2, 5), u"REJECTED"_s, nov3),
    };
    const auto table = EarlierTable::match(*store.snapshot(), decisions, 9);
    QVERIFY(table);
    QCOMPARE(table->size(), 5);
    QCOMPARE(table->mark(0), EarlierDecision::Rejected);
    QCOMPARE(table->at(0)->text(), u"rejected 2026-11-03: not a key"_s);
    QCOMPARE(table->mark(1), EarlierDecision::Conflict);
    QCOMPARE(table->at(1)->text(), u"earlier: approved and rejected"_s);
    QCOMPARE(table->at(1)->count, 2);
    QCOMPARE(table->mark(2), EarlierDecision::Approved);
    QCOMPARE(table->at(2)->text(), u"approved 2026-11-04"_s);
    QCOMPARE(table->mark(3), EarlierDecision::None);
    QVERIFY(!table->at(3));
    QCOMPARE(table->mark(4), EarlierDecision::None);
    QCOMPARE(table->markedRows(), 3);
}

void TestEarlierDecisions::aRowsOwnDecisionIsNotEarlier()
{
    RelationshipRows rows;
    rows.append(relationshipFor(uuidFor(1, 1), pairFor(1, 1, 1), RelationshipStatus::Suggested));
    RelationshipStore store;
    store.adopt(std::move(rows), {});
    // Decided in this very list (origin 9) on this very id: its own status shows it.
    const QList<PairDecision> own = {
        decisionFor(pairFor(1, 1, 1), 9, uuidFor(1, 1), u"REJECTED"_s, 1000)};
    QCOMPARE(EarlierTable::match(*store.snapshot(), own, 9)->mark(0), EarlierDecision::None);
    // The same id decided in another list counts; so does another id in this list.
    QCOMPARE(EarlierTable::match(*store.snapshot(), own, 10)->mark(0), EarlierDecision::Rejected);
    const QList<PairDecision> sibling = {
        decisionFor(pairFor(1, 1, 1), 9, uuidFor(1, 2), u"APPROVED"_s, 1000)};
    QCOMPARE(EarlierTable::match(*store.snapshot(), sibling, 9)->mark(0),
             EarlierDecision::Approved);
}

void TestEarlierDecisions::wasTermsParseAndComplete()
{
    const FilterQuery any = FilterQuery::parse(u"was:any"_s);
    QVERIFY(any.isValid());
    QCOMPARE(any.terms().size(), size_t(1));
    QCOMPARE(any.terms()[0].kind, FilterTerm::Kind::Was);
    QCOMPARE(any.terms()[0].earlier, quint8(0b1110));
    QCOMPARE(FilterQuery::parse(u"was:none"_s).terms()[0].earlier, quint8(0b0001));
    QCOMPARE(FilterQuery::parse(u"was:rej"_s).terms()[0].earlier, quint8(0b0100));
    QCOMPARE(FilterQuery::parse(u"was:approved,conflict"_s).terms()[0].earlier, quint8(0b1010));
    QVERIFY(FilterQuery::parse(u"-was:rejected"_s).terms()[0].negated);
    const FilterQuery bad = FilterQuery::parse(u"status:suggested was:maybe"_s);
    QVERIFY(!bad.isValid());
    QCOMPARE(bad.errorPosition(), 21);
    QVERIFY2(bad.errorMessage().contains(u"approved, rejected, conflict, any or none"_s),
             qPrintable(bad.errorMessage()));
    QVERIFY(!FilterQuery::parse(u"was:a"_s).isValid()); // approved or any
    QVERIFY(FilterQuery::termNames().contains(u"was:"_s));
    QCOMPARE(FilterQuery::wasValues(),
             (QStringList{u"approved"_s, u"rejected"_s, u"conflict"_s, u"any"_s, u"none"_s}));
    const FilterCompletion completion =
        FilterSuggestions::complete(u"status:suggested was:re"_s, 23, nullptr);
    QVERIFY2(completion.candidates.contains(u"was:rejected"_s),
             qPrintable(completion.candidates.join(u' ')));
}

void TestEarlierDecisions::wasTermsAgreeWithTheReference()
{
    QRandomGenerator random(1503);
    RelationshipRows rows;
    constexpr int Rows = 3000;
    const auto randomPair = [&random] {
        return pairFor(random.bounded(12), random.bounded(5), random.bounded(4));
    };
    for (int i = 0; i < Rows; ++i) {
        const auto status = RelationshipStatus(random.bounded(3));
        rows.append(relationshipFor(uuidFor(1, i), randomPair(), status));
    }
    RelationshipStore store;
    store.adopt(std::move(rows), {});
    ReferenceFilter::Earlier earlier;
    earlier.originId = 4;
    const QStringList statuses = {u"APPROVED"_s, u"REJECTED"_s, u"SUGGESTED"_s};
    for (int i = 0; i < 400; ++i) {
        // Some on the list's own rows (origin 4, same id), most on other ids and lists.
        const bool own = random.bounded(5) == 0;
        const int row = random.bounded(Rows);
        const Relationship r = store.rows().relationship(row);
        earlier.decisions.append(decisionFor(
            own ? ColumnPair{r.fromColumnId, r.toTableId, r.toColumnName} : randomPair(),
            own ? 4 : 1 + random.bounded(6), own ? r.id : uuidFor(2, i),
            statuses[random.bounded(3)], 1000 + i));
    }
    const QStringList queries = {
        u"was:approved"_s,
        u"was:rejected"_s,
        u"was:any"_s,
        u"was:none"_s,
        u"was:conflict"_s,
        u"-was:rejected"_s,
        u"status:suggested was:rejected"_s,
        u"was:approved,conflict"_s,
        u"-was:any status:approved"_s,
    };
    // Before the earlier decisions are known, no row was decided before.
    FilterColumns ownColumns(&store);
    FilterColumns* columns = &ownColumns;
    QCOMPARE(matchingRows(FilterEvaluation::run(FilterQuery::parse(u"was:any"_s), columns->data())),
             std::vector<int>{});
    store.earlier()->setTable(
        EarlierTable::match(*store.snapshot(), earlier.decisions, earlier.originId));
    int marked = 0;
    for (int row = 0; row < Rows; ++row)
        marked += ReferenceFilter::earlierMark(store, row, &earlier) != 0;
    QVERIFY2(marked > 100 && marked < Rows, qPrintable(QString::number(marked)));
    for (const QString& text : queries) {
        const FilterQuery query = FilterQuery::parse(text);
        QVERIFY2(query.isValid(), qPrintable(text));
        std::vector<int> reference;
        for (int row = 0; row < Rows; ++row) {
            if (ReferenceFilter::matches(query, store, row, &earlier))
                reference.push_back(row);
        }
        QVERIFY2(!reference.empty(), qPrintable(text));
        QVERIFY2(matchingRows(FilterEvaluation::run(query, columns->data())) == reference,
                 qPrintable(text));
        // And row by row, as after a decision.
        FilterMatches matches = FilterEvaluation::run(query, columns->data());
        std::vector<int> all(Rows);
        std::iota(all.begin(), all.end(), 0);
        std::fill(matches.byRow.begin(), matches.byRow.end(), quint8(0));
        matches.count = 0;
        FilterEvaluation::update(query, columns->data(), all, matches);
        QVERIFY2(matchingRows(matches) == reference, qPrintable(text));
    }
}

void TestEarlierDecisions::storeTakesOnlyItsOwnListsTable()
{
    RelationshipRows first;
    first.append(relationshipFor(uuidFor(1, 1), pairFor(1, 1, 1), RelationshipStatus::Suggested));
    RelationshipStore store;
    store.adopt(std::move(first), {});
    const auto table = EarlierTable::match(
        *store.snapshot(), {decisionFor(pairFor(1, 1, 1), 1, uuidFor(2, 1), u"REJECTED"_s, 1000)},
        2);
    RelationshipRows second;
    second.append(relationshipFor(uuidFor(1, 1), pairFor(1, 1, 1), RelationshipStatus::Suggested));
    store.adopt(std::move(second), {});
    EarlierDecisions* earlier = store.earlier();
    earlier->setTable(table); // of the list before: dropped
    QVERIFY(!earlier->table());
    QCOMPARE(earlier->mark(0), EarlierDecision::None);
    earlier->setTable(EarlierTable::match(
        *store.snapshot(), {decisionFor(pairFor(1, 1, 1), 1, uuidFor(2, 1), u"REJECTED"_s, 1000)},
        2));
    QCOMPARE(earlier->mark(0), EarlierDecision::Rejected);
    RelationshipRows third;
    store.adopt(std::move(third), {});
    QVERIFY(!earlier->table()); // a new list starts without
}

void TestEarlierDecisions::journalKeepsPairsAndReasons()
{
    QTemporaryDir dir;
    DecisionJournal journal(dir.filePath(u"journal.sqlite3"_s));
    QVERIFY2(journal.open(), qPrintable(journal.lastError()));
    const qint64 a = journal.ensureOrigin(snapshotOrigin(u"a"_s));
    const qint64 b = journal.ensureOrigin(snapshotOrigin(u"b"_s));
    NewDecision first;
    first.relationshipId = uuidFor(1, 1);
    first.status = u"REJECTED"_s;
    first.pair = pairFor(1, 2, 3);
    first.reason.code = DecisionReason::Code::NotAKey;
    first.createdMs = 1000;
    NewDecision later = first; // the same relationship decided again: only the newest counts
    later.status = u"APPROVED"_s;
    later.reason = {};
    later.createdMs = 2000;
    NewDecision elsewhere = first; // the same pair under another id in another snapshot
    elsewhere.relationshipId = uuidFor(1, 2);
    elsewhere.createdMs = 1500;
    NewDecision noPair;
    noPair.relationshipId = uuidFor(1, 3);
    noPair.status = u"REJECTED"_s;
    const QList<qint64> ids = journal.record(a, {first, later, noPair});
    QCOMPARE(ids.size(), 3);
    QCOMPARE(journal.record(b, {elsewhere}).size(), 1);

    const std::optional<DecisionRecord> read = journal.decision(ids[0]);
    QVERIFY(read);
    QCOMPARE(read->pair, pairFor(1, 2, 3));
    QCOMPARE(read->reason.code, DecisionReason::Code::NotAKey);
    QVERIFY(journal.decision(ids[2])->pair.isNull());

    QList<PairDecision> pairs = journal.pairDecisions();
    std::sort(pairs.begin(), pairs.end(),
              [](const auto& x, const auto& y) { return x.originId < y.originId; });
    QCOMPARE(pairs.size(), 2);
    QCOMPARE(pairs[0].originId, a);
    QCOMPARE(pairs[0].status, u"APPROVED"_s); // the newest on that relationship
    QCOMPARE(pairs[1].originId, b);
    QCOMPARE(pairs[1].relationshipId, uuidFor(1, 2));
    QCOMPARE(pairs[1].pair, pairFor(1, 2, 3));
    QCOMPARE(pairs[1].reason.code, DecisionReason::Code::NotAKey);

    DecisionReason why;
    why.code = DecisionReason::Code::Other;
    why.text = u"checked the data"_s;
    QVERIFY(journal.setReason({ids[1]}, why));
    QCOMPARE(journal.decision(ids[1])->reason, why);
    QVERIFY(journal.setReason({ids[1]}, {}));
    QVERIFY(journal.decision(ids[1])->reason.isEmpty());
    QCOMPARE(journal.relationshipsWithoutPair(), QList<QUuid>{uuidFor(1, 3)});
}

void TestEarlierDecisions::oldJournalGainsPairColumnsAndFillsThemWhenSeen()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"journal.sqlite3"_s);
    // A journal at schema 2 as it was before pairs and reasons: no such columns.
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"v2"_s);
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery query(db);
        for (const QString& statement : {
                 u"CREATE TABLE schema_version (version INTEGER NOT NULL)"_s,
                 u"INSERT INTO schema_version VALUES (2)"_s,
                 u"CREATE TABLE origins (id INTEGER PRIMARY KEY AUTOINCREMENT, origin_key TEXT "
                 "NOT NULL UNIQUE, kind TEXT NOT NULL, label TEXT NOT NULL DEFAULT '', base_url "
                 "TEXT NOT NULL DEFAULT '', integration_source_id TEXT NOT NULL DEFAULT '', "
                 "scope_json TEXT NOT NULL DEFAULT '{}', snapshot_path TEXT NOT NULL DEFAULT '', "
                 "created_ms INTEGER NOT NULL)"_s,
                 u"CREATE TABLE decisions (id INTEGER PRIMARY KEY AUTOINCREMENT, origin_id "
                 "INTEGER NOT NULL, relationship_id BLOB NOT NULL, new_status TEXT NOT NULL, "
                 "previous_status TEXT NOT NULL DEFAULT '', created_ms INTEGER NOT NULL, state "
                 "TEXT NOT NULL DEFAULT 'pending', attempts INTEGER NOT NULL DEFAULT 0, "
                 "last_error TEXT NOT NULL DEFAULT '', server_updated_ms INTEGER NOT NULL "
                 "DEFAULT 0, step_id INTEGER NOT NULL DEFAULT 0, confirmed_updated_ms INTEGER "
                 "NOT NULL DEFAULT 0)"_s,
                 u"CREATE INDEX decisions_by_relationship ON decisions (origin_id, "
                 "relationship_id, created_ms)"_s,
                 u"INSERT INTO origins (origin_key, kind, created_ms) VALUES ('snapshot:old', "
                 "'snapshot', 1)"_s,
             })
            QVERIFY2(query.exec(statement), qPrintable(statement));
        query.prepare(u"INSERT INTO decisions (origin_id, relationship_id, new_status, "
                      "created_ms, state) VALUES (1, ?, 'REJECTED', 5, 'confirmed')"_s);
        query.addBindValue(uuidFor(1, 7).toRfc4122());
        QVERIFY(query.exec());
    }
    QSqlDatabase::removeDatabase(u"v2"_s);

    DecisionJournal journal(path);
    QVERIFY2(journal.open(), qPrintable(journal.lastError()));
    QCOMPARE(journal.schemaVersionOnDisk(), 2); // columns added without a new version
    const qint64 origin = *journal.originIdForKey(u"snapshot:old"_s);
    const QList<DecisionRecord> kept = journal.decisions(origin);
    QCOMPARE(kept.size(), 1);
    QCOMPARE(kept[0].status, u"REJECTED"_s);
    QVERIFY(kept[0].pair.isNull());
    QVERIFY(kept[0].reason.isEmpty());
    QVERIFY(journal.pairDecisions().isEmpty()); // unmatched until seen
    QCOMPARE(journal.relationshipsWithoutPair(), QList<QUuid>{uuidFor(1, 7)});

    // A list with that relationship (under its old id) and the same pair under a new id.
    RelationshipRows rows;
    rows.append(relationshipFor(uuidFor(1, 7), pairFor(1, 1, 1), RelationshipStatus::Rejected));
    rows.append(relationshipFor(uuidFor(9, 7), pairFor(1, 1, 1), RelationshipStatus::Suggested));
    RelationshipStore store;
    store.adopt(std::move(rows), {});
    const qint64 newList = journal.ensureOrigin(snapshotOrigin(u"new"_s));
    const auto table = CarriedForward::compute(journal, *store.snapshot(), newList);
    QVERIFY(table);
    QCOMPARE(journal.decision(kept[0].id)->pair, pairFor(1, 1, 1)); // filled in
    QVERIFY(journal.relationshipsWithoutPair().isEmpty());
    QCOMPARE(table->mark(1), EarlierDecision::Rejected); // the new id carries it
    QCOMPARE(table->mark(0), EarlierDecision::Rejected); // decided in another list

    // Opening again takes no upgrade, and an older program's insert without the new columns
    // still works.
    DecisionJournal again(path);
    QVERIFY(again.open());
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"older"_s);
    db.setDatabaseName(path);
    QVERIFY(db.open());
    QSqlQuery insert(db);
    QVERIFY(insert.exec(u"INSERT INTO decisions (origin_id, relationship_id, new_status, "
                        "created_ms) VALUES (1, x'00112233445566778899aabbccddeeff', "
                        "'APPROVED', 9)"_s));
    db.close();
    db = QSqlDatabase();
    QSqlDatabase::removeDatabase(u"older"_s);
    QCOMPARE(again.relationshipsWithoutPair().size(), 1);
}

void TestEarlierDecisions::carriedForwardComputesFromTheJournal()
{
    QTemporaryDir dir;
    DecisionJournal journal(dir.filePath(u"journal.sqlite3"_s));
    QVERIFY(journal.open());
    const qint64 old = journal.ensureOrigin(snapshotOrigin(u"old"_s));
    const qint64 current = journal.ensureOrigin(snapshotOrigin(u"current"_s));
    QList<NewDecision> earlier;
    for (int i = 0; i < 20; ++i) {
        NewDecision d;
        d.relationshipId = uuidFor(2, i);
        d.status = i % 2 ? u"APPROVED"_s : u"REJECTED"_s;
        d.pair = pairFor(i, 1, 1);
        d.reason.code = DecisionReason::Code::TypeMismatch;
        earlier.append(d);
    }
    QCOMPARE(journal.record(old, earlier).size(), 20);
    RelationshipRows rows;
    for (int i = 0; i < 40; ++i)
        rows.append(
            relationshipFor(uuidFor(3, i), pairFor(i, 1, 1), RelationshipStatus::Suggested));
    RelationshipStore store;
    store.adopt(std::move(rows), {});
    const auto table = CarriedForward::compute(journal, *store.snapshot(), current);
    for (int i = 0; i < 40; ++i) {
        const EarlierDecision::Mark expected = i >= 20      ? EarlierDecision::None
                                               : i % 2 == 1 ? EarlierDecision::Approved
                                                            : EarlierDecision::Rejected;
        QCOMPARE(table->mark(i), expected);
    }
    QVERIFY(table->at(0)->text().endsWith(u": type mismatch"_s));
}

QTEST_GUILESS_MAIN(TestEarlierDecisions)
#include "tst_earlierdecisions.moc"
