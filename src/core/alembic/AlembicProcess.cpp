#include "alembic/AlembicProcess.h"

#include "Error.h"
#include "script/ProjectConfig.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>

namespace retort {

namespace {

// argv: alembic.ini VERB ARGS...; stdin: the URL (one line, may be empty).
const char *const kDriver = R"PY(
import sys
ini, verb, rest = sys.argv[1], sys.argv[2], sys.argv[3:]
url = sys.stdin.readline().rstrip("\n")
try:
    from alembic import command
    from alembic.config import Config
    from alembic.util import CommandError
except ImportError as e:
    sys.stderr.write("FAILED: this Python has no Alembic: %s\n" % e)
    sys.exit(3)
# Alembic's INFO lines ("Running upgrade a -> b") even when env.py configures no logging;
# an env.py that calls fileConfig() replaces this handler.
import logging
_handler = logging.StreamHandler(sys.stderr)
_handler.setFormatter(logging.Formatter("%(levelname)-5.5s [%(name)s] %(message)s"))
logging.getLogger("alembic").addHandler(_handler)
logging.getLogger("alembic").setLevel(logging.INFO)
# Autogenerate compares the database with the models: Retort's own ledger table (and
# SQLite's sqlite_sequence, which its AUTOINCREMENT creates) are not the project's and must
# never come out as op.drop_table(). The project's own include_object still decides the rest.
from alembic.runtime.environment import EnvironmentContext
_configure = EnvironmentContext.configure
def _configure_without_retort(self, *args, **kwargs):
    theirs = kwargs.get("include_object")
    def include_object(obj, name, type_, reflected, compare_to):
        if type_ == "table" and name in ("retort_ledger", "sqlite_sequence"):
            return False
        return theirs(obj, name, type_, reflected, compare_to) if theirs else True
    kwargs["include_object"] = include_object
    return _configure(self, *args, **kwargs)
EnvironmentContext.configure = _configure_without_retort
# A merge's redundant parents (RETORT_IMPLIED_PARENTS, {"merge": ["parent", ...]}) are left
# out of its down_revision as each revision file is loaded, so Alembic's head bookkeeping
# never looks for a version row that is not there (it would raise KeyError).
import os, json
_implied = json.loads(os.environ.get("RETORT_IMPLIED_PARENTS") or "{}")
if _implied:
    from alembic.script import base as _script_base
    _script_init = _script_base.Script.__init__
    def _init_without_implied(self, module, rev_id, path):
        drop = _implied.get(rev_id)
        down = getattr(module, "down_revision", None)
        if drop and isinstance(down, (list, tuple)):
            module.down_revision = tuple(d for d in down if d not in drop)
        _script_init(self, module, rev_id, path)
    _script_base.Script.__init__ = _init_without_implied
cfg = Config(ini)
if url:
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
sql = "--sql" in rest
revs = [a for a in rest if not a.startswith("--")]
try:
    if verb == "upgrade":
        command.upgrade(cfg, revs[0], sql=sql)
    elif verb == "downgrade":
        command.downgrade(cfg, revs[0], sql=sql)
    elif verb == "stamp":
        command.stamp(cfg, revs, sql=sql, purge="--purge" in rest)
    elif verb == "revision":  # keyword arguments as JSON
        import json
        command.revision(cfg, **json.loads(rest[0]))
    elif verb == "merge":
        import json
        command.merge(cfg, **json.loads(rest[0]))
    else:
        sys.stderr.write("FAILED: unknown verb %s\n" % verb)
        sys.exit(2)
except CommandError as e:
    sys.stderr.write("FAILED: %s\n" % e)
    sys.exit(1)
)PY";

} // namespace

QString alembicFailure(const QString &err)
{
    const QStringList lines = err.split(u'\n', Qt::SkipEmptyParts);
    for (qsizetype i = lines.size() - 1; i >= 0; --i)
        if (lines[i].startsWith(u"FAILED: "))
            return lines[i].mid(8);
    static const QRegularExpression exceptionLine(u"^[A-Za-z_][\\w.]*(Error|Exception|Exit|"
                                                  "Interrupt|Warning)?: "_qs);
    for (qsizetype i = lines.size() - 1; i >= 0; --i) {
        if (!exceptionLine.match(lines[i]).hasMatch())
            continue;
        QString message = lines[i];
        if (i + 1 < lines.size() && lines[i + 1].startsWith(u"[SQL: "))
            message += u' ' + lines[i + 1];
        return message;
    }
    return lines.isEmpty() ? QString() : lines.last().trimmed();
}

AlembicOutcome runAlembic(const ProjectConfig &config, const ProjectPython &python,
                          const AlembicCall &call,
                          const std::function<void(const QString &line)> &log,
                          const std::atomic<bool> *cancel)
{
    QProcess p;
    p.setWorkingDirectory(config.projectDir);
    p.setProgram(python.path);
    if (!call.impliedParents.isEmpty()) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"RETORT_IMPLIED_PARENTS"_qs, call.impliedParents);
        p.setProcessEnvironment(env);
    }
    p.setArguments(QStringList{u"-c"_qs, QString::fromUtf8(call.driver ? call.driver : kDriver),
                               config.iniPath, call.verb} +
                   call.args);
    QElapsedTimer timer;
    timer.start();
    p.start();
    if (!p.waitForStarted(30000))
        throw Error(
            u"cannot start %1 (%2): %3"_qs.arg(python.path, python.source, p.errorString()));
    p.write(call.url.toUtf8() + '\n');
    p.closeWriteChannel();

    AlembicOutcome outcome;
    QByteArray errBuffer;
    const auto drainErr = [&](bool final) {
        errBuffer += p.readAllStandardError();
        qsizetype nl;
        while ((nl = errBuffer.indexOf('\n')) >= 0 || (final && !errBuffer.isEmpty())) {
            const qsizetype end = nl >= 0 ? nl : errBuffer.size();
            const QString line = QString::fromUtf8(errBuffer.left(end));
            errBuffer.remove(0, nl >= 0 ? nl + 1 : end);
            outcome.err += line + u'\n';
            if (log)
                log(line);
        }
    };
    while (p.state() != QProcess::NotRunning) {
        p.waitForReadyRead(100);
        outcome.out += QString::fromUtf8(p.readAllStandardOutput());
        drainErr(false);
        const bool cancelNow = cancel && cancel->load() && !outcome.cancelled;
        const bool timeUp = call.timeoutMs > 0 && timer.elapsed() > call.timeoutMs &&
                            !outcome.timedOut && !outcome.cancelled;
        if (cancelNow || timeUp) {
            // SIGTERM: Python dies, the server drops its connection and rolls back
            // Alembic's open transaction.
            (cancelNow ? outcome.cancelled : outcome.timedOut) = true;
            p.terminate();
            if (!p.waitForFinished(5000))
                p.kill();
        }
    }
    p.waitForFinished();
    outcome.out += QString::fromUtf8(p.readAllStandardOutput());
    drainErr(true);
    outcome.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    outcome.failure =
        outcome.cancelled ? u"cancelled"_qs
        : outcome.timedOut
            ? u"stopped after %1 s without finishing"_qs.arg(double(call.timeoutMs) / 1000.0)
            : alembicFailure(outcome.err);
    outcome.elapsedMs = timer.elapsed();
    return outcome;
}

} // namespace retort
