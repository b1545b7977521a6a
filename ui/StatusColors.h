#pragma once

#include "RelationshipStore.h"

#include <QColor>
#include <QPalette>

// The fixed status colours used everywhere in the app (table, inspector, charts), so that an
// analyst learns them once: Suggested amber, Approved green, Rejected red, Unknown grey. Each has
// a darker shade for light palettes and a lighter one for dark palettes, chosen to stay readable
// both as text on the palette's base colour and as a chart fill.
bool isDarkPalette(const QPalette& palette);
QColor statusColor(RelationshipStatus status, const QPalette& palette);
// Where a decision stands: None is the palette's text colour; Pending blue, Failed deep orange,
// Gone grey, Conflict magenta.
QColor deliveryColor(DeliveryState state, const QPalette& palette);
// Black or white, whichever reads better on `background` (e.g. a status chip's fill).
QColor textColorOn(const QColor& background);
