package dev.drydock.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.server.store.Principal;
import dev.drydock.server.store.Store;
import dev.drydock.server.store.TriageDecision;
import dev.drydock.server.store.TriageItem;
import dev.drydock.server.store.TriageQuery;
import dev.drydock.server.store.TriageRecord;
import dev.drydock.server.store.TriageState;
import dev.drydock.server.triage.TriageExport;
import io.javalin.http.Context;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The triage queue: reading it (readers), deciding and commenting (triager, admin), and the exports.
 * A decision is on (repository, package name, vulnerability id) and carries over to every digest of the
 * repository; every change is kept in the decision's history and the audit log.
 */
final class TriageApi {
    private static final long MAX_BODY = 64 * 1024;
    private static final Pattern ID = Pattern.compile("[1-9][0-9]{0,17}");
    private static final Set<String> FIELDS = Set.of("repository", "package", "vulnerability", "state", "justification", "note",
            "assignee", "expiresAt", "untilVersionChange");

    private final Store store;
    private final Access access;
    private final Clock clock;

    TriageApi(Store store, Access access, Clock clock) {
        this.store = store;
        this.access = access;
        this.clock = clock;
    }

    void register(Routes r) {
        r.get("/api/v1/triage", this::list);
        r.put("/api/v1/triage", this::decide);
        r.get("/api/v1/triage/export", this::export);
        r.get("/api/v1/triage/{id}", this::one);
        r.post("/api/v1/triage/{id}/comments", this::comment);
    }

    private void list(Context ctx) {
        access.read(ctx);
        Json.write(ctx, 200, store.triageQueue(TriageParams.query(ctx)));
    }

    private void one(Context ctx) {
        access.read(ctx);
        Json.write(ctx, 200, store.triageDecision(id(ctx)).orElseThrow(() -> ApiError.notFound("triage decision")));
    }

    private void decide(Context ctx) {
        Principal who = access.require(ctx, Access.TRIAGERS);
        TriageDecision d = decision(Json.body(ctx, MAX_BODY), clock.instant());
        TriageRecord r = store.decide(d, who.name())
                .orElseThrow(() -> ApiError.notFound("a finding of this vulnerability in this package in this repository"));
        Json.write(ctx, 200, r);
    }

    private void comment(Context ctx) {
        Principal who = access.require(ctx, Access.TRIAGERS);
        long id = id(ctx);
        JsonNode body = Json.body(ctx, MAX_BODY);
        if (!body.isObject()) throw ApiError.badRequest("request body must be a JSON object");
        for (var it = body.fieldNames(); it.hasNext(); ) {
            if (!it.next().equals("body")) throw ApiError.badRequest("unknown field; allowed: body");
        }
        String text = string(body, "body", 16_384, true);
        if (text == null) throw ApiError.badRequest("body is required");
        TriageRecord.Comment c = store.commentTriage(id, who.name(), text).orElseThrow(() -> ApiError.notFound("triage decision"));
        store.audit(who.name(), "triage.comment", Long.toString(id), null);
        Json.write(ctx, 201, c);
    }

    private void export(Context ctx) {
        access.read(ctx);
        String f = ctx.queryParam("format");
        if (f == null || f.isBlank()) throw ApiError.badRequest("format is required: openvex, cyclonedx-vex, defectdojo, jira-csv");
        TriageExport.Format format = ImageParams.parse(() -> TriageExport.Format.parse(f));
        String repository = TriageParams.text(ctx, "repository", 1024);
        byte[] out;
        if (format.fromDecisions()) {
            List<TriageRecord> ds = store.triageDecisions(repository);
            out = format == TriageExport.Format.OPENVEX ? TriageExport.openVex(ds, repository, clock.instant())
                    : TriageExport.cycloneDxVex(ds, repository, clock.instant());
        } else {
            TriageQuery q = TriageQuery.open().withState(TriageQuery.ALL).withRepository(repository);
            List<TriageItem> items = TriageExport.all(offset -> store.triageQueue(q.withPage(TriageQuery.MAX_LIMIT, offset)).items(),
                    TriageQuery.MAX_LIMIT, TriageQuery.MAX_OFFSET);
            out = format == TriageExport.Format.DEFECTDOJO ? TriageExport.defectDojo(items) : TriageExport.jiraCsv(items);
        }
        ctx.header("Content-Disposition", "attachment; filename=\"" + format.fileName + "\"");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.status(200).contentType(format.contentType).result(out);
    }

    private static long id(Context ctx) {
        String s = ctx.pathParam("id");
        if (!ID.matcher(s).matches()) throw ApiError.badRequest("id must be a positive integer");
        return Long.parseLong(s);
    }

    /** The PUT body, validated: every problem is a 400 naming the field. */
    static TriageDecision decision(JsonNode body, Instant now) {
        if (!body.isObject()) throw ApiError.badRequest("request body must be a JSON object");
        for (var it = body.fieldNames(); it.hasNext(); ) {
            if (!FIELDS.contains(it.next())) {
                throw ApiError.badRequest("unknown field; allowed: repository, package, vulnerability, state, justification, note, "
                        + "assignee, expiresAt, untilVersionChange");
            }
        }
        String repository = required(body, "repository", 1024);
        String pkg = required(body, "package", 1024);
        String vuln = required(body, "vulnerability", 256);
        String stateWord = required(body, "state", 64);
        TriageState state = ImageParams.parse(() -> TriageState.parse(stateWord));
        String justification = string(body, "justification", 64, false);
        if (state == TriageState.NOT_AFFECTED) {
            if (justification == null) throw ApiError.badRequest("not_affected needs a justification: " + String.join(", ", TriageExport.JUSTIFICATIONS));
            if (!TriageExport.JUSTIFICATIONS.contains(justification)) {
                throw ApiError.badRequest("justification must be one of " + String.join(", ", TriageExport.JUSTIFICATIONS));
            }
        } else if (justification != null) {
            throw ApiError.badRequest("justification is only for not_affected");
        }
        String note = string(body, "note", 4096, true);
        String assignee = string(body, "assignee", 256, false);
        Instant expires = null;
        String e = string(body, "expiresAt", 64, false);
        if (e != null) {
            try {
                expires = OffsetDateTime.parse(e).toInstant();
            } catch (DateTimeParseException x) {
                throw ApiError.badRequest("expiresAt must be an RFC 3339 time such as 2027-01-31T00:00:00Z");
            }
            if (!expires.isAfter(now)) throw ApiError.badRequest("expiresAt must be in the future");
        }
        if (state == TriageState.RISK_ACCEPTED && expires == null) throw ApiError.badRequest("risk_accepted needs an expiresAt");
        boolean uvc = false;
        JsonNode u = body.get("untilVersionChange");
        if (u != null && !u.isNull()) {
            if (!u.isBoolean()) throw ApiError.badRequest("untilVersionChange must be true or false");
            uvc = u.asBoolean();
        }
        return new TriageDecision(repository, pkg, vuln, state, justification, note, assignee, expires, uvc);
    }

    private static String required(JsonNode body, String field, int max) {
        String s = string(body, field, max, false);
        if (s == null) throw ApiError.badRequest(field + " is required");
        return s;
    }

    /** A string field: absent or null gives null; anything but a string, control characters (unless multiline) or too long is a 400. */
    private static String string(JsonNode body, String field, int max, boolean multiline) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isTextual()) throw ApiError.badRequest(field + " must be a string");
        String s = n.asText().strip();
        if (s.isEmpty()) return null;
        if (s.length() > max) throw ApiError.badRequest(field + " is longer than " + max + " characters");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) && !(multiline && (c == '\n' || c == '\t' || c == '\r'))) {
                throw ApiError.badRequest(field + " holds a control character");
            }
        }
        return s;
    }

}
