#include "SourceDownload.h"

#include <QDir>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryFile>

using namespace Qt::StringLiterals;

SourceDownload::Result SourceDownload::fetch(ApiClient& client, const QString& statusFilter,
                                             bool withColumns,
                                             const std::function<void(const QString&)>& progress)
{
    Result result;
    const ConnectionProfile& profile = client.profile();
    QString folderError;
    const QString folder = ApiClient::downloadFolder(&folderError);
    if (folder.isEmpty()) {
        result.error = folderError;
        return result;
    }
    QTemporaryFile download(QDir(folder).filePath(u"export-XXXXXX.json"_s));
    if (!download.open()) {
        result.error = tr("cannot create a file for the download: %1").arg(download.errorString());
        return result;
    }
    download.close();
    progress(tr("Downloading the relationships of %1 from %2…")
                 .arg(profile.integrationSourceId.toString(QUuid::WithoutBraces),
                      profile.baseUrl.host()));
    QEventLoop loop;
    QObject context;
    ApiError downloadError;
    bool columnsDone = !withColumns;
    bool rowsDone = false;
    ColumnCatalog catalog;
    client.downloadRelationships(
        download.fileName(), &context,
        [&](const ApiError& error) {
            downloadError = error;
            rowsDone = true;
            if (columnsDone) {
                loop.quit();
            }
        },
        {}, statusFilter);
    if (!columnsDone) {
        client.fetchColumns(&context, [&](const ApiError& error, const QByteArray& body) {
            // The columns are a convenience (names): a list without them is still a whole list.
            QString catalogError;
            if (!error.ok()) {
                progress(tr("Columns not included: %1").arg(error.message));
            } else if (!catalog.loadColumnsJson(QJsonDocument::fromJson(body).array(),
                                                &catalogError)) {
                progress(tr("Columns not included: %1").arg(catalogError));
                catalog = {};
            }
            columnsDone = true;
            if (rowsDone) {
                loop.quit();
            }
        });
    }
    loop.exec();
    if (!downloadError.ok()) {
        result.error = downloadError.message;
        return result;
    }
    RelationshipParser::Result parsed = RelationshipParser::parseFile(download.fileName());
    if (!parsed.ok) {
        result.error =
            tr("the server's answer is not a valid list: %1").arg(parsed.error.describe());
        return result;
    }
    if (const ApiError foreign = ApiClient::checkListSource(
            parsed.document.rows, profile.integrationSourceId, tr("the server's list"));
        !foreign.ok()) {
        result.error = foreign.message;
        return result;
    }
    result.document = std::move(parsed.document);
    result.catalog = catalog.isEmpty() ? result.document.catalog : std::move(catalog);
    result.ok = true;
    return result;
}
