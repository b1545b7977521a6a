// Installs the build tree into a temporary prefix, the way a package is assembled, and checks that
// exactly the files a desktop needs land where it looks for them and that they refer to each other
// correctly (the menu entry starts an installed program and shows an installed icon).

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QImage>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <array>

using namespace Qt::StringLiterals;

namespace {

constexpr std::array pngIconSizes{16, 32, 48, 64, 128, 256};
constexpr bool expectCommandLineTool = RELREVIEW_EXPECT_CLI;
constexpr bool expectPngIcons = RELREVIEW_EXPECT_PNG_ICONS;

const QString appId = u"ai.heyhumm.relreview"_s;

QString binDir()
{
    return QStringLiteral(RELREVIEW_INSTALL_BINDIR);
}

QString dataDir()
{
    return QStringLiteral(RELREVIEW_INSTALL_DATADIR);
}

QString docDir()
{
    return QStringLiteral(RELREVIEW_INSTALL_DOCDIR);
}

QString desktopEntryPath()
{
    return dataDir() % u"/applications/"_s % appId % u".desktop"_s;
}

QString metainfoPath()
{
    return dataDir() % u"/metainfo/"_s % appId % u".metainfo.xml"_s;
}

QString pngIconPath(int size)
{
    return dataDir() % u"/icons/hicolor/%1x%1/apps/"_s.arg(size) % appId % u".png"_s;
}

struct ProcessResult
{
    int exitCode = -1;
    QString output;
};

ProcessResult runProcess(const QString& program, const QStringList& arguments)
{
    QProcess process;
    // An inherited DESTDIR would send the files somewhere else than the prefix under test.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(u"DESTDIR"_s);
    process.setProcessEnvironment(environment);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    // The CTest timeout bounds a hung tool; a finished one is judged by its exit code.
    if (!process.waitForFinished(-1) || process.exitStatus() != QProcess::NormalExit)
        return {-1, process.errorString() % u"\n"_s % QString::fromLocal8Bit(process.readAll())};
    return {process.exitCode(), QString::fromLocal8Bit(process.readAll())};
}

QByteArray readFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

// The keys of the [Desktop Entry] group, which is all a launcher reads to start the program.
QHash<QString, QString> readDesktopEntry(const QString& path)
{
    QHash<QString, QString> keys;
    bool inMainGroup = false;
    const QStringList lines = QString::fromUtf8(readFile(path)).split(u'\n');
    for (const QString& line : lines) {
        if (line.startsWith(u'[')) {
            inMainGroup = line.trimmed() == u"[Desktop Entry]"_s;
            continue;
        }
        const qsizetype equals = line.indexOf(u'=');
        if (!inMainGroup || line.startsWith(u'#') || equals < 1)
            continue;
        keys.insert(line.left(equals).trimmed(), line.mid(equals + 1).trimmed());
    }
    return keys;
}

} // namespace

class TestPackagingInstall : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void installsExactlyTheExpectedFiles();
    void executablesAreExecutable();
    void scalableIconIsTheProjectIcon();
    void pngIconsHaveTheirSizeAndArePainted_data();
    void pngIconsHaveTheirSizeAndArePainted();
    void licenceIsTheProjectLicence();
    void desktopEntryStartsAnInstalledProgramWithAnInstalledIcon();
    void metainfoDescribesTheInstalledTree();
    void installedTreePassesAppstreamValidation();

private:
    QString installed(const QString& relativePath) const { return m_prefix.filePath(relativePath); }

    QTemporaryDir m_prefix;
};

void TestPackagingInstall::initTestCase()
{
    QVERIFY2(m_prefix.isValid(), qPrintable(m_prefix.errorString()));
    const ProcessResult install = runProcess(
        QStringLiteral(RELREVIEW_CMAKE_COMMAND),
        {u"--install"_s, QStringLiteral(RELREVIEW_BINARY_DIR), u"--prefix"_s, m_prefix.path()});
    QVERIFY2(
        install.exitCode == 0,
        qPrintable(u"cmake --install failed (is the build up to date?):\n"_s % install.output));
}

void TestPackagingInstall::installsExactlyTheExpectedFiles()
{
    QStringList expected{
        binDir() % u"/relreview"_s,
        desktopEntryPath(),
        metainfoPath(),
        dataDir() % u"/icons/hicolor/scalable/apps/"_s % appId % u".svg"_s,
        docDir() % u"/LICENSE"_s,
    };
    if (expectCommandLineTool)
        expected.append(binDir() % u"/relreview-cli"_s);
    if (expectPngIcons) {
        for (int size : pngIconSizes)
            expected.append(pngIconPath(size));
    }
    expected.sort();

    QStringList actual;
    QDirIterator files(m_prefix.path(), QDir::Files | QDir::Hidden | QDir::System,
                       QDirIterator::Subdirectories);
    while (files.hasNext())
        actual.append(QDir(m_prefix.path()).relativeFilePath(files.next()));
    actual.sort();

    QStringList missing;
    for (const QString& path : std::as_const(expected)) {
        if (!actual.contains(path))
            missing.append(path);
    }
    QStringList unexpected;
    for (const QString& path : std::as_const(actual)) {
        if (!expected.contains(path))
            unexpected.append(path);
    }
    QVERIFY2(missing.isEmpty(), qPrintable(u"not installed: "_s % missing.join(u", "_s)));
    QVERIFY2(unexpected.isEmpty(),
             qPrintable(u"installed but not expected: "_s % unexpected.join(u", "_s)));
    QCOMPARE(actual, expected);
}

void TestPackagingInstall::executablesAreExecutable()
{
    QStringList executables{binDir() % u"/relreview"_s};
    if (expectCommandLineTool)
        executables.append(binDir() % u"/relreview-cli"_s);
    for (const QString& executable : std::as_const(executables)) {
        const QFileInfo info(installed(executable));
        QVERIFY2(info.isFile() && info.isExecutable(), qPrintable(executable));
        QVERIFY2(info.size() > 0, qPrintable(executable));
    }
}

void TestPackagingInstall::scalableIconIsTheProjectIcon()
{
    const QByteArray source =
        readFile(QStringLiteral(RELREVIEW_SOURCE_DIR) % u"/resources/icons/relreview.svg"_s);
    QVERIFY(!source.isEmpty());
    QCOMPARE(
        readFile(installed(dataDir() % u"/icons/hicolor/scalable/apps/"_s % appId % u".svg"_s)),
        source);
}

void TestPackagingInstall::pngIconsHaveTheirSizeAndArePainted_data()
{
    QTest::addColumn<int>("size");
    for (int size : pngIconSizes)
        QTest::addRow("%dx%d", size, size) << size;
}

void TestPackagingInstall::pngIconsHaveTheirSizeAndArePainted()
{
    if (!expectPngIcons)
        QSKIP("No SVG renderer (Qt SVG or rsvg-convert) was found at configure time");
    QFETCH(int, size);

    const QImage icon(installed(pngIconPath(size)), "PNG");
    QVERIFY2(!icon.isNull(), qPrintable(pngIconPath(size)));
    QCOMPARE(icon.size(), QSize(size, size));
    QVERIFY(icon.hasAlphaChannel());

    // The icon fills most of its square; a blank or failed rendering leaves it transparent.
    qsizetype paintedPixels = 0;
    for (int y = 0; y < icon.height(); ++y) {
        for (int x = 0; x < icon.width(); ++x) {
            if (icon.pixelColor(x, y).alpha() > 0)
                ++paintedPixels;
        }
    }
    QVERIFY2(paintedPixels > size * size / 2,
             qPrintable(u"only %1 of %2 pixels are painted"_s.arg(paintedPixels).arg(size * size)));
}

void TestPackagingInstall::licenceIsTheProjectLicence()
{
    const QByteArray licence = readFile(installed(docDir() % u"/LICENSE"_s));
    QVERIFY(licence.startsWith("MIT License"));
    QVERIFY(licence.contains("Copyright (c) 2026 The relreview authors"));
    QCOMPARE(licence, readFile(QStringLiteral(RELREVIEW_SOURCE_DIR) % u"/LICENSE"_s));
}

void TestPackagingInstall::desktopEntryStartsAnInstalledProgramWithAnInstalledIcon()
{
    const QHash<QString, QString> entry = readDesktopEntry(installed(desktopEntryPath()));
    QCOMPARE(entry.value(u"Type"_s), u"Application"_s);

    // Launchers look the program up in PATH, which holds the prefix's bin directory.
    const QString program = entry.value(u"Exec"_s).section(u' ', 0, 0);
    QCOMPARE(program, u"relreview"_s);
    QVERIFY(QFileInfo(installed(binDir() % u'/' % program)).isExecutable());
    QCOMPARE(entry.value(u"TryExec"_s), program);

    // The icon is a theme name, found in hicolor, the theme every icon theme falls back to.
    const QString icon = entry.value(u"Icon"_s);
    QCOMPARE(icon, appId);
    QVERIFY(QFileInfo::exists(
        installed(dataDir() % u"/icons/hicolor/scalable/apps/"_s % icon % u".svg"_s)));
    if (expectPngIcons) {
        for (int size : pngIconSizes)
            QVERIFY2(QFileInfo::exists(installed(pngIconPath(size))),
                     qPrintable(pngIconPath(size)));
    }
}

void TestPackagingInstall::metainfoDescribesTheInstalledTree()
{
    const QByteArray metainfo = readFile(installed(metainfoPath()));
    QVERIFY(!metainfo.isEmpty());

    QString componentId;
    QString launchable;
    QStringList providedBinaries;
    QXmlStreamReader xml(metainfo);
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (xml.name() == u"id"_s && componentId.isEmpty())
            componentId = xml.readElementText();
        else if (xml.name() == u"launchable"_s)
            launchable = xml.readElementText();
        else if (xml.name() == u"binary"_s)
            providedBinaries.append(xml.readElementText());
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));

    QCOMPARE(componentId, appId);
    QCOMPARE(launchable, QFileInfo(desktopEntryPath()).fileName());

    // Software centres offer to install the package for a command typed in a terminal from this
    // list, so it names every installed program.
    QStringList installedPrograms = QDir(installed(binDir())).entryList(QDir::Files);
    installedPrograms.sort();
    providedBinaries.sort();
    QCOMPARE(providedBinaries, installedPrograms);
}

void TestPackagingInstall::installedTreePassesAppstreamValidation()
{
    const QString appstreamcli = QStandardPaths::findExecutable(u"appstreamcli"_s);
    if (appstreamcli.isEmpty())
        QSKIP("appstreamcli (Debian package appstream) is not installed");

    // validate-tree also checks that the launchable desktop entry is installed beside the metainfo.
    const ProcessResult validation =
        runProcess(appstreamcli, {u"validate-tree"_s, u"--no-net"_s, m_prefix.path()});
    QVERIFY2(validation.exitCode == 0, qPrintable(validation.output));
}

QTEST_GUILESS_MAIN(TestPackagingInstall)
#include "tst_packaging_install.moc"
