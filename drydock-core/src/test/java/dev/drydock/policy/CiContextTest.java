package dev.drydock.policy;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CiContextTest {
    @Test
    void githubActions() {
        CiContext c = CiContext.from(Map.of("GITHUB_ACTIONS", "true", "GITHUB_REPOSITORY", "acme/shop", "GITHUB_SHA", "abc123",
                "GITHUB_REF", "refs/heads/main", "GITHUB_RUN_ID", "9", "GITHUB_SERVER_URL", "https://ghe.example.com",
                "GITHUB_ACTOR", "alice", "GITHUB_TOKEN", "ghs_x", "ACTIONS_RUNTIME_TOKEN", "eyJ"));
        assertThat(c.provider()).isEqualTo("github-actions");
        assertThat(c.details()).containsEntry("repository", "acme/shop").containsEntry("commit", "abc123")
                .containsEntry("ref", "refs/heads/main").containsEntry("runId", "9").containsEntry("actor", "alice")
                .containsEntry("runUrl", "https://ghe.example.com/acme/shop/actions/runs/9");
        assertThat(c.toMap().toString()).doesNotContain("ghs_x").doesNotContain("eyJ");
    }

    @Test
    void gitlab() {
        CiContext c = CiContext.from(Map.of("GITLAB_CI", "true", "CI", "true", "CI_PROJECT_PATH", "grp/app", "CI_COMMIT_SHA", "def",
                "CI_PIPELINE_URL", "https://gitlab.example.com/grp/app/-/pipelines/7", "GITLAB_USER_LOGIN", "bob",
                "CI_JOB_TOKEN", "glcbt-secret", "CI_REGISTRY_PASSWORD", "pw"));
        assertThat(c.provider()).isEqualTo("gitlab-ci");
        assertThat(c.details()).containsEntry("repository", "grp/app").containsEntry("commit", "def").containsEntry("actor", "bob")
                .containsEntry("runUrl", "https://gitlab.example.com/grp/app/-/pipelines/7");
        assertThat(c.toMap().toString()).doesNotContain("secret").doesNotContain("pw");
    }

    @Test
    void jenkinsRepositoryUrlLosesItsCredentials() {
        CiContext c = CiContext.from(Map.of("JENKINS_URL", "https://ci.example.com/", "BUILD_URL", "https://ci.example.com/job/app/12/",
                "JOB_NAME", "app", "BUILD_NUMBER", "12", "GIT_COMMIT", "0f0f", "GIT_URL", "https://deploy:t0ken@git.example.com/app.git"));
        assertThat(c.provider()).isEqualTo("jenkins");
        assertThat(c.details()).containsEntry("job", "app").containsEntry("commit", "0f0f")
                .containsEntry("runUrl", "https://ci.example.com/job/app/12/")
                .containsEntry("repository", "https://git.example.com/app.git");
    }

    @Test
    void circleci() {
        CiContext c = CiContext.from(Map.of("CIRCLECI", "true", "CIRCLE_PROJECT_USERNAME", "acme", "CIRCLE_PROJECT_REPONAME", "shop",
                "CIRCLE_SHA1", "aa", "CIRCLE_BRANCH", "dev", "CIRCLE_BUILD_URL", "https://circleci.com/gh/acme/shop/5", "CIRCLE_USERNAME", "carol"));
        assertThat(c.provider()).isEqualTo("circleci");
        assertThat(c.details()).containsEntry("repository", "acme/shop").containsEntry("ref", "dev").containsEntry("actor", "carol")
                .containsEntry("runUrl", "https://circleci.com/gh/acme/shop/5");
    }

    @Test
    void buildkite() {
        CiContext c = CiContext.from(Map.of("BUILDKITE", "true", "BUILDKITE_REPO", "git@github.com:acme/shop.git", "BUILDKITE_COMMIT", "bb",
                "BUILDKITE_BUILD_URL", "https://buildkite.com/acme/shop/builds/3", "BUILDKITE_BUILD_CREATOR", "Dan",
                "BUILDKITE_AGENT_ACCESS_TOKEN", "bkagent"));
        assertThat(c.provider()).isEqualTo("buildkite");
        assertThat(c.details()).containsEntry("repository", "git@github.com:acme/shop.git").containsEntry("actor", "Dan");
        assertThat(c.toMap().toString()).doesNotContain("bkagent");
    }

    @Test
    void azurePipelines() {
        CiContext c = CiContext.from(Map.of("TF_BUILD", "True", "BUILD_REPOSITORY_NAME", "shop", "BUILD_SOURCEVERSION", "cc",
                "BUILD_BUILDID", "77", "SYSTEM_COLLECTIONURI", "https://dev.azure.com/acme/", "SYSTEM_TEAMPROJECT", "Shop",
                "BUILD_REQUESTEDFOR", "Erin", "SYSTEM_ACCESSTOKEN", "azsecret"));
        assertThat(c.provider()).isEqualTo("azure-pipelines");
        assertThat(c.details()).containsEntry("runUrl", "https://dev.azure.com/acme/Shop/_build/results?buildId=77")
                .containsEntry("actor", "Erin");
        assertThat(c.toMap().toString()).doesNotContain("azsecret");
    }

    @Test
    void genericCiAndLocal() {
        assertThat(CiContext.from(Map.of("CI", "true", "USER", "runner")).provider()).isEqualTo("ci");
        CiContext local = CiContext.from(Map.of("USER", "frank", "HOSTNAME", "laptop", "AWS_SECRET_ACCESS_KEY", "aws"));
        assertThat(local.provider()).isEqualTo("local");
        assertThat(local.toMap()).containsExactly(Map.entry("provider", "local"), Map.entry("user", "frank"), Map.entry("host", "laptop"));
    }

    @Test
    void valuesAreCutAndMadePrintable() {
        Map<String, String> env = new HashMap<>();
        env.put("GITHUB_ACTIONS", "true");
        env.put("GITHUB_ACTOR", "eve\u001b[31m");
        env.put("GITHUB_REF", "r".repeat(5000));
        CiContext c = CiContext.from(env);
        assertThat(c.details().get("actor")).isEqualTo("eve?[31m");
        assertThat(c.details().get("ref")).hasSizeLessThanOrEqualTo(CiContext.MAX_VALUE + 1);
    }
}
