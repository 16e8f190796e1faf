#pragma once

#include <QList>
#include <QString>

namespace retort {
struct ProjectConfig;
}

namespace retort::gui {

// A named database of the project, as the window lists it. URLs from retort.ini and the
// window hold no password; --url and $DATABASE_URL are used as the user gave them and
// never written anywhere.
struct Environment {
    enum class Source { UrlOption, DatabaseUrlVariable, IniUrl, IniSection, Window };
    QString name;
    QString url;
    bool production = false;
    QString colour; // "#rrggbb" or empty
    Source source = Source::Window;

    // "db.example.com:5432 / shop", "minirag.db", for the toolbar and the status bar.
    QString serverText(const QString &projectDir) const;
};

// Every environment of a project, in the order the launch picks from, as the CLI does:
// --url, $DATABASE_URL, retort.ini's url, its [env NAME] sections, then the ones added in
// the window (QSettings, per project, without passwords).
QList<Environment> projectEnvironments(const ProjectConfig &config, const QString &urlOption);

// Adds or replaces a window environment of the project `iniPath` (url without password).
void saveWindowEnvironment(const QString &iniPath, const Environment &env);

} // namespace retort::gui
