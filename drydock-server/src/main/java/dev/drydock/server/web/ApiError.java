package dev.drydock.server.web;

/**
 * A request the server refuses, with the HTTP status to answer and a one-line message for the client.
 * Handlers throw it; {@link ErrorResponses} turns it into {@code {"error": "..."}}. The message must
 * never carry secrets or echo long hostile input.
 */
final class ApiError extends RuntimeException {
    final int status;

    ApiError(int status, String message) {
        super(message, null, false, false); // no stack trace: this is a normal answer, not a bug
        this.status = status;
    }

    static ApiError badRequest(String message) {
        return new ApiError(400, message);
    }

    static ApiError unauthorized() {
        return new ApiError(401, "missing or invalid token");
    }

    static ApiError forbidden() {
        return new ApiError(403, "this token's role may not do this");
    }

    static ApiError notFound(String what) {
        return new ApiError(404, what + " not found");
    }

    static ApiError tooLarge(long limit) {
        return new ApiError(413, "request body larger than " + limit + " bytes");
    }
}
