package dev.lambassador.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the real cfn-lint on a template, as CI and users do. */
final class CfnLint {

    /**
     * The one finding CDK templates are allowed: CDK writes an explicit DependsOn on a role next to
     * the GetAtt that already orders it, so that the role's policy exists before the function.
     */
    static final Set<String> CDK_TOLERATED_RULES = Set.of("W3005");

    private static final long TIMEOUT_SECONDS = 180;

    private CfnLint() {
    }

    /**
     * The outcome of one run. cfn-lint's exit code is a bit set: 2 errors, 4 warnings,
     * 8 informational; 1 means cfn-lint itself failed.
     */
    record Result(int exitCode, String output) {
        private static final Pattern FINDING = Pattern.compile("^([EWI]\\d{4}) ", Pattern.MULTILINE);

        boolean hasErrors() {
            return (exitCode & 0b11) != 0;
        }

        /**
         * The rule IDs of the findings, e.g. {@code W3005}, from cfn-lint's default output. Fails when
         * the exit code reports findings but none can be read, so that a change of cfn-lint's output
         * format cannot make a template look clean.
         */
        Set<String> rules() {
            Set<String> rules = new TreeSet<>();
            Matcher finding = FINDING.matcher(output);
            while (finding.find()) {
                rules.add(finding.group(1));
            }
            if (exitCode != 0 && rules.isEmpty()) {
                throw new AssertionError(
                        "cfn-lint exited with " + exitCode + " but no finding could be read from its output:\n" + output);
            }
            return rules;
        }
    }

    /** Asserts a synthesized CDK template has no errors and no findings beyond {@link #CDK_TOLERATED_RULES}. */
    static void assertCleanCdkTemplate(Path template) {
        Result result = lint(template);
        assertThat(result.hasErrors()).as("cfn-lint errors in %s:%n%s", template, result.output()).isFalse();
        assertThat(result.rules()).as("cfn-lint findings in %s:%n%s", template, result.output())
                .isSubsetOf(CDK_TOLERATED_RULES);
    }

    static Result lint(Path template) {
        List<String> command = List.of("cfn-lint", "--", template.toString());
        Path outputFile;
        try {
            // Output goes to a file so that a hung cfn-lint cannot block a read past the timeout.
            outputFile = Files.createTempFile("cfn-lint", ".txt");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(outputFile.toFile()).start();
        } catch (IOException e) {
            return fail("cfn-lint is not on PATH: install it with `pip install cfn-lint` (" + e.getMessage() + ")");
        }
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return fail("cfn-lint did not finish within " + TIMEOUT_SECONDS + " s on " + template);
            }
            String output = Files.readString(outputFile, StandardCharsets.UTF_8);
            Files.deleteIfExists(outputFile);
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted while running cfn-lint");
        }
    }
}
