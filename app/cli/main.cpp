// relreview-cli: the command-line companion, for scripts and machines without a display.
// QtCore, QtNetwork and QtSql only: it never creates a QGuiApplication.
#include "CliCommands.h"

#include <QCoreApplication>
#include <QTextStream>

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

    QTextStream out(stdout);
    QTextStream err(stderr);
    CliCommands commands(out, err);
    const int status = commands.run(QCoreApplication::arguments());
    out.flush();
    err.flush();
    return status;
}
