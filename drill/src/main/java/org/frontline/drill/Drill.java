package org.frontline.drill;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code drill}: outbreak scenarios played against a running Frontline through its public APIs, verified against the
 * ground truth they injected; {@code citywide-surge} is the suite's benchmark. See drill/README.md.
 */
@Command(name = "drill", mixinStandardHelpOptions = true, version = "frontline-drill 0.1.0",
        description = {"Plays an outbreak scenario against a running Frontline through the gateway with real tokens, "
                + "then verifies that every figure, report, alert and count the suite shows equals what was injected.",
                "Exit status: 0 all checks passed; 1 a check failed (the verdict table says which); 2 bad usage; "
                        + "3 the suite could not be reached or refused the drill's setup."},
        subcommands = {RunCommand.class, VerifyCommand.class, ReportCommand.class, ReconcileCommand.class,
                CommandLine.HelpCommand.class})
public class Drill {

    public static final int FAILED = 1;
    public static final int UNREACHABLE = 3;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Drill()).setUsageHelpWidth(110).setUsageHelpAutoWidth(true);
        // bad usage: the message and where to look, not the whole usage text (exit 2)
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println("drill: " + e.getMessage());
            cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for the options.");
            return cmd.getCommandSpec().exitCodeOnInvalidInput();
        });
        return cli;
    }
}
