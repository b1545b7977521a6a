#include "StatusColors.h"

#include <cmath>

namespace {
struct Shades
{
    QRgb onLight;
    QRgb onDark;
};

QColor pick(const Shades& shades, const QPalette& palette)
{
    return QColor::fromRgb(isDarkPalette(palette) ? shades.onDark : shades.onLight);
}
} // namespace

bool isDarkPalette(const QPalette& palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

QColor statusColor(RelationshipStatus status, const QPalette& palette)
{
    switch (status) {
    case RelationshipStatus::Suggested:
        return pick({0xB26A00, 0xF2B33D}, palette);
    case RelationshipStatus::Approved:
        return pick({0x2E7D32, 0x6CC070}, palette);
    case RelationshipStatus::Rejected:
        return pick({0xC62828, 0xF07070}, palette);
    case RelationshipStatus::Unknown:
        break;
    }
    return pick({0x6B6B6B, 0xA6A6A6}, palette);
}

QColor deliveryColor(DeliveryState state, const QPalette& palette)
{
    switch (state) {
    case DeliveryState::None:
        break;
    case DeliveryState::Pending:
        return pick({0x1565C0, 0x6AB7F7}, palette);
    case DeliveryState::Failed:
        return pick({0xD84315, 0xFF8A65}, palette);
    case DeliveryState::Gone:
        return pick({0x757575, 0x9E9E9E}, palette);
    case DeliveryState::Conflict:
        return pick({0xAD1457, 0xF06292}, palette);
    }
    return palette.color(QPalette::Text);
}

QColor textColorOn(const QColor& background)
{
    // WCAG relative luminance; black or white, whichever has the higher contrast ratio.
    auto channel = [](double c) {
        return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
    };
    const double luminance = 0.2126 * channel(background.redF()) +
                             0.7152 * channel(background.greenF()) +
                             0.0722 * channel(background.blueF());
    const double withBlack = (luminance + 0.05) / 0.05;
    const double withWhite = 1.05 / (luminance + 0.05);
    return withBlack >= withWhite ? QColor(Qt::black) : QColor(Qt::white);
}
