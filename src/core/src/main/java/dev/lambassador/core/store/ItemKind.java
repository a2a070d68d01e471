package dev.lambassador.core.store;

/**
 * What an item of the routes table is: the value of its {@link TableSchema#PARTITION_KEY}. Each kind
 * is a partition of its own, so that a function's role can be limited to the kinds it reads.
 */
public enum ItemKind {
    /** A route: how a request is matched and where it goes. */
    ROUTE("route"),
    /** An API: its base path, how a version is selected, its default version. */
    API("api"),
    /** A version of an API: its status, dates and backend or routes. */
    VERSION("version"),
    /** A backend that routes and versions refer to by id. */
    BACKEND("backend"),
    /** A client application that calls with API keys. */
    CONSUMER("consumer"),
    /** An API key, by its hash, naming its consumer. */
    API_KEY("apikey"),
    /**
     * The table's own bookkeeping: {@link TableSchema#REVISION_ID}, the number every change of the
     * router's partitions moves, which routers read instead of the whole table to learn that it changed.
     */
    META("meta");

    private final String value;

    ItemKind(String value) {
        this.value = value;
    }

    /** The partition key value, as items carry it: {@code route}, {@code apikey}, ... */
    public String value() {
        return value;
    }
}
