package dev.lambassador.core.observe;

/** How fresh the route table a gateway serves is, for the per-request metrics. */
public interface RouteTableStatus {

    RouteTableStatus UNKNOWN = new RouteTableStatus() {
        @Override
        public long ageMillis() {
            return -1;
        }

        @Override
        public long refreshFailures() {
            return 0;
        }
    };

    /** How long ago the table being served was loaded, or negative when none has been. */
    long ageMillis();

    /** How many reloads have failed since the gateway started; only ever grows. */
    long refreshFailures();
}
