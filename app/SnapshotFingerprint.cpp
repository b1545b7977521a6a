#include "SnapshotFingerprint.h"

#include <QCoreApplication>
#include <QFile>

#include <array>
#include <openssl/evp.h>

struct SnapshotFingerprint::Context
{
    EVP_MD_CTX* context = EVP_MD_CTX_new();
    ~Context() { EVP_MD_CTX_free(context); }
    Context() = default;
    Context(const Context&) = delete;
    Context& operator=(const Context&) = delete;
};

SnapshotFingerprint::SnapshotFingerprint(qint64 fileSize)
    : m_context(std::make_unique<Context>())
{
    m_failed =
        !m_context->context || EVP_DigestInit_ex(m_context->context, EVP_sha1(), nullptr) != 1;
    // The size first: two files whose contents only start alike differ from the first block on.
    const QByteArray size = QByteArray::number(fileSize);
    if (!m_failed)
        m_failed = EVP_DigestUpdate(m_context->context, size.constData(), size_t(size.size())) != 1;
}

SnapshotFingerprint::~SnapshotFingerprint() = default;

void SnapshotFingerprint::addData(QByteArrayView bytes)
{
    if (m_failed || bytes.isEmpty())
        return;
    m_failed = EVP_DigestUpdate(m_context->context, bytes.data(), size_t(bytes.size())) != 1;
    m_bytesAdded += bytes.size();
}

QString SnapshotFingerprint::result()
{
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (m_failed || EVP_DigestFinal_ex(m_context->context, digest.data(), &length) != 1) {
        m_failed = true;
        return {};
    }
    m_failed = true; // finalised: nothing more can be added
    const QByteArray bytes(reinterpret_cast<const char*>(digest.data()), qsizetype(length));
    return QString::fromLatin1(bytes.toHex().left(32));
}

QString SnapshotFingerprint::ofFile(const QString& path, QString* error)
{
    QFile file(path);
    const auto fail = [&] {
        if (error) {
            *error = QCoreApplication::translate("SnapshotFingerprint", "%1: cannot read: %2")
                         .arg(path, file.errorString());
        }
        return QString();
    };
    if (!file.open(QIODevice::ReadOnly))
        return fail();
    SnapshotFingerprint fingerprint(file.size());
    QByteArray buffer(qsizetype(4) * 1024 * 1024, Qt::Uninitialized);
    for (;;) {
        const qint64 read = file.read(buffer.data(), buffer.size());
        if (read < 0)
            return fail();
        if (read == 0)
            break;
        fingerprint.addData(QByteArrayView(buffer.constData(), read));
    }
    if (fingerprint.bytesAdded() != file.size()) // changed while it was read
        return fail();
    return fingerprint.result();
}
