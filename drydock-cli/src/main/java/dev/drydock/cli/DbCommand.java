package dev.drydock.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "db", mixinStandardHelpOptions = true,
        description = {"Manage the offline vulnerability database.",
                "",
                "The database is one SQLite file, by default $XDG_CACHE_HOME/drydock/db/drydock.db (override with --db or DRYDOCK_DB)."},
        subcommands = {DbUpdateCommand.class, DbBuildCommand.class, DbStatusCommand.class, DbPushCommand.class, DbPullCommand.class, CommandLine.HelpCommand.class})
final class DbCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "a db command is required");
    }
}
