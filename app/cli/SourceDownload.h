#pragma once

#include "ApiClient.h"
#include "ColumnCatalog.h"
#include "RelationshipParser.h"

#include <QCoreApplication>

#include <functional>

// Fetches an integration source's relationships (streamed to a file in the download folder, then
// parsed) and, unless told not to, its columns (best effort: a list without them is still whole),
// for `export` and `export-approved`. Runs an event loop until both have answered.
class SourceDownload
{
    Q_DECLARE_TR_FUNCTIONS(SourceDownload)

public:
    struct Result
    {
        bool ok = false;
        QString error; // when !ok: the server's refusal or why the list is not valid
        ParsedDocument document;
        ColumnCatalog catalog; // the columns endpoint's, else the list's own (if any)
    };

    // `client` has its profile and token set. `progress` gets messages for the user.
    static Result fetch(ApiClient& client, const QString& statusFilter, bool withColumns,
                        const std::function<void(const QString&)>& progress);
};
