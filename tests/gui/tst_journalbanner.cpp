// The main window when the decision journal cannot be opened: a banner says so and stays,
// decisions are refused (the keys leave the row alone and say why) until the analyst agrees to
// hold them in memory, and Retry, once the journal can be opened, brings the decisions held
// meanwhile into it and takes the banner away. Nothing is ever lost silently.
#include "DecisionJournal.h"
#include "DevServerProcess.h"
#include "JournalBanner.h"
#include "MainWindow.h"
#include "RelationshipStore.h"
#include "RelationshipTableModel.h"
#include "ReviewSession.h"
#include "SyncEngine.h"

#include <QAbstractButton>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

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
    QByteArray m_previousDataDir;
    std::unique_ptr<RelationshipStore> m_store;
    std::unique_ptr<ReviewSession> m_session;
    std::unique_ptr<MainWindow> m_window;
};

void TestJournalBanner::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_previousDataDir = qgetenv(DecisionJournal::DataDirVariable);
    DevServerProcess::Options options;
    options.generate = 40;
    QVERIFY2(m_server.start(options), qPrintable(m_server.errorString()));
}

void TestJournalBanner::cleanup()
{
    m_window.reset();
    m_session.reset();
    m_store.reset();
    qputenv(DecisionJournal::DataDirVariable, m_previousDataDir);
}

void TestJournalBanner::openWindow(const QString& dataDir)
{
    qputenv(DecisionJournal::DataDirVariable, QFile::encodeName(dataDir));
    m_store = std::make_unique<RelationshipStore>();
    m_session = std::make_unique<ReviewSession>(m_store.get());
    ConnectionProfile profile;
    profile.baseUrl = m_server.baseUrl();
    profile.integrationSourceId = m_server.sourceId();
    m_session->setProfile(profile);
    m_session->setToken(m_server.token());
    m_window = std::make_unique<MainWindow>(m_session.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QSignalSpy loaded(m_session.get(), &ReviewSession::loadFinished);
    m_session->loadLive();
    QVERIFY(loaded.wait(30000));
    QVERIFY(loaded.constFirst().at(0).toBool());
}

int TestJournalBanner::suggestedRow() const
{
    const RelationshipTableModel* model = m_window->model();
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
    const QModelIndex index = m_window->model()->index(row, 0);
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

    auto* banner = m_window->findChild<JournalBanner*>(u"journalBanner"_s);
    QVERIFY(banner);
    QVERIFY(banner->isVisible());
    QVERIFY2(banner->text().contains(u"cannot be opened"_s), qPrintable(banner->text()));
    QVERIFY2(banner->text().contains(blocker), qPrintable(banner->text())); // the reason, named
    auto* hold = banner->findChild<QPushButton*>(u"journalHoldInMemoryButton"_s);
    auto* retry = banner->findChild<QPushButton*>(u"journalRetryButton"_s);
    QVERIFY(hold && hold->isVisible());
    QVERIFY(retry && retry->isVisible());

    // A refused decision: the row stays as it was, nothing is sent, and the window says why.
    QTableView* table = m_window->table();
    const int row = suggestedRow();
    QVERIFY(row >= 0);
    table->setFocus();
    table->setCurrentIndex(m_window->model()->index(row, 0));
    table->selectRow(row);
    const QUuid id =
        m_window->model()->index(row, 0).data(RelationshipTableModel::RelationshipIdRole).toUuid();
    const QString before = statusOf(row);
    m_server.clearRequests();
    QTest::keyClick(table, Qt::Key_A);
    QCOMPARE(statusOf(m_window->model()->viewRow(m_store->rows().rowOf(id).value())), before);
    QVERIFY2(m_window->statusBar()->currentMessage().contains(u"Not recorded"_s),
             qPrintable(m_window->statusBar()->currentMessage()));
    QCOMPARE(m_server.relationship(id).value(u"status"_s).toString(), u"SUGGESTED"_s);
    // Other status-bar messages come and go; the banner stays.
    m_window->statusBar()->showMessage(u"something else"_s);
    QVERIFY(banner->isVisible());

    // Retry while it is still broken: still refused, still said.
    QTest::mouseClick(retry, Qt::LeftButton);
    QVERIFY(banner->isVisible());
    QCOMPARE(m_session->journalState(), ReviewSession::JournalState::Unavailable);

    // The analyst agrees to hold decisions in memory: A now decides, and the banner says that
    // they will be lost on exit.
    QTest::mouseClick(hold, Qt::LeftButton);
    QCOMPARE(m_session->journalState(), ReviewSession::JournalState::HeldInMemory);
    QVERIFY(banner->isVisible());
    QVERIFY2(banner->text().contains(u"held in memory"_s), qPrintable(banner->text()));
    QVERIFY2(banner->text().contains(u"lost when relreview exits"_s), qPrintable(banner->text()));
    QVERIFY(!hold->isVisible());
    QVERIFY(retry->isVisible());
    const int viewRow = m_window->model()->viewRow(m_store->rows().rowOf(id).value());
    table->setFocus();
    table->setCurrentIndex(m_window->model()->index(viewRow, 0));
    table->selectRow(viewRow);
    QTest::keyClick(table, Qt::Key_A);
    const int storeRow = m_store->rows().rowOf(id).value();
    QCOMPARE(m_store->effectiveStatus(storeRow), RelationshipStatus::Approved);
    QTRY_COMPARE_WITH_TIMEOUT(m_server.relationship(id).value(u"status"_s).toString(),
                              u"APPROVED"_s, 20000);

    // The folder is fixed: Retry opens the journal, the banner goes, and the decision held in
    // memory is in the journal now.
    QVERIFY(QFile::remove(blocker));
    QTest::mouseClick(retry, Qt::LeftButton);
    QCOMPARE(m_session->journalState(), ReviewSession::JournalState::Durable);
    QVERIFY(!banner->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(!m_session->syncEngine()->isBusy(), 20000);
    {
        DecisionJournal journal(QDir(blocker).filePath(u"journal.sqlite3"_s));
        QVERIFY2(journal.open(), qPrintable(journal.lastError()));
        const std::optional<qint64> origin =
            journal.originIdForKey(m_session->syncEngine()->origin().key);
        QVERIFY(origin);
        const std::optional<DecisionRecord> kept = journal.latestFor(*origin, id);
        QVERIFY(kept);
        QCOMPARE(kept->status, u"APPROVED"_s);
    }

    // And decisions are durable from now on.
    const int next = suggestedRow();
    QVERIFY(next >= 0);
    const QUuid nextId =
        m_window->model()->index(next, 0).data(RelationshipTableModel::RelationshipIdRole).toUuid();
    table->setFocus();
    table->setCurrentIndex(m_window->model()->index(next, 0));
    table->selectRow(next);
    QTest::keyClick(table, Qt::Key_R);
    QCOMPARE(m_store->effectiveStatus(m_store->rows().rowOf(nextId).value()),
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
    auto* banner = m_window->findChild<JournalBanner*>(u"journalBanner"_s);
    QVERIFY(banner);
    QVERIFY(banner->isVisible());
    QVERIFY2(banner->text().contains(path), qPrintable(banner->text()));
    QCOMPARE(m_session->journalState(), ReviewSession::JournalState::Unavailable);
    // The file is left alone.
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray(8192, 'x'));
}

namespace {

// Answers the question the window asks next (a modal QMessageBox) with the button so labelled.
void answerNextQuestion(const QString& button)
{
    auto* timer = new QTimer;
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, button] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        if (!box)
            return;
        for (QAbstractButton* candidate : box->buttons()) {
            if (candidate->text() == button) {
                timer->deleteLater();
                candidate->click();
                return;
            }
        }
    });
    timer->start();
}

} // namespace

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
    QVERIFY(m_session->holdDecisionsInMemory());
    // The server stops taking the token: the decision stays unconfirmed.
    const QString token = m_server.token();
    QVERIFY(m_server.configure(QJsonObject{{u"token"_s, u"another-token"_s}}));
    const int row = suggestedRow();
    QVERIFY(row >= 0);
    QTableView* table = m_window->table();
    table->setFocus();
    table->setCurrentIndex(m_window->model()->index(row, 0));
    table->selectRow(row);
    QTest::keyClick(table, Qt::Key_A);
    QTRY_VERIFY_WITH_TIMEOUT(m_session->isPausedForToken(), 20000);
    QCOMPARE(m_session->decisionsLostOnExit(), 1);

    answerNextQuestion(u"Keep relreview open"_s);
    QVERIFY(!m_window->close());
    QVERIFY(m_window->isVisible());

    answerNextQuestion(u"Quit and lose them"_s);
    QVERIFY(m_window->close());
    QVERIFY(!m_window->isVisible());
    QVERIFY(m_server.configure(QJsonObject{{u"token"_s, token}}));
}

QTEST_MAIN(TestJournalBanner)
#include "tst_journalbanner.moc"
