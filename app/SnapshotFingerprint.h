#pragma once

#include <QByteArrayView>
#include <QString>

#include <memory>

// The identity of a snapshot file's content, under which its decisions are journalled: the first
// 128 bits of SHA-1 over the decimal file size followed by every byte of the file. The whole
// content, not a sample: a list saved twice can differ in one status in the middle, at the same
// size. Fed in order, in as many pieces as convenient, so that a loader can hash the file while it
// parses it. The value is the one relreview has always recorded (Qt's SHA-1 of the same bytes).
//
// SHA-1 identifies here, it does not protect (nothing in a snapshot is secret). It comes from
// OpenSSL, which uses the CPU's SHA instructions where there are any: about three times the speed
// of Qt's portable implementation, which matters for a file of a gigabyte.
class SnapshotFingerprint
{
public:
    explicit SnapshotFingerprint(qint64 fileSize);
    ~SnapshotFingerprint();
    SnapshotFingerprint(const SnapshotFingerprint&) = delete;
    SnapshotFingerprint& operator=(const SnapshotFingerprint&) = delete;

    void addData(QByteArrayView bytes);
    qint64 bytesAdded() const { return m_bytesAdded; }
    // 32 hexadecimal digits; empty if the hash failed. Ends the hashing.
    QString result();

    // Reads the whole file; empty with *error set when it cannot.
    static QString ofFile(const QString& path, QString* error = nullptr);

private:
    struct Context;
    std::unique_ptr<Context> m_context;
    qint64 m_bytesAdded = 0;
    bool m_failed = false;
};
