package dev.lambassador.infra;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A regional custom domain for the API. The certificate must be an ACM certificate in the stack's
 * region. DNS stays with the caller: point a CNAME (or Route 53 alias) at the stack's
 * {@code CustomDomainTarget} output.
 *
 * @param domainName     e.g. {@code api.example.com}
 * @param certificateArn ARN of the ACM certificate that covers the domain
 * @param basePath       path segment the API is mapped under, or null to map it at the root
 */
public record CustomDomain(String domainName, String certificateArn, String basePath) {

    private static final Pattern HOSTNAME = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]");
    private static final Pattern ACM_ARN = Pattern.compile("arn:aws[a-z-]*:acm:[a-z0-9-]+:\\d{12}:certificate/[A-Za-z0-9-]+");
    private static final Pattern BASE_PATH = Pattern.compile("[A-Za-z0-9_.+$-]+");

    public CustomDomain {
        if (domainName == null || !HOSTNAME.matcher(domainName).matches()) {
            throw new IllegalArgumentException(
                    "customDomain.domainName must be a lower-case DNS name such as api.example.com, was " + domainName);
        }
        if (certificateArn == null || !ACM_ARN.matcher(certificateArn).matches()) {
            throw new IllegalArgumentException(
                    "customDomain.certificateArn must be an ACM certificate ARN (arn:aws:acm:REGION:ACCOUNT:certificate/ID), was "
                            + certificateArn);
        }
        if (basePath != null && !BASE_PATH.matcher(basePath).matches()) {
            throw new IllegalArgumentException(
                    "customDomain.basePath must be a single path segment without '/', was " + basePath);
        }
    }

    public static CustomDomain of(String domainName, String certificateArn) {
        return new CustomDomain(domainName, certificateArn, null);
    }

    public CustomDomain withBasePath(String basePath) {
        return new CustomDomain(domainName, certificateArn, basePath);
    }

    public Optional<String> basePathIfSet() {
        return Optional.ofNullable(basePath);
    }
}
