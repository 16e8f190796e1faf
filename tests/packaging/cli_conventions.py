#!/usr/bin/env python3
"""The command line's conventions, checked from outside as a user meets them:

- retort(1), rendered by groff, says for every command what `retort COMMAND --help`
  says (its description and each option with its help), and lists exactly the commands
  `retort --help` lists; so the man page and the usage text cannot drift apart.
- exit statuses: 0 for --help, --version and a command that worked; 1 for a command
  that failed (with FAILED: on stderr); 2 for a command line that is wrong.
- `retort --version` names the version the package has.

Usage: cli_conventions.py RETORT MANPAGE PROJECT_INI VERSION
"""
import os
import re
import subprocess
import sys
import tempfile

retort, manpage, ini, version = sys.argv[1:5]
failures = []


def run(*args, cwd=None):
    env = dict(os.environ, LC_ALL="C.UTF-8")
    env.pop("RETORT_CONFIG", None)
    return subprocess.run([retort, *args], capture_output=True, text=True, cwd=cwd, env=env)


def check(condition, message):
    if not condition:
        failures.append(message)


def words(text):
    return " ".join(text.split())


# --- the man page against the help ----------------------------------------------------
rendered = subprocess.run(
    ["groff", "-man", "-Tutf8", "-P-cbou", "-rLL=200n", "-rHY=0", manpage],
    capture_output=True, text=True, check=True).stdout
# groff renders \- as U+2212 with -Tutf8 and may use typographic quotes.
man = words(rendered.replace("\u2212", "-").replace("\u2010", "-")
            .replace("\u2019", "'").replace("\u2018", "'"))

top = run("--help")
check(top.returncode == 0, "retort --help exits %d" % top.returncode)
listed = re.findall(r"^  ([a-z]+)\b", top.stdout.split("\noptions:")[0], re.M)
check(len(listed) >= 15, "retort --help lists only %s" % listed)
man_commands = re.findall(r"COMMANDS(.*?)ENVIRONMENT", man)[0]
for command in listed:
    help_ = run(command, "--help")
    check(help_.returncode == 0, "retort %s --help exits %d" % (command, help_.returncode))
    text = help_.stdout
    check(text.startswith("usage: retort"), "retort %s --help: no usage line" % command)
    description = words(text.split("\n\n")[1])
    check(description in man, "retort(1) lacks %s's description: %r" % (command, description))
    # Every line fits 80 columns, and an option's help wrapped in its column is filled:
    # the next line's first word would not have fitted on it.
    lines = text.splitlines()
    for line, following in zip(lines, lines[1:] + [""]):
        check(len(line) <= 80, "retort %s --help: over 80 columns: %r" % (command, line))
        if len(line) > 30 and line[29] == " " and line[30] != " " and \
                following.startswith(" " * 30) and following.strip():
            check(len(line) + 1 + len(following.split()[0]) > 80,
                  "retort %s --help: option help wrapped early: %r" % (command, line))
    options = text.split("\noptions:\n")[1] if "\noptions:\n" in text else ""
    for line in re.split(r"\n(?=  -)", options.strip("\n")):
        if line.strip():
            check(words(line) in man,
                  "retort(1) lacks %s's option as --help shows it: %r" % (command, words(line)))
    check(re.search(r"(^| )%s( |$)" % command, man_commands) is not None,
          "retort(1) has no %s under COMMANDS" % command)
check(words("Exit status: ") in words(top.stdout), "retort --help says nothing of exit status")
check("EXIT STATUS 0 when the command succeeded" in man, "retort(1) has no EXIT STATUS")

# --- exit statuses ----------------------------------------------------------------------
version_run = run("--version")
check(version_run.returncode == 0 and version_run.stdout == "retort %s\n" % version,
      "retort --version printed %r" % version_run.stdout)
usage_errors = [[], ["frobnicate"], ["-c"], ["--bogus", "heads"], ["-c", ini, "heads", "--bogus"],
                ["-c", ini, "show"], ["-c", ini, "show", "a", "b"], ["-c", ini, "history", "x"],
                ["-c", ini, "history", "-r"], ["init"]]
for args in usage_errors:
    r = run(*args)
    check(r.returncode == 2, "retort %s exits %d, not 2 (usage)" % (" ".join(args), r.returncode))
    check(r.stdout == "", "retort %s writes its usage error to stdout" % " ".join(args))
    check(r.stderr != "", "retort %s says nothing on stderr" % " ".join(args))
r = run("-c", ini, "show", "nosuchrevision")
check(r.returncode == 1 and r.stderr.startswith("FAILED: "),
      "a failing command exits %d with %r, not 1 with FAILED:" % (r.returncode, r.stderr))
r = run("-c", ini, "heads")
check(r.returncode == 0 and "17c397cbdf9b" in r.stdout, "retort heads exits %d" % r.returncode)
with tempfile.TemporaryDirectory() as tmp:
    r = run("init", "proj", cwd=tmp)
    check(r.returncode == 0, "retort init exits %d: %s" % (r.returncode, r.stderr))
    r = run("init", "proj", cwd=tmp)
    check(r.returncode == 1, "retort init on a non-empty folder exits %d, not 1" % r.returncode)

# Nothing is coloured: NO_COLOR or not, no escape sequences on a terminal-like run.
check("\x1b[" not in top.stdout, "retort --help prints escape sequences")

for failure in failures:
    print("FAIL:", failure, file=sys.stderr)
print("cli_conventions: %d commands checked against retort(1); %d failures"
      % (len(listed), len(failures)))
sys.exit(1 if failures else 0)
