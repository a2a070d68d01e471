package dev.lambassador.cli;

import dev.lambassador.core.auth.Consumer;
import dev.lambassador.local.DevIdentity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code lambassador token}: only the token goes to standard output, so that {@code TOKEN=$(lambassador token ...)} works. */
@Command(name = "token", sortOptions = false,
        description = "Print a development bearer token that `lambassador dev` accepts, signed with the key in $LAMBASSADOR_HOME.")
final class TokenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--sub", paramLabel = "SUBJECT", required = true, description = "who the token is for")
    String subject;

    @Option(names = "--scope", paramLabel = "SCOPE", description = "a scope it grants; repeat for more")
    List<String> scopes = new ArrayList<>();

    /** The longest-lived development token. */
    static final Duration MAX_TTL = Duration.ofDays(7);

    @Option(names = "--ttl", paramLabel = "DURATION", converter = Converters.Ttl.class,
            description = "how long it is valid: 90s, 15m, 1h (default) or 7d")
    Duration ttl = DevIdentity.DEFAULT_TTL;

    @Option(names = "--client", paramLabel = "ID", description = "its client_id claim")
    String client;

    private final Console console;

    TokenCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        if (subject.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--sub must not be empty: the gateway refuses a token without a subject");
        }
        if (ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
            throw new ParameterException(spec.commandLine(), "--ttl must be longer than 0 and at most 7d, was " + ttl.toSeconds() + " s:"
                    + " a development token is for trying routes, and one that lives longer is a credential to revoke");
        }
        Set<String> granted = Consumer.scopes(scopes);
        DevIdentity identity = DevIdentity.loadOrCreate(DevIdentity.home(console.environment()));
        console.out().println(identity.mint(subject, granted, ttl, client));
        return 0;
    }
}
