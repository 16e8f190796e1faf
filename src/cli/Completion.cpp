#include "Completion.h"

#include "CommandSpecs.h"
#include "Error.h"
#include "ProjectGraph.h"
#include "script/ProjectConfig.h"

namespace retort::cli {

namespace {

QStringList revisionWords(const QString &config)
{
    QStringList words = {u"head"_qs, u"heads"_qs, u"base"_qs};
    try {
        const RevisionGraph graph =
            loadProjectGraph(ProjectConfig::load(config), RevisionDocs::None); // ids and labels
        for (int i = 0; i < graph.size(); ++i) {
            words.append(graph.id(i));
            for (const QString &label : graph.branchLabels(i))
                if (!words.contains(label))
                    words << label << label + u"@head"_qs;
        }
    } catch (const Error &) {
        // No project here, or a broken one: complete the keywords only.
    }
    return words;
}

QStringList optionWords(const QVector<OptionSpec> &options)
{
    QStringList words;
    for (const OptionSpec &option : options)
        words.append(option.longName);
    return words << u"--help"_qs;
}

const OptionSpec *optionNamed(const QVector<OptionSpec> &options, const QString &name)
{
    for (const OptionSpec &option : options)
        if (option.longName == name || (!option.shortName.isEmpty() && option.shortName == name))
            return &option;
    return nullptr;
}

} // namespace

QStringList completions(const QStringList &words)
{
    if (words.isEmpty())
        return {};
    const QString current = words.last();
    QString config = qEnvironmentVariable("RETORT_CONFIG", u"retort.ini"_qs);
    const CommandSpec *command = nullptr;
    const OptionSpec *pendingValue = nullptr; // the option the current word is the value of
    for (qsizetype i = 0; i + 1 < words.size(); ++i) {
        const QString &word = words[i];
        if (pendingValue) {
            if (pendingValue->longName == u"--config")
                config = word;
            pendingValue = nullptr;
        } else if (const OptionSpec *o =
                       optionNamed(command ? command->options : globalOptions(), word)) {
            pendingValue = o->takesValue() ? o : nullptr;
        } else if (!command && !word.startsWith(u'-')) {
            command = findCommand(word);
            if (!command)
                return {};
        }
    }

    QStringList candidates;
    if (pendingValue) {
        if (pendingValue->valueKind == ArgumentKind::Revision)
            candidates = revisionWords(config);
    } else if (!command) {
        if (current.startsWith(u'-'))
            candidates = optionWords(globalOptions()) << u"--version"_qs;
        else
            for (const CommandSpec &spec : commandSpecs())
                candidates.append(spec.name);
    } else if (current.startsWith(u'-') && !(current.size() > 1 && current[1].isDigit())) {
        candidates = optionWords(command->options);
    } else if (command->argumentKind == ArgumentKind::Revision) {
        candidates = revisionWords(config);
    }
    QStringList matching;
    for (const QString &candidate : std::as_const(candidates))
        if (candidate.startsWith(current))
            matching.append(candidate);
    return matching;
}

} // namespace retort::cli
