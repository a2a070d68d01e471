package dev.lambassador.core.route.predicate;

import dev.lambassador.core.route.Items;
import dev.lambassador.core.route.Problems;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A named value's condition, as headers and query parameters share it: {@code {"name": N}} (present),
 * {@code {"name": N, "value": V}} (one of its values is exactly V), or {@code {"name": N, "regex": R}}
 * (one of its values matches R as a whole; Java syntax).
 */
record ValueCondition(String name, String value, Pattern regex) {

    /** Regular expressions are refused past this length: matching costs grow with them. */
    static final int MAX_REGEX_LENGTH = 256;

    static ValueCondition parse(Map<String, Object> condition, Problems problems) {
        int before = problems.size();
        Items.refuseUnknown(condition, Set.of("name", "value", "regex"), "", problems);
        String name = Items.requiredString(condition, "name", problems);
        String value = Items.string(condition, "value", problems);
        String regex = Items.string(condition, "regex", problems);
        if (value != null && regex != null) {
            problems.add("", "give value or regex, not both");
        }
        Pattern pattern = null;
        if (regex != null) {
            if (regex.length() > MAX_REGEX_LENGTH) {
                problems.add("regex", "is longer than " + MAX_REGEX_LENGTH + " characters");
            } else {
                try {
                    pattern = Pattern.compile(regex);
                } catch (PatternSyntaxException e) {
                    problems.add("regex", "is not a valid regular expression: " + e.getDescription());
                }
            }
        }
        return problems.size() == before ? new ValueCondition(name, value, pattern) : null;
    }

    boolean test(List<String> values) {
        if (values.isEmpty()) {
            return false;
        }
        if (value == null && regex == null) {
            return true;
        }
        for (String candidate : values) {
            if (value != null ? value.equals(candidate) : regex.matcher(candidate).matches()) {
                return true;
            }
        }
        return false;
    }
}
