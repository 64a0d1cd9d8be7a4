package dev.drydock.server.ingest;

import java.util.List;

/**
 * A VEX assessment a report carries (CycloneDX {@code analysis}): the triage queue takes it as a proposed
 * state, it does not suppress anything by itself.
 *
 * @param state         CycloneDX impact-analysis state, lower case with underscores as in the spec
 * @param justification CycloneDX justification or null
 * @param responses     CycloneDX responses ({@code will_not_fix}, {@code update} ...)
 * @param detail        free text, bounded
 */
public record Assessment(State state, String justification, List<String> responses, String detail) {
    public Assessment {
        responses = responses == null ? List.of() : List.copyOf(responses);
    }

    public enum State {
        RESOLVED, RESOLVED_WITH_PEDIGREE, EXPLOITABLE, IN_TRIAGE, FALSE_POSITIVE, NOT_AFFECTED;

        /** The spec's word ({@code not_affected}); null for anything else. */
        static State parse(String s) {
            if (s == null) return null;
            for (State st : values()) if (st.name().equalsIgnoreCase(s.strip())) return st;
            return null;
        }
    }
}
