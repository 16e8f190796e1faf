#pragma once

#include <QObject>

#include <functional>

namespace retort::gui {

// Passwords in the system keyring (QtKeychain: Secret Service, KWallet, macOS Keychain),
// keyed by the URL without its password. Never on disk in plain text. The jobs are
// asynchronous, so the GUI thread never blocks on the keyring.
namespace PasswordStore {

void save(const QString &urlWithoutPassword, const QString &password,
          std::function<void(const QString &error)> done = {});
void load(const QString &urlWithoutPassword,
          std::function<void(const QString &password, const QString &error)> done);

} // namespace PasswordStore

} // namespace retort::gui
