// relreview-pseudotranslate CATALOGUE.ts OUTPUT.ts
//
// Writes a pseudo-translation of a Qt Linguist catalogue: every message is translated as
// "⟦context|source⟧". Compiled with lrelease and installed with QTranslator, it shows at a glance
// which texts reach the catalogue, and under which context: an untranslated text on the screen
// or in a message is one that does not (tests/unit/tst_translations relies on it).
#include <QFile>
#include <QLatin1StringView>
#include <QString>
#include <QXmlStreamReader>
#include <QXmlStreamWriter>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

struct Message
{
    QString source;
    QString comment; // the disambiguation: part of the key a translation is looked up by
    bool numerus = false;
    bool obsolete = false;
};

void writeMessage(QXmlStreamWriter& out, const QString& context, const Message& message)
{
    if (message.obsolete) {
        return;
    }
    const QString translation = u"⟦"_s + context + u'|' + message.source + u"⟧"_s;
    out.writeStartElement(u"message"_s);
    if (message.numerus) {
        out.writeAttribute(u"numerus"_s, u"yes"_s);
    }
    out.writeTextElement(u"source"_s, message.source);
    if (!message.comment.isEmpty()) {
        out.writeTextElement(u"comment"_s, message.comment);
    }
    out.writeStartElement(u"translation"_s);
    if (message.numerus) {
        // Enough forms for any language; lrelease keeps as many as the catalogue's needs.
        for (int form = 0; form < 6; ++form) {
            out.writeTextElement(u"numerusform"_s, translation);
        }
    } else {
        out.writeCharacters(translation);
    }
    out.writeEndElement(); // translation
    out.writeEndElement(); // message
}

} // namespace

int main(int argc, char* argv[])
{
    if (argc != 3) {
        std::fputs("usage: relreview-pseudotranslate CATALOGUE.ts OUTPUT.ts\n", stderr);
        return 2;
    }
    QFile inFile(QString::fromLocal8Bit(argv[1]));
    if (!inFile.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "relreview-pseudotranslate: %s: %s\n", argv[1],
                     qPrintable(inFile.errorString()));
        return 1;
    }
    QByteArray written;
    QXmlStreamReader in(&inFile);
    QXmlStreamWriter out(&written);
    out.setAutoFormatting(true);
    out.writeStartDocument();
    out.writeDTD(u"<!DOCTYPE TS>"_s);

    QString context;
    Message message;
    while (!in.atEnd()) {
        in.readNext();
        if (in.isStartElement()) {
            const QStringView name = in.name();
            if (name == "TS"_L1) {
                out.writeStartElement(u"TS"_s);
                out.writeAttributes(in.attributes());
            } else if (name == "context"_L1) {
                out.writeStartElement(u"context"_s);
            } else if (name == "name"_L1) {
                context = in.readElementText();
                out.writeTextElement(u"name"_s, context);
            } else if (name == "message"_L1) {
                message = Message{};
                message.numerus = in.attributes().value("numerus"_L1) == "yes"_L1;
            } else if (name == "source"_L1) {
                message.source = in.readElementText();
            } else if (name == "comment"_L1) {
                message.comment = in.readElementText();
            } else if (name == "translation"_L1) {
                const QStringView type = in.attributes().value("type"_L1);
                message.obsolete = type == "obsolete"_L1 || type == "vanished"_L1;
                in.skipCurrentElement();
            } else {
                in.skipCurrentElement(); // locations, translator and extra comments
            }
        } else if (in.isEndElement()) {
            const QStringView name = in.name();
            if (name == "message"_L1) {
                writeMessage(out, context, message);
            } else if (name == "context"_L1 || name == "TS"_L1) {
                out.writeEndElement();
            }
        }
    }
    if (in.hasError()) {
        std::fprintf(stderr, "relreview-pseudotranslate: %s:%lld: %s\n", argv[1],
                     static_cast<long long>(in.lineNumber()), qPrintable(in.errorString()));
        return 1;
    }
    out.writeEndDocument();

    QFile outFile(QString::fromLocal8Bit(argv[2]));
    if (!outFile.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        outFile.write(written) != written.size() || !outFile.flush()) {
        std::fprintf(stderr, "relreview-pseudotranslate: %s: %s\n", argv[2],
                     qPrintable(outFile.errorString()));
        return 1;
    }
    return 0;
}
