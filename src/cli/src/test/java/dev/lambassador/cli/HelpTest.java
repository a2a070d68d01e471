package dev.lambassador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command answers --help, and the shell completion knows every command. */
class HelpTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(List<String> args) {
        return Lambassador.run(args, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static List<List<String>> commands(CommandLine line, List<String> path) {
        List<List<String>> all = new ArrayList<>();
        all.add(path);
        line.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                List<String> subPath = new ArrayList<>(path);
                subPath.add(name);
                all.addAll(commands(sub, subPath));
            }
        });
        return all;
    }

    @Test
    void everyCommandAnswersHelpWithItsUsage() {
        List<List<String>> commands = commands(Lambassador.commandLine(new Console(Map.of(), System.out, System.err)), List.of());
        assertThat(commands).contains(List.of("routes", "put"), List.of("consumers", "delete"), List.of("table", "create"),
                List.of("keys", "create"), List.of("apply"), List.of("export"), List.of("validate"));
        for (List<String> command : commands) {
            out.reset();
            List<String> args = new ArrayList<>(command);
            args.add("--help");
            assertThat(run(args)).as(String.join(" ", args)).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).as(String.join(" ", args))
                    .startsWith("Usage: lambassador" + (command.isEmpty() ? "" : " " + String.join(" ", command))).contains("--help");
        }
    }

    @Test
    void tableCommandsSpellTheirOptionsAsTheAwsCliDoes() {
        assertThat(run(List.of("routes", "list", "--help"))).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--table=NAME", "--region=REGION", "--profile=NAME",
                "--endpoint-url=URL", "--output=table|json|yaml");
    }

    @Test
    void completionScriptCompletesEveryCommand() {
        assertThat(run(List.of("generate-completion"))).isZero();
        String script = out.toString(StandardCharsets.UTF_8);
        assertThat(script).contains("complete -F _complete_lambassador", "routes", "consumers", "validate", "apply", "--endpoint-url");
    }
}
