#pragma once

#include <QString>

// Cells of the CSV files relreview writes (the decisions list of relreview-cli), safe to open in
// a spreadsheet although they carry texts from a server or a colleague's file.
//
// CSV injection (OWASP): a spreadsheet runs a cell that begins with '=', '+', '-' or '@' as a
// formula (=HYPERLINK(...), =cmd|...), and some strip a leading tab or carriage return before
// looking. A text cell that begins with one of them is written with a leading apostrophe (shown
// as text, never run) and quoted. A text cell that begins with an apostrophe gets one more, so
// that reading takes exactly one apostrophe off any text cell that begins with one and gets back
// exactly what was written: the round trip is lossless for every text.
//
// Numbers that relreview writes itself (ids, counts, milliseconds) are written as numbers: a
// negative one stays "-5", which a spreadsheet reads as the number it is; only text cells are
// neutralised.
namespace CsvCell {

// A text cell: neutralised when it could be run as a formula, quoted (RFC 4180) when needed.
QString text(const QString& value);
// A number cell, written as is.
QString number(qint64 value);
// A text cell's value as text() wrote it (after RFC 4180 unquoting): the neutralising apostrophe
// is taken off.
QString readText(const QString& field);

} // namespace CsvCell
