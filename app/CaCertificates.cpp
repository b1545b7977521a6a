#include "CaCertificates.h"

#include <QCoreApplication>
#include <QFile>

using namespace Qt::StringLiterals;

namespace {

// CaCertificates is a namespace: this class lends its messages the context "CaCertificates".
class Text
{
    Q_DECLARE_TR_FUNCTIONS(CaCertificates)
};

// A CA bundle is a few hundred kB at most; anything much larger is not one.
constexpr qint64 MaxFileBytes = 16 * 1024 * 1024;

} // namespace

QList<QSslCertificate> CaCertificates::load(const QString& path, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error =
            Text::tr("CA certificates '%1': cannot be read (%2).").arg(path, file.errorString());
        return {};
    }
    if (file.size() > MaxFileBytes) {
        *error = Text::tr("CA certificates '%1': too large for a PEM certificate file.").arg(path);
        return {};
    }
    const QByteArray bytes = file.readAll();
    const qsizetype blocks = bytes.count("-----BEGIN CERTIFICATE-----");
    QList<QSslCertificate> certificates = QSslCertificate::fromData(bytes, QSsl::Pem);
    if (blocks == 0 || certificates.isEmpty()) {
        *error = Text::tr("CA certificates '%1': no PEM certificate in it (expected "
                          "-----BEGIN CERTIFICATE----- blocks).")
                     .arg(path);
        return {};
    }
    for (qsizetype i = 0; i < certificates.size(); ++i) {
        if (certificates.at(i).isNull()) {
            *error = Text::tr("CA certificates '%1': certificate %2 is not valid PEM.")
                         .arg(path)
                         .arg(i + 1);
            return {};
        }
    }
    if (certificates.size() != blocks) {
        *error = Text::tr("CA certificates '%1': %2 of its %3 certificates could not be read.")
                     .arg(path)
                     .arg(blocks - certificates.size())
                     .arg(blocks);
        return {};
    }
    error->clear();
    return certificates;
}
