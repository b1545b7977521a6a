// relreview: the desktop review application.
#include "CommandLine.h"
#include "ConnectionProfile.h"
#include "CredentialStore.h"
#include "MainWindow.h"
#include "Origin.h"
#include "RelationshipStore.h"
#include "ReviewSession.h"
#include "TableNameStore.h"

#include <QApplication>
#include <QIcon>
#include <QLocale>
#include <QSettings>
#include <QTimer>
#include <QTranslator>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

// The catalogue of the user's language, embedded by the build (a new language needs only its .ts
// file). Needs a QCoreApplication.
void installTranslations(QTranslator& translator)
{
    if (translator.load(QLocale(), u"relreview"_s, u"_"_s, u":/i18n"_s)) {
        QCoreApplication::installTranslator(&translator);
    }
}

// What --help, --version or bad arguments ask for; returns the exit status.
int answerWithoutWindow(const CommandLineOptions& options)
{
    if (options.hasError()) {
        std::fprintf(stderr, "relreview: %s\n\n%s", qPrintable(options.error),
                     qPrintable(options.helpText));
        return 2;
    }
    if (options.showHelp) {
        std::fputs(qPrintable(options.helpText), stdout);
        return 0;
    }
    std::printf("%s\n", qPrintable(versionText()));
    return 0;
}

} // namespace

int main(int argc, char* argv[])
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i) {
        arguments.append(QString::fromLocal8Bit(argv[i]));
    }
    CommandLineOptions options = parseCommandLine(arguments);
    if (options.hasError() || options.showHelp || options.showVersion) {
        // --help, --version and bad arguments are answered without a display, so that they work
        // on a headless terminal too; a QCoreApplication is enough to translate them. Its only
        // argument is the name the usage line shows ("Usage: relreview [options]").
        char programName[] = "relreview";
        char* consoleArgv[] = {programName, nullptr};
        int consoleArgc = 1;
        QCoreApplication console(consoleArgc, consoleArgv);
        QTranslator translator;
        installTranslations(translator);
        options = parseCommandLine(arguments);
        return answerWithoutWindow(options);
    }

    QApplication app(argc, argv);
    QApplication::setApplicationName(u"relreview"_s);
    QApplication::setOrganizationName(u"relreview"_s);
    QApplication::setOrganizationDomain(u"heyhumm.ai"_s);
    QApplication::setApplicationVersion(QStringLiteral(RELREVIEW_VERSION));
    QApplication::setDesktopFileName(u"ai.heyhumm.relreview"_s);
    QApplication::setWindowIcon(
        QIcon::fromTheme(u"ai.heyhumm.relreview"_s, QIcon(u":/relreview/relreview.svg"_s)));

    QTranslator translator;
    installTranslations(translator);

    QSettings settings;
    const QString profileName = options.profileName.isEmpty()
                                    ? settings.value(u"lastProfile"_s, u"default"_s).toString()
                                    : options.profileName;
    ConnectionProfile profile = ConnectionProfile::load(settings, profileName);
    options.applyTo(profile);

    RelationshipStore store;
    ReviewSession session(&store);
    session.setProfile(profile);

    if (!options.tableNamesPath.isEmpty()) {
        QString problem;
        if (!session.tableNames()->importNames(options.tableNames, &problem)) {
            std::fprintf(stderr, "relreview: --table-names: %s\n", qPrintable(problem));
        }
    }

    MainWindow window(&session);
    window.restoreLayout();
    window.show();

    CredentialStore credentials;
    const QString environmentToken = CredentialStore::environmentToken();
    auto start = [&] {
        if (!options.snapshotPath.isEmpty()) {
            session.openSnapshot(options.snapshotPath);
        } else if (options.wantsLiveLoad() || !profile.integrationSourceId.isNull()) {
            if (session.hasToken()) {
                session.loadLive();
            } else {
                window.showConnectionDialog();
            }
        } else {
            window.showConnectionDialog();
        }
    };
    if (!environmentToken.isEmpty()) {
        session.setToken(environmentToken);
        QTimer::singleShot(0, &window, start);
    } else if (credentials.isKeychainAvailable() && options.snapshotPath.isEmpty()) {
        // The keychain keeps a token per origin: this profile's server gets only its own.
        credentials.readToken(Origin::of(profile.baseUrl), &window,
                              [&](const CredentialStore::Result& result) {
                                  if (result.ok()) {
                                      session.setToken(result.token);
                                  }
                                  start();
                              });
    } else {
        QTimer::singleShot(0, &window, start);
    }

    const int status = QApplication::exec();
    settings.setValue(u"lastProfile"_s, session.profile().name);
    return status;
}
