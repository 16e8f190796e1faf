#pragma once

#include <QString>

#include <stdexcept>

namespace retort {

// The one error type core throws. Its message is complete and user-facing: it names
// the file and line, the revision or the setting that is wrong, so callers print it
// as is (the CLI as "FAILED: <message>", the window in place).
class Error : public std::runtime_error {
public:
    explicit Error(const QString &message)
        : std::runtime_error(message.toStdString())
        , m_message(message)
    {}
    const QString &message() const noexcept { return m_message; }

private:
    QString m_message;
};

} // namespace retort
