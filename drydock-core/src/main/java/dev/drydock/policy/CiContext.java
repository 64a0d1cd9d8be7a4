package dev.drydock.policy;

import dev.drydock.model.UntrustedText;

import java.net.InetAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Who ran the scan, from the CI system's own variables, recorded with a break-glass override so it can be
 * traced. Only the variables named here are read: the environment of a CI job holds tokens, and copying
 * it wholesale into a report would publish them. URLs lose any user-info part ({@code https://user:token@…}),
 * which some systems put in repository URLs, and every value is cut short and made printable.
 *
 * @param provider {@code github-actions}, {@code gitlab-ci}, {@code jenkins}, {@code circleci}, {@code buildkite},
 *                 {@code azure-pipelines}, {@code ci} (CI=true, system unknown) or {@code local}
 * @param details  repository, commit, ref, run id, run URL, actor, job, user, host: whichever are known
 */
public record CiContext(String provider, Map<String, String> details) {
    static final int MAX_VALUE = 200;
    private static final Pattern USERINFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@");

    public CiContext {
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** The context from these environment variables (a map, so tests and callers choose what is read). */
    public static CiContext from(Map<String, String> env) {
        Map<String, String> d = new LinkedHashMap<>();
        String provider;
        if (yes(env, "GITHUB_ACTIONS")) {
            provider = "github-actions";
            put(d, "repository", env.get("GITHUB_REPOSITORY"));
            put(d, "commit", env.get("GITHUB_SHA"));
            put(d, "ref", env.get("GITHUB_REF"));
            put(d, "runId", env.get("GITHUB_RUN_ID"));
            String server = env.getOrDefault("GITHUB_SERVER_URL", "https://github.com");
            if (present(env, "GITHUB_REPOSITORY") && present(env, "GITHUB_RUN_ID")) {
                put(d, "runUrl", strip(server) + "/" + env.get("GITHUB_REPOSITORY") + "/actions/runs/" + env.get("GITHUB_RUN_ID"));
            }
            put(d, "workflow", env.get("GITHUB_WORKFLOW"));
            put(d, "actor", env.get("GITHUB_ACTOR"));
        } else if (yes(env, "GITLAB_CI")) {
            provider = "gitlab-ci";
            put(d, "repository", env.get("CI_PROJECT_PATH"));
            put(d, "commit", env.get("CI_COMMIT_SHA"));
            put(d, "ref", env.get("CI_COMMIT_REF_NAME"));
            put(d, "runId", env.get("CI_PIPELINE_ID"));
            put(d, "runUrl", env.get("CI_PIPELINE_URL"));
            put(d, "job", env.get("CI_JOB_NAME"));
            put(d, "actor", env.get("GITLAB_USER_LOGIN"));
        } else if (present(env, "JENKINS_URL") || (present(env, "BUILD_URL") && present(env, "JOB_NAME"))) {
            provider = "jenkins";
            put(d, "repository", env.get("GIT_URL"));
            put(d, "commit", env.get("GIT_COMMIT"));
            put(d, "ref", env.get("GIT_BRANCH"));
            put(d, "runId", env.get("BUILD_NUMBER"));
            put(d, "runUrl", env.get("BUILD_URL"));
            put(d, "job", env.get("JOB_NAME"));
            put(d, "actor", env.get("BUILD_USER_ID"));
        } else if (yes(env, "CIRCLECI")) {
            provider = "circleci";
            if (present(env, "CIRCLE_PROJECT_USERNAME") && present(env, "CIRCLE_PROJECT_REPONAME")) {
                put(d, "repository", env.get("CIRCLE_PROJECT_USERNAME") + "/" + env.get("CIRCLE_PROJECT_REPONAME"));
            }
            put(d, "commit", env.get("CIRCLE_SHA1"));
            put(d, "ref", present(env, "CIRCLE_TAG") ? env.get("CIRCLE_TAG") : env.get("CIRCLE_BRANCH"));
            put(d, "runId", env.get("CIRCLE_BUILD_NUM"));
            put(d, "runUrl", env.get("CIRCLE_BUILD_URL"));
            put(d, "job", env.get("CIRCLE_JOB"));
            put(d, "actor", env.get("CIRCLE_USERNAME"));
        } else if (yes(env, "BUILDKITE")) {
            provider = "buildkite";
            put(d, "repository", env.get("BUILDKITE_REPO"));
            put(d, "commit", env.get("BUILDKITE_COMMIT"));
            put(d, "ref", env.get("BUILDKITE_BRANCH"));
            put(d, "runId", env.get("BUILDKITE_BUILD_NUMBER"));
            put(d, "runUrl", env.get("BUILDKITE_BUILD_URL"));
            put(d, "job", env.get("BUILDKITE_PIPELINE_SLUG"));
            put(d, "actor", env.get("BUILDKITE_BUILD_CREATOR"));
        } else if (yes(env, "TF_BUILD")) {
            provider = "azure-pipelines";
            put(d, "repository", env.get("BUILD_REPOSITORY_NAME"));
            put(d, "commit", env.get("BUILD_SOURCEVERSION"));
            put(d, "ref", env.get("BUILD_SOURCEBRANCH"));
            put(d, "runId", env.get("BUILD_BUILDID"));
            if (present(env, "SYSTEM_COLLECTIONURI") && present(env, "SYSTEM_TEAMPROJECT") && present(env, "BUILD_BUILDID")) {
                String base = env.get("SYSTEM_COLLECTIONURI");
                put(d, "runUrl", base + (base.endsWith("/") ? "" : "/") + env.get("SYSTEM_TEAMPROJECT")
                        + "/_build/results?buildId=" + env.get("BUILD_BUILDID"));
            }
            put(d, "job", env.get("BUILD_DEFINITIONNAME"));
            put(d, "actor", env.get("BUILD_REQUESTEDFOR"));
        } else if (yes(env, "CI")) {
            provider = "ci";
        } else {
            provider = "local";
        }
        put(d, "user", present(env, "USER") ? env.get("USER") : env.get("USERNAME"));
        put(d, "host", present(env, "HOSTNAME") ? env.get("HOSTNAME") : env.get("COMPUTERNAME"));
        return new CiContext(provider, d);
    }

    /** The context of this process: its environment, and the machine's name when no variable gives one. */
    public static CiContext current() {
        CiContext c = from(System.getenv());
        if (c.details.containsKey("host")) return c;
        Map<String, String> d = new LinkedHashMap<>(c.details);
        try {
            put(d, "host", InetAddress.getLocalHost().getHostName());
        } catch (Exception e) {
            // no name to record; the rest of the context still identifies the run
        }
        return new CiContext(c.provider, d);
    }

    /** Provider and details as one map, the shape {@link BreakGlass} records. */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("provider", provider);
        m.putAll(details);
        return m;
    }

    private static boolean yes(Map<String, String> env, String key) {
        String v = env.get(key);
        return v != null && (v.equalsIgnoreCase("true") || v.equals("1"));
    }

    private static boolean present(Map<String, String> env, String key) {
        String v = env.get(key);
        return v != null && !v.isBlank();
    }

    private static void put(Map<String, String> d, String key, String value) {
        if (value == null || value.isBlank()) return;
        d.put(key, UntrustedText.printable(strip(value.strip()), MAX_VALUE));
    }

    private static String strip(String v) {
        return USERINFO.matcher(v).replaceFirst("$1");
    }
}
