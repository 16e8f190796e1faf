#include "Commands.h"

#include "Error.h"

#include <QDir>
#include <QFile>

namespace retort::cli {

namespace {

const char *const kIniTemplate = R"([retort]
# Where the migration files live, relative to this file.
script_location = versions

# The database. Overridden by --url, then by $DATABASE_URL.
#   sqlite:///relative/path.db     sqlite:////absolute/path.db
#   postgresql://user@host:5432/dbname?sslmode=require
# Keep passwords out of this file: use ~/.pgpass, PGPASSWORD or the window's keyring.
url = sqlite:///retort.db

# The version table, shared with Alembic so either tool can read the database.
version_table = alembic_version

# New revision files are named from this template.
file_template = %(rev)s_%(slug)s
)";

} // namespace

// Like `alembic init DIR`, but retort.ini goes inside DIR with versions/, so a project
// is one self-contained folder that can be opened in the window.
void runInit(const CommandLine &cmd, QTextStream &out)
{
    const QString dirPath = QDir::cleanPath(QDir::current().absoluteFilePath(cmd.positional[0]));
    QDir dir(dirPath);
    if (dir.exists() && !dir.isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden))
        throw Error(u"Directory %1 already exists and is not empty"_qs.arg(cmd.positional[0]));

    const auto makeDir = [&](const QString &path) {
        out << "Creating directory " << path << " ...  ";
        out.flush();
        if (!QDir().mkpath(path))
            throw Error(u"cannot create directory %1"_qs.arg(path));
        out << "done\n";
    };
    if (!dir.exists())
        makeDir(dirPath);
    makeDir(dirPath + u"/versions"_qs);

    const QString iniPath = dirPath + u"/retort.ini"_qs;
    out << "Generating " << iniPath << " ...  ";
    out.flush();
    QFile ini(iniPath);
    if (!ini.open(QIODevice::WriteOnly | QIODevice::NewOnly) || ini.write(kIniTemplate) < 0 ||
        !ini.flush())
        throw Error(u"cannot write %1: %2"_qs.arg(iniPath, ini.errorString()));
    out << "done\n";
    out << "Please edit configuration/connection settings in '" << iniPath
        << "' before proceeding.\n";
}

} // namespace retort::cli
