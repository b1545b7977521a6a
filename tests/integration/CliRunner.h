#pragma once

// relreview-cli run the way a script runs it, for the command-line tests: no display, standard
// input not a terminal, the journal in a folder of the test's, the token only through
// RELREVIEW_TOKEN. RELREVIEW_CLI_PATH is the tested executable (see CMakeLists.txt).
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

struct CliRun
{
    int status = -1; // -1: did not finish normally; -2: a secret showed in the output
    QString out;
    QString err;
    QString all() const { return out + err; }
};

// `token` empty: no RELREVIEW_TOKEN at all. A run whose output holds any of `secrets` (the token,
// and any other the test handed over) reports status -2: whatever happened, they never show.
inline CliRun runCli(const QStringList& arguments, const QString& dataDir, const QString& token,
                     const QStringList& secrets, int timeoutMs = 120000)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("RELREVIEW_DATA_DIR"), dataDir);
    // It needs no display, and must not ask for one.
    environment.remove(QStringLiteral("QT_QPA_PLATFORM"));
    environment.remove(QStringLiteral("DISPLAY"));
    environment.remove(QStringLiteral("WAYLAND_DISPLAY"));
    if (token.isEmpty())
        environment.remove(QStringLiteral("RELREVIEW_TOKEN"));
    else
        environment.insert(QStringLiteral("RELREVIEW_TOKEN"), token);
    process.setProcessEnvironment(environment);
    process.setStandardInputFile(QProcess::nullDevice()); // a script, not a terminal
    process.start(QStringLiteral(RELREVIEW_CLI_PATH), arguments);
    CliRun run;
    if (!process.waitForFinished(timeoutMs) || process.exitStatus() != QProcess::NormalExit) {
        qWarning("relreview-cli did not finish normally");
        process.kill();
        return run;
    }
    run.status = process.exitCode();
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    for (const QString& secret : secrets) {
        if (!secret.isEmpty() && run.all().contains(secret)) {
            qWarning("a secret appeared in the output");
            run.status = -2;
        }
    }
    return run;
}
