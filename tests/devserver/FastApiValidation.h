#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QUuid>

#include <optional>
#include <string_view>

// Error bodies shaped the way FastAPI (pydantic v1) writes them, so that clients are tested
// against the exact shapes the hosted service produces:
//   {"detail":[{"loc":["body","status"],"msg":"...","type":"type_error.enum"}]}
class ValidationErrors
{
public:
    void add(QJsonArray loc, const QString& msg, const QString& type, QJsonObject ctx = {});

    void invalidUuid(QJsonArray loc);
    void invalidEnum(QJsonArray loc, const QStringList& permitted);
    void missing(QJsonArray loc);

    bool isEmpty() const { return m_errors.isEmpty(); }
    QByteArray body() const; // the whole 422 body

private:
    QJsonArray m_errors;
};

// {"detail":"..."}: the body of every non-validation error.
QByteArray detailBody(const QString& detail);

// Python's uuid.UUID(str) as pydantic v1 applies it: "urn:"/"uuid:" prefixes, surrounding
// braces and hyphens are ignored, the rest must be exactly 32 hex digits.
std::optional<QUuid> parseUuidLikePydantic(std::string_view text);
std::optional<QUuid> parseUuidLikePydantic(const QString& text);

// pydantic v1 bool parsing of a query value ("true", "1", "yes", "on", ...).
std::optional<bool> parseBoolLikePydantic(std::string_view text);

const QStringList& statusNames(); // SUGGESTED, APPROVED, REJECTED
const QStringList& typeNames();   // FOREIGN_KEY, INFERRED, MANUAL
