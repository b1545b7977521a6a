// The main window when the decision journal cannot be opened: a banner says so and stays,
// decisions are refused (the keys leave the row alone and say why) until the analyst agrees to
// hold them in memory, and Retry, once the journal can be opened, brings the decisions held
// meanwhile into it and takes the banner away. Nothing is ever lost silently.
#include "DecisionJournal.h"
#include "DevServerProcess.h"
#include "JournalBanner.h"
#include "MainWindow.h"
#include "MainWindowFixture.h"
#include "RelationshipStore.h"
#include "RelationshipTableModel.h"
#include "ReviewSession.h"
#include "SyncEngine.h"

#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestJournalBanner : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void unopenableJournalRefusesDecisionsUntilHeldOrFixed();
    void aJournalThatIsNotSqliteIsNamedInTheBanner();
    void quittingWithHeldDecisionsAsksFirst();

private:
    void openWindow(const QString& dataDir);
    int suggestedRow() const;
    QString statusOf(int row) const;

    DevServerProcess m_server;
    QTemporaryDir m_dir;
    std::unique_ptr<MainWindowFixture> m_fx;
};

void TestJournalBanner::initTestCase()
{
    QVERIFY(m_dir.isValid());
    DevServerProcess::Options options;
    options.generate = 40;
    QVERIFY2(m_server.start(options), qPrintable(m_server.errorString()));
}

void TestJournalBanner::cleanup()
{
    m_fx.reset();
}

void TestJournalBanner::openWindow(const QString& dataDir)
{
    MainWindowFixture::Options options;
    options.dataDir = dataDir;
    m_fx = std::make_unique<MainWindowFixture>(options);
    QVERIFY(m_fx->start(&m_server));
    QVERIFY2(m_fx->loadLive(), qPrintable(m_fx->lastLoadMessage()));
}

int TestJournalBanner::suggestedRow() const
{
    const RelationshipTableModel* model = m_fx->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, 0).data(RelationshipTableModel::EffectiveStatusRole).toInt() ==
                int(RelationshipStatus::Suggested) &&
            model->index(row, 0).data(RelationshipTableModel::DeliveryStateRole).toInt() ==
                int(DeliveryState::None))
            return row;
    }
    return -1;
}

QString TestJournalBanner::statusOf(int row) const
{
    const QModelIndex index = m_fx->model()->index(row, 0);
    return QString::number(index.data(RelationshipTableModel::EffectiveStatusRole).toInt()) + u'/' +
           QString::number(index.data(RelationshipTableModel::DeliveryStateRole).toInt());
}

void TestJournalBanner::unopenableJournalRefusesDecisionsUntilHeldOrFixed()
{
    // The data folder's place is taken by a file: the journal cannot be created there.
    const QString blocker = m_dir.filePath(u"taken"_s);
    {
        QFile file(blocker);
        QVERIFY(file.open(QIODevice::WriteOnly));
    }
    openWindow(blocker);

    auto* banner = m_fx->window()->findChild<JournalBanner*>(u"journalBanner"_s);
    QVERIFY(banner);
    QVERIFY(banner->isVisible());
    QVERIFY2(banner->text().contains(u"cannot be opened"_s), qPrintable(banner->text()));
    QVERIFY2(banner->text().contains(blocker), qPrintable(banner->text())); // the reason, named
    auto* hold = banner->findChild<QPushButton*>(u"journalHoldInMemoryButton"_s);
    auto* retry = banner->findChild<QPushButton*>(u"journalRetryButton"_s);
    QVERIFY(hold && hold->isVisible());
    QVERIFY(retry && retry->isVisible());

    // A refused decision: the row stays as it was, nothing is sent, and the window says why.
    QTableView* table = m_fx->table();
    const int row = suggestedRow();
    QVERIFY(row >= 0);
    table->setFocus();
    table->setCurrentIndex(m_fx->model()->index(row, 0));
    table->selectRow(row);
    const QUuid id =
        m_fx->model()->index(row, 0).data(RelationshipTableModel::RelationshipIdRole).toUuid();
    const QString before = statusOf(row);
    m_server.clearRequests();
    QTest::keyClick(table, Qt::Key_A);
    QCOMPARE(statusOf(m_fx->model()->viewRow(m_fx->store()->rows().rowOf(id).value())), before);
    QVERIFY2(m_fx->statusMessage().contains(u"Not recorded"_s), qPrintable(m_fx->statusMessage()));
    QCOMPARE(m_server.relationship(id).value(u"status"_s).toString(), u"SUGGESTED"_s);
    // Other status-bar messages come and go; the banner stays.
    m_fx->window()->statusBar()->showMessage(u"something else"_s);
    QVERIFY(banner->isVisible());

    // Retry while it is still broken: still refused, still said.
    QTest::mouseClick(retry, Qt::LeftButton);
    QVERIFY(banner->isVisible());
    QCOMPARE(m_fx->session()->journalState(), ReviewSession::JournalState::Unavailable);

    // The analyst agrees to hold decisions in memory: A now decides, and the banner says that
    // they will be lost on exit.
    QTest::mouseClick(hold, Qt::LeftButton);
    QCOMPARE(m_fx->session()->journalState(), ReviewSession::JournalState::HeldInMemory);
    QVERIFY(banner->isVisible());
    QVERIFY2(banner->text().contains(u"held in memory"_s), qPrintable(banner->text()));
    QVERIFY2(banner->text().contains(u"lost when relreview exits"_s), qPrintable(banner->text()));
    QVERIFY(!hold->isVisible());
    QVERIFY(retry->isVisible());
    const int viewRow = m_fx->model()->viewRow(m_fx->store()->rows().rowOf(id).value());
    table->setFocus();
    table->setCurrentIndex(m_fx->model()->index(viewRow, 0));
    table->selectRow(viewRow);
    QTest::keyClick(table, Qt::Key_A);
    const int storeRow = m_fx->store()->rows().rowOf(id).value();
    QCOMPARE(m_fx->store()->effectiveStatus(storeRow), RelationshipStatus::Approved);
    QTRY_COMPARE_WITH_TIMEOUT(m_server.relationship(id).value(u"status"_s).toString(),
                              u"APPROVED"_s, 20000);

    // The folder is fixed: Retry opens the journal, the banner goes, and the decision held in
    // memory is in the journal now.
    QVERIFY(QFile::remove(blocker));
    QTest::mouseClick(retry, Qt::LeftButton);
    QCOMPARE(m_fx->session()->journalState(), ReviewSession::JournalState::Durable);
    QVERIFY(!banner->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(!m_fx->session()->syncEngine()->isBusy(), 20000);
    {
        DecisionJournal journal(QDir(blocker).filePath(u"journal.sqlite3"_s));
        QVERIFY2(journal.open(), qPrintable(journal.lastError()));
        const std::optional<qint64> origin =
            journal.originIdForKey(m_fx->session()->syncEngine()->origin().key);
        QVERIFY(origin);
        const std::optional<DecisionRecord> kept = journal.latestFor(*origin, id);
        QVERIFY(kept);
        QCOMPARE(kept->status, u"APPROVED"_s);
    }

    // And decisions are durable from now on.
    const int next = suggestedRow();
    QVERIFY(next >= 0);
    const QUuid nextId =
        m_fx->model()->index(next, 0).data(RelationshipTableModel::RelationshipIdRole).toUuid();
    table->setFocus();
    table->setCurrentIndex(m_fx->model()->index(next, 0));
    table->selectRow(next);
    QTest::keyClick(table, Qt::Key_R);
    QCOMPARE(m_fx->store()->effectiveStatus(m_fx->store()->rows().rowOf(nextId).value()),
             RelationshipStatus::Rejected);
    QTRY_COMPARE_WITH_TIMEOUT(m_server.relationship(nextId).value(u"status"_s).toString(),
                              u"REJECTED"_s, 20000);
}

void TestJournalBanner::aJournalThatIsNotSqliteIsNamedInTheBanner()
{
    const QString dataDir = m_dir.filePath(u"garbage"_s);
    QVERIFY(QDir().mkpath(dataDir));
    const QString path = QDir(dataDir).filePath(u"journal.sqlite3"_s);
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(8192, 'x'));
    }
    openWindow(dataDir);
    auto* banner = m_fx->window()->findChild<JournalBanner*>(u"journalBanner"_s);
    QVERIFY(banner);
    QVERIFY(banner->isVisible());
    QVERIFY2(banner->text().contains(path), qPrintable(banner->text()));
    QCOMPARE(m_fx->session()->journalState(), ReviewSession::JournalState::Unavailable);
    // The file is left alone.
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray(8192, 'x'));
}

// Decisions held in memory that the server has not confirmed: quitting asks first, and the
// analyst can stay.
void TestJournalBanner::quittingWithHeldDecisionsAsksFirst()
{
    const QString blocker = m_dir.filePath(u"taken-again"_s);
    {
        QFile file(blocker);
        QVERIFY(file.open(QIODevice::WriteOnly));
    }
    openWindow(blocker);
    QVERIFY(m_fx->session()->holdDecisionsInMemory());
    // The server stops taking the token: the decision stays unconfirmed.
    const QString token = m_server.token();
    QVERIFY(m_server.configure(QJsonObject{{u"token"_s, u"another-token"_s}}));
    const int row = suggestedRow();
    QVERIFY(row >= 0);
    QTableView* table = m_fx->table();
    table->setFocus();
    table->setCurrentIndex(m_fx->model()->index(row, 0));
    table->selectRow(row);
    QTest::keyClick(table, Qt::Key_A);
    QTRY_VERIFY_WITH_TIMEOUT(m_fx->session()->isPausedForToken(), 20000);
    QCOMPARE(m_fx->session()->decisionsLostOnExit(), 1);

    MainWindowFixture::answerNextMessageBox(u"Keep relreview open"_s);
    QVERIFY(!m_fx->close());
    QVERIFY(m_fx->window()->isVisible());

    MainWindowFixture::answerNextMessageBox(u"Quit and lose them"_s);
    QVERIFY(m_fx->close());
    QVERIFY(!m_fx->window()->isVisible());
    QVERIFY(m_server.configure(QJsonObject{{u"token"_s, token}}));
}

QTEST_MAIN(TestJournalBanner)
#include "tst_journalbanner.moc"
