package org.frontline.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The command line as a user meets it: every command's {@code --help} lists each of its options and parameters with a
 * description (an option added without one fails the build), and bad usage ends with exit 2 and a one-line message,
 * never a stack trace. Nothing runs: the suite's addresses point at a closed port, so a command that got as far as
 * calling the suite would answer 3, not 2.
 */
class DrillCommandTests {

    /** A port nothing listens on: the commands below must refuse their input before they reach for the suite. */
    private static final String[] NOWHERE = {"--base-url", "http://127.0.0.1:1", "--keycloak-url", "http://127.0.0.1:1",
            "--kafka", "127.0.0.1:1"};

    record Run(int exit, String out, String err) {
    }

    static Run execute(String... args) {
        CommandLine cli = Drill.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /**
     * Runs a command that prints its own lines (System.out/err, as {@code main} leaves them) and captures those.
     * (With System.err replaced, picocli writes its own messages to the original stream, not to this capture: use
     * {@link #execute} for what picocli itself reports.)
     */
    static synchronized Run executePrinting(String... args) {
        PrintStream systemOut = System.out;
        PrintStream systemErr = System.err;
        ByteArrayOutputStream printedOut = new ByteArrayOutputStream();
        ByteArrayOutputStream printedErr = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(printedOut, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(printedErr, true, StandardCharsets.UTF_8));
            exit = Drill.commandLine().execute(args);
        } finally {
            System.setOut(systemOut);
            System.setErr(systemErr);
        }
        return new Run(exit, printedOut.toString(StandardCharsets.UTF_8), printedErr.toString(StandardCharsets.UTF_8));
    }

    /** The root command and every subcommand, nested ones included, with the words that reach it. */
    static List<CommandSpec> commands() {
        List<CommandSpec> all = new ArrayList<>();
        collect(Drill.commandLine().getCommandSpec(), all);
        return all;
    }

    private static void collect(CommandSpec spec, List<CommandSpec> into) {
        into.add(spec);
        spec.subcommands().values().stream().map(CommandLine::getCommandSpec).distinct()
                .forEach(sub -> collect(sub, into));
    }

    /** The words after {@code drill} that select {@code spec} (empty for the root). */
    static String[] path(CommandSpec spec) {
        List<String> words = new ArrayList<>();
        for (CommandSpec s = spec; s.parent() != null; s = s.parent()) {
            words.add(0, s.name());
        }
        return words.toArray(String[]::new);
    }

    static Stream<Arguments> everyCommand() {
        return commands().stream().map(spec -> Arguments.of(String.join(" ", path(spec)), spec));
    }

    @Test
    void theCommandsAreTheOnesTheReadmeDocuments() {
        assertThat(commands().stream().map(CommandSpec::qualifiedName))
                .containsExactlyInAnyOrder("drill", "drill run", "drill verify", "drill report", "drill reconcile",
                        "drill help");
    }

    @ParameterizedTest(name = "drill {0}")
    @MethodSource("everyCommand")
    void everyOptionAndParameterHasADescription(String name, CommandSpec spec) {
        assertThat(spec.usageMessage().description()).as("drill %s: the command's description", name)
                .isNotEmpty().allSatisfy(line -> assertThat(line).isNotBlank());
        List<ArgSpec> args = new ArrayList<>(spec.options());
        args.addAll(spec.positionalParameters());
        for (ArgSpec arg : args) {
            String label = arg instanceof OptionSpec o ? o.longestName() : ((PositionalParamSpec) arg).paramLabel();
            assertThat(arg.description()).as("drill %s %s: its description", name, label)
                    .isNotEmpty().allSatisfy(line -> assertThat(line).isNotBlank());
        }
    }

    @ParameterizedTest(name = "drill {0} --help")
    @MethodSource("everyCommand")
    void helpListsEveryOptionAndParameter(String name, CommandSpec spec) {
        List<String> args = new ArrayList<>(List.of(path(spec)));
        args.add(spec.name().equals("help") ? "-h" : "--help");
        Run run = execute(args.toArray(String[]::new));

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).contains("Usage: " + spec.qualifiedName() + " ");
        for (OptionSpec option : spec.options()) {
            String shown = option.negatable()
                    ? "--[no-]" + option.longestName().replaceFirst("^--(no-)?", "")
                    : option.longestName();
            assertThat(run.out()).as("drill %s --help", name).contains(shown);
            // the first words of its description: the text is rendered, not just the name
            String first = option.description()[0].split(" ")[0];
            assertThat(run.out()).contains(first);
        }
        for (PositionalParamSpec parameter : spec.positionalParameters()) {
            assertThat(run.out()).contains(parameter.paramLabel());
        }
        // every ${...} in a description was resolved (a typo such as ${DEFAULT_VALUE} shows up verbatim)
        assertThat(run.out()).doesNotContain("${");
    }

    @Test
    void helpOfASubcommandThroughTheHelpCommand() {
        for (String sub : List.of("run", "verify", "report")) {
            Run run = execute("help", sub);
            assertThat(run.exit()).isZero();
            assertThat(run.out()).startsWith("Usage: drill " + sub);
        }
    }

    @Test
    void runHelpNamesTheShippedScenariosAndTheDefaults() {
        Run run = execute("run", "--help");
        assertThat(run.out()).contains("quiet-week", "single-cluster", "citywide-surge", "3 … 6000",
                "(default: http://127.0.0.1:8080)", "(default: 39)");
    }

    @Test
    void rootHelpSaysWhatEachExitStatusMeans() {
        Run run = execute("--help");
        assertThat(run.out()).contains("0 all checks passed", "1 a check failed", "2 bad usage", "3 the suite");
    }

    static Stream<Arguments> badUsage() {
        return Stream.of(
                Arguments.of(List.of(), "Missing required subcommand"),
                Arguments.of(List.of("rehearse"), "Unmatched argument"),
                Arguments.of(List.of("run"), "Missing required parameter: 'SCENARIO'"),
                Arguments.of(List.of("run", "quiet-week", "--bogus"), "Unknown option: '--bogus'"),
                Arguments.of(List.of("run", "quiet-week", "--city-size"), "Missing required parameter for option '--city-size'"),
                Arguments.of(List.of("run", "quiet-week", "--city-size", "many"), "--city-size"),
                Arguments.of(List.of("run", "quiet-week", "--seed", "x"), "--seed"),
                Arguments.of(List.of("run", "quiet-week", "single-cluster"), "Unmatched argument"),
                Arguments.of(List.of("verify"), "Missing required option: '--result=FILE'"),
                Arguments.of(List.of("verify", "--result", "r.json", "--settle-timeout", "soon"), "--settle-timeout"),
                Arguments.of(List.of("report"), "Missing required parameter: 'FILE'"),
                Arguments.of(List.of("report", "r.json", "--chart"), "--chart"));
    }

    @ParameterizedTest(name = "drill {0}")
    @MethodSource("badUsage")
    void badUsageIsExit2WithAOneLineMessage(List<String> args, String message) {
        List<String> all = new ArrayList<>(args);
        if (!args.isEmpty() && (args.get(0).equals("run") || args.get(0).equals("verify"))) {
            all.addAll(1, List.of(NOWHERE));
        }
        Run run = execute(all.toArray(String[]::new));

        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(firstLine(run.err())).contains(message);
        assertNoStackTrace(run);
    }

    /** Values the parser accepts but the command must refuse before it plays anything: exit 2, never 3. */
    static Stream<Arguments> refusedValues() {
        return Stream.of(
                Arguments.of(List.of("run", "quiet-week", "--city-size", "2"), "--city-size"),
                Arguments.of(List.of("run", "quiet-week", "--city-size", "6001"), "--city-size"),
                Arguments.of(List.of("run", "quiet-week", "--speed", "-1"), "--speed"),
                Arguments.of(List.of("run", "quiet-week", "--city-code", "12"), "--city-code"),
                Arguments.of(List.of("run", "no-such-scenario"), "no-such-scenario"),
                // single-cluster starts its outbreak in community 4: a city of 3 has none
                Arguments.of(List.of("run", "single-cluster", "--city-size", "3"), "outbreak.startCommunity"));
    }

    @ParameterizedTest(name = "drill {0}")
    @MethodSource("refusedValues")
    void impossibleValuesAreExit2BeforeTheSuiteIsCalled(List<String> args, String named) {
        List<String> all = new ArrayList<>(args);
        all.addAll(1, List.of(NOWHERE));
        Run run = execute(all.toArray(String[]::new));

        assertThat(run.exit()).as("exit status; err: %s", run.err()).isEqualTo(2);
        assertThat(firstLine(run.err())).contains(named);
        assertNoStackTrace(run);
    }

    @Test
    void aResultFileThatIsNotThereIsExit2() {
        Run run = execute("report", "no-such-result.json");
        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(firstLine(run.err())).contains("no-such-result.json");
        assertNoStackTrace(run);
    }

    @Test
    void verifyOfAResultThatIsNotThereIsExit2() {
        List<String> args = new ArrayList<>(List.of("verify", "--result", "no-such-result.json"));
        args.addAll(List.of(NOWHERE));
        Run run = executePrinting(args.toArray(String[]::new));

        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(run.err().lines()).hasSize(1).allSatisfy(line -> assertThat(line).contains("no-such-result.json"));
        assertNoStackTrace(run);
    }

    @Test
    void aSuiteThatCannotBeReachedIsExit3InOneLine(@TempDir Path dir) {
        Path out = dir.resolve("r.json");
        List<String> args = new ArrayList<>(List.of("run", "quiet-week", "--out", out.toString()));
        args.addAll(List.of(NOWHERE));
        Run run = executePrinting(args.toArray(String[]::new));

        assertThat(run.exit()).as(run.err()).isEqualTo(3);
        // the progress line, then one line saying what could not be reached (the exception's class may be named)
        assertThat(run.err()).contains("could not be reached").contains("127.0.0.1:1");
        assertThat(run.err() + run.out()).doesNotContainPattern("\\n\\s+at [a-z]").doesNotContain("Caused by");
        assertThat(out).doesNotExist();
    }

    private static String firstLine(String text) {
        return text.lines().findFirst().orElse("");
    }

    private static void assertNoStackTrace(Run run) {
        assertThat(run.err() + run.out()).doesNotContain("Exception").doesNotContainPattern("\\n\\s+at [a-z]");
    }
}
