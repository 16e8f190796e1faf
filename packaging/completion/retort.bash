# bash completion for retort and retort-gui.
# The words come from `retort __complete WORD...`, which knows the commands, their options
# (the same table as --help and the man page) and the current project's revision ids and
# branch labels. When it offers nothing (a path argument), bash completes file names.
_retort()
{
    local IFS=$'\n'
    COMPREPLY=($("${COMP_WORDS[0]}" __complete "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
}
complete -o default -F _retort retort

_retort_gui()
{
    if [[ ${COMP_WORDS[COMP_CWORD]} == -* ]]; then
        COMPREPLY=($(compgen -W '--screenshot --help --version' -- "${COMP_WORDS[COMP_CWORD]}"))
    fi
}
complete -o default -F _retort_gui retort-gui
