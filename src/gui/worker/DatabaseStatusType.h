#pragma once

// retort::DatabaseStatus as a Qt metatype, for queued signals. Every header naming it in a
// signal includes this one, so the declaration comes before any use in one translation
// unit (AUTOMOC compiles all moc files together).
#include "run/DatabaseStatus.h"

#include <QMetaType>

Q_DECLARE_METATYPE(retort::DatabaseStatus)
