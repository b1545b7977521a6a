// relreview-cli: the command-line companion, for scripts and machines without a display.
// QtCore, QtNetwork and QtSql only: it never creates a QGuiApplication.
#include "CliCommands.h"

#include <QCoreApplication>
#include <QLocale>
#include <QTextStream>
#include <QTranslator>

#include <cstdio>

using namespace Qt::StringLiterals;

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    // The same names as the desktop app, so that both use the same journal.
    QCoreApplication::setApplicationName(u"relreview"_s);
    QCoreApplication::setOrganizationName(u"relreview"_s);
    QCoreApplication::setOrganizationDomain(u"heyhumm.ai"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(RELREVIEW_VERSION));

    // The catalogue of the user's language, embedded as in the desktop app: usage, messages and
    // API errors in the user's language.
    QTranslator translator;
    if (translator.load(QLocale(), u"relreview"_s, u"_"_s, u":/i18n"_s))
        QCoreApplication::installTranslator(&translator);

    QTextStream out(stdout);
    QTextStream err(stderr);
    CliCommands commands(out, err);
    const int status = commands.run(QCoreApplication::arguments());
    out.flush();
    err.flush();
    return status;
}
