#include "DecisionReason.h"

#include <array>

using namespace Qt::StringLiterals;

namespace {

// Stored names (journal, CSV, JSON), by Code; the spoken form swaps '_' for ' '.
constexpr std::array<QLatin1StringView, 7> CodeNames = {
    ""_L1,
    "not_a_key"_L1,
    "wrong_direction"_L1,
    "coincidental_overlap"_L1,
    "type_mismatch"_L1,
    "another_target_is_right"_L1,
    "other"_L1,
};

QString spoken(QLatin1StringView name)
{
    QString text(name);
    text.replace(u'_', u' ');
    return text;
}

} // namespace

QString DecisionReason::codeName(Code code)
{
    return QString(CodeNames[size_t(code)]);
}

std::optional<DecisionReason::Code> DecisionReason::codeFromName(QStringView name)
{
    QString normal = name.trimmed().toString().toLower();
    normal.replace(u' ', u'_').replace(u'-', u'_');
    if (normal.isEmpty())
        return std::nullopt;
    for (size_t i = 1; i < CodeNames.size(); ++i) {
        if (normal == CodeNames[i])
            return Code(i);
    }
    if (normal == u"another_target")
        return Code::AnotherTarget;
    return std::nullopt;
}

QString DecisionReason::displayName(Code code)
{
    switch (code) {
    case Code::None:
        return {};
    case Code::NotAKey:
        return tr("not a key");
    case Code::WrongDirection:
        return tr("wrong direction");
    case Code::CoincidentalOverlap:
        return tr("coincidental overlap");
    case Code::TypeMismatch:
        return tr("type mismatch");
    case Code::AnotherTarget:
        return tr("another target is right");
    case Code::Other:
        return tr("other");
    }
    return {};
}

DecisionReason::Code DecisionReason::choice(int number)
{
    if (number < 1 || number > ChoiceCount)
        return Code::None;
    return Code(number);
}

QString DecisionReason::toText() const
{
    const QString body = text.trimmed();
    if (code == Code::None)
        return body.isEmpty() ? QString() : spoken(CodeNames[size_t(Code::Other)]) + u": "_s + body;
    const QString name = spoken(CodeNames[size_t(code)]);
    return body.isEmpty() ? name : name + u": "_s + body;
}

DecisionReason DecisionReason::fromText(const QString& text)
{
    DecisionReason reason;
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return reason;
    if (const std::optional<Code> whole = codeFromName(trimmed)) {
        reason.code = *whole;
        return reason;
    }
    const qsizetype colon = trimmed.indexOf(u':');
    if (colon > 0) {
        if (const std::optional<Code> head = codeFromName(QStringView(trimmed).first(colon))) {
            reason.code = *head;
            reason.text = trimmed.mid(colon + 1).trimmed();
            return reason;
        }
    }
    reason.code = Code::Other;
    reason.text = trimmed;
    return reason;
}

QString DecisionReason::display() const
{
    const QString body = text.trimmed();
    if (code == Code::None || code == Code::Other)
        return body.isEmpty() ? displayName(code) : body;
    return body.isEmpty() ? displayName(code) : displayName(code) + u": "_s + body;
}
