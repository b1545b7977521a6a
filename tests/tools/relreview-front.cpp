// relreview-front: the production-like front of the tests (TlsFront: nginx as a TLS and HTTP/2
// reverse proxy with gzip, a throwaway CA and certificate) in front of a backend on this machine,
// for the demo (scripts/demo.sh --https) and hand testing. Prints one line,
//   relreview-front listening on https://127.0.0.1:PORT ca /tmp/relreview-tls-XXXXXX/ca.pem
// and serves until SIGINT or SIGTERM, or until the process that started it ends; then nginx
// stops and its temporary folder (keys, certificates, logs) is removed.

#include "TlsFront.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>
#include <QTimer>

#include <atomic>
#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

std::atomic<bool> stopRequested{false};

void requestStop(int)
{
    stopRequested = true;
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"relreview-front"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "main", "Serves a backend on this machine through nginx with TLS, HTTP/2 and gzip."));
    parser.addHelpOption();
    const QCommandLineOption backendOption(
        u"backend"_s,
        QCoreApplication::translate("main", "The backend, e.g. http://127.0.0.1:8080."), u"URL"_s);
    const QCommandLineOption http1Option(
        u"http1"_s, QCoreApplication::translate("main", "Offer HTTP/1.1 only (no HTTP/2)."));
    const QCommandLineOption noGzipOption(
        u"no-gzip"_s, QCoreApplication::translate("main", "Send JSON uncompressed."));
    parser.addOptions({backendOption, http1Option, noGzipOption});
    parser.process(app);

    QTextStream err(stderr);
    const QUrl backend(parser.value(backendOption));
    if (!backend.isValid() || backend.scheme() != u"http"_s ||
        (backend.host() != u"127.0.0.1"_s && backend.host() != u"localhost"_s)) {
        err << "relreview-front: "
            << QCoreApplication::translate("main",
                                           "--backend takes http://127.0.0.1:PORT (this machine)")
            << Qt::endl;
        return 2;
    }

    // Whoever started it going (a demo script killed hard) takes the front along.
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (::getppid() == 1)
        return 0;
    std::signal(SIGINT, requestStop);
    std::signal(SIGTERM, requestStop);

    TlsFront front;
    TlsFront::Options options;
    options.http2 = !parser.isSet(http1Option);
    options.gzipLevel = parser.isSet(noGzipOption) ? 0 : options.gzipLevel;
    if (!front.start(backend, options)) {
        err << "relreview-front: " << front.errorString() << Qt::endl;
        return 1;
    }
    QTextStream out(stdout);
    out << "relreview-front listening on " << front.baseUrl().toString() << " ca "
        << front.caCertificatePath() << Qt::endl;

    QTimer watch;
    QObject::connect(&watch, &QTimer::timeout, &app, [&] {
        if (stopRequested || !front.isRunning())
            QCoreApplication::exit(stopRequested ? 0 : 1);
    });
    watch.start(100);
    const int code = QCoreApplication::exec();
    if (code != 0)
        err << "relreview-front: nginx stopped: " << front.errorLog().right(2000) << Qt::endl;
    front.stop();
    return code;
}
