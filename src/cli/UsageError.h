#pragma once

#include "Error.h"

namespace retort::cli {

// A command line the parser cannot accept (unknown command or option, a missing value,
// the wrong number of arguments): `retort` prints it with the usage and exits with 2,
// apart from the 1 of a command that ran and failed.
class UsageError : public Error {
public:
    using Error::Error;
};

} // namespace retort::cli
