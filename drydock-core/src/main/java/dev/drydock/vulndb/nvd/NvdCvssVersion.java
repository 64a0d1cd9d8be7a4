package dev.drydock.vulndb.nvd;

/** The CVSS generations NVD publishes, each under its own {@code metrics} key. */
public enum NvdCvssVersion {
    V2("cvssMetricV2"),
    V3_0("cvssMetricV30"),
    V3_1("cvssMetricV31"),
    V4_0("cvssMetricV40");

    private final String metricsKey;

    NvdCvssVersion(String metricsKey) {
        this.metricsKey = metricsKey;
    }

    /** The key under {@code cve.metrics} that holds this version's list. */
    public String metricsKey() {
        return metricsKey;
    }
}
