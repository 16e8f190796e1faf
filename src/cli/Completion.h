#pragma once

#include <QStringList>

namespace retort::cli {

// `retort __complete WORD...`: the words that may replace the last of WORDS (the one
// under the cursor; the words are those after `retort`). Commands, their options, and
// revision ids, branch labels and head/heads/base of the project that -c (or
// $RETORT_CONFIG, ./retort.ini) names. Nothing for paths, which the shell completes
// itself (packaging/completion/retort.bash).
QStringList completions(const QStringList &words);

} // namespace retort::cli
