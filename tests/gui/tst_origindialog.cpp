// The main window asks before a snapshot's decisions (and the token) go to the server the
// snapshot names, once per origin; a refusal sends nothing. The Connection dialog does not carry
// the token to a new base URL. Against two development servers: "home" (the token's) and
// "other" (127.0.0.2, named by the snapshot).
#include "ConnectionDialog.h"
#include "CredentialStore.h"
#include "DevServerProcess.h"
#include "MainWindow.h"
#include "OriginConfirmationDialog.h"
#include "RelationshipStore.h"
#include "ReviewSession.h"
#include "SyncEngine.h"
#include "TestData.h"

#include <QAbstractButton>
#include <QAction>
#include <QCryptographicHash>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

class TestOriginDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void refusalSendsNothingAndIsNotAskedAgain();
    void agreeingSendsThereAndIsAskedOnce();
    void snapshotOfTheTokensOwnServerIsNotAsked();
    void snapshotNamingPlainHttpElsewhereIsRefused();
    void newBaseUrlWithAnEmptyTokenFieldGetsNoToken();

private:
    void openWindow();
    void openSnapshot(const QString& baseUrl);
    QString decideRow(int row); // the status decided
    void syncNow();
    OriginConfirmationDialog* originDialog() const;

    QTemporaryDir m_dir;
    DevServerProcess m_home;
    DevServerProcess m_other;
    QString m_token;
    QList<QUuid> m_ids; // what both servers serve, and the snapshots hold
    std::unique_ptr<RelationshipStore> m_store;
    std::unique_ptr<ReviewSession> m_session;
    std::unique_ptr<MainWindow> m_window;
};

void TestOriginDialog::initTestCase()
{
    QVERIFY(m_dir.isValid());
    qputenv(CredentialStore::DisableKeychainVariable, "1");
    m_token = u"gui-"_s + QUuid::createUuid().toString(QUuid::Id128);
    DevServerProcess::Options options;
    options.generate = 40;
    options.token = m_token;
    QVERIFY2(m_home.start(options), qPrintable(m_home.errorString()));
    options.host = u"127.0.0.2"_s;
    QVERIFY2(m_other.start(options), qPrintable(m_other.errorString()));
    m_ids = m_other.relationshipIds();
    QCOMPARE(m_home.relationshipIds(), m_ids);
}

void TestOriginDialog::init()
{
    qputenv(
        "RELREVIEW_DATA_DIR",
        m_dir.filePath(u"data-"_s + QLatin1StringView(QTest::currentTestFunction())).toLocal8Bit());
    QVERIFY(m_home.clearRequests());
    QVERIFY(m_other.clearRequests());
    openWindow();
}

void TestOriginDialog::cleanup()
{
    m_window.reset();
    m_session.reset();
    m_store.reset();
}

void TestOriginDialog::openWindow()
{
    m_store = std::make_unique<RelationshipStore>();
    m_session = std::make_unique<ReviewSession>(m_store.get());
    ConnectionProfile profile;
    profile.baseUrl = m_home.baseUrl();
    profile.integrationSourceId = m_home.sourceId();
    m_session->setProfile(profile);
    m_session->setToken(m_token);
    m_window = std::make_unique<MainWindow>(m_session.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestOriginDialog::openSnapshot(const QString& baseUrl)
{
    const QString path =
        TestData::writeDemoSnapshot(m_dir, 40, DemoDataGenerator::Options{}.seed, baseUrl,
                                    QLatin1StringView(QTest::currentTestFunction()) + u".json"_s);
    QVERIFY(!path.isEmpty());
    QSignalSpy finished(m_session.get(), &ReviewSession::loadFinished);
    m_session->openSnapshot(path);
    QVERIFY(finished.wait(30000));
    QVERIFY2(finished.constFirst().at(0).toBool(),
             qPrintable(finished.constFirst().at(1).toString()));
    QTRY_VERIFY(!m_session->isReadOnly());
    QCOMPARE(m_store->rows().row(0).id, m_ids.constFirst());
}

QString TestOriginDialog::decideRow(int row)
{
    const RelationshipStatus status =
        m_store->rows().row(row).status == RelationshipStatus::Rejected
            ? RelationshipStatus::Approved
            : RelationshipStatus::Rejected;
    m_session->decide({row}, status);
    return statusName(status);
}

void TestOriginDialog::syncNow()
{
    auto* action = m_window->findChild<QAction*>(u"syncNowAction"_s);
    QVERIFY(action);
    action->trigger();
}

OriginConfirmationDialog* TestOriginDialog::originDialog() const
{
    return m_window->findChild<OriginConfirmationDialog*>();
}

void TestOriginDialog::refusalSendsNothingAndIsNotAskedAgain()
{
    openSnapshot(m_other.baseUrl().toString());
    const QUuid id = m_store->rows().row(0).id;
    const QString before = m_other.relationship(id).value("status"_L1).toString();
    decideRow(0);
    QVERIFY(m_other.receivedRequests().isEmpty()); // offline review sends nothing

    syncNow();
    QTRY_VERIFY(originDialog() && originDialog()->isVisible());
    OriginConfirmationDialog* dialog = originDialog();
    const QString otherOrigin = Origin::of(m_other.baseUrl()).toString();
    QVERIFY2(dialog->text().contains(otherOrigin), qPrintable(dialog->text()));
    QVERIFY(dialog->informativeText().contains(Origin::of(m_home.baseUrl()).toString()));
    QCOMPARE(dialog->defaultButton(), dialog->dontSendButton());
    QVERIFY(m_other.receivedRequests().isEmpty()); // nothing while it asks
    dialog->dontSendButton()->click();
    QTRY_VERIFY(!originDialog());
    QVERIFY2(m_session->lastError().contains(otherOrigin), qPrintable(m_session->lastError()));

    // Asked once: syncing again (from the menu or the sync panel) does not ask, sends nothing.
    syncNow();
    QVERIFY(!originDialog());
    m_session->syncEngine()->sync();
    QVERIFY(!originDialog());
    QTRY_VERIFY_WITH_TIMEOUT(!m_session->syncEngine()->isBusy(), 30000);
    QCOMPARE(m_session->requestsInFlight(), 0);
    QVERIFY(!originDialog());
    QVERIFY(m_other.receivedRequests().isEmpty());
    QVERIFY(m_home.receivedRequests().isEmpty());
    QCOMPARE(m_other.relationship(id).value("status"_L1).toString(), before);
    QCOMPARE(m_session->outstandingDecisions(), 1); // kept, pending
}

void TestOriginDialog::agreeingSendsThereAndIsAskedOnce()
{
    openSnapshot(m_other.baseUrl().toString());
    const QUuid first = m_store->rows().row(0).id;
    const QString firstStatus = decideRow(0);
    syncNow();
    QTRY_VERIFY(originDialog() && originDialog()->isVisible());
    originDialog()->sendButton()->click();
    QTRY_COMPARE_WITH_TIMEOUT(m_other.relationship(first).value("status"_L1).toString(),
                              firstStatus, 20000);
    const QJsonArray received = m_other.receivedRequests();
    QVERIFY(DevServerProcess::countWithAuthorization(received) > 0);
    QCOMPARE(received.last().toObject().value("authorizationSha256"_L1).toString(),
             QString::fromLatin1(QCryptographicHash::hash(QByteArray("Bearer " + m_token.toUtf8()),
                                                          QCryptographicHash::Sha256)
                                     .toHex()));
    QVERIFY(m_home.receivedRequests().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(!m_session->syncEngine()->isBusy(), 30000);

    // The answer holds for the origin: the next sync goes without asking.
    const QUuid second = m_store->rows().row(1).id;
    const QString secondStatus = decideRow(1);
    syncNow();
    QVERIFY(!originDialog());
    QTRY_COMPARE_WITH_TIMEOUT(m_other.relationship(second).value("status"_L1).toString(),
                              secondStatus, 20000);
    QVERIFY(!originDialog());
    QVERIFY(m_home.receivedRequests().isEmpty());
}

void TestOriginDialog::snapshotOfTheTokensOwnServerIsNotAsked()
{
    openSnapshot(m_home.baseUrl().toString());
    const QUuid id = m_store->rows().row(2).id;
    const QString status = decideRow(2);
    syncNow();
    QVERIFY(!originDialog());
    QTRY_COMPARE_WITH_TIMEOUT(m_home.relationship(id).value("status"_L1).toString(), status, 20000);
    QVERIFY(!originDialog());
    QVERIFY(m_other.receivedRequests().isEmpty());
}

void TestOriginDialog::snapshotNamingPlainHttpElsewhereIsRefused()
{
    openSnapshot(u"http://example.invalid"_s);
    decideRow(3);
    syncNow();
    QVERIFY(!originDialog());
    QVERIFY2(m_session->lastError().contains(u"use https://"_s),
             qPrintable(m_session->lastError()));
    // Started from the sync panel: the same, without a request.
    m_session->syncEngine()->sync();
    QTRY_VERIFY_WITH_TIMEOUT(!m_session->syncEngine()->isBusy(), 30000);
    QVERIFY(!originDialog());
    QCOMPARE(m_session->requestsInFlight(), 0);
    QCOMPARE(m_session->outstandingDecisions(), 1);
}

void TestOriginDialog::newBaseUrlWithAnEmptyTokenFieldGetsNoToken()
{
    QVERIFY(m_session->hasToken());
    m_window->showConnectionDialog();
    QTRY_VERIFY(m_window->findChild<ConnectionDialog*>());
    auto* dialog = m_window->findChild<ConnectionDialog*>();
    QTRY_VERIFY(dialog->isVisible());
    auto* baseUrl = dialog->findChild<QLineEdit*>(u"baseUrl"_s);
    auto* token = dialog->findChild<QLineEdit*>(u"token"_s);
    auto* note = dialog->findChild<QLabel*>(u"tokenNote"_s);
    QVERIFY(baseUrl && token && note);
    QVERIFY(token->text().isEmpty());
    QVERIFY(note->isHidden());
    baseUrl->setText(m_other.baseUrl().toString());
    // The dialog says the token of the old server does not go to the new one.
    QVERIFY(!note->isHidden());
    QVERIFY2(note->text().contains(Origin::of(m_other.baseUrl()).toString()),
             qPrintable(note->text()));
    dialog->accept();

    QCOMPARE(m_session->profile().baseUrl, m_other.baseUrl());
    QVERIFY(!m_session->hasToken());
    auto* banner = m_window->findChild<QWidget*>(u"tokenBanner"_s);
    QVERIFY(banner);
    QTRY_VERIFY(banner->isVisible());
    QCOMPARE(DevServerProcess::countWithAuthorization(m_other.receivedRequests()), 0);
    QVERIFY(m_other.receivedRequests().isEmpty()); // no load without a token for it

    // A token typed for it is its own.
    m_window->showConnectionDialog();
    QTRY_VERIFY(m_window->findChildren<ConnectionDialog*>().size() == 1 &&
                m_window->findChild<ConnectionDialog*>() != dialog);
    dialog = m_window->findChild<ConnectionDialog*>();
    dialog->findChild<QLineEdit*>(u"token"_s)->setText(m_token);
    dialog->accept();
    QVERIFY(m_session->hasToken());
    QCOMPARE(m_session->tokenOrigin(), Origin::of(m_other.baseUrl()));
}

QTEST_MAIN(TestOriginDialog)
#include "tst_origindialog.moc"
