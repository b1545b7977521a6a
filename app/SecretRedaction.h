#pragma once

#include <QString>

// Takes a secret (the API token) out of a text that may quote it (a server's error message that
// echoes what it was sent, a message built from an answer), before the text is shown, logged or
// written to a file.
//
// Only whole occurrences are replaced: an occurrence counts when the characters on either side of
// it cannot continue a word (letters, digits, '_' and '-'; anything else, including the
// punctuation that ends a sentence or separates a field such as '.', ',', '=', '/', '"' and white
// space, bounds it), so that a short token (say "a") never garbles the words that merely contain
// it. An empty secret changes nothing.
namespace SecretRedaction {

inline constexpr auto Placeholder = u"[token]";

QString redact(const QString& text, const QString& secret,
               const QString& placeholder = QString::fromUtf16(Placeholder));

} // namespace SecretRedaction
