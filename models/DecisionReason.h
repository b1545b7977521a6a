#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <optional>

// Why the analyst decided as they did: one of a short fixed list plus free text. Kept by
// relreview only (the journal, the history, the inspector, the decisions export): the API has no
// field for it, and writing it into a relationship's evidence would replace the pipeline's.
//
// Its text form, for the CLI, CSV and JSON: the code's name, then ": " and the free text when
// there is any ("not a key", "not a key: ids are reused", "other: checked with Ana"). Reading
// accepts a name in any case, with spaces or underscores ("not_a_key"), and reads text that names
// no code as "other" with that text, so a free sentence is never lost.
struct DecisionReason
{
    Q_DECLARE_TR_FUNCTIONS(DecisionReason)

public:
    enum class Code : quint8 {
        None,
        NotAKey,
        WrongDirection,
        CoincidentalOverlap,
        TypeMismatch,
        AnotherTarget,
        Other,
    };
    static constexpr int ChoiceCount = 6; // NotAKey .. Other: the number keys 1-6

    Code code = Code::None;
    QString text;

    bool isEmpty() const { return code == Code::None && text.trimmed().isEmpty(); }
    bool operator==(const DecisionReason& other) const = default;

    // The stored name of a code: "not_a_key", ...; "" for None.
    static QString codeName(Code code);
    static std::optional<Code> codeFromName(QStringView name); // either spelling, any case
    // What the window shows: "not a key", ... (translated); "" for None.
    static QString displayName(Code code);
    // The choices in the order of their number keys (1 = not a key).
    static Code choice(int number); // 1..ChoiceCount, else None

    // The language-neutral text form (see above) and its reading.
    QString toText() const;
    static DecisionReason fromText(const QString& text);
    // As the window shows it: "not a key", "not a key: ids are reused", "checked with Ana".
    QString display() const;
};
