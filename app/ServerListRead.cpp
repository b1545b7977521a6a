#include "ServerListRead.h"

#include "BackgroundWork.h"
#include "RelationshipParser.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QTemporaryFile>
#include <QTimer>

using namespace Qt::StringLiterals;

ServerListRead::ServerListRead(QObject* receiver)
    : m_receiver(receiver)
{}

ServerListRead::~ServerListRead() = default;

void ServerListRead::read(ApiClient* client, bool verify, RelationshipStatus status,
                          const QList<QUuid>& verifyIds, Done done)
{
    QString folderError;
    const QString folder = ApiClient::downloadFolder(&folderError);
    auto file = std::make_shared<QTemporaryFile>(
        QDir(folder.isEmpty() ? QDir::tempPath() : folder).filePath(u"sync-XXXXXX.json"_s));
    if (folder.isEmpty() || !file->open()) {
        ApiError error;
        error.kind = ApiError::Kind::Storage;
        error.message = QCoreApplication::translate(
                            "SyncEngine", "Cannot create a file to read the server's list into: %1")
                            .arg(folder.isEmpty() ? folderError : file->errorString());
        QTimer::singleShot(0, m_receiver, [done, error] { done(error, nullptr); });
        return;
    }
    file->close(); // ApiClient writes it through its own handle; the name stays reserved
    const QUuid expectedSource = client->profile().integrationSourceId;
    client->downloadRelationships(
        file->fileName(), m_receiver,
        [this, file, verify, status, verifyIds, expectedSource, done](const ApiError& error) {
            if (!error.ok()) {
                done(error, nullptr);
                return;
            }
            parse(file->fileName(), verify, status, verifyIds, expectedSource, done);
            // The parse removes the file; the name no longer needs reserving.
            file->setAutoRemove(false);
        },
        {}, verify ? statusName(status) : QString());
}

void ServerListRead::parse(const QString& path, bool verify, RelationshipStatus status,
                           const QList<QUuid>& verifyIds, const QUuid& expectedSource, Done done)
{
    m_parses.push_back(std::make_unique<BackgroundWork>(m_receiver));
    const auto lane = std::prev(m_parses.end());
    (*lane)->run(
        [path, verify, verifyIds, status, expectedSource](const std::atomic_bool&) {
            auto result = std::make_shared<Result>();
            RelationshipParser::Result parsed = RelationshipParser::parseFile(path);
            // Read: removed here, since unlinking 100 MB takes the kernel a while.
            QFile::remove(path);
            const QString place = QCoreApplication::translate("SyncEngine", "the server's list");
            if (parsed.ok) {
                // Rows of another integration source are not the answer to the question.
                const ApiError foreign =
                    ApiClient::checkListSource(parsed.document.rows, expectedSource, place);
                if (!foreign.ok()) {
                    result->message = foreign.message;
                    return result;
                }
            }
            result->ok = parsed.ok;
            if (parsed.ok && verify) {
                const RelationshipRows& rows = parsed.document.rows;
                result->matches.reserve(verifyIds.size());
                for (const QUuid& id : verifyIds) {
                    const std::optional<int> row = rows.rowOf(id);
                    if (row && rows.row(*row).status == status)
                        result->matches.append(rows.relationship(*row));
                    else
                        result->matches.append(std::nullopt);
                }
            } else if (parsed.ok) {
                result->rows = std::move(parsed.document.rows);
            } else {
                result->message = parsed.error.describe(place);
            }
            return result;
        },
        [this, lane, done](std::shared_ptr<Result> result) {
            // The lane is done: let it go once this delivery has returned.
            std::unique_ptr<BackgroundWork> finished = std::move(*lane);
            m_parses.erase(lane);
            QTimer::singleShot(
                0, m_receiver,
                [finished = std::shared_ptr<BackgroundWork>(std::move(finished))] {});
            done(ApiError{}, std::move(result));
        });
}
