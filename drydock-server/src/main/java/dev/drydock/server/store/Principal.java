package dev.drydock.server.store;

/** Who a request's token belongs to. */
public record Principal(long tokenId, String name, Role role) {
}
