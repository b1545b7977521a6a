#pragma once

#include "Origin.h"

#include <QObject>
#include <QString>

#include <functional>

// Where the API token may live: the environment (RELREVIEW_TOKEN) or the system keychain through
// QtKeychain (service "relreview", key = the origin the token is for, see keyFor(): profiles on
// the same server share it, and a profile's token never follows it to another server). Nowhere
// else: no settings file, no
// plaintext fallback. Keychain calls are asynchronous; with no keychain compiled in, or one that
// fails (no Secret Service on a headless machine), they report Unavailable so that the UI falls
// back to asking for the token.
class CredentialStore : public QObject
{
    Q_OBJECT
public:
    enum class Outcome {
        Ok,          // done; for a read, `token` holds the token
        NotFound,    // the keychain holds no token for this origin
        Unavailable, // no usable keychain: ask the user instead
        Failed,      // the keychain answered with an error (e.g. access denied)
    };
    struct Result
    {
        Outcome outcome = Outcome::Unavailable;
        QString token;   // only for a successful read
        QString message; // readable reason when not Ok; never contains the token
        bool ok() const { return outcome == Outcome::Ok; }
    };
    using Callback = std::function<void(const Result&)>;

    static constexpr const char* EnvironmentVariable = "RELREVIEW_TOKEN";
    // Set to 1 to never touch the system keychain (tests, kiosk machines).
    static constexpr const char* DisableKeychainVariable = "RELREVIEW_NO_KEYCHAIN";
    static constexpr const char* KeychainService = "relreview";

    explicit CredentialStore(QObject* parent = nullptr);

    // The token from the environment; empty when unset.
    static QString environmentToken();
    // Whether the keychain may be tried: compiled in, not disabled, and not found broken earlier.
    bool isKeychainAvailable() const;

    // Callbacks always run later on this object's thread, never inside the call, and not at all
    // once `context` is destroyed.
    void readToken(const Origin& origin, QObject* context, Callback done);
    void writeToken(const Origin& origin, const QString& token, QObject* context, Callback done);
    void deleteToken(const Origin& origin, QObject* context, Callback done);

    // The keychain key of the token for `origin`: "https://config.heyhumm.ai",
    // "http://127.0.0.1:8080" (Origin::toString()). Empty for an invalid origin.
    static QString keyFor(const Origin& origin);

private:
    void finishLater(QObject* context, Callback done, Result result);
    // Only defined when QtKeychain is there; QKeychain::Job stays out of this header.
    void runJob(QObject* keychainJob, QObject* context, Callback done);

    bool m_keychainBroken = false; // a backend error was seen: stop trying for this session
};
