#include "connect/PasswordStore.h"

#include <qt6keychain/keychain.h>

namespace retort::gui::PasswordStore {

namespace {
const QString kService = QStringLiteral("retort");
}

void save(const QString &urlWithoutPassword, const QString &password,
          std::function<void(const QString &)> done)
{
    auto *job = new QKeychain::WritePasswordJob(kService);
    job->setKey(urlWithoutPassword);
    job->setTextData(password);
    QObject::connect(job, &QKeychain::Job::finished, job, [done](QKeychain::Job *j) {
        if (done)
            done(j->error() == QKeychain::NoError ? QString() : j->errorString());
    });
    job->start(); // deletes itself when finished (autoDelete)
}

void load(const QString &urlWithoutPassword,
          std::function<void(const QString &, const QString &)> done)
{
    auto *job = new QKeychain::ReadPasswordJob(kService);
    job->setKey(urlWithoutPassword);
    QObject::connect(job, &QKeychain::Job::finished, job, [done](QKeychain::Job *j) {
        auto *read = static_cast<QKeychain::ReadPasswordJob *>(j);
        if (j->error() == QKeychain::NoError)
            done(read->textData(), {});
        else
            done({}, j->error() == QKeychain::EntryNotFound ? QString() : j->errorString());
    });
    job->start();
}

} // namespace retort::gui::PasswordStore
