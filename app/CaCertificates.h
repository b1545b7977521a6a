#pragma once

#include <QList>
#include <QSslCertificate>
#include <QString>

// Extra trusted certificate authorities (a corporate TLS proxy, a self-hosted service): a PEM
// file named by --ca-certificates or a profile. They are trusted in addition to the system's.
namespace CaCertificates {

// The certificates in the PEM file at `path`. An empty list and `*error` set when the file
// cannot be read or holds no usable certificate; the message names the file.
QList<QSslCertificate> load(const QString& path, QString* error);

} // namespace CaCertificates
