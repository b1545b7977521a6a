#include "TestData.h"

#include <QDir>
#include <QFile>
#include <QtDebug>

#include <functional>

using namespace Qt::StringLiterals;

namespace TestData {

namespace {

QString writeWith(const QTemporaryDir& dir, const QString& fileName,
                  const std::function<bool(QIODevice*)>& write)
{
    if (!dir.isValid()) {
        qWarning("TestData: the temporary folder is not valid");
        return {};
    }
    const QString path = dir.filePath(fileName);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        qWarning("TestData: cannot write %s: %s", qPrintable(path), qPrintable(file.errorString()));
        return {};
    }
    if (!write(&file) || !file.flush()) {
        qWarning("TestData: writing %s failed: %s", qPrintable(path),
                 qPrintable(file.errorString()));
        return {};
    }
    return path;
}

} // namespace

QString dataDir()
{
    return QStringLiteral(RELREVIEW_TEST_DATA_DIR);
}

QString dataPath(const QString& fileName)
{
    return QDir(dataDir()).filePath(fileName);
}

DemoDataGenerator::Options demoOptions(int count, quint64 seed)
{
    DemoDataGenerator::Options options;
    options.relationshipCount = count;
    options.seed = seed;
    return options;
}

QString writeDemoList(const QTemporaryDir& dir, int count, quint64 seed, const QString& fileName)
{
    const DemoDataGenerator generator(demoOptions(count, seed));
    return writeWith(dir, fileName, [&](QIODevice* device) { return generator.writeList(device); });
}

QString writeDemoSnapshot(const QTemporaryDir& dir, int count, quint64 seed, const QString& baseUrl,
                          const QString& fileName)
{
    const DemoDataGenerator generator(demoOptions(count, seed));
    return writeWith(dir, fileName,
                     [&](QIODevice* device) { return generator.writeSnapshot(device, baseUrl); });
}

QString writeFile(const QTemporaryDir& dir, const QString& fileName, const QByteArray& bytes)
{
    return writeWith(dir, fileName,
                     [&](QIODevice* device) { return device->write(bytes) == bytes.size(); });
}

} // namespace TestData
