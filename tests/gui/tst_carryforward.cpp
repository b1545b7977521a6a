// Remembering across pipeline runs in the window: R then a number key gives the rejection a
// reason (status bar hint, inspector, history); a second snapshot of the same relationships
// under new ids shows the earlier decisions on their rows (table, inspector, history) and the
// was: filter finds them. Offline: two snapshot files, one journal.

#include "DecisionNotes.h"
#include "EarlierDecisions.h"
#include "HistoryPanel.h"
#include "MainWindowFixture.h"
#include "RelationshipParser.h"
#include "RelationshipTableModel.h"
#include "ReviewHistory.h"
#include "ReviewSession.h"
#include "SnapshotWriter.h"
#include "SyncEngine.h"
#include "TestData.h"
#include "TriageController.h"

#include <QComboBox>
#include <QTableView>
#include <QTest>
#include <QTreeView>

using namespace Qt::StringLiterals;

namespace {

// The same relationships under new ids, all SUGGESTED again: the pipeline's next run.
QString writeRerun(const QString& from, const QString& path)
{
    const RelationshipParser::Result parsed = RelationshipParser::parseFile(from);
    if (!parsed.ok)
        return {};
    RelationshipRows rows;
    for (int i = 0; i < parsed.document.rows.size(); ++i) {
        Relationship r = parsed.document.rows.relationship(i);
        r.id = QUuid::createUuid();
        r.status = RelationshipStatus::Suggested;
        r.statusText = u"SUGGESTED"_s;
        rows.append(r);
    }
    QString error;
    return SnapshotWriter::writeFile(path, rows, parsed.document.catalog,
                                     parsed.document.header.source, &error)
               ? path
               : QString();
}

QString pairOf(const RelationshipStore& store, int row)
{
    const RelationshipRow& r = store.rows().row(row);
    return r.fromColumnId.toString() + r.toTableId.toString() + store.rows().toColumnName(row);
}

} // namespace

class TestCarryForward : public QObject
{
    Q_OBJECT

private slots:
    void reasonKeyThenCarriedForwardToTheNextRun();
};

void TestCarryForward::reasonKeyThenCarriedForwardToTheNextRun()
{
    MainWindowFixture window;
    QVERIFY(window.start());
    const QString first = TestData::writeDemoSnapshot(window.scratch(), 60);
    QVERIFY(!first.isEmpty());
    const QString second = writeRerun(first, window.scratch().filePath(u"rerun.json"_s));
    QVERIFY(!second.isEmpty());
    QVERIFY2(window.openSnapshot(first), qPrintable(window.lastLoadMessage()));

    // A SUGGESTED row whose pair no other row of the list has.
    int viewRow = -1;
    for (int row = 0; row < window.rowCount() && viewRow < 0; ++row) {
        const int storeRow = window.storeRow(row);
        if (window.store()->effectiveStatus(storeRow) != RelationshipStatus::Suggested)
            continue;
        int same = 0;
        for (int other = 0; other < window.store()->size(); ++other)
            same += pairOf(*window.store(), other) == pairOf(*window.store(), storeRow);
        if (same == 1)
            viewRow = row;
    }
    QVERIFY(viewRow >= 0);
    const QUuid id = window.idAt(viewRow);
    const QString pair = pairOf(*window.store(), window.storeRow(viewRow));

    window.focusRow(viewRow);
    QTest::keyClick(window.table(), Qt::Key_R); // rejects at once, as always
    QTRY_COMPARE(window.store()->effectiveStatus(*window.store()->rows().rowOf(id)),
                 RelationshipStatus::Rejected);
    QVERIFY(window.triage()->reasonKeysActive());
    QVERIFY2(window.statusMessage().contains(u"2 wrong direction"_s),
             qPrintable(window.statusMessage()));
    QTest::keyClick(window.table(), Qt::Key_2);
    QTRY_VERIFY2(window.statusMessage().contains(u"wrong direction"_s) &&
                     window.statusMessage().contains(u"kept"_s),
                 qPrintable(window.statusMessage()));

    // History: the step names its reason.
    QCOMPARE(window.history()->stepCount(), 1);
    QCOMPARE(window.history()->stepState(0).reason.code, DecisionReason::Code::WrongDirection);
    const QModelIndex step = window.historyPanel()->model()->index(1, HistoryModel::StepColumn);
    QTRY_VERIFY2(step.data().toString().contains(u"wrong direction"_s),
                 qPrintable(step.data().toString()));
    // Inspector: back on the rejected row (R moved on), its reason shows in the control.
    DecisionNotes* notes = window.window()->decisionNotes();
    QVERIFY(notes);
    window.focusRow(window.viewRowOf(id));
    QTRY_COMPARE(notes->shownRow(), *window.store()->rows().rowOf(id));
    QCOMPARE(DecisionReason::Code(notes->reasonBox()->currentData().toInt()),
             DecisionReason::Code::WrongDirection);
    QVERIFY(notes->reasonBox()->isEnabled());
    // Changed from the inspector: the journal has it.
    notes->reasonBox()->setCurrentIndex(
        notes->reasonBox()->findData(int(DecisionReason::Code::NotAKey)));
    emit notes->reasonBox()->activated(notes->reasonBox()->currentIndex());
    const std::optional<DecisionRecord> record =
        window.session()->journal()->latestFor(window.session()->syncEngine()->originId(), id);
    QVERIFY(record);
    QCOMPARE(record->reason.code, DecisionReason::Code::NotAKey);
    QTRY_VERIFY(step.data().toString().contains(u"not a key"_s));

    // The next run: the same link under a new id shows what was decided before.
    QVERIFY2(window.openSnapshot(second), qPrintable(window.lastLoadMessage()));
    EarlierDecisions* earlier = window.store()->earlier();
    QTRY_VERIFY(earlier->table());
    int again = -1;
    for (int row = 0; row < window.store()->size(); ++row) {
        if (pairOf(*window.store(), row) == pair)
            again = row;
    }
    QVERIFY(again >= 0);
    QVERIFY(window.store()->rows().row(again).id != id);
    const QString expected =
        u"rejected %1: not a key"_s.arg(QDate::currentDate().toString(Qt::ISODate));
    const int shownRow = window.model()->viewRow(again);
    const QModelIndex status =
        window.model()->index(shownRow, RelationshipTableModel::StatusColumn);
    QTRY_COMPARE(status.data(RelationshipTableModel::EarlierDecisionRole).toString(), expected);
    QVERIFY(status.data(Qt::ToolTipRole).toString().contains(expected));
    window.focusRow(shownRow);
    QTRY_COMPARE(notes->earlierText(), expected);
    QVERIFY(!notes->reasonBox()->isEnabled()); // not decided in this snapshot yet
    // A row decided nowhere before shows nothing.
    const int otherRow = window.storeRow(shownRow == 0 ? 1 : 0);
    QCOMPARE(window.model()
                 ->index(window.model()->viewRow(otherRow), RelationshipTableModel::StatusColumn)
                 .data(RelationshipTableModel::EarlierDecisionRole)
                 .toString(),
             QString());

    // was:rejected finds exactly it; the history of a step on it names what came before.
    QVERIFY(window.applyFilter(u"was:rejected"_s));
    QTRY_COMPARE(window.rowCount(), 1);
    QCOMPARE(window.idAt(0), window.store()->rows().row(again).id);
    QVERIFY(window.applyFilter(u"was:none"_s));
    QTRY_COMPARE(window.rowCount(), window.store()->size() - 1);
    QVERIFY(window.applyFilter(u"was:rejected"_s));
    window.focusRow(0);
    QTest::keyClick(window.table(), Qt::Key_R);
    QTRY_COMPARE(window.history()->stepCount(), 1);
    const QModelIndex rerunStep =
        window.historyPanel()->model()->index(1, HistoryModel::StepColumn);
    QTRY_VERIFY2(rerunStep.data().toString().contains(u"before: "_s + expected),
                 qPrintable(rerunStep.data().toString()));
}

QTEST_MAIN(TestCarryForward)
#include "tst_carryforward.moc"
