package dev.drydock.vulndb.nvd;

/** NVD's own assessment is Primary; a CNA's (or other source's) is Secondary. */
public enum NvdMetricType {
    PRIMARY,
    SECONDARY
}
