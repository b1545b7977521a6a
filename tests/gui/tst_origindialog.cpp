// The main window asks before a snapshot's decisions (and the token) go to the server the
// snapshot names, once per origin; a refusal sends nothing. The Connection dialog does not carry
// the token to a new base URL. Against two development servers: "home" (the token's) and
// "other" (127.0.0.2, named by the snapshot).
#include "ConnectionDialog.h"
#include "CredentialStore.h"
#include "DevServerProcess.h"
#include "MainWindow.h"
#include "MainWindowFixture.h"
#include "OriginConfirmationDialog.h"
#include "RelationshipStore.h"
#include "RelationshipTableModel.h"
#include "ReviewSession.h"
#include "SyncEngine.h"
#include "SyncPanel.h"
#include "TestData.h"

#include <QAbstractButton>
#include <QAction>
#include <QCryptographicHash>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
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
    void syncFromThePanel();
    OriginConfirmationDialog* originDialog() const;

    QTemporaryDir m_dir;
    DevServerProcess m_home;
    DevServerProcess m_other;
    QString m_token;
    QList<QUuid> m_ids; // what both servers serve, and the snapshots hold
    std::unique_ptr<MainWindowFixture> m_fx;
};

void TestOriginDialog::initTestCase()
{
    QVERIFY(m_dir.isValid());
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
    QVERIFY(m_home.clearRequests());
    QVERIFY(m_other.clearRequests());
    openWindow();
}

void TestOriginDialog::cleanup()
{
    m_fx.reset();
}

void TestOriginDialog::openWindow()
{
    m_fx = std::make_unique<MainWindowFixture>();
    QVERIFY(m_fx->start(&m_home, m_token));
}

void TestOriginDialog::openSnapshot(const QString& baseUrl)
{
    const QString path =
        TestData::writeDemoSnapshot(m_dir, 40, DemoDataGenerator::Options{}.seed, baseUrl,
                                    QLatin1StringView(QTest::currentTestFunction()) + u".json"_s);
    QVERIFY(!path.isEmpty());
    QVERIFY2(m_fx->openSnapshot(path), qPrintable(m_fx->lastLoadMessage()));
    QTRY_VERIFY(!m_fx->session()->isReadOnly());
    QCOMPARE(m_fx->store()->rows().row(0).id, m_ids.constFirst());
}

// Decides the store row with its key in the table (R, or A for a rejected row); the status sent.
QString TestOriginDialog::decideRow(int row)
{
    const RelationshipStatus status =
        m_fx->store()->rows().row(row).status == RelationshipStatus::Rejected
            ? RelationshipStatus::Approved
            : RelationshipStatus::Rejected;
    const int viewRow = m_fx->model()->viewRow(row);
    if (viewRow < 0)
        return QString();
    m_fx->focusRow(viewRow);
    QTest::keyClick(m_fx->table(), status == RelationshipStatus::Approved ? Qt::Key_A : Qt::Key_R);
    // The decision shows at once.
    if (m_fx->store()->effectiveStatus(row) != status)
        return QString();
    return statusName(status);
}

// File → Sync decisions now.
void TestOriginDialog::syncNow()
{
    QAction* action = m_fx->action(u"syncNowAction"_s);
    QVERIFY(action);
    action->trigger();
}

// The sync panel's Sync now button.
void TestOriginDialog::syncFromThePanel()
{
    QPushButton* button = m_fx->syncPanel()->syncButton();
    QTRY_VERIFY(button->isEnabled());
    QTest::mouseClick(button, Qt::LeftButton);
}

OriginConfirmationDialog* TestOriginDialog::originDialog() const
{
    return m_fx->find<OriginConfirmationDialog>();
}

void TestOriginDialog::refusalSendsNothingAndIsNotAskedAgain()
{
    openSnapshot(m_other.baseUrl().toString());
    const QUuid id = m_fx->store()->rows().row(0).id;
    const QString before = m_other.relationship(id).value("status"_L1).toString();
    QVERIFY(!decideRow(0).isEmpty());
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
    QVERIFY2(m_fx->session()->lastError().contains(otherOrigin),
             qPrintable(m_fx->session()->lastError()));

    // Asked once: syncing again (from the menu or the sync panel) does not ask, sends nothing.
    syncNow();
    QVERIFY(!originDialog());
    syncFromThePanel();
    QVERIFY(!originDialog());
    QTRY_VERIFY_WITH_TIMEOUT(!m_fx->session()->syncEngine()->isBusy(), 30000);
    QCOMPARE(m_fx->session()->requestsInFlight(), 0);
    QVERIFY(!originDialog());
    QVERIFY(m_other.receivedRequests().isEmpty());
    QVERIFY(m_home.receivedRequests().isEmpty());
    QCOMPARE(m_other.relationship(id).value("status"_L1).toString(), before);
    QCOMPARE(m_fx->session()->outstandingDecisions(), 1); // kept, pending
}

void TestOriginDialog::agreeingSendsThereAndIsAskedOnce()
{
    openSnapshot(m_other.baseUrl().toString());
    const QUuid first = m_fx->store()->rows().row(0).id;
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
    QTRY_VERIFY_WITH_TIMEOUT(!m_fx->session()->syncEngine()->isBusy(), 30000);

    // The answer holds for the origin: the next sync goes without asking.
    const QUuid second = m_fx->store()->rows().row(1).id;
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
    const QUuid id = m_fx->store()->rows().row(2).id;
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
    QVERIFY(!decideRow(3).isEmpty());
    syncNow();
    QVERIFY(!originDialog());
    QVERIFY2(m_fx->session()->lastError().contains(u"use https://"_s),
             qPrintable(m_fx->session()->lastError()));
    // Started from the sync panel: the same, without a request.
    syncFromThePanel();
    QTRY_VERIFY_WITH_TIMEOUT(!m_fx->session()->syncEngine()->isBusy(), 30000);
    QVERIFY(!originDialog());
    QCOMPARE(m_fx->session()->requestsInFlight(), 0);
    QCOMPARE(m_fx->session()->outstandingDecisions(), 1);
}

void TestOriginDialog::newBaseUrlWithAnEmptyTokenFieldGetsNoToken()
{
    QVERIFY(m_fx->session()->hasToken());
    m_fx->action(u"connectAction"_s)->trigger();
    QTRY_VERIFY(m_fx->window()->findChild<ConnectionDialog*>());
    auto* dialog = m_fx->window()->findChild<ConnectionDialog*>();
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

    QCOMPARE(m_fx->session()->profile().baseUrl, m_other.baseUrl());
    QVERIFY(!m_fx->session()->hasToken());
    auto* banner = m_fx->window()->findChild<QWidget*>(u"tokenBanner"_s);
    QVERIFY(banner);
    QTRY_VERIFY(banner->isVisible());
    QCOMPARE(DevServerProcess::countWithAuthorization(m_other.receivedRequests()), 0);
    QVERIFY(m_other.receivedRequests().isEmpty()); // no load without a token for it

    // A token typed for it is its own.
    m_fx->action(u"connectAction"_s)->trigger();
    QTRY_VERIFY(m_fx->window()->findChildren<ConnectionDialog*>().size() == 1 &&
                m_fx->window()->findChild<ConnectionDialog*>() != dialog);
    dialog = m_fx->window()->findChild<ConnectionDialog*>();
    dialog->findChild<QLineEdit*>(u"token"_s)->setText(m_token);
    dialog->accept();
    QVERIFY(m_fx->session()->hasToken());
    QCOMPARE(m_fx->session()->tokenOrigin(), Origin::of(m_other.baseUrl()));
}

QTEST_MAIN(TestOriginDialog)
#include "tst_origindialog.moc"
