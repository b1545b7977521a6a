#include "SecretRedaction.h"

#include <QTest>

using namespace Qt::StringLiterals;

// SecretRedaction::redact: whole occurrences of the token only, never a garbled message.
class TestSecretRedaction : public QObject
{
    Q_OBJECT
private slots:
    void redact_data();
    void redact();
    void customPlaceholder();
};

void TestSecretRedaction::redact_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("secret");
    QTest::addColumn<QString>("expected");

    const QString token = u"s3cr3t-T0ken_value"_s;
    QTest::newRow("empty token") << u"HTTP 401: a bad token"_s << QString()
                                 << u"HTTP 401: a bad token"_s;
    QTest::newRow("empty text") << QString() << token << QString();
    QTest::newRow("absent") << u"HTTP 500: internal error"_s << token
                            << u"HTTP 500: internal error"_s;
    QTest::newRow("whole message") << token << token << u"[token]"_s;
    QTest::newRow("at the start") << token + u" is not valid"_s << token
                                  << u"[token] is not valid"_s;
    QTest::newRow("at the end") << u"unknown token "_s + token << token
                                << u"unknown token [token]"_s;
    QTest::newRow("end of a sentence")
        << u"unknown token "_s + token + u"."_s << token << u"unknown token [token]."_s;
    QTest::newRow("quoted and key=value")
        << u"{\"detail\":\"Bearer "_s + token + u"\",\"auth\":\"token="_s + token + u"\"}"_s
        << token << u"{\"detail\":\"Bearer [token]\",\"auth\":\"token=[token]\"}"_s;
    QTest::newRow("several occurrences") << token + u", "_s + token + u" and "_s + token << token
                                         << u"[token], [token] and [token]"_s;
    QTest::newRow("inside a longer word (after)")
        << u"x"_s + token + u" "_s + token << token << u"x"_s + token + u" [token]"_s;
    QTest::newRow("inside a longer word (before)")
        << token + u"9 is not "_s + token << token << token + u"9 is not [token]"_s;
    QTest::newRow("joined by - or _ is another word")
        << token + u"-2 and 1_"_s + token << token << token + u"-2 and 1_"_s + token;
    QTest::newRow("short token leaves words alone")
        << u"a bad request: an invalid value at line a"_s << u"a"_s
        << u"[token] bad request: an invalid value at line [token]"_s;
    QTest::newRow("short token in words only")
        << u"Authorization failed; maybe an anagram"_s << u"a"_s
        << u"Authorization failed; maybe an anagram"_s;
    QTest::newRow("short token at both ends")
        << u"ab says ab"_s << u"ab"_s << u"[token] says [token]"_s;
    QTest::newRow("overlapping repeats are one word") << u"aaa aa"_s << u"aa"_s << u"aaa [token]"_s;
    QTest::newRow("non-ASCII letters continue a word")
        << u"\u00e9abc abc\u00e9 abc"_s << u"abc"_s << u"\u00e9abc abc\u00e9 [token]"_s;
    QTest::newRow("token with punctuation of its own")
        << u"sent a.b/c+d== back: a.b/c+d=="_s << u"a.b/c+d=="_s << u"sent [token] back: [token]"_s;
}

void TestSecretRedaction::redact()
{
    QFETCH(QString, text);
    QFETCH(QString, secret);
    QFETCH(QString, expected);
    QCOMPARE(SecretRedaction::redact(text, secret), expected);
}

void TestSecretRedaction::customPlaceholder()
{
    QCOMPARE(SecretRedaction::redact(u"got tok, tokens"_s, u"tok"_s, u"***"_s),
             u"got ***, tokens"_s);
}

QTEST_GUILESS_MAIN(TestSecretRedaction)
#include "tst_secretredaction.moc"
