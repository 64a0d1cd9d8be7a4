package dev.drydock.server.store;

import java.util.List;

/** The fleet's parity of two scanners and each repository's (by name, at most 1,000), computed together. */
public record FleetParity(Parity fleet, List<Parity> repositories) {
    public FleetParity {
        repositories = List.copyOf(repositories);
    }
}
