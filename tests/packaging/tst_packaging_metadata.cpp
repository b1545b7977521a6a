// The desktop entry and the AppStream metainfo as the validators of the freedesktop.org and
// AppStream specifications see them, plus what the validators cannot know: that the release notes
// are for the version being built and that the screenshots are the project's own.

#include <QDate>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>
#include <QUrl>
#include <QXmlStreamReader>

using namespace Qt::StringLiterals;

namespace {

QString sourcePath(const QString& relativePath)
{
    return QStringLiteral(RELREVIEW_SOURCE_DIR) % u'/' % relativePath;
}

QString desktopEntryPath()
{
    return sourcePath(u"packaging/linux/ai.heyhumm.relreview.desktop"_s);
}

QString metainfoPath()
{
    return sourcePath(u"packaging/linux/ai.heyhumm.relreview.metainfo.xml"_s);
}

struct ProcessResult
{
    int exitCode = -1;
    QString output;
};

ProcessResult runProcess(const QString& program, const QStringList& arguments)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    // The CTest timeout bounds a hung tool; a finished one is judged by its exit code.
    if (!process.waitForFinished(-1) || process.exitStatus() != QProcess::NormalExit)
        return {-1, process.errorString() % u"\n"_s % QString::fromLocal8Bit(process.readAll())};
    return {process.exitCode(), QString::fromLocal8Bit(process.readAll())};
}

struct Release
{
    QString version;
    QString date;
    QString description;
};

struct Metainfo
{
    QString projectLicence;
    QString metadataLicence;
    QList<Release> releases;
    QStringList screenshotUrls;
    QString errorString;
};

Metainfo readMetainfo(const QString& path)
{
    Metainfo metainfo;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        metainfo.errorString = file.errorString();
        return metainfo;
    }
    QXmlStreamReader xml(&file);
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        const auto name = xml.name();
        if (name == u"project_license"_s) {
            metainfo.projectLicence = xml.readElementText();
        } else if (name == u"metadata_license"_s) {
            metainfo.metadataLicence = xml.readElementText();
        } else if (name == u"release"_s) {
            metainfo.releases.append({xml.attributes().value(u"version"_s).toString(),
                                      xml.attributes().value(u"date"_s).toString(), QString()});
        } else if (name == u"description"_s && !metainfo.releases.isEmpty()) {
            metainfo.releases.last().description =
                xml.readElementText(QXmlStreamReader::IncludeChildElements).simplified();
        } else if (name == u"image"_s) {
            metainfo.screenshotUrls.append(xml.readElementText().trimmed());
        }
    }
    if (xml.hasError())
        metainfo.errorString = xml.errorString();
    return metainfo;
}

} // namespace

class TestPackagingMetadata : public QObject
{
    Q_OBJECT

private slots:
    void desktopEntryPassesDesktopFileValidate();
    void metainfoPassesAppstreamValidate();
    void metainfoHasReleaseNotesForTheProjectVersion();
    void metainfoLicencesAreTheProjectLicences();
    void screenshotsAreTheProjectsOwn();
};

void TestPackagingMetadata::desktopEntryPassesDesktopFileValidate()
{
    const QString validator = QStandardPaths::findExecutable(u"desktop-file-validate"_s);
    if (validator.isEmpty())
        QSKIP("desktop-file-validate (Debian package desktop-file-utils) is not installed");

    const ProcessResult validation = runProcess(validator, {desktopEntryPath()});
    QVERIFY2(validation.exitCode == 0, qPrintable(validation.output));
    // Warnings do not change the exit code, but a launcher may still ignore the key they name.
    QVERIFY2(!validation.output.contains(u"warning:"_s), qPrintable(validation.output));
}

void TestPackagingMetadata::metainfoPassesAppstreamValidate()
{
    const QString appstreamcli = QStandardPaths::findExecutable(u"appstreamcli"_s);
    if (appstreamcli.isEmpty())
        QSKIP("appstreamcli (Debian package appstream) is not installed");

    const ProcessResult validation =
        runProcess(appstreamcli, {u"validate"_s, u"--no-net"_s, metainfoPath()});
    QVERIFY2(validation.exitCode == 0, qPrintable(validation.output));
}

void TestPackagingMetadata::metainfoHasReleaseNotesForTheProjectVersion()
{
    const Metainfo metainfo = readMetainfo(metainfoPath());
    QVERIFY2(metainfo.errorString.isEmpty(), qPrintable(metainfo.errorString));
    QVERIFY(!metainfo.releases.isEmpty());

    // Software centres show the first release as the current one.
    const Release& newest = metainfo.releases.first();
    QCOMPARE(newest.version, QStringLiteral(RELREVIEW_PROJECT_VERSION));
    QVERIFY2(QDate::fromString(newest.date, Qt::ISODate).isValid(), qPrintable(newest.date));
    QVERIFY2(newest.description.size() > 40, qPrintable(newest.description));
}

void TestPackagingMetadata::metainfoLicencesAreTheProjectLicences()
{
    const Metainfo metainfo = readMetainfo(metainfoPath());
    QVERIFY2(metainfo.errorString.isEmpty(), qPrintable(metainfo.errorString));
    QCOMPARE(metainfo.metadataLicence, u"CC0-1.0"_s);
    QCOMPARE(metainfo.projectLicence, u"MIT"_s);

    QFile licence(sourcePath(u"LICENSE"_s));
    QVERIFY(licence.open(QIODevice::ReadOnly));
    QCOMPARE(licence.readLine().trimmed(), QByteArrayLiteral("MIT License"));
}

void TestPackagingMetadata::screenshotsAreTheProjectsOwn()
{
    const Metainfo metainfo = readMetainfo(metainfoPath());
    QVERIFY2(metainfo.errorString.isEmpty(), qPrintable(metainfo.errorString));
    QVERIFY(!metainfo.screenshotUrls.isEmpty());

    // The published images are the ones committed in docs/screenshots, made from the real window.
    for (const QString& address : metainfo.screenshotUrls) {
        const QUrl url(address, QUrl::StrictMode);
        QVERIFY2(url.isValid() && url.scheme() == u"https"_s, qPrintable(address));
        const QString committed = sourcePath(u"docs/screenshots/"_s % url.fileName());
        QVERIFY2(QFileInfo(committed).isFile() && QFileInfo(committed).size() > 0,
                 qPrintable(u"no committed screenshot "_s % committed % u" for "_s % address));
    }
}

QTEST_GUILESS_MAIN(TestPackagingMetadata)
#include "tst_packaging_metadata.moc"
