// relreview-datagen: writes generated demo data (the list endpoint's answer or a relreview
// snapshot) for demos, benchmarks and the development server.

#include "DemoDataGenerator.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSaveFile>
#include <QTextStream>

using namespace Qt::StringLiterals;

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"relreview-datagen"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "main", "Writes deterministic demo relationships as a JSON list or a relreview snapshot."));
    parser.addHelpOption();
    const QCommandLineOption countOption(
        u"count"_s, QCoreApplication::translate("main", "Number of relationships."), u"N"_s);
    const QCommandLineOption seedOption(
        u"seed"_s, QCoreApplication::translate("main", "Seed (same seed, same bytes)."), u"S"_s,
        QString::number(DemoDataGenerator::Options{}.seed));
    const QCommandLineOption snapshotOption(
        u"snapshot"_s,
        QCoreApplication::translate("main", "Write a snapshot envelope with the column catalog."));
    const QCommandLineOption baseUrlOption(
        u"base-url"_s, QCoreApplication::translate("main", "Base URL recorded in the snapshot."),
        u"URL"_s, u"http://127.0.0.1:8080"_s);
    const QCommandLineOption sourceOption(
        u"source"_s, QCoreApplication::translate("main", "Integration source id of the rows."),
        u"UUID"_s);
    const QCommandLineOption unknownOption(
        u"unknown-member-every"_s,
        QCoreApplication::translate("main", "Give every Nth record undocumented members."), u"N"_s,
        u"0"_s);
    const QCommandLineOption outputOption(
        {u"o"_s, u"output"_s}, QCoreApplication::translate("main", "Output file."), u"FILE"_s);
    parser.addOptions({countOption, seedOption, snapshotOption, baseUrlOption, sourceOption,
                       unknownOption, outputOption});
    parser.process(app);

    QTextStream err(stderr);
    const auto fail = [&err](const QString& message) {
        err << "relreview-datagen: " << message << Qt::endl;
        return 2;
    };

    DemoDataGenerator::Options options;
    bool ok = false;
    options.relationshipCount = parser.value(countOption).toInt(&ok);
    if (!parser.isSet(countOption) || !ok || options.relationshipCount < 0)
        return fail(QCoreApplication::translate("main", "--count needs a number of at least 0"));
    options.seed = parser.value(seedOption).toULongLong(&ok);
    if (!ok)
        return fail(QCoreApplication::translate("main", "--seed needs an unsigned number"));
    options.unknownMemberEvery = parser.value(unknownOption).toInt(&ok);
    if (!ok || options.unknownMemberEvery < 0)
        return fail(QCoreApplication::translate("main", "--unknown-member-every needs a number"));
    if (parser.isSet(sourceOption)) {
        options.integrationSourceId = QUuid::fromString(parser.value(sourceOption));
        if (options.integrationSourceId.isNull())
            return fail(QCoreApplication::translate("main", "--source needs a UUID"));
    }
    const QString output = parser.value(outputOption);
    if (output.isEmpty())
        return fail(QCoreApplication::translate("main", "-o FILE is required"));

    const DemoDataGenerator generator(options);
    QSaveFile file(output);
    if (!file.open(QIODevice::WriteOnly))
        return fail(QCoreApplication::translate("main", "cannot write %1: %2")
                        .arg(output, file.errorString()));
    const bool written = parser.isSet(snapshotOption)
                             ? generator.writeSnapshot(&file, parser.value(baseUrlOption))
                             : generator.writeList(&file);
    const qint64 bytes = file.pos();
    if (!written || !file.commit())
        return fail(QCoreApplication::translate("main", "cannot write %1: %2")
                        .arg(output, file.errorString()));

    QTextStream(stdout)
        << QCoreApplication::translate("main", "%1 bytes written to %2").arg(bytes).arg(output)
        << Qt::endl;
    return 0;
}
