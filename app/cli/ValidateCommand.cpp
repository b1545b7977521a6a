#include "ValidateCommand.h"

#include "OfflineSnapshot.h"

#include <QCommandLineParser>

using namespace Qt::StringLiterals;

int ValidateCommand::run(const QStringList& arguments)
{
    QCommandLineParser parser;
    ExitStatus status = Ok;
    if (!parse(parser, arguments, u"validate"_s, &status)) {
        return status;
    }
    if (parser.positionalArguments().size() != 1) {
        return usageError(tr("validate: give exactly one FILE"));
    }
    const QString path = parser.positionalArguments().first();
    const OfflineSnapshot snapshot = OfflineSnapshot::open(path, nullptr);
    if (!snapshot.ok) {
        return badInput(snapshot.message);
    }
    const ParsedDocument& document = snapshot.document;
    if (document.header.isEnvelope) {
        m_out << tr("%1: valid relreview snapshot (version %2), %3 relationships, %4 columns")
                     .arg(path)
                     .arg(document.header.version)
                     .arg(document.rows.size())
                     .arg(document.catalog.columnCount())
              << u'\n';
    } else {
        m_out << tr("%1: valid list, %2 relationships").arg(path).arg(document.rows.size())
              << u'\n';
    }
    return Ok;
}
