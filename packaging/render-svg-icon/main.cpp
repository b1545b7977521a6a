// Renders the scalable application icon to one PNG size of the hicolor theme at build time, so that
// the repository carries only the SVG and desktops without SVG support still find a bitmap.
//
// Usage: relreview-render-svg-icon INPUT.svg OUTPUT.png SIZE

#include <QImage>
#include <QPainter>
#include <QSaveFile>
#include <QString>
#include <QSvgRenderer>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

int fail(const QString& message)
{
    std::fprintf(stderr, "relreview-render-svg-icon: %s\n", qUtf8Printable(message));
    return 1;
}

} // namespace

int main(int argc, char* argv[])
{
    if (argc != 4)
        return fail(u"usage: relreview-render-svg-icon INPUT.svg OUTPUT.png SIZE"_s);

    const QString inputPath = QString::fromLocal8Bit(argv[1]);
    const QString outputPath = QString::fromLocal8Bit(argv[2]);
    bool sizeIsNumber = false;
    const int size = QString::fromLocal8Bit(argv[3]).toInt(&sizeIsNumber);
    if (!sizeIsNumber || size < 1 || size > 4096)
        return fail(u"the size must be a number of pixels between 1 and 4096"_s);

    QSvgRenderer renderer(inputPath);
    if (!renderer.isValid())
        return fail(u"cannot read the SVG image %1"_s.arg(inputPath));
    renderer.setAspectRatioMode(Qt::KeepAspectRatio);

    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    {
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setRenderHint(QPainter::SmoothPixmapTransform);
        renderer.render(&painter, QRectF(0, 0, size, size));
    }

    // Written atomically so that an interrupted build never leaves a truncated icon that the
    // build system would then consider up to date.
    QSaveFile output(outputPath);
    if (!output.open(QIODevice::WriteOnly))
        return fail(u"cannot write %1: %2"_s.arg(outputPath, output.errorString()));
    if (!image.save(&output, "PNG"))
        return fail(u"cannot encode %1 as PNG"_s.arg(outputPath));
    if (!output.commit())
        return fail(u"cannot write %1: %2"_s.arg(outputPath, output.errorString()));
    return 0;
}
