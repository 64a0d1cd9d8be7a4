package dev.drydock.vulndb;

import dev.drydock.model.SeverityRating;

import java.time.Instant;
import java.util.List;

/**
 * What the database knows of one vulnerability across all its ids.
 *
 * @param aliases every other id of the same vulnerability, sorted
 * @param ratings every source's rating of any of its ids
 */
public record VulnInfo(String id, List<String> aliases, String title, String description, Instant published,
                       List<String> references, List<String> cwes, List<SeverityRating> ratings) {
    public VulnInfo {
        aliases = List.copyOf(aliases);
        references = List.copyOf(references);
        cwes = List.copyOf(cwes);
        ratings = List.copyOf(ratings);
    }
}
