#include "SecretRedaction.h"

namespace {

// Could `c` be part of the same word as the secret next to it?
bool continuesWord(QChar c)
{
    return c.isLetterOrNumber() || c == u'_' || c == u'-';
}

} // namespace

QString SecretRedaction::redact(const QString& text, const QString& secret,
                                const QString& placeholder)
{
    if (secret.isEmpty())
        return text;
    qsizetype at = text.indexOf(secret);
    if (at < 0)
        return text;
    QString result;
    qsizetype copied = 0; // text before this index is in `result`
    while (at >= 0) {
        const qsizetype end = at + secret.size();
        const bool startBounded = at == 0 || !continuesWord(text[at - 1]);
        const bool endBounded = end == text.size() || !continuesWord(text[end]);
        if (startBounded && endBounded) {
            result += QStringView(text).sliced(copied, at - copied);
            result += placeholder;
            copied = end;
            at = text.indexOf(secret, end);
        } else {
            at = text.indexOf(secret, at + 1);
        }
    }
    if (copied == 0)
        return text;
    result += QStringView(text).sliced(copied);
    return result;
}
