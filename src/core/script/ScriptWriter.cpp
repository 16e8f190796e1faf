// New revision files, decided as Alembic's ScriptDirectory.generate_revision() and
// _rev_path() decide them (alembic/script/base.py), written in our .sql format.
#include "script/ScriptWriter.h"

#include "Error.h"
#include "Project.h"
#include "graph/HistoryText.h"
#include "graph/RevisionError.h"
#include "script/MigrationFileParser.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QUuid>

#include <algorithm>
#include <chrono>

namespace retort {

namespace {

const QString kComma = QStringLiteral(", ");

// Revision.verify_rev_id's message (characters sorted, joined by ", ") for the
// characters our parser refuses.
void checkIdentifier(const QString &id, const QString &what)
{
    QString bad = illegalIdentifierCharacters(id);
    if (bad.isEmpty())
        return;
    std::sort(bad.begin(), bad.end());
    QStringList chars;
    for (const QChar c : std::as_const(bad))
        chars << QString(c);
    throw Error(QStringLiteral("Character(s) '%1' not allowed in %2 '%3'")
                    .arg(chars.join(kComma), what, id));
}

// Python's re \w on str: alphanumeric (letters and numbers of any script) or "_".
bool isWordCharacter(char32_t c)
{
    return c == U'_' || QChar::isLetterOrNumber(c);
}

// One "%(key)<flags><width><.precision><conversion>" of Python's %-format with a mapping.
struct FormatSpec {
    QString flags;
    int width = 0;
    int precision = -1;
    QChar conversion;
};

QString applySpec(const FormatSpec &spec, const std::optional<qint64> &number, const QString &text,
                  const QString &key)
{
    QString body;
    QString sign;
    const bool zeroPad = spec.flags.contains(u'0') && !spec.flags.contains(u'-');
    if (spec.conversion == u's') {
        body = number ? QString::number(*number) : text;
        if (spec.precision >= 0)
            body.truncate(spec.precision);
    } else {
        if (!number)
            throw Error(QStringLiteral("file_template: %(%1)%2 needs a number, but %1 is text")
                            .arg(key, spec.conversion));
        body = QString::number(*number < 0 ? -*number : *number);
        if (spec.precision > body.size())
            body.prepend(QString(spec.precision - body.size(), u'0'));
        if (*number < 0)
            sign = QStringLiteral("-");
        else if (spec.flags.contains(u'+'))
            sign = QStringLiteral("+");
        else if (spec.flags.contains(u' '))
            sign = QStringLiteral(" ");
    }
    const qsizetype pad = spec.width - body.size() - sign.size();
    if (pad <= 0)
        return sign + body;
    if (spec.flags.contains(u'-'))
        return sign + body + QString(pad, u' ');
    if (zeroPad && spec.conversion != u's')
        return sign + QString(pad, u'0') + body;
    return QString(pad, u' ') + sign + body;
}

bool isCased(uint c)
{
    return QChar::isLower(char32_t(c)) || QChar::isUpper(char32_t(c)) ||
           QChar::isTitleCase(char32_t(c));
}

// Python's str.lower(): full case mapping (as QString::toLower) plus the final-sigma
// rule, which only looks at the neighbours here: a slug holds \w characters and "_".
QString pythonLower(const QString &s)
{
    const QList<uint> points = s.toUcs4();
    QString out;
    out.reserve(s.size());
    for (qsizetype i = 0; i < points.size(); ++i) {
        if (points[i] == 0x3A3) {
            const bool before = i > 0 && isCased(points[i - 1]);
            const bool after = i + 1 < points.size() && isCased(points[i + 1]);
            out += QChar(before && !after ? 0x3C2 : 0x3C3);
            continue;
        }
        const char32_t c = points[i];
        out += QString::fromUcs4(&c, 1).toLower();
    }
    return out;
}

QString firstLineOf(const QString &s)
{
    return s.section(u'\n', 0, 0);
}

} // namespace

CreateDate CreateDate::now()
{
    using namespace std::chrono;
    const qint64 us = duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
    CreateDate d;
    d.local = QDateTime::fromSecsSinceEpoch(us / 1000000);
    d.microsecond = int(us % 1000000);
    return d;
}

QString CreateDate::text() const
{
    QString s = local.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    if (microsecond != 0)
        s += QStringLiteral(".%1").arg(microsecond, 6, 10, QLatin1Char('0'));
    return s;
}

ScriptWriter::ScriptWriter(const ProjectConfig &config, const ScriptDirectory &scripts,
                           const RevisionGraph &graph)
    : m_config(config)
    , m_scripts(scripts)
    , m_graph(graph)
{}

ScriptWriter::ScriptWriter(const Project &project)
    : ScriptWriter(project.config, project.scripts, project.graph)
{}

QString ScriptWriter::newRevisionId()
{
    return QUuid::createUuid().toString(QUuid::Id128).right(12);
}

QString ScriptWriter::slug(const QString &message, int truncateLength)
{
    // "_".join(_slug_re.findall(message or "")).lower()
    QStringList words;
    QList<uint> word;
    for (const uint c : message.toUcs4()) {
        if (isWordCharacter(char32_t(c))) {
            word << c;
        } else if (!word.isEmpty()) {
            words << QString::fromUcs4(reinterpret_cast<const char32_t *>(word.constData()),
                                       word.size());
            word.clear();
        }
    }
    if (!word.isEmpty())
        words << QString::fromUcs4(reinterpret_cast<const char32_t *>(word.constData()),
                                   word.size());
    const QString joined = pythonLower(words.join(u'_'));
    // if len(slug) > truncate_slug_length: slug = slug[:n].rsplit("_", 1)[0] + "_"
    // (lengths in code points; ScriptDirectory uses `truncate_slug_length or 40`).
    const int limit = truncateLength == 0 ? 40 : truncateLength;
    const QList<uint> points = joined.toUcs4();
    if (points.size() <= limit)
        return joined;
    const qsizetype cut =
        limit >= 0 ? limit : std::max<qsizetype>(0, points.size() + limit); // Python slice
    QList<uint> head = points.first(cut);
    const qsizetype underscore = head.lastIndexOf(uint(u'_'));
    if (underscore >= 0)
        head.resize(underscore);
    return QString::fromUcs4(reinterpret_cast<const char32_t *>(head.constData()), head.size()) +
           u'_';
}

QString ScriptWriter::formatFileName(const QString &fileTemplate, const QString &revisionId,
                                     const QString &slugText, const CreateDate &createDate)
{
    const QDate date = createDate.local.date();
    const QTime time = createDate.local.time();
    const QHash<QString, qint64> numbers = {
        {QStringLiteral("epoch"), createDate.local.toSecsSinceEpoch()},
        {QStringLiteral("year"), date.year()},
        {QStringLiteral("month"), date.month()},
        {QStringLiteral("day"), date.day()},
        {QStringLiteral("hour"), time.hour()},
        {QStringLiteral("minute"), time.minute()},
        {QStringLiteral("second"), time.second()}};
    const auto bad = [&](const QString &why) {
        return Error(QStringLiteral("file_template '%1': %2").arg(fileTemplate, why));
    };

    QString out;
    const qsizetype n = fileTemplate.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = fileTemplate[i];
        if (c != u'%') {
            out += c;
            continue;
        }
        if (i + 1 < n && fileTemplate[i + 1] == u'%') {
            out += u'%';
            ++i;
            continue;
        }
        if (i + 1 >= n || fileTemplate[i + 1] != u'(')
            throw bad(QStringLiteral("every '%' must be '%%' or a token such as %(rev)s"));
        const qsizetype close = fileTemplate.indexOf(u')', i + 2);
        if (close < 0)
            throw bad(QStringLiteral("a '%(' has no closing ')'"));
        const QString key = fileTemplate.mid(i + 2, close - i - 2);
        FormatSpec spec;
        qsizetype j = close + 1;
        while (j < n && QStringView(u"-+ #0").contains(fileTemplate[j]))
            spec.flags += fileTemplate[j++];
        while (j < n && fileTemplate[j].isDigit())
            spec.width = spec.width * 10 + fileTemplate[j++].digitValue();
        if (j < n && fileTemplate[j] == u'.') {
            spec.precision = 0;
            ++j;
            while (j < n && fileTemplate[j].isDigit())
                spec.precision = spec.precision * 10 + fileTemplate[j++].digitValue();
        }
        if (j >= n || !QStringView(u"sdiu").contains(fileTemplate[j]))
            throw bad(QStringLiteral("%(%1) must end in a conversion: s, d, i or u").arg(key));
        spec.conversion = fileTemplate[j];
        i = j;
        if (key == u"rev")
            out += applySpec(spec, std::nullopt, revisionId, key);
        else if (key == u"slug")
            out += applySpec(spec, std::nullopt, slugText, key);
        else if (numbers.contains(key))
            out += applySpec(spec, numbers.value(key), {}, key);
        else
            throw bad(QStringLiteral("unknown token %(%1) (known: rev, slug, epoch, year, "
                                     "month, day, hour, minute, second)")
                          .arg(key));
    }
    return out;
}

QString ScriptWriter::fileText(const Revision &revision, const QString &upgradeSql,
                               const QString &downgradeSql)
{
    QString text;
    QStringList lines = revision.message.split(u'\n');
    for (QString line : std::as_const(lines)) {
        while (!line.isEmpty() && line.back().isSpace())
            line.chop(1);
        text += line.isEmpty() ? QStringLiteral("--\n") : QStringLiteral("-- ") + line + u'\n';
    }
    text += QStringLiteral("--\n-- Revision ID: ") + revision.id + u'\n';
    text += revision.downRevisions.isEmpty()
                ? QStringLiteral("-- Revises:\n")
                : QStringLiteral("-- Revises: ") + revision.downRevisions.join(kComma) + u'\n';
    text += QStringLiteral("-- Create Date: ") + revision.createDate + u'\n';
    if (!revision.branchLabels.isEmpty())
        text += QStringLiteral("-- Branch Labels: ") + revision.branchLabels.join(kComma) + u'\n';
    if (!revision.dependsOn.isEmpty())
        text += QStringLiteral("-- Depends On: ") + revision.dependsOn.join(kComma) + u'\n';
    if (upgradeSql.isEmpty() && downgradeSql.isEmpty()) {
        text += QStringLiteral("\n-- migrate:upgrade\n\n\n-- migrate:downgrade\n\n");
        return text;
    }
    text += QStringLiteral("\n-- migrate:upgrade\n") + upgradeSql +
            QStringLiteral("\n-- migrate:downgrade\n") + downgradeSql;
    return text;
}

// get_revisions(head) under _catch_revision_errors(multiple_heads=...).
QVector<int> ScriptWriter::resolveHeads(const QStringList &heads) const
{
    try {
        QVector<int> out;
        for (const int h : m_graph.resolveRevisions(heads))
            if (h >= 0) // a walk past the end (None) or "base" adds no parent
                out << h;
        return out;
    } catch (const RevisionError &e) {
        if (e.kind() == RevisionError::Kind::MultipleHeads)
            throw Error(QStringLiteral(
                "Multiple heads are present; please specify the head revision on which the "
                "new revision should be based, or perform a merge."));
        throw Error(commandMessage(e));
    }
}

// Each dependency resolved with get_revision(); a branch label of that revision is
// kept as written, anything else (prefix, "label@head", ...) becomes the full id.
QStringList ScriptWriter::resolveDependencies(const QStringList &dependsOn) const
{
    QStringList out;
    for (const QString &dep : dependsOn) {
        int rev = RevisionGraph::None;
        try {
            rev = m_graph.resolve(dep);
        } catch (const RevisionError &e) {
            throw Error(commandMessage(e));
        }
        if (rev < 0)
            throw Error(QStringLiteral("Can't locate revision identified by '%1'").arg(dep));
        out << (m_graph.branchLabels(rev).contains(dep) ? dep : m_graph.id(rev));
    }
    return out;
}

WrittenRevision ScriptWriter::merge(const QStringList &revisions,
                                    const std::optional<QString> &message,
                                    const QStringList &branchLabels,
                                    const QString &revisionId) const
{
    NewRevision request;
    request.message = message;
    request.heads = revisions;
    request.branchLabels = branchLabels;
    request.revisionId = revisionId;
    return revision(request);
}

WrittenRevision ScriptWriter::revision(const NewRevision &request) const
{
    Revision rev;
    rev.id = request.revisionId.isEmpty() ? newRevisionId() : request.revisionId;
    checkIdentifier(rev.id, QStringLiteral("revision identifier"));
    // Alembic 1.8 writes a second file with the same id, which breaks the project.
    if (m_graph.indexOf(rev.id) != RevisionGraph::None)
        throw Error(QStringLiteral("Revision %1 is already present").arg(rev.id));

    const QVector<int> heads = resolveHeads(request.heads);
    for (qsizetype i = 0; i < heads.size(); ++i)
        if (heads.indexOf(heads[i]) != i)
            throw Error(QStringLiteral("Duplicate head revisions specified"));

    const CreateDate created = request.createDate.value_or(CreateDate::now());
    const QString name =
        formatFileName(m_config.fileTemplate, rev.id,
                       slug(request.message.value_or(QString()), m_config.truncateSlugLength),
                       created) +
        QStringLiteral(".sql");
    if (name.contains(u'/') || name.contains(u'\\'))
        throw Error(QStringLiteral("file_template gives '%1'; a revision's file name may not "
                                   "contain a folder separator")
                        .arg(name));
    const QString path = QDir(m_scripts.folder()).absoluteFilePath(name);

    if (!request.splice)
        for (const int h : heads)
            if (!m_graph.isHead(h))
                throw Error(QStringLiteral("Revision %1 is not a head revision; please specify "
                                           "--splice to create a new branch from this revision")
                                .arg(m_graph.id(h)));

    rev.downRevisions = m_graph.ids(heads);
    rev.dependsOn = resolveDependencies(request.dependsOn);
    for (const QString &label : request.branchLabels) {
        checkIdentifier(label, QStringLiteral("branch label"));
        if (!rev.branchLabels.contains(label))
            rev.branchLabels << label;
    }
    rev.message = request.message.value_or(QStringLiteral("empty message")).trimmed();
    rev.createDate = created.text();

    // RevisionMap.add_revision's checks (labels already used, ...) before anything is
    // written: Alembic writes the file first and leaves a broken project behind.
    QVector<Revision> all;
    all.reserve(m_graph.size() + 1);
    for (int i = 0; i < m_graph.size(); ++i)
        all << m_graph.revision(i);
    all << rev;
    try {
        RevisionGraph::build(all);
    } catch (const RevisionError &e) {
        throw Error(commandMessage(e));
    }

    const QString text = fileText(rev, request.upgradeSql, request.downgradeSql);
    try {
        parseMigrationText(text.toUtf8(), path);
    } catch (const Error &e) {
        throw Error(QStringLiteral("the message cannot be written as a migration header: %1")
                        .arg(e.message()));
    }
    rev.path = path;
    return writeAndVerify(path, text, rev);
}

WrittenRevision ScriptWriter::writeAndVerify(const QString &path, const QString &text,
                                             const Revision &expected) const
{
    if (QFileInfo::exists(path))
        throw Error(QStringLiteral("%1 already exists; not overwriting it").arg(path));
    QDir().mkpath(QFileInfo(path).absolutePath());
    {
        QFile file(path);
        // NewOnly: never replace a file that appeared since the check above.
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly))
            throw Error(
                QStringLiteral("%1: cannot create the file: %2").arg(path, file.errorString()));
        const QByteArray bytes = text.toUtf8();
        if (file.write(bytes) != bytes.size() || !file.flush()) {
            const QString why = file.errorString();
            file.close();
            QFile::remove(path);
            throw Error(QStringLiteral("%1: cannot write the file: %2").arg(path, why));
        }
    }

    // A file we write is always one we can read: parse it back, check it says what we
    // meant, and build the graph with it.
    try {
        MigrationScript script = parseMigrationFile(path);
        const Revision &got = script.revision;
        if (got.id != expected.id || got.downRevisions != expected.downRevisions ||
            got.dependsOn != expected.dependsOn || got.branchLabels != expected.branchLabels ||
            got.createDate != expected.createDate ||
            firstLineOf(got.message) != firstLineOf(expected.message))
            throw Error(QStringLiteral("its header does not read back as written"));
        QVector<Revision> all;
        all.reserve(m_graph.size() + 1);
        for (int i = 0; i < m_graph.size(); ++i)
            all << m_graph.revision(i);
        all << got;
        RevisionGraph graph = RevisionGraph::build(std::move(all));
        return WrittenRevision{path, std::move(script), std::move(graph)};
    } catch (const Error &e) {
        QFile::remove(path);
        throw Error(QStringLiteral("wrote %1 but could not read it back, so removed it: %2")
                        .arg(path, e.message()));
    }
}

} // namespace retort
