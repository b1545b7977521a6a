#pragma once

#include "DemoDataGenerator.h"

#include <QByteArray>
#include <QString>
#include <QTemporaryDir>

// Test inputs: generated demo data written to a temporary folder, and the checked-in files under
// tests/data. Every function returns the path it wrote, or an empty string (with a warning) when it
// could not.
namespace TestData {

// tests/data in the source tree (RELREVIEW_TEST_DATA_DIR), and a file in it.
QString dataDir();
QString dataPath(const QString& fileName);

DemoDataGenerator::Options demoOptions(int count, quint64 seed = DemoDataGenerator::Options{}.seed);

// The list endpoint's answer for `count` generated relationships.
QString writeDemoList(const QTemporaryDir& dir, int count,
                      quint64 seed = DemoDataGenerator::Options{}.seed,
                      const QString& fileName = QStringLiteral("demo-list.json"));
// A relreview snapshot envelope (rows and catalog) of the same data.
QString writeDemoSnapshot(const QTemporaryDir& dir, int count,
                          quint64 seed = DemoDataGenerator::Options{}.seed,
                          const QString& baseUrl = QStringLiteral("http://127.0.0.1"),
                          const QString& fileName = QStringLiteral("demo-snapshot.json"));
// Any bytes, e.g. a hand-written or deliberately broken input.
QString writeFile(const QTemporaryDir& dir, const QString& fileName, const QByteArray& bytes);

} // namespace TestData
