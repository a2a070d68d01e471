package dev.lambassador.infra;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.jr.ob.JSON;

/**
 * Expands a SAM template with the SAM transform (the Python {@code samtranslator} that cfn-lint ships with
 * and CloudFormation runs as {@code AWS::Serverless-2016-10-31}), for asserting what SAM generates.
 */
final class SamTranslator {

    private static final long TIMEOUT_SECONDS = 120;

    /**
     * Local CodeUri values become S3 ones, as {@code sam package} would make them, since the transform
     * refuses local paths; no AWS call is made.
     */
    private static final String SCRIPT = """
            import json, os, sys
            os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
            from samtranslator.translator.transform import transform
            from samtranslator.yaml_helper import yaml_parse
            from samtranslator.public.exceptions import InvalidDocumentException
            class NoManagedPolicies:
                def load(self, *args, **kwargs):
                    return {}
                def get_managed_policy_map(self):
                    return {}
            template = yaml_parse(open(sys.argv[1]).read())
            for resource in template["Resources"].values():
                if resource.get("Type") == "AWS::Serverless::Function":
                    uri = resource["Properties"]["CodeUri"]
                    resource["Properties"]["CodeUri"] = "s3://bucket/" + os.path.basename(uri)
            try:
                expanded = transform(template, {}, NoManagedPolicies())
            except InvalidDocumentException as e:
                print("\\n".join(cause.message for cause in e.causes), file=sys.stderr)
                sys.exit(3)
            with open(sys.argv[2], "w") as out:
                json.dump(expanded, out)
            """;

    private SamTranslator() {
    }

    /** The CloudFormation template the SAM transform makes of {@code samTemplate}'s text. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> expand(String samTemplate) {
        try {
            Path dir = Files.createTempDirectory("sam-translate");
            Path in = Files.writeString(dir.resolve("template.yaml"), samTemplate);
            Path out = dir.resolve("expanded.json");
            Path log = dir.resolve("log.txt");
            Process process;
            try {
                process = new ProcessBuilder(List.of(python(), "-c", SCRIPT, in.toString(), out.toString()))
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            } catch (IOException e) {
                return fail("cannot start the Python that runs cfn-lint (" + e.getMessage() + ")");
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return fail("the SAM transform did not finish within " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                return fail("the SAM transform failed with exit code " + process.exitValue() + ":\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            return (Map<String, Object>) (Map<?, ?>) JSON.std.mapFrom(Files.readString(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted while running the SAM transform");
        }
    }

    /**
     * The Python interpreter cfn-lint runs on, which has samtranslator (cfn-lint depends on it), read from
     * the {@code #!} line of the cfn-lint script on PATH; plain {@code python3} when there is none.
     */
    private static String python() throws IOException {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path script = Path.of(dir, "cfn-lint");
            if (Files.isRegularFile(script)) {
                String first = Files.readAllLines(script, StandardCharsets.ISO_8859_1).stream().findFirst().orElse("");
                if (first.startsWith("#!") && first.contains("python") && !first.contains(" ")) {
                    return first.substring(2).trim();
                }
                break;
            }
        }
        return "python3";
    }
}
