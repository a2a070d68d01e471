package dev.lambassador.core.version;

import dev.lambassador.core.Exchange;

/**
 * The API version a request was served by, and how it was chosen; an {@link Exchange} attribute for
 * later filters, transforms ({@code ${version}}) and the listener.
 *
 * @param api        the API's id
 * @param version    the version's id (an alias the client used is resolved to it)
 * @param status     the version's status
 * @param selectedBy {@code path}, {@code header}, {@code mediaType}, {@code query} or {@code default}
 */
public record ApiVersion(String api, String version, VersionStatus status, String selectedBy) {

    public static final Exchange.Attribute<ApiVersion> SELECTED = Exchange.Attribute.of("api.version", ApiVersion.class);
}
