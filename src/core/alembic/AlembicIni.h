#pragma once

namespace retort {

class IniFile;
struct ProjectConfig;

// Fills `config` from an alembic.ini the way Alembic 1.8-1.16's Config and
// ScriptDirectory.from_config read it: the [alembic] section with configparser
// interpolation (%(here)s is the ini's folder), script_location as a path or
// "package:path", version_locations split by version_path_separator or path_separator
// (space, newline, os, ';', ':'; legacy: spaces and commas), recursive_version_locations,
// prepend_sys_path, file_template, truncate_slug_length and sqlalchemy.url (Alembic's
// placeholder "driver://user:pass@localhost/dbname" counts as no URL). Alembic keeps the
// version table's name in env.py, which is code: an optional [retort] section names it
// (version_table, default alembic_version), the interpreter (python) and backup_dir.
// Throws Error naming the file, line and setting.
void readAlembicIni(const IniFile &ini, ProjectConfig &config);

} // namespace retort
