#include "script/MigrationFileParser.h"

#include "Error.h"
#include "script/TextLines.h"
#include "sql/SqlTokenizer.h"

#include <QFile>
#include <QRegularExpression>

#include <algorithm>

namespace retort {

namespace {

const QStringList &knownHeaderKeys()
{
    static const QStringList keys = {u"Revision ID"_qs,   u"Revises"_qs,    u"Create Date"_qs,
                                     u"Branch Labels"_qs, u"Depends On"_qs, u"Transactional"_qs};
    return keys;
}

QStringList splitList(const QString &value)
{
    QStringList items;
    for (const QString &part : value.split(u',')) {
        const QString item = part.trimmed();
        if (!item.isEmpty())
            items.append(item);
    }
    return items;
}

const QRegularExpression &sectionMarker()
{
    static const QRegularExpression re(u"^--\\s*migrate\\b(.*)$"_qs);
    return re;
}

class Parser {
public:
    Parser(QStringList lines, QString path)
        : m_lines(std::move(lines))
        , m_path(std::move(path))
    {
        m_script.revision.path = m_path;
    }

    MigrationScript run()
    {
        const int bodyStart = parseHeader();
        parseSections(bodyStart);
        return std::move(m_script);
    }

private:
    [[noreturn]] void fail(int line, const QString &what) const
    {
        throw Error(u"%1:%2: %3"_qs.arg(m_path).arg(line).arg(what));
    }

    // Returns the index of the first line after the header.
    int parseHeader()
    {
        if (m_lines.isEmpty())
            fail(1, u"the file is empty; a migration starts with a '--' header holding "
                    "'Revision ID:'"_qs);
        QStringList docLines;
        QHash<QString, int> seenKeys;
        bool inMessage = true;
        QStringList message;
        int i = 0;
        for (; i < m_lines.size(); ++i) {
            const QString &line = m_lines[i];
            if (!line.startsWith(u"--") || sectionMarker().match(line).hasMatch())
                break;
            QString text = line.mid(2);
            if (text.startsWith(u' '))
                text.remove(0, 1);
            docLines.append(text);
            const int lineNo = i + 1;
            const QString trimmed = text.trimmed();
            if (trimmed.isEmpty()) {
                inMessage = false;
                continue;
            }
            const qsizetype colon = trimmed.indexOf(u':');
            const QString key = colon > 0 ? trimmed.left(colon).trimmed() : QString();
            const bool isKnownKey = knownHeaderKeys().contains(key);
            if (inMessage && !isKnownKey) {
                message.append(trimmed);
                continue;
            }
            inMessage = false;
            if (colon <= 0)
                fail(lineNo, u"expected 'Key: value' in the header, found '%1'"_qs.arg(trimmed));
            if (!isKnownKey)
                fail(lineNo, u"unknown header key '%1' (known keys: %2)"_qs.arg(
                                 key, knownHeaderKeys().join(u", "_qs)));
            if (seenKeys.contains(key))
                fail(lineNo, u"'%1' appears twice in the header (first on line %2)"_qs.arg(key).arg(
                                 seenKeys.value(key)));
            seenKeys.insert(key, lineNo);
            applyHeaderKey(key, trimmed.mid(colon + 1).trimmed(), lineNo);
        }
        if (m_script.revisionLine == 0)
            fail(1, u"the header has no 'Revision ID:' line"_qs);
        m_script.revision.message = message.join(u'\n');
        m_script.revision.longDoc = docLines.join(u'\n').trimmed();
        return i;
    }

    void applyHeaderKey(const QString &key, const QString &value, int lineNo)
    {
        Revision &rev = m_script.revision;
        if (key == u"Revision ID") {
            if (value.isEmpty())
                fail(lineNo, u"'Revision ID:' is empty"_qs);
            checkIdentifier(value, lineNo, u"revision identifier"_qs);
            if (const QString tooLong = revisionIdLengthProblem(value); !tooLong.isEmpty())
                fail(lineNo, tooLong);
            rev.id = value;
            m_script.revisionLine = lineNo;
        } else if (key == u"Revises") {
            rev.downRevisions = splitList(value);
            for (const QString &parent : std::as_const(rev.downRevisions))
                checkIdentifier(parent, lineNo, u"revision identifier"_qs);
            m_script.revisesLine = lineNo;
        } else if (key == u"Create Date") {
            rev.createDate = value;
        } else if (key == u"Branch Labels") {
            rev.branchLabels = splitList(value);
            for (const QString &label : std::as_const(rev.branchLabels))
                checkIdentifier(label, lineNo, u"branch label"_qs);
            m_script.labelsLine = lineNo;
        } else if (key == u"Depends On") {
            rev.dependsOn = splitList(value);
        } else if (key == u"Transactional") {
            const QString v = value.toLower();
            if (v == u"true" || v == u"yes")
                m_script.transactional = true;
            else if (v == u"false" || v == u"no")
                m_script.transactional = false;
            else
                fail(lineNo, u"'Transactional:' must be true or false, not '%1'"_qs.arg(value));
        }
    }

    void checkIdentifier(const QString &id, int lineNo, const QString &what)
    {
        const QString bad = illegalIdentifierCharacters(id);
        if (!bad.isEmpty())
            fail(lineNo, u"Character(s) '%1' not allowed in %2 '%3'"_qs.arg(bad, what, id));
    }

    void parseSections(int start)
    {
        QString current;
        QStringList body;
        int bodyFirstLine = 0;
        QHash<QString, int> seen;
        const auto flush = [&] {
            if (current.isEmpty())
                return;
            while (!body.isEmpty() && body.last().trimmed().isEmpty())
                body.removeLast();
            SqlSection section;
            section.sql = body.join(u'\n');
            section.firstLine = bodyFirstLine;
            section.present = true;
            m_script.sections.at(SqlSections::slotOf(current)) = section;
        };
        for (int i = start; i < m_lines.size(); ++i) {
            const QString &line = m_lines[i];
            const int lineNo = i + 1;
            const auto marker = sectionMarker().match(line);
            if (marker.hasMatch()) {
                if (!current.isEmpty())
                    checkMarkerOutsideSql(bodyFirstLine - 1, i);
                const QString name = sectionName(marker.captured(1).trimmed(), lineNo);
                if (seen.contains(name))
                    fail(lineNo,
                         u"section 'migrate:%1' appears twice (first on line %2)"_qs.arg(name).arg(
                             seen.value(name)));
                flush();
                seen.insert(name, lineNo);
                current = name;
                body.clear();
                bodyFirstLine = lineNo + 1;
                continue;
            }
            if (current.isEmpty()) {
                const QString trimmed = line.trimmed();
                if (!trimmed.isEmpty() && !trimmed.startsWith(u"--"))
                    fail(lineNo, u"SQL outside a section; put it below '-- migrate:upgrade' or "
                                 "'-- migrate:downgrade'"_qs);
                continue;
            }
            body.append(line);
        }
        flush();
    }

    // Every "-- migrate:" line is a marker, wherever it stands. One that the SQL above it
    // has put inside a string, a quoted name, a dollar-quoted body or a block comment
    // would cut that SQL in two, so it is an error that says so (the lines from
    // `begin` to the marker at `marker` are the section so far). Lexed with
    // SqlTokenizer's rules, which are PostgreSQL's and read SQLite's quotes the same way.
    void checkMarkerOutsideSql(int begin, int marker) const
    {
        SqlLexState state;
        for (int i = begin; i < marker; ++i)
            state = SqlTokenizer::stateAfterLine(m_lines[i], state);
        if (state.mode == SqlLexState::Normal)
            return;
        // Rare, so found again with tokens: the construct still open at the marker is
        // the last token of the line where it opened (a construct carried over a whole
        // line is its only token, or there is none on an empty line).
        state = SqlLexState();
        QVector<SqlToken> tokens;
        int openedOn = 0;
        for (int i = begin; i < marker; ++i) {
            const bool continued = state.mode != SqlLexState::Normal;
            tokens.clear();
            state = SqlTokenizer::tokenizeLine(m_lines[i], state, tokens);
            if (state.mode != SqlLexState::Normal && (!continued || tokens.size() > 1))
                openedOn = i + 1;
        }
        fail(marker + 1,
             u"'%1' lies inside %2 that starts on line %3, so it would cut that SQL in two "
             "(every '-- migrate:' line is read as a section marker): close it before the "
             "marker, or write the text another way"_qs
                 .arg(m_lines[marker].trimmed(), openConstructName(state))
                 .arg(openedOn));
    }

    static QString openConstructName(const SqlLexState &state)
    {
        switch (state.mode) {
        case SqlLexState::BlockComment:
            return u"a /* comment"_qs;
        case SqlLexState::QuotedIdentifier:
            return u"a quoted identifier"_qs;
        case SqlLexState::DollarString:
            return u"a dollar-quoted body (%1)"_qs.arg(state.dollarTag);
        case SqlLexState::String:
        case SqlLexState::EscapeString:
        case SqlLexState::Normal:
            break;
        }
        return u"a string literal"_qs;
    }

    QString sectionName(const QString &rest, int lineNo)
    {
        static const QRegularExpression re(u"^:(upgrade|downgrade)(?::(postgresql|sqlite))?$"_qs);
        const auto m = re.match(rest);
        if (!m.hasMatch())
            fail(lineNo, u"unknown section marker '-- migrate%1'; expected '-- migrate:upgrade' "
                         "or '-- migrate:downgrade', optionally followed by ':postgresql' or "
                         "':sqlite'"_qs.arg(rest));
        return m.captured(2).isEmpty() ? m.captured(1) : m.captured(1) + u':' + m.captured(2);
    }

    QStringList m_lines;
    QString m_path;
    MigrationScript m_script;
};

} // namespace

QString illegalIdentifierCharacters(const QString &id)
{
    QString bad;
    for (const QChar c : id) {
        const bool illegal =
            c == u'@' || c == u'-' || c == u'+' || c == u':' || c == u',' || c.isSpace();
        if (illegal && !bad.contains(c))
            bad.append(c);
    }
    return bad;
}

QString revisionIdLengthProblem(const QString &id)
{
    // Characters, as VARCHAR counts them (a surrogate pair is one).
    const qsizetype length = id.size() - std::count_if(id.cbegin(), id.cend(),
                                                       [](QChar c) { return c.isLowSurrogate(); });
    if (length <= kMaxRevisionIdLength)
        return {};
    return u"Revision ID '%1' is %2 characters long; the version table's version_num column "
           "(VARCHAR(%3), as Alembic creates it) holds at most %3"_qs.arg(id)
               .arg(length)
               .arg(kMaxRevisionIdLength);
}

MigrationScript parseMigrationText(const QByteArray &bytes, const QString &path)
{
    return Parser(decodeTextLines(bytes, path, u"a migration file"_qs), path).run();
}

MigrationScript parseMigrationFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw Error(u"%1: cannot read the migration file: %2"_qs.arg(path, file.errorString()));
    return parseMigrationText(file.readAll(), path);
}

} // namespace retort
