#pragma once

#include "DecisionJournal.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QLatin1StringView>
#include <QList>
#include <QString>
#include <QStringList>

// The file `relreview-cli decisions` writes and `decisions import` reads back: a JSON document
// {"format": "relreview-decisions", "version": 1, "origin": {...}, "decisions": [...]}, or CSV
// with the header csvColumns(). Parsing is pure (bytes in, decisions or one error out) so that it
// is tested and fuzzed on its own (tests/fuzz/fuzz_decisionimport.cpp); recording them in the
// journal is the command's business.
struct DecisionImport
{
    Q_DECLARE_TR_FUNCTIONS(DecisionImport)

public:
    static constexpr QLatin1StringView Format{"relreview-decisions"};
    static constexpr int Version = 1;
    static const QStringList& csvColumns();

    struct Entry
    {
        QString originKey;
        NewDecision decision;
    };

    bool ok = false;
    // Where and what, e.g. "decision 3: member \"status\" must be ...", "line 1: expected the
    // header ...", "offset 12: unterminated string"; the caller puts the file's name in front.
    QString error;
    DecisionOrigin origin;
    QList<Entry> entries; // every one checked; none when !ok

    // Everything is checked before anything is returned: one bad decision refuses the file.
    static DecisionImport parse(const QByteArray& bytes);
};
