package dev.drydock.model;

/** FIRST's exploit prediction for a CVE: probability of exploitation in 30 days, and its percentile. */
public record Epss(double score, double percentile) {
}
