// relreview-devserver: a local stand-in for the Humm relationship API, used by the integration
// tests, the demo and the benchmarks. See DevServer.h and `relreview-devserver --help`.

#include "DemoDataGenerator.h"
#include "DevServer.h"
#include "RelationshipParser.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QHostAddress>

#include <csignal>
#include <cstdio>
#include <memory>
#include <sys/prctl.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("relreview-devserver", text);
}

[[noreturn]] void fail(const QString& message, int exitCode = 2)
{
    std::fprintf(stderr, "relreview-devserver: %s\n", qPrintable(message));
    std::exit(exitCode);
}

int intOption(const QCommandLineParser& parser, const QString& name, int minimum, int maximum,
              int fallback)
{
    if (!parser.isSet(name))
        return fallback;
    bool ok = false;
    const int value = parser.value(name).toInt(&ok);
    if (!ok || value < minimum || value > maximum)
        fail(tr("--%1 expects a whole number from %2 to %3").arg(name).arg(minimum).arg(maximum));
    return value;
}

double rateOption(const QCommandLineParser& parser, const QString& name)
{
    if (!parser.isSet(name))
        return 0;
    bool ok = false;
    const double value = parser.value(name).toDouble(&ok);
    if (!ok || value < 0 || value > 1)
        fail(tr("--%1 expects a number from 0 to 1").arg(name));
    return value;
}

quint64 seedOption(const QCommandLineParser& parser, const QString& name, quint64 fallback)
{
    if (!parser.isSet(name))
        return fallback;
    bool ok = false;
    const quint64 value = parser.value(name).toULongLong(&ok);
    if (!ok)
        fail(tr("--%1 expects a non-negative whole number").arg(name));
    return value;
}

std::unique_ptr<ServedRelationships> generated(const DemoDataGenerator::Options& options)
{
    const DemoDataGenerator generator(options);
    RelationshipRows rows;
    rows.reserve(options.relationshipCount);
    for (int index = 0; index < options.relationshipCount; ++index)
        rows.append(generator.relationship(index));
    return std::make_unique<ServedRelationships>(std::move(rows), generator.catalog(),
                                                 options.integrationSourceId);
}

std::unique_ptr<ServedRelationships> loaded(const QString& path)
{
    RelationshipParser::Result result = RelationshipParser::parseFile(path);
    if (!result.ok)
        fail(result.error.describe(path), 1);
    ParsedDocument& document = result.document;
    // The envelope names its source; a bare list is served under the source its rows carry.
    QUuid source = document.header.source.integrationSourceId;
    if (source.isNull() && !document.rows.isEmpty())
        source = document.rows.integrationSourceId(0);
    if (source.isNull())
        source = DemoDataGenerator::Options{}.integrationSourceId;
    return std::make_unique<ServedRelationships>(std::move(document.rows), document.catalog,
                                                 source);
}

// The address to listen on: a loopback one only, so that a test server is never reachable from
// the network. Returns it as the URL's host part (IPv6 in brackets).
QString hostOption(const QCommandLineParser& parser, std::string* bindAddress)
{
    const QString given = parser.value(u"host"_s);
    const QHostAddress address(given);
    if (address.isNull() || !address.isLoopback())
        fail(tr("--host expects a loopback IP address (127.x.x.x or ::1), not \"%1\": the "
                "development server is never reachable from the network")
                 .arg(given));
    const QString text = address.toString();
    *bindAddress = text.toStdString();
    return address.protocol() == QAbstractSocket::IPv6Protocol ? u"["_s + text + u"]"_s : text;
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication application(argc, argv);
    QCoreApplication::setApplicationName(u"relreview-devserver"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Serves the Humm relationship API on 127.0.0.1 for tests, the demo and benchmarks.\n"
           "Prints one line when ready: relreview-devserver listening on http://HOST:PORT "
           "source UUID"));
    parser.addHelpOption();
    parser.addOptions({
        {u"data"_s, tr("Serve the list or snapshot in <file>."), u"file"_s},
        {u"demo"_s, tr("Serve the bundled demo set (3000 relationships and their catalog).")},
        {u"generate"_s, tr("Serve <n> generated relationships."), u"n"_s},
        {u"seed"_s, tr("Seed of the generated data."), u"seed"_s},
        {u"port"_s, tr("Port to listen on; 0 picks a free one (default)."), u"port"_s, u"0"_s},
        {u"host"_s, tr("Loopback address to listen on (default 127.0.0.1), e.g. 127.0.0.2."),
         u"address"_s, u"127.0.0.1"_s},
        {u"token"_s,
         tr("The bearer token to accept (default: $RELREVIEW_DEVSERVER_TOKEN, else dev-token)."),
         u"token"_s},
        {u"latency-ms"_s, tr("Delay every API answer by <ms>."), u"ms"_s},
        {u"latency-jitter-ms"_s,
         tr("Vary each delay uniformly by up to <ms> either way (seeded by --fault-seed)."),
         u"ms"_s},
        {u"fail-rate"_s, tr("Answer 503 to this share of API requests (0 to 1)."), u"rate"_s},
        {u"rate-limit-every"_s, tr("Answer 429 to every <k>-th API request."), u"k"_s},
        {u"retry-after"_s, tr("Retry-After of the 429 answers, in seconds (default 1)."),
         u"seconds"_s},
        {u"drop-rate"_s,
         tr("Close the connection before a complete answer for this share of "
            "API requests (0 to 1)."),
         u"rate"_s},
        {u"drop-after-apply"_s, tr("Apply a dropped PUT or bulk call before cutting its answer.")},
        {u"fault-seed"_s, tr("Seed of the fault injection (default 1)."), u"seed"_s},
        {u"no-bulk"_s, tr("Answer 404 on the bulk endpoint, like a service without it.")},
        {u"max-bulk"_s, tr("Answer 413 to bulk calls naming more than <n> ids."), u"n"_s},
        {u"bandwidth-kbit"_s,
         tr("Send every answer's body at most <n> kbit/s per connection (a WAN link)."), u"n"_s},
        {u"threads"_s, tr("Request threads (default 64)."), u"n"_s},
        {u"exit-with-parent"_s, tr("Exit when the process that started this one ends.")},
        {u"quiet"_s, tr("Do not log requests to stderr.")},
    });
    parser.process(application);
    if (!parser.positionalArguments().isEmpty())
        fail(tr("unexpected argument %1").arg(parser.positionalArguments().constFirst()));

    const int sourceKinds = int(parser.isSet(u"data"_s)) + int(parser.isSet(u"demo"_s)) +
                            int(parser.isSet(u"generate"_s));
    if (sourceKinds != 1)
        fail(tr("give exactly one of --data FILE, --demo, --generate N"));

    if (parser.isSet(u"exit-with-parent"_s)) {
        // A test that crashes must not leave servers behind.
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (::getppid() == 1)
            return 0;
    }
    std::signal(SIGPIPE, SIG_IGN); // a client closing early is an error return, not a kill

    DevServerOptions options;
    ServerBehaviour& behaviour = options.behaviour;
    QString token = parser.value(u"token"_s);
    if (token.isEmpty())
        token = qEnvironmentVariable("RELREVIEW_DEVSERVER_TOKEN");
    if (token.isEmpty())
        token = u"dev-token"_s;
    behaviour.token = token.toStdString();
    behaviour.latencyMs = intOption(parser, u"latency-ms"_s, 0, 600000, 0);
    behaviour.latencyJitterMs = intOption(parser, u"latency-jitter-ms"_s, 0, 600000, 0);
    behaviour.failRate = rateOption(parser, u"fail-rate"_s);
    behaviour.rateLimitEvery = intOption(parser, u"rate-limit-every"_s, 0, INT_MAX, 0);
    behaviour.retryAfterSeconds = intOption(parser, u"retry-after"_s, 0, 86400, 1);
    behaviour.dropRate = rateOption(parser, u"drop-rate"_s);
    behaviour.dropAfterApply = parser.isSet(u"drop-after-apply"_s);
    behaviour.noBulk = parser.isSet(u"no-bulk"_s);
    behaviour.maxBulk = intOption(parser, u"max-bulk"_s, 0, INT_MAX, 0);
    behaviour.bandwidthKbit = intOption(parser, u"bandwidth-kbit"_s, 0, 100'000'000, 0);
    options.faultSeed = seedOption(parser, u"fault-seed"_s, 1);
    options.threads = intOption(parser, u"threads"_s, 4, 1024, 64);
    options.logRequests = !parser.isSet(u"quiet"_s);
    const int port = intOption(parser, u"port"_s, 0, 65535, 0);
    const QString urlHost = hostOption(parser, &options.host);

    std::unique_ptr<ServedRelationships> data;
    if (parser.isSet(u"data"_s)) {
        data = loaded(parser.value(u"data"_s));
    } else {
        DemoDataGenerator::Options generatorOptions;
        if (parser.isSet(u"generate"_s))
            generatorOptions.relationshipCount =
                intOption(parser, u"generate"_s, 0, 50'000'000, generatorOptions.relationshipCount);
        generatorOptions.seed = seedOption(parser, u"seed"_s, generatorOptions.seed);
        data = generated(generatorOptions);
    }
    const QUuid source = data->primarySourceId();
    const int rowCount = data->size();

    DevServer server(std::move(data), options);
    const int boundPort = server.bind(port);
    if (boundPort <= 0)
        fail(tr("cannot listen on %1:%2").arg(urlHost).arg(port), 1);
    if (options.logRequests) {
        std::fprintf(stderr, "relreview-devserver: serving %d relationships\n", rowCount);
    }
    // The one line the test harness, the demo script and the benchmarks wait for.
    std::printf("relreview-devserver listening on http://%s:%d source %s\n", qPrintable(urlHost),
                boundPort, qPrintable(source.toString(QUuid::WithoutBraces)));
    std::fflush(stdout);
    return server.run() ? 0 : 1;
}
