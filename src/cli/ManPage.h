#pragma once

#include <QString>

namespace retort::cli {

// retort(1) in roff, made from the command table and the help text (CommandSpecs.h,
// HelpText.h) so the man page and `retort COMMAND --help` cannot drift apart. The build
// writes it with `retort __manpage`; tests/packaging/check_manpage.py renders it and
// compares it with every command's --help.
QString manPage(const QString &version);

} // namespace retort::cli
