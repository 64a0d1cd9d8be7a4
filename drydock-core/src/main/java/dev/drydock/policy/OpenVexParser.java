package dev.drydock.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.image.BadInputException;
import dev.drydock.model.UntrustedText;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * OpenVEX 0.2.0 and the 0.0.x drafts still in circulation. A statement's vulnerability is an object
 * ({@code name}, {@code @id}, {@code aliases}) or, in 0.0.x, a plain string; products are objects
 * ({@code @id}, {@code identifiers.purl}, {@code subcomponents}) or, in 0.0.x, plain strings with the
 * subcomponents listed on the statement. A statement without a timestamp takes the document's, as the
 * specification says. Products identified only by something other than a purl (a CPE, a hash) cannot be
 * compared with a package and are left out with a warning.
 */
final class OpenVexParser {
    private OpenVexParser() {
    }

    static List<VexStatement> parse(String name, JsonNode root, Consumer<String> warnings) {
        JsonNode stmts = root.get("statements");
        if (stmts == null || !stmts.isArray()) throw new BadInputException(name + ": OpenVEX document without a 'statements' list");
        Instant docTime = VexDocuments.time(root, "timestamp", name);
        Instant docUpdated = VexDocuments.time(root, "last_updated", name);
        List<VexStatement> out = new ArrayList<>();
        for (int i = 0; i < stmts.size(); i++) {
            String where = name + "#statements[" + i + "]";
            JsonNode s = stmts.get(i);
            if (!s.isObject()) throw new BadInputException(where + ": statement is not an object");
            List<String> ids = vulnerabilityIds(s.get("vulnerability"), where);
            VexStatement.Status status = VexStatement.Status.ofOpenVex(VexDocuments.text(s, "status"));
            if (status == null) {
                throw new BadInputException(where + ": unknown status '" + UntrustedText.printable(String.valueOf(VexDocuments.text(s, "status")), 40) + "'");
            }
            Instant at = VexDocuments.time(s, "last_updated", where);
            if (at == null) at = VexDocuments.time(s, "timestamp", where);
            if (at == null) at = docUpdated != null ? docUpdated : docTime;
            List<VexStatement.Product> products = products(s, where, warnings);
            String detail = VexDocuments.text(s, "impact_statement");
            String notes = VexDocuments.text(s, "status_notes");
            if (detail == null || detail.isBlank()) detail = notes;
            else if (notes != null && !notes.isBlank()) detail = detail.strip() + " (" + notes.strip() + ")";
            out.add(new VexStatement(ids.get(0), ids.subList(1, ids.size()), products, status,
                    VexDocuments.clean(VexDocuments.text(s, "justification"), 100), VexDocuments.clean(detail, 1000), at, where));
        }
        return out;
    }

    private static List<String> vulnerabilityIds(JsonNode v, String where) {
        Set<String> ids = new LinkedHashSet<>();
        if (v != null && v.isTextual()) {
            ids.add(v.asText().strip());
        } else if (v != null && v.isObject()) {
            String n = VexDocuments.text(v, "name");
            if (n != null) ids.add(n.strip());
            String id = VexDocuments.text(v, "@id");
            if (id != null) ids.add(id.strip());
            JsonNode aliases = v.get("aliases");
            if (aliases != null && aliases.isArray()) {
                for (JsonNode a : aliases) if (a.isTextual()) ids.add(a.asText().strip());
            }
        }
        ids.removeIf(String::isEmpty);
        if (ids.isEmpty()) throw new BadInputException(where + ": statement names no vulnerability");
        for (String id : ids) {
            if (id.length() > IgnoreFileParser.MAX_ID || !PolicyInput.printable(id)) {
                throw new BadInputException(where + ": vulnerability id is not printable or longer than " + IgnoreFileParser.MAX_ID);
            }
        }
        return new ArrayList<>(ids);
    }

    private static List<VexStatement.Product> products(JsonNode s, String where, Consumer<String> warnings) {
        JsonNode ps = s.get("products");
        List<String> statementSubs = purls(s.get("subcomponents"), where, warnings); // 0.0.x put them here
        List<VexStatement.Product> out = new ArrayList<>();
        if (ps == null || !ps.isArray()) return out;
        for (JsonNode p : ps) {
            List<String> ids = identifiers(p);
            List<String> subs = new ArrayList<>(statementSubs);
            if (p.isObject()) subs.addAll(purls(p.get("subcomponents"), where, warnings));
            if (ids.isEmpty()) {
                warnings.accept(where + ": a product has no package-url; drydock cannot match it and skips it");
                continue;
            }
            for (String id : ids) out.add(new VexStatement.Product(checked(id, where), subs));
        }
        return out;
    }

    private static List<String> purls(JsonNode list, String where, Consumer<String> warnings) {
        List<String> out = new ArrayList<>();
        if (list == null || !list.isArray()) return out;
        for (JsonNode c : list) {
            List<String> ids = identifiers(c);
            if (ids.isEmpty()) warnings.accept(where + ": a subcomponent has no package-url; drydock cannot match it and skips it");
            for (String id : ids) out.add(checked(id, where));
        }
        return out;
    }

    /** The purls a component is known by: its {@code @id} when that is a purl, and {@code identifiers.purl}. */
    private static List<String> identifiers(JsonNode c) {
        Set<String> out = new LinkedHashSet<>();
        if (c.isTextual() && isPurl(c.asText())) out.add(c.asText().strip());
        if (c.isObject()) {
            String id = VexDocuments.text(c, "@id");
            if (id != null && isPurl(id)) out.add(id.strip());
            String purl = VexDocuments.text(c.get("identifiers"), "purl");
            if (purl != null && isPurl(purl)) out.add(purl.strip());
        }
        return new ArrayList<>(out);
    }

    static boolean isPurl(String s) {
        return s.strip().regionMatches(true, 0, "pkg:", 0, 4);
    }

    static String checked(String purl, String where) {
        try {
            PurlPattern.parse(purl);
            return purl;
        } catch (IllegalArgumentException e) {
            throw new BadInputException(where + ": bad package-url '" + UntrustedText.printable(purl, 100) + "': "
                    + UntrustedText.firstLine(e.getMessage()));
        }
    }
}
