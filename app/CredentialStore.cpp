#include "CredentialStore.h"

#include <QCoreApplication>
#include <QPointer>
#include <QTimer>

#ifdef RELREVIEW_HAVE_KEYCHAIN
#include <qt6keychain/keychain.h>
#endif

using namespace Qt::StringLiterals;

namespace {

#ifdef RELREVIEW_HAVE_KEYCHAIN
// Errors that say "there is no keychain here" rather than "this entry has a problem".
bool isBackendMissing(QKeychain::Error error)
{
    switch (error) {
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError: // e.g. no D-Bus session or Secret Service on a headless machine
        return true;
    default:
        return false;
    }
}
#endif

} // namespace

CredentialStore::CredentialStore(QObject* parent)
    : QObject(parent)
{}

QString CredentialStore::environmentToken()
{
    return qEnvironmentVariable(EnvironmentVariable).trimmed();
}

bool CredentialStore::isKeychainAvailable() const
{
#ifdef RELREVIEW_HAVE_KEYCHAIN
    return !m_keychainBroken && qEnvironmentVariableIntValue(DisableKeychainVariable) == 0;
#else
    return false;
#endif
}

void CredentialStore::finishLater(QObject* context, Callback done, Result result)
{
    QPointer<QObject> guard(context);
    const bool hadContext = context != nullptr;
    QTimer::singleShot(0, this,
                       [guard, hadContext, done = std::move(done), result = std::move(result)] {
                           if (hadContext && !guard) {
                               return;
                           }
                           done(result);
                       });
}

#ifdef RELREVIEW_HAVE_KEYCHAIN
namespace {

template<typename Job>
Job* makeJob(QObject* parent, const QString& key)
{
    auto* job = new Job(QString::fromLatin1(CredentialStore::KeychainService), parent);
    job->setKey(key);
    job->setAutoDelete(true);
    // Never QtKeychain's plaintext QSettings fallback: the token lives in a keychain or nowhere.
    job->setInsecureFallback(false);
    return job;
}

} // namespace

void CredentialStore::runJob(QObject* keychainJob, QObject* context, Callback done)
{
    auto* job = static_cast<QKeychain::Job*>(keychainJob);
    QPointer<QObject> guard(context);
    const bool hadContext = context != nullptr;
    connect(job, &QKeychain::Job::finished, this, [this, job, guard, hadContext, done] {
        Result result;
        const bool isDelete = qobject_cast<QKeychain::DeletePasswordJob*>(job) != nullptr;
        if (job->error() == QKeychain::NoError ||
            (isDelete && job->error() == QKeychain::EntryNotFound)) {
            result.outcome = Outcome::Ok;
            if (auto* read = qobject_cast<QKeychain::ReadPasswordJob*>(job)) {
                result.token = read->textData();
            }
        } else if (job->error() == QKeychain::EntryNotFound) {
            result.outcome = Outcome::NotFound;
            result.message = tr("The keychain holds no token for this server.");
        } else if (isBackendMissing(job->error())) {
            m_keychainBroken = true;
            result.outcome = Outcome::Unavailable;
            result.message = tr("The system keychain is not available: %1").arg(job->errorString());
        } else {
            result.outcome = Outcome::Failed;
            result.message = tr("The keychain refused: %1").arg(job->errorString());
        }
        if (hadContext && !guard) {
            return;
        }
        done(result);
    });
    job->start();
}
#endif

namespace {
const char* const NoKeychainText =
    QT_TRANSLATE_NOOP("CredentialStore", "No system keychain is available.");
const char* const NoOriginText =
    QT_TRANSLATE_NOOP("CredentialStore", "A token is kept only for an http:// or https:// server.");
} // namespace

QString CredentialStore::keyFor(const Origin& origin)
{
    return origin.toString();
}

void CredentialStore::readToken(const Origin& origin, QObject* context, Callback done)
{
    if (!origin.isValid()) {
        finishLater(context, std::move(done), {Outcome::Failed, {}, tr(NoOriginText)});
        return;
    }
    if (!isKeychainAvailable()) {
        finishLater(context, std::move(done), {Outcome::Unavailable, {}, tr(NoKeychainText)});
        return;
    }
#ifdef RELREVIEW_HAVE_KEYCHAIN
    runJob(makeJob<QKeychain::ReadPasswordJob>(this, keyFor(origin)), context, std::move(done));
#endif
}

void CredentialStore::writeToken(const Origin& origin, const QString& token, QObject* context,
                                 Callback done)
{
    if (!origin.isValid()) {
        finishLater(context, std::move(done), {Outcome::Failed, {}, tr(NoOriginText)});
        return;
    }
    if (!isKeychainAvailable()) {
        finishLater(context, std::move(done), {Outcome::Unavailable, {}, tr(NoKeychainText)});
        return;
    }
#ifdef RELREVIEW_HAVE_KEYCHAIN
    auto* job = makeJob<QKeychain::WritePasswordJob>(this, keyFor(origin));
    job->setTextData(token);
    runJob(job, context, std::move(done));
#else
    Q_UNUSED(token);
#endif
}

void CredentialStore::deleteToken(const Origin& origin, QObject* context, Callback done)
{
    if (!origin.isValid()) {
        finishLater(context, std::move(done), {Outcome::Failed, {}, tr(NoOriginText)});
        return;
    }
    if (!isKeychainAvailable()) {
        finishLater(context, std::move(done), {Outcome::Unavailable, {}, tr(NoKeychainText)});
        return;
    }
#ifdef RELREVIEW_HAVE_KEYCHAIN
    runJob(makeJob<QKeychain::DeletePasswordJob>(this, keyFor(origin)), context, std::move(done));
#endif
}
